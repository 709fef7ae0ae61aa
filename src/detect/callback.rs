//! Callbacks whose result is ignored: a lambda handed to a method that calls it later and
//! ignores what it returns (`loop.call_later(5, lambda: asyncio.ensure_future(x()))`,
//! `emitter.on("event", lambda *_: asyncio.create_task(y()))`).
//!
//! The `callback-return` rule reports these sites and the inventory follows a task out of such
//! a lambda as dropped: both ask [`registrar_of`], so they cannot disagree.

use tree_sitter::Node;

use super::callee::{last_name, names_a_loop};
use crate::scan::contracts::{self, Effect, Receiver};
use crate::scan::syntax::text;

/// What becomes of what a lambda returns, by the registration it is handed to.
pub enum Registered<'t> {
    /// The registration (this call) ignores what its callback returns, by this contract.
    Dropped(Node<'t>, &'static str),
    /// The registration keeps what its callback returns, by this contract.
    Kept(&'static str),
    /// Its contract depends on what the code does not show, in these words.
    Unknown(String),
}

/// The registration a lambda is handed to, as a positional or keyword argument of
/// `<object>.<method>(...)` where the method is a callback registration of the contract table:
/// dropped where the contract says the callback's result is ignored and the object is what the
/// contract is about, else unknown.
pub fn registered<'t>(lambda: Node<'t>, src: &str) -> Option<Registered<'t>> {
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
    let contract = contracts::callback(last_name(function, src)?)?;
    let object = function.child_by_field_name("object")?;
    let spelled = text(function, src);
    Some(match (contract.effect, contract.receiver) {
        (Effect::Depends(why), _) => match super::emitters::resolve(object, contract.method, src) {
            Some(class) => match class.keeps {
                Some(true) => Registered::Kept(class.api),
                Some(false) => Registered::Dropped(call, class.api),
                None => Registered::Unknown(format!(
                    "a lambda returns the task to `{spelled}`: {}, and the project's \
                     requirements do not show that it runs on one that keeps it",
                    class.api
                )),
            },
            None => Registered::Unknown(format!("a lambda returns the task to `{spelled}`: {why}")),
        },
        (Effect::DropsReturn, Receiver::Loop) if !names_a_loop(object, src) => {
            Registered::Unknown(format!(
                "a lambda returns the task to `{spelled}`, which is asyncio's (whose loop \
                 ignores what a callback returns) only on an event loop, and the code does not \
                 show that `{}` is one",
                text(object, src)
            ))
        }
        (Effect::DropsReturn, _) => Registered::Dropped(call, contract.api),
    })
}

/// The call that registers `lambda` as a callback whose result it ignores, when the contract
/// table proves it does.
pub fn registrar_of<'t>(lambda: Node<'t>, src: &str) -> Option<Node<'t>> {
    match registered(lambda, src)? {
        Registered::Dropped(call, _) => Some(call),
        Registered::Kept(_) | Registered::Unknown(_) => None,
    }
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

/// The registration a task call goes to as the whole body of a lambda (in parentheses or not),
/// if it is one: what the audit and the verdict of such a site read.
pub fn registered_body<'t>(call: Node<'t>, src: &str) -> Option<Registered<'t>> {
    let body = crate::scan::syntax::outside_parens(call);
    let lambda = body.parent().filter(|l| l.kind() == "lambda")?;
    registered(lambda, src).or_else(|| handed_to_callee(lambda, src))
}

/// Whether `lambda` is an argument of a call the contract table does not describe: whoever
/// calls it is that callee, not the caller of the function around it.
pub(crate) fn handed_to_a_callee(lambda: Node, src: &str) -> bool {
    registered(lambda, src).is_none() && handed_to_callee(lambda, src).is_some()
}

/// A lambda handed to a call the contract table does not describe (`Button(on_click=lambda _:
/// create_task(...))`): whoever calls the lambda gets the task, and that is the callee's
/// business, not the enclosing function's caller's; unknown.
fn handed_to_callee<'t>(lambda: Node<'t>, src: &str) -> Option<Registered<'t>> {
    let mut argument = crate::scan::syntax::outside_parens(lambda);
    let mut keyword = None;
    let mut parent = argument.parent()?;
    if parent.kind() == "keyword_argument" {
        keyword = parent.child_by_field_name("name").map(|n| text(n, src));
        argument = parent;
        parent = parent.parent()?;
    }
    if parent.kind() != "argument_list" || argument.parent() != Some(parent) {
        return None;
    }
    let call = parent.parent().filter(|c| c.kind() == "call")?;
    let callee: String = text(call.child_by_field_name("function")?, src)
        .split_whitespace()
        .collect();
    let given = keyword.map_or(String::new(), |k| format!(" (as `{k}=`)"));
    Some(Registered::Unknown(format!(
        "a lambda returns the task to whoever calls it: it is handed to `{callee}`{given}, and \
         what that does with the lambda's result is proved neither by the checked code nor by \
         a library contract"
    )))
}
