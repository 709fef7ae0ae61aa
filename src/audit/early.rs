//! "The function awaits it, so its frame holds it until it is done" holds only if every path
//! out of the function from the task's creation goes through the await: a `return` or `raise`
//! before it leaves with the task pending, and the frame that held it is gone (agentscope's
//! `listener`, awaited only after two early `return False`).

use std::collections::HashMap;

use tree_sitter::Node;

use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk};

/// The task's first await, and the `return` / `raise` statements between its creation and that
/// await that leave its function (offsets), for a task the function keeps in a local and
/// awaits. `None` when there are none: every way out awaits it first.
pub(super) fn leaves_before_await(
    site: &TaskSite,
    src: &str,
    known: &mut Known,
) -> Option<(usize, Vec<usize>)> {
    if site.reference != Reference::Awaited || site.closure_frame.is_some() {
        return None;
    }
    let local = site.local.as_deref()?;
    let function = *(site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")?;
    let body = function.child_by_field_name("body")?;
    let from = site.statement.end_byte();
    // The first await of it after the site, and whether any `return` / `raise` lies between:
    // from the function's lists, made once, not a walk of the rest of the function per site.
    let awaits = (known.awaits)
        .entry((function.start_byte(), local.to_owned()))
        .or_insert_with(|| awaited_reads(body, function, local, src));
    let awaited = *awaits.get(awaits.partition_point(|&at| at < from))?;
    let leaves = (known.leaves)
        .entry(function.start_byte())
        .or_insert_with(|| leaving(body, function));
    let first_out = leaves.get(leaves.partition_point(|&at| at < from));
    if first_out.is_none_or(|&at| at >= awaited) {
        return None;
    }
    let mut exits = Vec::new();
    walk(body, |node| {
        if nested(node, function) || node.start_byte() >= awaited {
            return false;
        }
        let leaves = matches!(node.kind(), "return_statement" | "raise_statement");
        if leaves && node.start_byte() >= from && !node.byte_range().contains(&awaited) {
            if !after_finally(node, function, local, src) && !exclusive(node, site.statement) {
                exits.push(node.start_byte());
            }
            return false;
        }
        true
    });
    // Read before the last of them (`futures = [task]`, `handed(task)`): it may be kept, or
    // waited for, through what it was given to.
    let last = *exits.last()?;
    let mut read = false;
    walk(body, |node| {
        if read || node.end_byte() <= from || node.start_byte() >= last {
            return false;
        }
        read |= node.kind() == "identifier" && text(node, src) == local;
        true
    });
    (!read && binds(site, local, src)).then_some((awaited, exits))
}

/// The site's statement binds the call alone to `local` (`t = asyncio.create_task(...)`): the
/// name is the task, not a list it is added to (which may be empty on the way out).
fn binds(site: &TaskSite, local: &str, src: &str) -> bool {
    let statement = site.statement;
    let Some(assignment) = statement
        .named_child(0)
        .filter(|a| a.kind() == "assignment")
    else {
        return false;
    };
    let left = assignment.child_by_field_name("left");
    let right = assignment.child_by_field_name("right").map(strip_parens);
    statement.kind() == "expression_statement"
        && left.is_some_and(|l| l.kind() == "identifier" && text(l, src) == local)
        && right.is_some_and(|r| r.id() == site.call.id())
}

/// The evidence and the action for a task left pending on the way out: `found` is what
/// [`leaves_before_await`] returns, `function` the entry's function.
pub(super) fn words(
    found: (usize, Vec<usize>),
    source: &SourceFile,
    function: &str,
) -> (String, String) {
    let (awaited, exits) = found;
    let lines: Vec<String> = (exits.iter())
        .map(|at| source.line_col(*at).0.to_string())
        .collect();
    let (awaited, lines) = (source.line_col(awaited).0, lines.join(", "));
    let evidence = format!(
        "the language: the function awaits it (line {awaited}), but leaves before that on line \
         {lines} with the task pending, and nothing keeps it there"
    );
    let action =
        format!("cancel and await the task before leaving `{function}` (line {lines}), or keep it");
    (evidence, action)
}

/// `exit` is in another branch of an `if` than `statement` (`if a: t = create_task(...)` /
/// `else: raise ...`): the path that reaches it made no task.
fn exclusive(exit: Node, statement: Node) -> bool {
    let branch = |n: Node| matches!(n.kind(), "block" | "elif_clause" | "else_clause");
    let mut child = statement;
    while let Some(parent) = child.parent() {
        if parent.kind() == "if_statement" && parent.byte_range().contains(&exit.start_byte()) {
            let same = branch(child) && child.byte_range().contains(&exit.start_byte());
            return !same;
        }
        if parent.byte_range().contains(&exit.start_byte()) && parent.kind() != "if_statement" {
            // A common block or loop around both: not alternatives of one `if`.
            if !matches!(parent.kind(), "elif_clause" | "else_clause") {
                return false;
            }
        }
        child = parent;
    }
    false
}

/// A function or lambda inside `function`: its statements leave it, not `function`.
fn nested(node: Node, function: Node) -> bool {
    node.id() != function.id() && matches!(node.kind(), "function_definition" | "lambda")
}

/// What [`leaves_before_await`] reads of each function, listed once per file (by the
/// function's start): the offsets of each local's reads under an `await` of the function's own,
/// and of its own `return` / `raise` statements.
#[derive(Default)]
pub(super) struct Known {
    awaits: HashMap<(usize, String), Vec<usize>>,
    leaves: HashMap<usize, Vec<usize>>,
}

/// The offsets, in order, of `local`'s reads in `body` (not in a nested function) that stand
/// under an `await` of `function`'s own.
fn awaited_reads(body: Node, function: Node, local: &str, src: &str) -> Vec<usize> {
    let mut found = Vec::new();
    walk(body, |node| {
        if nested(node, function) {
            return false;
        }
        if node.kind() == "identifier" && text(node, src) == local && under_await(node, function) {
            found.push(node.start_byte());
        }
        true
    });
    found
}

/// The offsets, in order, of the `return` / `raise` statements of `body` (not in a nested
/// function).
fn leaving(body: Node, function: Node) -> Vec<usize> {
    let mut found = Vec::new();
    walk(body, |node| {
        if nested(node, function) {
            return false;
        }
        if matches!(node.kind(), "return_statement" | "raise_statement") {
            found.push(node.start_byte());
        }
        true
    });
    found
}

/// `node` is (inside) the operand of an `await` of `function`'s own.
fn under_await(node: Node, function: Node) -> bool {
    let mut at = node.parent();
    while let Some(n) = at {
        if n.id() == function.id() || matches!(n.kind(), "function_definition" | "lambda") {
            return false;
        }
        if n.kind() == "await" {
            return true;
        }
        at = n.parent();
    }
    false
}

/// The statement is in a `try` whose `finally` names the task: what it does on the way out is
/// that clause's (not followed here: no claim).
fn after_finally(node: Node, function: Node, local: &str, src: &str) -> bool {
    let mut at = node.parent();
    while let Some(n) = at {
        if n.id() == function.id() {
            return false;
        }
        if n.kind() == "try_statement" {
            let mut cursor = n.walk();
            let named = n.named_children(&mut cursor).any(|c| {
                c.kind() == "finally_clause"
                    && text(c, src)
                        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                        .any(|w| w == local)
            });
            if named {
                return true;
            }
        }
        at = n.parent();
    }
    false
}
