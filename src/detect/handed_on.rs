//! What a call does with a task handed to it as an argument: waits for it with itself
//! (`gather`, `wait`, `loop.run_until_complete`, `as_completed` iterated and awaited), holds the
//! same task in what it returns (`set([task])`, `asyncio.wrap_future(fut)`), adds it to its
//! object (`tasks.append`), or passes it on (asyncio's contracts, [`contracts`]).

use tree_sitter::Node;

use super::callee::last_name;
use super::uses::Use;
use crate::scan::contracts;
use crate::scan::syntax::{only_element, strip_parens, text};

/// Calls whose argument is awaited with the call (`await asyncio.gather(*tasks)`).
pub(super) const AWAITING: [&str; 6] = [
    "gather",
    "wait",
    "wait_for",
    "shield",
    "as_completed",
    "timeout",
];

/// Methods that put their argument into a container.
pub(crate) const ADDING: [&str; 8] = [
    "add",
    "append",
    "appendleft",
    "insert",
    "put_nowait",
    "setdefault",
    "extend",
    "update",
];

/// What a call does with one of its arguments, as [`argument_use`] reads it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Handed<'t> {
    Awaited,
    AddedTo(Node<'t>),
    Passed,
    /// In what the function returns, not awaited (`return asyncio.gather(t)`).
    Returned,
}

/// `call` returns what holds the task `child` (an argument of it) holds: a new container of
/// the same tasks ([`builds_container`]), a future chained to its first argument, or the task
/// itself (`asyncio.ensure_future(task)` returns a future it is handed as it is).
pub(super) fn same_tasks(call: Node, child: Node, src: &str) -> bool {
    let first = || {
        let arguments = call.child_by_field_name("arguments");
        arguments.and_then(|a| a.named_child(0)) == Some(child) || arguments == Some(child)
    };
    let function = call.child_by_field_name("function");
    let ensures = function.and_then(|f| last_name(f, src)) == Some("ensure_future");
    builds_container(call, src) || (chains(call, src) || ensures || shields(call, src)) && first()
}

/// `asyncio.shield(task)` not awaited where it stands: asyncio's contract returns an outer
/// future whose done callback holds the task, and nothing waits for it there (issue 35,
/// exam35v's dbos `_core.py:1624`). An awaited shield awaits the task ([`argument_use`]).
fn shields(call: Node, src: &str) -> bool {
    let function = call.child_by_field_name("function");
    let spelled: String = function
        .map(|f| text(f, src))
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let awaited = crate::scan::syntax::outside_parens(call)
        .parent()
        .is_some_and(|p| p.kind() == "await");
    matches!(spelled.as_str(), "asyncio.shield" | "shield") && !awaited
}

/// `set(x)`, `list(x)`, `tuple(x)`, `frozenset(x)` of one positional argument: the same tasks
/// in a new container.
pub(super) fn builds_container(call: Node, src: &str) -> bool {
    let function = call.child_by_field_name("function");
    let arguments = call.child_by_field_name("arguments");
    let only = arguments.and_then(only_element);
    call.kind() == "call"
        && function.is_some_and(|f| {
            f.kind() == "identifier"
                && matches!(text(f, src), "set" | "list" | "tuple" | "frozenset")
        })
        && only.is_some_and(|a| !matches!(a.kind(), "keyword_argument" | "dictionary_splat"))
}

/// `asyncio.wrap_future(x)` (or `wrap_future(x)`), Twisted's `Deferred.fromFuture(x)`: what
/// it returns holds `x` ([`contracts::chained`]).
fn chains(call: Node, src: &str) -> bool {
    let function = call.child_by_field_name("function");
    let spelled = function.map(|f| text(f, src)).unwrap_or("");
    call.kind() == "call" && contracts::chained(spelled).is_some()
}

/// The use of an argument of `call`: awaited with it (`gather`, `loop.run_until_complete`),
/// added to its object (`tasks.append`), or passed on.
pub(super) fn argument_use<'t>(call: Option<Node<'t>>, src: &str) -> Handed<'t> {
    let Some(call) = call else {
        return Handed::Passed;
    };
    let function = call.child_by_field_name("function");
    let name = function.and_then(|f| last_name(f, src)).unwrap_or("");
    let receiver = function.and_then(|f| f.child_by_field_name("object"));
    // `loop.run_until_complete(task)` runs the loop until the task is done and returns its
    // result or raises its exception (asyncio's contract): a wait as `await` is.
    let runs = name == "run_until_complete" && receiver.is_some();
    if runs && super::running_loop::on_running_loop(call, src) {
        return Handed::Passed;
    }
    // It returns the task's result, not an awaitable, once the task is done: whatever call it
    // stands in (`results.append(loop.run_until_complete(task))`) waits for nothing more.
    if runs {
        return Handed::Awaited;
    }
    if AWAITING.contains(&name) && returned_as_it_is(call) {
        // `return asyncio.gather(t1, t2)`: the gathering future (or the coroutine) that holds
        // the tasks goes to the caller, and nothing here waits for it.
        return Handed::Returned;
    }
    if AWAITING.contains(&name) {
        // `first_completed(ready.wait(), asyncio.shield(task))`: the shield is handed to a
        // function that may return before it is done, not awaited.
        return match handed_to_another_call(call, src) {
            true => Handed::Passed,
            false => Handed::Awaited,
        };
    }
    match receiver {
        Some(holder) if ADDING.contains(&name) => Handed::AddedTo(holder),
        _ => Handed::Passed,
    }
}

/// `return call` (in parentheses too): the call's value, not awaited, is what the function
/// returns.
fn returned_as_it_is(call: Node) -> bool {
    let mut node = call;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "parenthesized_expression" => node = parent,
            kind => return kind == "return_statement",
        }
    }
    false
}

