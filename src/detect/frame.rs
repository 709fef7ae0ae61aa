//! How long a function's frame lives after a statement: a local keeps its task for as long as
//! the frame lives, so a frame that never ends, or that waits until the task is done, holds it.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::scan::syntax::{first_element, strip_parens, text, walk};

/// Per block (by node id): where its first statement that is an endless loop starts, found
/// once (asked for every statement of a block, a scan of its siblings each would be quadratic).
pub type EndlessLoops = HashMap<usize, Option<usize>>;

/// After `stmt`, the function runs a loop that never ends (`while True:` with no `break`,
/// `return` or `raise` in it), or runs the event loop or a server for good (see [`endless`]),
/// in the same run of the function: its locals live for good. A loop around `stmt` runs it
/// again instead (and binds its name anew), so nothing is said there.
pub fn outlives(stmt: Node, src: &str, loops: &mut EndlessLoops) -> bool {
    let mut node = stmt;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "function_definition" | "lambda" | "class_definition" | "module" => return false,
            "for_statement" | "while_statement" => return false,
            "block" => {
                let first = *loops.entry(parent.id()).or_insert_with(|| {
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

/// `while True:` (or `while 1:`) whose body has no way out but an exception it does not raise
/// itself.
fn endless(stmt: Node, src: &str) -> bool {
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

/// After `stmt`, the function gives the task in `name` a done callback that resolves a future
/// or sets an event (`name.add_done_callback(lambda _: done.set_result(None))`) and then awaits
/// that future or event: the frame, and its local, live until the task is done.
pub fn waits_for_its_callback(stmt: Node, name: &str, src: &str) -> bool {
    let Some(function) = enclosing_function(stmt) else {
        return false;
    };
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
    let setter = body.child_by_field_name("function")?;
    let resolves = matches!(
        setter
            .child_by_field_name("attribute")
            .map(|a| text(a, src)),
        Some("set_result" | "set" | "set_exception")
    );
    resolves
        .then(|| setter.child_by_field_name("object").map(|o| text(o, src)))
        .flatten()
}

fn enclosing_function(node: Node) -> Option<Node> {
    let mut node = node;
    while let Some(parent) = node.parent() {
        if parent.kind() == "function_definition" {
            return Some(parent);
        }
        node = parent;
    }
    None
}
