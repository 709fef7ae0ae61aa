//! How long a function's frame lives after a statement: a local keeps its task for as long as
//! the frame lives, so a frame that never ends, or that waits until the task is done, holds it.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::scan::syntax::{enclosing_function, first_element, strip_parens, text, walk};

/// What a file's frames are asked with: per block (by node id), where its first statement that
/// is an endless loop starts, found once (asked for every statement of a block, a scan of its
/// siblings each would be quadratic); and the checked code's functions that run the event loop,
/// as the file spells them (see [`crate::project::loop_runners`]).
#[derive(Debug, Default)]
pub struct EndlessLoops {
    blocks: HashMap<usize, Option<usize>>,
    /// Per function (by node id), whether `asyncio.run` runs it as its main coroutine (see
    /// [`super::main_coroutine::run_at`], which reads the whole file: asked once per function,
    /// not once per statement).
    main_runs: HashMap<usize, bool>,
    /// Spelling (`run_coroutine`) → where it runs the loop (`testutils.py:86`).
    pub runners: HashMap<String, String>,
}

impl EndlessLoops {
    pub fn with_runners(runners: &HashMap<String, String>) -> Self {
        EndlessLoops {
            blocks: HashMap::new(),
            main_runs: HashMap::new(),
            runners: runners.clone(),
        }
    }
}

/// After `stmt`, the function runs a loop that never ends (`while True:` with no `break`,
/// `return` or `raise` in it), or runs the event loop or a server for good (see [`endless`]),
/// in the same run of the function, or the function is the coroutine `asyncio.run` runs (see
/// [`super::main_coroutine`]): its locals live as long as the loop runs its tasks. A loop around `stmt` runs it
/// again instead (and binds its name anew), so nothing is said there.
pub fn outlives(stmt: Node, src: &str, loops: &mut EndlessLoops) -> bool {
    outlives_as(stmt, src, loops, true)
}

/// [`outlives`] for a local the function binds again after `stmt`: the rebinding loses the
/// task whatever the frame does, so only a frame that never gets past a statement counts, not
/// the coroutine `asyncio.run` runs.
pub fn outlives_bound_again(stmt: Node, src: &str, loops: &mut EndlessLoops) -> bool {
    outlives_as(stmt, src, loops, false)
}

fn outlives_as(stmt: Node, src: &str, loops: &mut EndlessLoops, main: bool) -> bool {
    let mut node = stmt;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "function_definition" => {
                return runs_the_loop_after(parent, stmt, src, &loops.runners).is_some()
                    || (main
                        && *(loops.main_runs.entry(parent.id())).or_insert_with(|| {
                            super::main_coroutine::run_at(parent, src).is_some()
                        }));
            }
            "lambda" | "class_definition" | "module" => return false,
            "for_statement" | "while_statement" => return false,
            "block" => {
                let first = *loops.blocks.entry(parent.id()).or_insert_with(|| {
                    let mut cursor = parent.walk();
                    parent
                        .named_children(&mut cursor)
                        .find(|s| endless(*s, src))
                        .map(|s| s.start_byte())
                });
                // The first endless loop of the block, if it comes after `node`; a later one
                // is never reached past the first.
                if first.is_some_and(|at| at > node.start_byte()) {
                    return true;
                }
            }
            _ => {}
        }
        node = parent;
    }
    false
}

/// A plain `def` that runs the event loop after `stmt` (`loop.run_until_complete(...)`,
/// `loop.run_forever()`, or a function of the checked code that does, one of `runners`): a task
/// made before runs only inside that call, while the frame and its locals live. Which call:
/// `None` for the loop's own method, the runner's spelling and place for a runner.
fn runs_the_loop_after(
    function: Node,
    stmt: Node,
    src: &str,
    runners: &HashMap<String, String>,
) -> Option<Option<(String, String)>> {
    let plain = function.child(0).is_some_and(|c| c.kind() != "async");
    let body = function.child_by_field_name("body").filter(|_| plain)?;
    let mut runs = None;
    walk(body, |node| {
        match node.kind() {
            "function_definition" | "lambda" | "class_definition" => return false,
            "call" if node.start_byte() >= stmt.end_byte() => {
                let function = node.child_by_field_name("function");
                let method = (function.and_then(|f| f.child_by_field_name("attribute")))
                    .map(|a| text(a, src));
                let receiver =
                    (function.and_then(|f| f.child_by_field_name("object"))).map(strip_parens);
                if matches!(method, Some("run_until_complete" | "run_forever"))
                    && receiver.is_some_and(|r| names_a_loop(r, src))
                {
                    runs = Some(None);
                } else if !runners.is_empty()
                    && let Some(function) = function
                {
                    let spelled: String = text(function, src).split_whitespace().collect();
                    if let Some(place) = runners.get(&spelled) {
                        runs = Some(Some((spelled, place.clone())));
                    }
                }
            }
            _ => {}
        }
        runs.is_none()
    });
    runs
}

