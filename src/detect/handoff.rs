//! Hand-offs to the loop's thread: `loop.call_soon_threadsafe(<task function>, ...)` and
//! `asyncio.run_coroutine_threadsafe(...)` as statements, where the task is dropped there.

use tree_sitter::Node;

use super::callee::Resolver;
use crate::scan::asyncio_api::{THREADSAFE_RUNNER, is_handoff_method};
use crate::scan::syntax::{first_element, strip_parens, text};

/// A hand-off that drops its task: the project's task factory handed over (the fix keeps the
/// task in it), or why it is not fixed.
pub(super) struct Handoff {
    pub(super) factory: Option<usize>,
    pub(super) unfixable: Option<&'static str>,
}

/// The first argument of a call, when it is positional.
pub fn first_argument(call: Node) -> Option<Node> {
    first_element(call.child_by_field_name("arguments")?).filter(|a| a.kind() != "keyword_argument")
}

/// `loop.call_soon_threadsafe(<task function>, ...)` (or `call_soon`), or
/// `asyncio.run_coroutine_threadsafe(...)`, as a statement: the task is dropped on the loop's
/// thread.
pub(super) fn handoff(call: Node, src: &str, resolver: &Resolver) -> Option<Handoff> {
    let function = call.child_by_field_name("function")?;
    let name = super::callee::last_name(function, src)?;
    let object = function.child_by_field_name("object");
    if name == THREADSAFE_RUNNER {
        if !object.is_none_or(|o| resolver.is_asyncio_module(strip_parens(o), src)) {
            return None;
        }
        // A coroutine that finishes in its first step leaves nothing to lose.
        if finishes_at_once(call, src) {
            return None;
        }
        // Fixed by keeping the concurrent future, which holds the task.
        return Some(Handoff {
            factory: None,
            unfixable: None,
        });
    }
    if !is_handoff_method(name.as_bytes()) || !resolver.is_loop(object?, src) {
        return None;
    }
    let handed = strip_parens(first_argument(call)?);
    if !resolver.is_task_function(handed, src) {
        return None;
    }
    let factory = resolver.factory_named(handed, src);
    Some(Handoff {
        factory,
        unfixable: factory
            .is_none()
            .then_some("the loop creates the task later; hand it a function that keeps it"),
    })
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
