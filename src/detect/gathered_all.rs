//! A task made in a plain `def` and gathered at once with every task of the loop: `LOOP.
//! create_task(exit_progress())` as a statement, then `pending = gather(*Task.all_tasks(loop=
//! LOOP))` as the next one, then `LOOP.run_until_complete(...pending...)` (Monocle's
//! `cleanup`). A plain function runs no step of the loop between two statements with no call
//! between them, so the loop's ready queue holds the task (`Task.__init__` schedules its first
//! step with `call_soon`) until `all_tasks()` lists it; the gather's future holds each task it is
//! handed until it is done (`_GatheringFuture` keeps its children), and the frame's local holds
//! the gather while the loop runs in `run_until_complete`. Kept, naming the gather.
//!
//! No proof (the drop stays): an `async def` (the loop runs between any two of its statements
//! that await), any statement between the two, a gather not bound to a local or not handed to
//! `run_until_complete` in a later statement of the same block.

use tree_sitter::Node;

use super::kinds::Kind;
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::syntax::{strip_parens, text, walk};

/// Marks the dropped statements gathered with every task of the loop right after as kept.
pub fn mark(src: &str, sites: &mut [TaskSite]) {
    // Nearly every file spells neither: one search first.
    if memchr::memmem::find(src.as_bytes(), b"all_tasks(").is_none() {
        return;
    }
    // The tree may hold only the parts of the file around its sites, not the statements after
    // one: the whole file then, parsed once for the few sites that come this far.
    let mut whole: Option<Option<tree_sitter::Tree>> = None;
    for site in sites.iter_mut() {
        if site.kind() != Some(Kind::Bare) || !site.verdict.dropped_by_asyncio() {
            continue;
        }
        // The next line of code must spell the gather: no parse for any other site.
        if !next_line_spells(src, site.statement.end_byte(), "all_tasks(") {
            continue;
        }
        let found = gathered_next(site.statement, src).or_else(|| {
            let tree = whole.get_or_insert_with(|| {
                let mut parser = crate::scan::syntax::new_parser();
                parser.parse(src, None)
            });
            let range = site.statement.byte_range();
            let mut node = tree.as_ref()?.root_node();
            node = node.descendant_for_byte_range(range.start, range.end)?;
            while node.byte_range() == range && node.kind() != "expression_statement" {
                node = node.parent()?;
            }
            (node.byte_range() == range)
                .then(|| gathered_next(node, src))
                .flatten()
        });
        let Some((local, line)) = found else {
            continue;
        };
        site.verdict = Verdict::Kept {
            by: Some(format!(
                "asyncio: the loop's ready queue holds it until the next statement gathers every \
                 task of the loop into `{local}` (`gather` holds each task until it is done), \
                 which the function runs in `run_until_complete` (line {line}); a plain `def` \
                 runs no step of the loop between the two"
            )),
        };
        site.reference = Reference::Passed;
    }
}

/// The first line after `at` that holds code spells `word`.
fn next_line_spells(src: &str, at: usize, word: &str) -> bool {
    let rest = &src[at.min(src.len())..];
    let mut lines = rest.lines().skip(1);
    let code = lines.find(|l| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    });
    code.is_some_and(|l| l.contains(word))
}

/// The local the statement after `stmt` binds to `gather(*<...>all_tasks(...))`, and the line
/// where the same plain function hands it to `run_until_complete`.
fn gathered_next<'s>(stmt: Node, src: &'s str) -> Option<(&'s str, usize)> {
    let function = std::iter::successors(stmt.parent(), |n| n.parent()).find(|n| {
        matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    })?;
    let plain = function.child(0).is_some_and(|c| c.kind() == "def");
    if function.kind() != "function_definition" || !plain {
        return None;
    }
    let next = stmt.next_named_sibling()?;
    let assignment = next
        .named_child(0)
        .filter(|a| next.kind() == "expression_statement" && a.kind() == "assignment")?;
    let target = assignment
        .child_by_field_name("left")
        .filter(|t| t.kind() == "identifier")?;
    let value = strip_parens(assignment.child_by_field_name("right")?);
    let callee = value.child_by_field_name("function").map(|f| text(f, src));
    let gathers = value.kind() == "call"
        && matches!(callee, Some("gather" | "asyncio.gather"))
        && value
            .child_by_field_name("arguments")
            .and_then(|a| a.named_child(0))
            .filter(|a| a.kind() == "list_splat")
            .is_some_and(|splat| {
                let spelled: String = text(splat, src).split_whitespace().collect();
                spelled.contains("all_tasks(")
            });
    if !gathers {
        return None;
    }
    let local = text(target, src);
    let mut line = None;
    // In a statement after the gather's, in the same block: the path from one to the other
    // runs no other branch.
    let mut later = next.next_named_sibling();
    while let Some(statement) = later.filter(|_| line.is_none()) {
        walk(statement, |node| {
            // A nested function's call runs in another frame.
            if line.is_some() || matches!(node.kind(), "function_definition" | "lambda") {
                return false;
            }
            let method = (node.kind() == "call")
                .then(|| node.child_by_field_name("function"))
                .flatten()
                .and_then(|f| f.child_by_field_name("attribute"))
                .map(|a| text(a, src));
            if method == Some("run_until_complete") && reads(node, local, src) {
                line = Some(node.start_position().row + 1);
            }
            true
        });
        later = statement.next_named_sibling();
    }
    Some((local, line?))
}

/// The call's arguments spell `local` as a name.
fn reads(call: Node, local: &str, src: &str) -> bool {
    let mut found = false;
    if let Some(arguments) = call.child_by_field_name("arguments") {
        walk(arguments, |node| {
            found |= node.kind() == "identifier" && text(node, src) == local;
            !found
        });
    }
    found
}
