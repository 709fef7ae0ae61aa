//! A local set that only its own tasks' done callbacks still refer to (`dying-container`):
//!
//! ```python
//! running = set()
//! for x in xs:
//!     task = asyncio.create_task(work(x))
//!     running.add(task)
//!     task.add_done_callback(running.discard)
//! ```
//!
//! The set and its tasks refer to each other (the set holds the task, the task's callback holds
//! the set's bound `discard`), and nothing else refers to either once the frame is gone: the
//! cycle is garbage, and each task can be collected before it finishes. Only where the function
//! spells the set nowhere but in its one binding to an empty `set()` or `[]`, the adds of the
//! task's local and the callbacks' `discard`/`remove`, spells the local nowhere but there and in
//! its own done callbacks, and its frame does not outlive the tasks.

use tree_sitter::Node;

use super::dropped::Dropped;
use super::facts::Facts;
use super::kinds::kind::Kind;
use super::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk};
use crate::scan::words::whole;

/// Marks each task added to such a set as dropped.
pub fn mark_discard_only<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
) {
    let src = source.text;
    // Most files never hand a set's `discard` to a callback: they pay for one search.
    if memchr::memmem::find(src.as_bytes(), b".discard)").is_none()
        && memchr::memmem::find(src.as_bytes(), b".remove)").is_none()
    {
        return;
    }
    let mut loops = super::frame::EndlessLoops::with_runners(&facts.factories.loop_runners);
    let mut lost = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        if site.reference != Reference::Collection
            || site.is_dropped()
            || !site.in_local_container
            || site.closure_frame.is_some()
            || site.held_by_frame
        {
            continue;
        }
        let (Some(holder), Some(local)) = (site.holder.as_deref(), site.local.as_deref()) else {
            continue;
        };
        let Some(expr) = binding(site, local, src) else {
            continue;
        };
        let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
        let Some(function) = function.copied() else {
            continue;
        };
        let Some(made) = made_empty(function, holder, src) else {
            continue;
        };
        let code = text(function, src);
        if super::frame::outlives(made, src, &mut loops)
            || !set_only_added_and_discarded(code, holder, local)
            || !local_only_added_and_called_back(code, holder, local)
        {
            continue;
        }
        lost.push((
            index,
            site.statement,
            expr,
            facts.silences(site.statement, source),
        ));
    }
    let root = tree.root_node();
    let placements = super::placement::placements_of(root, lost.iter().map(|l| l.1));
    for (index, stmt, expr, silenced) in lost {
        let Some(&placement) = placements.get(&stmt.id()) else {
            continue;
        };
        let site = &mut sites[index];
        // Kept a while by the local (as a `dying-container`'s is), then by nothing.
        site.reference = Reference::Local;
        (site.holder, site.owner, site.owner_scope) = (None, None, None);
        let found = Dropped {
            kind: Kind::DyingContainer,
            stmt,
            call: site.call,
            expr,
            target: expr.child_by_field_name("left"),
            unfixable: None,
            placement,
            factory: None,
        };
        site.mark_dropped(found, silenced);
    }
}

/// `local = <the site's call>`, the site's statement.
fn binding<'t>(site: &TaskSite<'t>, local: &str, src: &str) -> Option<Node<'t>> {
    let statement = site.statement;
    let expr = strip_parens(statement.named_child(0)?);
    let left = expr.child_by_field_name("left")?;
    let right = expr.child_by_field_name("right").map(strip_parens)?;
    let plain = statement.kind() == "expression_statement"
        && expr.kind() == "assignment"
        && left.kind() == "identifier"
        && text(left, src) == local
        && right == site.call;
    plain.then_some(expr)
}

/// The statement of the one binding of `holder` in the function, when it makes an empty set or
/// list (`set()`, `[]`, `list()`).
fn made_empty<'t>(function: Node<'t>, holder: &str, src: &str) -> Option<Node<'t>> {
    let mut found = Vec::new();
    walk(function, |n| {
        if n.kind() == "assignment"
            && n.child_by_field_name("left")
                .is_some_and(|l| text(l, src) == holder)
        {
            found.push(n);
        }
        true
    });
    let [assignment] = found[..] else {
        return None;
    };
    let value = assignment.child_by_field_name("right").map(strip_parens)?;
    let value = text(value, src).replace([' ', '\t'], "");
    let empty = matches!(value.as_str(), "set()" | "[]" | "list()");
    let statement = assignment
        .parent()
        .filter(|s| s.kind() == "expression_statement")?;
    empty.then_some(statement)
}

/// Every mention of `holder` in the function is its binding, `holder.add(local)` (or
/// `append`), or a done callback's `holder.discard` (or `remove`).
fn set_only_added_and_discarded(code: &str, holder: &str, local: &str) -> bool {
    whole(code, holder).all(|at| {
        let before = code[..at].trim_end_matches([' ', '\t']);
        let after = code[at + holder.len()..].trim_start_matches([' ', '\t']);
        let compact: String = after
            .chars()
            .take(80)
            .filter(|c| !c.is_whitespace())
            .collect();
        let added = [".add(", ".append("].iter().any(|m| {
            compact
                .strip_prefix(m)
                .and_then(|rest| rest.strip_prefix(local))
                .is_some_and(|rest| rest.starts_with(')'))
        });
        let called_back = before.ends_with("add_done_callback(")
            && (compact.starts_with(".discard)") || compact.starts_with(".remove)"));
        let bound = after.starts_with('=') && !after.starts_with("==") && !before.ends_with('.');
        added || called_back || bound
    })
}

/// Every mention of `local` in the function is a binding (`local = ...`), an add to `holder`, or
/// `local.add_done_callback(...)`; and it is bound once.
fn local_only_added_and_called_back(code: &str, holder: &str, local: &str) -> bool {
    let mut bindings = 0;
    let all = whole(code, local).all(|at| {
        let before: String = code[..at].chars().rev().take(80).collect::<String>();
        let before: String = before
            .chars()
            .rev()
            .filter(|c| !c.is_whitespace())
            .collect();
        let after = code[at + local.len()..].trim_start_matches([' ', '\t']);
        if after.starts_with('=') && !after.starts_with("==") && !before.ends_with('.') {
            bindings += 1;
            return true;
        }
        let added = [".add(", ".append("]
            .iter()
            .any(|m| before.ends_with(&format!("{holder}{m}")))
            && after.starts_with(')');
        added || after.starts_with(".add_done_callback(")
    });
    all && bindings == 1
}
