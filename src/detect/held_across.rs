//! A local the frame holds across an `await` of a call it is handed to, and reads after (`done,
//! _ = await any_completed(t, c)` then `if t in done:`): the language keeps the task in the
//! frame while the function waits, whatever the callee does with it, so no unknown callee can
//! make its fate unknown. The later reads decide, as for any local the frame reads again.

use tree_sitter::Node;

use crate::scan::syntax::{text, walk};

use super::follow::Use;
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;

/// Where the local is handed to an awaited call, and the frame reads it after that await: the
/// line of the first such await, when every hand-off of the local is one (a hand-off the frame
/// does not wait through, or any read in a nested function, may outlive the frame).
pub(super) fn held_across(
    uses: &[(Use, bool)],
    nodes: &[Node],
    rebound: Option<usize>,
) -> Option<usize> {
    if uses.iter().any(|(_, nested)| *nested) {
        return None;
    }
    let mut first = None;
    for (i, (used, _)) in uses.iter().enumerate() {
        if !matches!(used, Use::Passed) {
            continue;
        }
        let await_end = nodes.get(i).and_then(|n| awaited_call(*n))?;
        // A read after the await, of this binding (not of one that binds the name again).
        let read_after = nodes.iter().any(|n| {
            n.start_byte() >= await_end.end_byte() && rebound.is_none_or(|r| n.start_byte() < r)
        });
        if !read_after {
            return None;
        }
        first = first.or(Some(await_end.start_position().row + 1));
    }
    first
}

/// The `await` whose call `name` is a plain argument of (`await f(name)`, `await f(a, name)`).
fn awaited_call(name: Node) -> Option<Node> {
    let arguments = name.parent().filter(|p| p.kind() == "argument_list")?;
    let call = arguments.parent().filter(|c| c.kind() == "call")?;
    let mut up = call.parent()?;
    while up.kind() == "parenthesized_expression" {
        up = up.parent()?;
    }
    (up.kind() == "await").then_some(up)
}

/// Each site whose task only the frame's awaited hand-offs pass on, and that no summary of the
/// checked code settled: kept in its local, which the frame holds across the await.
pub fn settle(sites: &mut [TaskSite], src: &str) {
    for site in sites {
        if site.reference == Reference::Passed
            && site.held_across.is_some()
            && matches!(site.verdict, Verdict::Kept { by: None })
        {
            site.reference = Reference::Local;
            site.held_by_frame = true;
            site.lost_next_turn = site.local.as_deref().and_then(|l| next_turn(site, l, src));
        }
    }
}

/// The line of the loop around the binding, where it may turn again while the task still
/// runs: after the await the frame holds it across, the loop's body reads the local only in
/// tests (`if t in done:`), and the await's results only as the right of `in` (a pending set
/// cancelled, `for t in pending: t.cancel()`, is a read that may end it); nothing awaits or
/// cancels the task, and a `continue` turns the loop on a path that did not find the local in
/// a test. Then the next turn binds the local again, and the task the frame held across the
/// call, which may still wait, is kept by nothing (the language).
fn next_turn(site: &TaskSite, local: &str, src: &str) -> Option<usize> {
    let mut up = site.statement.parent()?;
    let body = loop {
        match up.kind() {
            "while_statement" | "for_statement" => break up.child_by_field_name("body")?,
            "function_definition" | "lambda" | "class_definition" | "module" => return None,
            _ => up = up.parent()?,
        }
    };
    let after = site.statement.end_byte();
    // The await the frame holds the local across, the first after the binding.
    let mut names = Vec::new();
    walk(body, |n| {
        if n.kind() == "identifier" && n.start_byte() >= after && text(n, src) == local {
            names.push(n);
        }
        !matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
    let handed = names.iter().find_map(|n| awaited_call(*n))?;
    // What the await binds: plain names (`done, pending = await ...`), else nothing is known.
    let results = match handed.parent() {
        Some(p) if p.kind() == "assignment" => bound_names(p.child_by_field_name("left")?, src)?,
        Some(p) if p.kind() == "expression_statement" => Vec::new(),
        _ => return None,
    };
    let tested = |n: &Node| {
        n.parent()
            .is_some_and(|p| p.kind() == "comparison_operator" && !text(p, src).contains('('))
    };
    let reads_after = names.iter().filter(|n| n.start_byte() >= handed.end_byte());
    if !reads_after.clone().all(tested) {
        return None;
    }
    let mut only_tested = true;
    walk(body, |n| {
        let read = n.kind() == "identifier"
            && n.start_byte() >= handed.end_byte()
            && results.contains(&text(n, src));
        if read && !right_of_in(n, src) {
            only_tested = false;
        }
        only_tested
    });
    let turns = continues_untested(body, handed.end_byte(), local, src);
    (only_tested && turns).then(|| up.start_position().row + 1)
}

/// A `continue` of the loop whose body is `body`, after `after`, that is not in the body of an
/// `if` testing the local (`if close_task in done: ... continue` turns the loop with that task
/// in the done set; the one the function did not look for there may still run). The loop's
/// end reached by falling through is left out: which tasks are done there is the callee's to
/// say.
fn continues_untested(body: Node, after: usize, local: &str, src: &str) -> bool {
    let mut found = false;
    walk(body, |n| {
        if n.kind() == "continue_statement"
            && n.start_byte() >= after
            && !tested_above(n, body, local, src)
        {
            found = true;
        }
        !found
            && !matches!(
                n.kind(),
                "function_definition"
                    | "lambda"
                    | "class_definition"
                    | "for_statement"
                    | "while_statement"
            )
    });
    found
}

/// Whether `node` stands in the body of an `if` (or `elif`) whose test names `local`, up to
/// `body`.
fn tested_above(node: Node, body: Node, local: &str, src: &str) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent().filter(|p| *p != body) {
        let test = match parent.kind() {
            "if_statement" | "elif_clause"
                if parent.child_by_field_name("consequence") == Some(child) =>
            {
                parent.child_by_field_name("condition")
            }
            _ => None,
        };
        let mut named = false;
        if let Some(test) = test {
            walk(test, |n| {
                named |= n.kind() == "identifier" && text(n, src) == local;
                !named
            });
        }
        if named {
            return true;
        }
        child = parent;
    }
    false
}

/// The names an assignment's left side binds, when it is names only (`done, pending`).
fn bound_names<'s>(left: Node, src: &'s str) -> Option<Vec<&'s str>> {
    match left.kind() {
        "identifier" => Some(vec![text(left, src)]),
        "pattern_list" | "tuple_pattern" => {
            let mut cursor = left.walk();
            let names = left.named_children(&mut cursor);
            names
                .map(|n| (n.kind() == "identifier").then(|| text(n, src)))
                .collect()
        }
        _ => None,
    }
}

/// `x in name` / `x not in name`: `name` only tested for membership.
fn right_of_in(name: Node, src: &str) -> bool {
    name.parent().is_some_and(|p| {
        p.kind() == "comparison_operator"
            && p.named_child_count() == 2
            && p.named_child(1) == Some(name)
            && text(p, src).contains(" in ")
    })
}
