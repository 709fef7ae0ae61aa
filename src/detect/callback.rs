//! Callbacks whose result is ignored: a lambda handed to a method that calls it later and
//! ignores what it returns (`loop.call_later(5, lambda: asyncio.ensure_future(x()))`,
//! `emitter.on("event", lambda *_: asyncio.create_task(y()))`).
//!
//! The `callback-return` rule reports these sites and the inventory follows a task out of such
//! a lambda as dropped: both ask [`registrar_of`], so they cannot disagree.

use tree_sitter::Node;

use super::callee::last_name;
use crate::scan::asyncio_api::is_callback_registrar;

/// The call that registers `lambda` as a callback whose result it ignores, when it is one:
/// the lambda is a positional or keyword argument of `<object>.<registrar>(...)`.
pub fn registrar_of<'t>(lambda: Node<'t>, src: &str) -> Option<Node<'t>> {
    let mut argument = lambda;
    // `(lambda: ...)` as written is the same argument.
    while let Some(parent) = argument.parent()
        && parent.kind() == "parenthesized_expression"
    {
        argument = parent;
    }
    let mut parent = argument.parent()?;
    if parent.kind() == "keyword_argument" {
        let value = parent.child_by_field_name("value")?;
        if value.id() != argument.id() {
            return None;
        }
        parent = parent.parent()?;
    }
    if parent.kind() != "argument_list" {
        return None;
    }
    let call = parent.parent().filter(|c| c.kind() == "call")?;
    // A method (`loop.call_later`, `emitter.on`): a bare `on(...)` could be anything.
    let function = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")?;
    let name = last_name(function, src)?;
    is_callback_registrar(name.as_bytes()).then_some(call)
}

/// Whether the task of `lambda: <creator>(...)` is dropped: the lambda is handed to a registrar
/// that ignores what its callback returns, in an expression statement or a `return` (where
/// `check` looks for it, so that the audit and `check` agree). `outer` are the lambda's
/// ancestors, outermost first.
pub(crate) fn dropped_by_registrar(lambda: Node, outer: &[Node], src: &str) -> bool {
    let in_checked_statement = (outer.iter().rev())
        .find(|a| a.kind().ends_with("statement"))
        .is_some_and(|a| matches!(a.kind(), "expression_statement" | "return_statement"));
    in_checked_statement && registrar_of(lambda, src).is_some()
}