/// Whether `call` (a `gather`, `shield`, ...) is an argument of a call that does not await it
/// with itself (neither one of [`AWAITING`] nor `run_until_complete`; through a task made of
/// it, `await loop.create_task(asyncio.wait(...))`).
fn handed_to_another_call(call: Node, src: &str) -> bool {
    let mut node = call;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "parenthesized_expression" => node = parent,
            "argument_list" => {
                let Some(outer) = parent.parent() else {
                    return false;
                };
                let function = outer.child_by_field_name("function");
                match function.and_then(|f| last_name(f, src)).unwrap_or("") {
                    // A task that runs the wait is awaited where that task is.
                    "create_task" | "ensure_future" => node = outer,
                    // `for i, f in enumerate(as_completed(ts)): await f`: the same items.
                    "enumerate" if iterated_awaiting(call, outer, src) => return false,
                    "run_until_complete" => {
                        return super::running_loop::on_running_loop(outer, src);
                    }
                    name => return !AWAITING.contains(&name),
                }
            }
            _ => return false,
        }
    }
    false
}

/// `call` is one of [`contracts::AWAITED_WHEN_ITERATED`] (`as_completed(ts)`), the first
/// argument of `enumerate`, the iterable of `for i, f in enumerate(...):` whose body awaits
/// each item `f` ([`each_waited_for`]).
fn iterated_awaiting(call: Node, enumerate: Node, src: &str) -> bool {
    let name = (call.child_by_field_name("function")).and_then(|f| last_name(f, src));
    let first = (enumerate.child_by_field_name("arguments")).and_then(|a| a.named_child(0));
    let Some(for_statement) = enumerate.parent().filter(|p| {
        p.kind() == "for_statement" && p.child_by_field_name("right") == Some(enumerate)
    }) else {
        return false;
    };
    let item = (for_statement.child_by_field_name("left"))
        .filter(|l| matches!(l.kind(), "pattern_list" | "tuple_pattern"))
        .filter(|l| l.named_child_count() == 2)
        .and_then(|l| l.named_child(1))
        .filter(|i| i.kind() == "identifier");
    name.is_some_and(|n| contracts::AWAITED_WHEN_ITERATED.contains(&n))
        && first.map(strip_parens) == Some(call)
        && item.is_some_and(|item| awaits_each(for_statement, text(item, src), src))
}

/// The body of `for_statement` awaits `name` or reads its `result()` or `exception()`.
pub(super) fn awaits_each(for_statement: Node, name: &str, src: &str) -> bool {
    let Some(body) = for_statement.child_by_field_name("body") else {
        return false;
    };
    let is_name = |n: Option<Node>| {
        n.map(strip_parens)
            .is_some_and(|n| n.kind() == "identifier" && text(n, src) == name)
    };
    // `if t.done(): t.exception()` waits for nothing: a task still running is left behind.
    let done = format!("{name}.done()");
    let mut found = false;
    crate::scan::syntax::walk(body, |node| {
        if node.kind() == "if_statement"
            && node
                .child_by_field_name("condition")
                .is_some_and(|c| text(c, src).contains(&done))
        {
            return false;
        }
        found |= match node.kind() {
            "await" => is_name(node.named_child(0)),
            "attribute" => {
                is_name(node.child_by_field_name("object"))
                    && node
                        .child_by_field_name("attribute")
                        .is_some_and(|a| matches!(text(a, src), "result" | "exception"))
            }
            _ => false,
        };
        !found
    });
    found
}

/// The tasks read as what `clause` of `comprehension` iterates over: a read, not a keep (or a
/// look at each: `all(t.done() for t in tasks)`, which holds them until then), or an await of
/// each (`[await t for t in tasks]`).
pub(super) fn iterated<'t>(clause: Node, comprehension: Node, src: &str) -> Use<'t> {
    if awaits_each_eagerly(clause, comprehension, src) {
        Use::Awaited
    } else if super::frame::looks_at_each(clause, comprehension, src) {
        Use::Handled
    } else {
        Use::Other
    }
}

/// `[await t for t in tasks]` (a list, set or dict comprehension, built at once, unlike a
/// generator's): its one `for` clause, `clause`, with no `if`, awaits each task in turn.
fn awaits_each_eagerly(clause: Node, comprehension: Node, src: &str) -> bool {
    let eager = matches!(
        comprehension.kind(),
        "list_comprehension" | "set_comprehension" | "dictionary_comprehension"
    );
    let mut cursor = comprehension.walk();
    let clauses = comprehension
        .named_children(&mut cursor)
        .filter(|c| matches!(c.kind(), "for_in_clause" | "if_clause"))
        .count();
    let name = clause
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
        .map(|l| text(l, src));
    let (true, 1, "for_in_clause", Some(name)) = (eager, clauses, clause.kind(), name) else {
        return false;
    };
    let awaited = |n: Option<Node>| {
        n.map(strip_parens).is_some_and(|n| {
            n.kind() == "await"
                && n.named_child(0)
                    .map(strip_parens)
                    .is_some_and(|t| t.kind() == "identifier" && text(t, src) == name)
        })
    };
    match comprehension.kind() {
        "dictionary_comprehension" => {
            let pair = comprehension.child_by_field_name("body");
            awaited(pair.and_then(|p| p.child_by_field_name("value")))
        }
        _ => awaited(comprehension.child_by_field_name("body")),
    }
}

impl<'t> From<Handed<'t>> for Use<'t> {
    fn from(handed: Handed<'t>) -> Use<'t> {
        match handed {
            Handed::Awaited => Use::Awaited,
            Handed::AddedTo(holder) => Use::AddedTo(holder),
            Handed::Passed => Use::Passed,
            Handed::Returned => Use::Returned,
        }
    }
}
