//! Function summaries: what awaits a parameter, or each element of one, on every path (see
//! [`super::handling`]): `await p` as the value of a `return` too, an awaited `asyncio.gather`,
//! `wait_for` or `shield`, `loop.run_until_complete(...)`, and a gather of each element
//! (`gather(*p)`, `gather(*(f(t) for t in p))` where `f` awaits what it is handed).

use tree_sitter::Node;

use super::holders::unconditional;
use crate::scan::syntax::{strip_parens, text};

/// `loop.run_until_complete(x)`: asyncio runs the loop until `x` is done, and returns its
/// result or raises its exception.
fn runs_until_complete(callee: &str) -> bool {
    callee.ends_with(".run_until_complete")
}

/// A call of one of these awaits what it is handed, where it is awaited itself
/// ([`awaits_all`]).
pub(super) fn awaiting(callee: &str) -> bool {
    matches!(
        callee,
        "asyncio.gather" | "asyncio.wait_for" | "asyncio.shield"
    ) || runs_until_complete(callee)
}

/// The call awaits what it is handed, on every path: `asyncio.gather`, `wait_for` or `shield`
/// awaited (or run by `loop.run_until_complete`), or `run_until_complete` itself.
pub(super) fn awaits_all(call: Node, body: Node, src: &str) -> bool {
    if call.kind() != "call" {
        return false;
    }
    let callee = |call: Node| {
        let function = call.child_by_field_name("function");
        function.map_or(String::new(), |f| text(f, src).split_whitespace().collect())
    };
    let own = callee(call);
    if runs_until_complete(&own) {
        return reached(call, body);
    }
    if !matches!(
        own.as_str(),
        "asyncio.gather" | "asyncio.wait_for" | "asyncio.shield"
    ) {
        return false;
    }
    let at = crate::scan::syntax::outside_parens(call);
    let Some(parent) = at.parent() else {
        return false;
    };
    match parent.kind() {
        "await" => reached(parent, body),
        // The first argument of `loop.run_until_complete(...)`.
        "argument_list" => {
            let first = parent.named_child(0).is_some_and(|a| a.id() == at.id());
            let runner = parent.parent().filter(|c| c.kind() == "call");
            first && runner.is_some_and(|r| runs_until_complete(&callee(r)) && reached(r, body))
        }
        _ => false,
    }
}

/// The read `at` of a parameter hands each of its elements to something that awaits it on
/// every path: `*p` in an awaited gather, or the iterable of [`each_awaited`]'s generator.
pub(super) fn awaits_each(
    at: Node,
    body: Node,
    src: &str,
    awaits: impl Fn(Node, usize) -> bool,
) -> bool {
    let Some(parent) = at.parent() else {
        return false;
    };
    match parent.kind() {
        "list_splat" => {
            let call = parent.parent().and_then(|l| l.parent());
            call.is_some_and(|call| gathers(call, body, src))
        }
        "for_in_clause" if parent.child_by_field_name("right") == Some(at) => {
            each_awaited(parent, body, src, awaits)
        }
        _ => false,
    }
}

/// An awaited `asyncio.gather(...)`, on every path: what a `*` hands it, it awaits each of.
fn gathers(call: Node, body: Node, src: &str) -> bool {
    let function = call.child_by_field_name("function");
    let callee: String =
        function.map_or(String::new(), |f| text(f, src).split_whitespace().collect());
    callee == "asyncio.gather" && awaits_all(call, body, src)
}

/// The node runs whenever the function's body does, up to the end of its statement: as
/// [`unconditional`], and also as (part of) the value of a `return` that the body reaches.
pub(super) fn reached(node: Node, body: Node) -> bool {
    let mut at = node;
    while let Some(parent) = at.parent() {
        match parent.kind() {
            "return_statement" => return unconditional(parent, body),
            "call"
            | "argument_list"
            | "await"
            | "parenthesized_expression"
            | "keyword_argument" => at = parent,
            _ => break,
        }
    }
    unconditional(node, body)
}

/// `(f(t) for t in p)` or `(t for t in p)` with one `for` and no `if`, splatted into an
/// awaited gather, where each element is the task or a call of the body's own `async def`
/// that awaits the parameter it is handed on every path (`sem_task(task)`: `return await task`).
fn each_awaited(clause: Node, body: Node, src: &str, awaits: impl Fn(Node, usize) -> bool) -> bool {
    let Some(generator) = clause.parent() else {
        return false;
    };
    if !matches!(
        generator.kind(),
        "generator_expression" | "list_comprehension"
    ) {
        return false;
    }
    let mut cursor = generator.walk();
    let clauses = generator.named_children(&mut cursor).skip(1);
    if clauses.count() != 1 {
        return false; // another `for`, or an `if` that leaves elements out
    }
    let (Some(element), Some(target)) = (
        generator.child_by_field_name("body"),
        clause.child_by_field_name("left"),
    ) else {
        return false;
    };
    if target.kind() != "identifier" {
        return false;
    }
    let splat = crate::scan::syntax::outside_parens(generator).parent();
    let call = splat
        .filter(|s| s.kind() == "list_splat")
        .and_then(|s| s.parent())
        .and_then(|l| l.parent());
    if !call.is_some_and(|c| gathers(c, body, src)) {
        return false;
    }
    let element = strip_parens(element);
    let variable = text(target, src);
    if element.kind() == "identifier" {
        return text(element, src) == variable;
    }
    awaited_by_own_coroutine(element, variable, body, src, awaits)
}

/// `f(t)`, where `f` is an `async def` of `body` itself whose parameter at `t`'s place is
/// awaited on every path.
fn awaited_by_own_coroutine(
    element: Node,
    variable: &str,
    body: Node,
    src: &str,
    awaits: impl Fn(Node, usize) -> bool,
) -> bool {
    let (Some(function), Some(args)) = (
        element.child_by_field_name("function"),
        element.child_by_field_name("arguments"),
    ) else {
        return false;
    };
    if element.kind() != "call" || function.kind() != "identifier" {
        return false;
    }
    let mut cursor = args.walk();
    let mut args = args.named_children(&mut cursor);
    let Some(position) = args.position(|a| a.kind() == "identifier" && text(a, src) == variable)
    else {
        return false;
    };
    let name = text(function, src);
    let mut cursor = body.walk();
    let own = body.named_children(&mut cursor).map(|d| match d.kind() {
        "decorated_definition" => d.child_by_field_name("definition").unwrap_or(d),
        _ => d,
    });
    let mut defined = own.filter(|d| {
        d.kind() == "function_definition"
            && d.child(0).is_some_and(|k| k.kind() == "async")
            && d.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
    });
    let (Some(coroutine), None) = (defined.next(), defined.next()) else {
        return false; // none, or bound twice
    };
    awaits(coroutine, position)
}