/// The function of the checked code that `stmt`'s plain `def` calls after it to run the event
/// loop, as spelled, with where it runs it: what keeps a local of that frame, for `audit`.
pub fn loop_runner_after(stmt: Node, src: &str, loops: &EndlessLoops) -> Option<(String, String)> {
    let function = enclosing_function(stmt, &[])?;
    runs_the_loop_after(function, stmt, src, &loops.runners).flatten()
}

/// A statement the frame does not get past while the program runs: `while True:` with no way
/// out, a call that runs the event loop or serves for good, or a `try` or `with` whose body
/// holds one of these.
fn endless(stmt: Node, src: &str) -> bool {
    match stmt.kind() {
        "while_statement" => endless_loop(stmt, src),
        "expression_statement" => stmt
            .named_child(0)
            .is_some_and(|e| runs_for_good(strip_parens(e), src)),
        "try_statement" | "with_statement" => {
            stmt.child_by_field_name("body").is_some_and(|body| {
                let mut cursor = body.walk();
                body.named_children(&mut cursor).any(|s| endless(s, src))
            })
        }
        _ => false,
    }
}

/// `loop.run_forever()` (the loop runs, and its tasks with it, only until the call returns),
/// `await server.serve_forever()`, `await asyncio.Event().wait()` or `await asyncio.Future()`
/// (nothing can set a fresh event or future: only cancellation ends the wait).
fn runs_for_good(expr: Node, src: &str) -> bool {
    let compact = |n: Node| -> String { text(n, src).split_whitespace().collect() };
    match expr.kind() {
        "call" => {
            let Some(function) = expr.child_by_field_name("function") else {
                return false;
            };
            let method = function
                .child_by_field_name("attribute")
                .map(|a| text(a, src));
            let receiver = function.child_by_field_name("object").map(strip_parens);
            method == Some("run_forever") && receiver.is_some_and(|r| names_a_loop(r, src))
        }
        "await" => {
            let Some(awaited) = expr.named_child(0).map(strip_parens) else {
                return false;
            };
            let awaited = compact(awaited);
            awaited.ends_with(".serve_forever()")
                || matches!(
                    awaited.as_str(),
                    "asyncio.Event().wait()" | "Event().wait()" | "asyncio.Future()"
                )
        }
        _ => false,
    }
}

/// `loop`, `self._loop`, `asyncio.get_event_loop()`: an event loop by its name or its getter.
fn names_a_loop(receiver: Node, src: &str) -> bool {
    let name = match receiver.kind() {
        "identifier" => text(receiver, src),
        "attribute" => receiver
            .child_by_field_name("attribute")
            .map_or("", |a| text(a, src)),
        "call" => return super::callee::is_loop_getter_call(receiver, src),
        _ => return false,
    };
    name == "loop" || name.ends_with("_loop")
}

/// `while True:` (or `while 1:`) whose body has no way out but an exception it does not raise
/// itself.
fn endless_loop(stmt: Node, src: &str) -> bool {
    if stmt.kind() != "while_statement"
        || stmt.child_by_field_name("alternative").is_some()
        || !stmt
            .child_by_field_name("condition")
            .is_some_and(|c| matches!(text(strip_parens(c), src), "True" | "1"))
    {
        return false;
    }
    let Some(body) = stmt.child_by_field_name("body") else {
        return false;
    };
    let mut way_out = false;
    walk(body, |node| {
        match node.kind() {
            // Their own `return`s and `break`s are not this loop's.
            "function_definition" | "lambda" | "class_definition" => return false,
            "return_statement" | "raise_statement" => way_out = true,
            "break_statement" => way_out |= breaks_out_of(node, stmt),
            _ => {}
        }
        !way_out
    });
    !way_out
}

/// The `break` ends `loop` (not a loop inside it).
fn breaks_out_of(brk: Node, loop_stmt: Node) -> bool {
    let mut node = brk;
    while let Some(parent) = node.parent() {
        if parent.id() == loop_stmt.id() {
            return true;
        }
        if matches!(parent.kind(), "for_statement" | "while_statement") {
            return false;
        }
        node = parent;
    }
    false
}

