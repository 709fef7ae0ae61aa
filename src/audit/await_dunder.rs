//! A task an awaitable object makes in its own `__await__` and hands on as what that returns
//! (esbonio: `self._startup_task = asyncio.create_task(self.start())`, then `return
//! self._startup_task.__await__()`). Python's protocol calls `__await__` for an `await` of the
//! object, and the awaiting frame then runs the task's own iterator (`Future.__await__`): it
//! waits for the task until it is done and gets its result, or its exception raised into it.
//! So whoever awaits the object awaits the task; nothing else calls `__await__` in the
//! ordinary course.

use tree_sitter::Node;

use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::syntax::text;

/// Where (an offset in `src`) the site's `__await__` returns the iterator of the attribute
/// that holds the task: its last statement, `return <holder>.__await__()`, with no other
/// `return`, `raise` or `yield` in the method to leave it another way.
pub(super) fn returned_to_awaiter(site: &TaskSite, src: &str) -> Option<usize> {
    let holder = site.holder.as_deref().filter(|h| h.starts_with("self."))?;
    if site.reference != Reference::Attribute {
        return None;
    }
    let method = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")?;
    let name = method.child_by_field_name("name")?;
    let in_class = method
        .parent()
        .and_then(|b| b.parent())
        .is_some_and(|c| c.kind() == "class_definition");
    if text(name, src) != "__await__" || !in_class {
        return None;
    }
    let body = method.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let last = body.named_children(&mut cursor).last()?;
    let value = (last.kind() == "return_statement")
        .then(|| last.named_child(0))
        .flatten()?;
    let written: String = (text(value, src).chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let iterator = format!("{holder}.__await__()");
    (written == iterator && !leaves_otherwise(body, last)).then_some(last.start_byte())
}

/// Whether `node` holds a `return`, `raise` or `yield` other than `last`, outside the
/// functions, lambdas and classes defined in it.
fn leaves_otherwise(node: Node, last: Node) -> bool {
    let mut cursor = node.walk();
    let children: Vec<Node> = node.named_children(&mut cursor).collect();
    children.into_iter().any(|child| match child.kind() {
        _ if child == last => false,
        "function_definition" | "lambda" | "class_definition" => false,
        "return_statement" | "raise_statement" | "yield" => true,
        _ => leaves_otherwise(child, last),
    })
}
