//! `wait-pending`: a task created in the only element of `await asyncio.wait([...],
//! timeout=...)` as a statement. When the wait times out the task is still pending; the wait
//! hands it back in its result, which the statement drops, and nothing else keeps it.

use tree_sitter::Node;

use super::callee::Resolver;
use crate::scan::syntax::{elements, strip_parens, text};

/// The task-creating call that `awaited` (the call an `await` statement awaits) may leave
/// pending: the one element of `asyncio.wait([...], ...)` that creates a task, when the wait
/// can return before it is done: a `timeout` that is not `None`, or, with other elements, a
/// `return_when` other than `ALL_COMPLETED`. (With two tasks created there, a fix of one would
/// leave the other for a second run: that statement is left alone.)
pub fn pending_task<'t>(awaited: Node<'t>, src: &str, resolver: &Resolver) -> Option<Node<'t>> {
    let function = awaited.child_by_field_name("function")?;
    let object = function.child_by_field_name("object")?;
    let attribute = function.child_by_field_name("attribute")?;
    if awaited.kind() != "call"
        || text(attribute, src) != "wait"
        || !resolver.is_asyncio_module(object, src)
    {
        return None;
    }
    let arguments = awaited.child_by_field_name("arguments")?;
    let arguments = elements(arguments);
    let keyword = |name: &str| {
        arguments.iter().find_map(|a| {
            (a.kind() == "keyword_argument"
                && a.child_by_field_name("name")
                    .is_some_and(|n| text(n, src) == name))
            .then(|| a.child_by_field_name("value"))
            .flatten()
        })
    };
    let times_out = keyword("timeout").is_some_and(|v| text(v, src) != "None");
    let first_done =
        keyword("return_when").is_some_and(|v| !text(v, src).ends_with("ALL_COMPLETED"));
    let container = strip_parens(*arguments.first()?);
    if !matches!(container.kind(), "list" | "set" | "tuple") {
        return None;
    }
    let elements: Vec<Node> = elements(container).into_iter().map(strip_parens).collect();
    let mut created = elements.iter().filter(|e| resolver.is_task_call(**e, src));
    let (element, None) = (created.next()?, created.next()) else {
        return None;
    };
    (times_out || (first_done && elements.len() > 1)).then_some(*element)
}