/// `clause` is the `for name in ...` of `comprehension`, whose body calls `name.done()`,
/// `name.cancelled()` or `name.cancel()` (`all(t.done() for t in tasks)`): the frame looks at
/// each task where it reads them, and holds them until then.
pub fn looks_at_each(clause: Node, comprehension: Node, src: &str) -> bool {
    let name = clause
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier");
    let body = comprehension.child_by_field_name("body");
    let (true, Some(name), Some(body)) = (clause.kind() == "for_in_clause", name, body) else {
        return false;
    };
    let name = text(name, src);
    let mut found = false;
    walk(body, |node| {
        found |= node.kind() == "attribute"
            && node
                .child_by_field_name("object")
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == name)
            && node
                .child_by_field_name("attribute")
                .is_some_and(|a| matches!(text(a, src), "done" | "cancelled" | "cancel"));
        !found
    });
    found
}

/// After `stmt`, the function gives the task in `name` a done callback that resolves a future
/// or sets an event (`name.add_done_callback(lambda _: done.set_result(None))`) and then awaits
/// that future or event, or one that fills a local container and then asserts it (see
/// [`asserts_its_callback_ran`]): the frame, and its local, live until the task is done.
pub fn waits_for_its_callback(stmt: Node, name: &str, src: &str) -> bool {
    let Some(function) = enclosing_function(stmt, &[]) else {
        return false;
    };
    if asserts_its_callback_ran(function, stmt, name, src) {
        return true;
    }
    let after = stmt.end_byte();
    let mut resolved: Vec<&str> = Vec::new();
    walk(function, |node| {
        if node.kind() == "call"
            && node.start_byte() >= after
            && let Some(signal) = resolved_by_callback(node, name, src)
        {
            resolved.push(signal);
        }
        true
    });
    if resolved.is_empty() {
        return false;
    }
    let mut waits = false;
    walk(function, |node| {
        if node.kind() == "await"
            && node.start_byte() >= after
            && let Some(awaited) = node.named_child(0).map(strip_parens)
        {
            let awaited = text(awaited, src);
            waits |= resolved.iter().any(|signal| {
                awaited == *signal
                    || awaited == format!("{signal}.wait()")
                    || awaited.starts_with(&format!("asyncio.wait_for({signal},"))
            });
        }
        !waits
    });
    waits
}

/// `name.add_done_callback(lambda ...: signal.set_result(...))` (or `.set()`,
/// `.set_exception(...)`): `signal`.
fn resolved_by_callback<'s>(call: Node, name: &str, src: &'s str) -> Option<&'s str> {
    let (object, method) = callback_method_call(call, name, src)?;
    matches!(method, "set_result" | "set" | "set_exception").then(|| text(object, src))
}

/// The object and method of the one call a lambda done callback of `name` makes
/// (`name.add_done_callback(lambda _: <object>.<method>(...))`).
fn callback_method_call<'t, 's>(
    call: Node<'t>,
    name: &str,
    src: &'s str,
) -> Option<(Node<'t>, &'s str)> {
    let function = call.child_by_field_name("function")?;
    let object = function.child_by_field_name("object")?;
    let method = function.child_by_field_name("attribute")?;
    if text(object, src) != name || text(method, src) != "add_done_callback" {
        return None;
    }
    let lambda = first_element(call.child_by_field_name("arguments")?)?;
    let body = strip_parens(
        lambda
            .child_by_field_name("body")
            .filter(|_| lambda.kind() == "lambda")?,
    );
    let callee = body
        .child_by_field_name("function")
        .filter(|_| body.kind() == "call")?;
    let method = callee.child_by_field_name("attribute")?;
    Some((callee.child_by_field_name("object")?, text(method, src)))
}

/// After `stmt`, the function gives the task in `name` a done callback whose only effect is to
/// fill a container local to the function (`seen = []` … `name.add_done_callback(lambda _:
/// seen.append(True))`), and then, in its body's own sequence of statements and with no
/// `return` before, asserts the container (`assert seen`, `self.assertTrue(seen)`): a function
/// that gets past that statement has seen the callback run, so the task was done while the
/// frame still held it. Nothing else may write the container (it is spelled only in its one
/// binding, the callback, and assertions).
fn asserts_its_callback_ran(function: Node, stmt: Node, name: &str, src: &str) -> bool {
    let mut filled: Vec<(usize, &str)> = Vec::new();
    walk(function, |node| {
        if node.kind() == "call"
            && node.start_byte() >= stmt.end_byte()
            && let Some(seen) = filled_by_callback(node, name, src)
        {
            filled.push((node.end_byte(), seen));
        }
        true
    });
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    filled.iter().any(|&(registered, seen)| {
        let mut cursor = body.walk();
        let asserted = body
            .named_children(&mut cursor)
            .find(|s| s.start_byte() >= registered && asserts(*s, seen, src));
        asserted.is_some_and(|a| {
            !returns_between(function, registered, a.start_byte())
                && only_filled_and_asserted(function, seen, name, src)
        })
    })
}

