//! `coro = self._handle_error_async(error)` then `asyncio.create_task(coro)` (MythosMUD's NATS
//! callbacks, exam35n): a local the function binds once, to a call, holds that call's result
//! wherever the function reads it (or the read raises `UnboundLocalError`), so the creator is
//! handed the coroutine of that call as if it were written in place.

use tree_sitter::Node;

use super::scope::bindings_of;
use crate::scan::syntax::{strip_parens, text};

/// The call a local `name` (read in the innermost function of `enclosing`) holds: its one
/// binding anywhere in that function, nested scopes included, is `name = <call>` in the
/// function's own body (not a nested scope's, not a loop's target, not a parameter).
pub fn bound_call<'t>(name: Node<'t>, enclosing: &[Node<'t>], src: &str) -> Option<Node<'t>> {
    let function = *enclosing
        .last()
        .filter(|f| f.kind() == "function_definition")?;
    let [binding] = bindings_of(function, text(name, src), src)[..] else {
        return None;
    };
    let assignment = binding.parent().filter(|p| p.kind() == "assignment")?;
    let own = std::iter::successors(assignment.parent(), |n| n.parent())
        .find(|n| {
            matches!(
                n.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        })
        .is_some_and(|scope| scope.id() == function.id());
    let value = strip_parens(assignment.child_by_field_name("right")?);
    (own && value.kind() == "call" && assignment.child_by_field_name("type").is_none())
        .then_some(value)
}
