//! What the sites of hand-offs to the loop's thread share: the callable handed over, and a
//! coroutine that finishes in its first step.

use tree_sitter::Node;

use crate::scan::asyncio_api::handoff_callable_at;
use crate::scan::syntax::{first_element, strip_parens, text};

/// The first argument of a call, when it is positional.
pub fn first_argument(call: Node) -> Option<Node> {
    first_element(call.child_by_field_name("arguments")?).filter(|a| a.kind() != "keyword_argument")
}

/// The callable a loop's hand-off method is handed: the first positional argument of
/// `call_soon` and `call_soon_threadsafe`, the second of `call_later(delay, f)` and
/// `call_at(when, f)`.
pub fn handed_callable<'t>(call: Node<'t>, src: &str) -> Option<Node<'t>> {
    let function = call.child_by_field_name("function")?;
    let at = handoff_callable_at(super::callee::last_name(function, src)?.as_bytes())?;
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let mut positional = arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "comment")
        .take_while(|a| {
            !matches!(
                a.kind(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        });
    positional.nth(at)
}

/// `asyncio.run_coroutine_threadsafe(queue.put(item), loop)`: putting into a queue, which
/// finishes in the task's first step unless the queue is bounded and full. The loop holds the
/// task until that step (its scheduled callback does): nothing can collect it while it is
/// pending, so no drop is proved and none is reported (the audit rates it low).
pub fn finishes_at_once(call: Node, src: &str) -> bool {
    first_argument(call)
        .map(strip_parens)
        .filter(|c| c.kind() == "call")
        .and_then(|c| c.child_by_field_name("function"))
        .filter(|f| f.kind() == "attribute")
        .and_then(|f| f.child_by_field_name("attribute"))
        .is_some_and(|a| text(a, src) == "put")
}