/// `name.add_done_callback(lambda ...: seen.append(...))` (or `.add(...)`): `seen`.
fn filled_by_callback<'s>(call: Node, name: &str, src: &'s str) -> Option<&'s str> {
    let (seen, method) = callback_method_call(call, name, src)?;
    (matches!(method, "append" | "add") && seen.kind() == "identifier").then(|| text(seen, src))
}

/// `assert seen` or `self.assertTrue(seen)`: passes only if the container is not empty.
fn asserts(stmt: Node, seen: &str, src: &str) -> bool {
    match stmt.kind() {
        "assert_statement" => stmt.named_child(0).is_some_and(|c| text(c, src) == seen),
        "expression_statement" => {
            let call = stmt.named_child(0).filter(|c| c.kind() == "call");
            let callee = call.and_then(|c| c.child_by_field_name("function"));
            let arguments = call.and_then(|c| c.child_by_field_name("arguments"));
            callee.is_some_and(|f| text(f, src) == "self.assertTrue")
                && arguments.is_some_and(|a| {
                    a.named_child_count() == 1
                        && a.named_child(0).is_some_and(|x| text(x, src) == seen)
                })
        }
        _ => false,
    }
}

fn returns_between(function: Node, from: usize, to: usize) -> bool {
    let mut found = false;
    walk(function, |node| {
        found |= node.kind() == "return_statement"
            && node.start_byte() >= from
            && node.start_byte() < to;
        !found
            && (node.id() == function.id()
                || !matches!(node.kind(), "function_definition" | "lambda"))
    });
    found
}

/// `seen` is bound once in the function, to an empty `[]` or `set()`, and otherwise spelled only
/// as the object of an `append` / `add` call in a done callback of `name`, or inside an
/// assertion.
fn only_filled_and_asserted(function: Node, seen: &str, name: &str, src: &str) -> bool {
    let mut bindings = 0;
    let mut other = false;
    walk(function, |node| {
        if node.kind() != "identifier" || text(node, src) != seen {
            return true;
        }
        let parent = node.parent();
        let assignment = parent.filter(|p| {
            p.kind() == "assignment"
                && p.child_by_field_name("left")
                    .is_some_and(|l| l.id() == node.id())
        });
        if let Some(assignment) = assignment {
            let value = assignment
                .child_by_field_name("right")
                .map(|r| text(r, src));
            bindings += 1;
            other |= !matches!(value, Some("[]" | "set()"));
            return true;
        }
        let filling = parent.is_some_and(|p| {
            p.kind() == "attribute"
                && p.child_by_field_name("object")
                    .is_some_and(|o| o.id() == node.id())
                && p.child_by_field_name("attribute")
                    .is_some_and(|a| matches!(text(a, src), "append" | "add"))
        }) && in_callback_of(node, name, src);
        other |= !filling && !in_assertion(node, src);
        true
    });
    bindings == 1 && !other
}

/// The node is inside a lambda handed to `name.add_done_callback(...)`.
fn in_callback_of(node: Node, name: &str, src: &str) -> bool {
    let mut at = node.parent();
    while let Some(parent) = at {
        if parent.kind() == "lambda" {
            let call = parent.parent().and_then(|a| a.parent());
            let callee = call.and_then(|c| c.child_by_field_name("function"));
            return callee.is_some_and(|c| text(c, src) == format!("{name}.add_done_callback"));
        }
        at = parent.parent();
    }
    false
}

/// The node is inside `assert ...` or a `self.assert*(...)` call.
fn in_assertion(node: Node, src: &str) -> bool {
    let mut at = node.parent();
    while let Some(parent) = at {
        match parent.kind() {
            "assert_statement" => return true,
            "call" => {
                let callee = parent.child_by_field_name("function").map(|f| text(f, src));
                if callee.is_some_and(|c| c.starts_with("self.assert")) {
                    return true;
                }
            }
            "function_definition" | "lambda" => return false,
            _ => {}
        }
        at = parent.parent();
    }
    false
}
