//! ## What it does
//! Finds `task = <task call>` whose name is bound again (`task = <task call>` once more) before
//! anything awaited, cancelled, stored, returned or passed on the first task. Only the first
//! binding is a finding. Bindings in different branches of an `if` are not rebindings, and a
//! task the function reads before the new binding (cancels it, inspects it, or waits on it with
//! others) is not lost by it; a done callback is no such read.
//!
//! An attribute too: `self._t = <task call>` bound again by the very next statement of the same
//! block, whose value runs no code of the program (a name, a literal, or a task of a call of an
//! undecorated `async def` with names and literals for arguments), in a file with no property of
//! that name and no `__setattr__`: nothing can read the first task between the two bindings.
//!
//! ## Why is this bad?
//! The second binding drops the only strong reference to the first task, which can then be
//! garbage-collected before it finishes. ruff does not report it.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     task = asyncio.create_task(first())
//!     task = asyncio.create_task(second())
//!     await task
//! ```
//!
//! Use instead:
//! ```python
//! import asyncio
//!
//! _background_tasks = set()
//!
//!
//! async def main():
//!     task = asyncio.create_task(first())
//!     _background_tasks.add(task)
//!     task.add_done_callback(_background_tasks.discard)
//!     task = asyncio.create_task(second())
//!     await task
//! ```
//!
//! ## Fix safety
//! The fix keeps the first task as for `unused-assignment`; the program does the same work.

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::facts::Facts;
use crate::detect::lost::{Lost, binding, mark_lost};
use crate::detect::task_site::TaskSite;
use crate::scan::source::SourceFile;
use crate::scan::words::whole;

pub(super) const RULE: Rule = Rule {
    kind: Kind::Rebound,
    name: "rebound",
    summary: "A task's name is bound again before anything kept the task: the first is lost.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Named,
    spawn: Spawn::IfItReturns,
    detect: &[Detector::Sites(mark)],
    evidence: "the language: the name is bound again before anything reads the task it held",
    source: include_str!("rebound.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is assigned to `{}`, which is bound again before anything keeps \
         the task{IT_CAN_BE_COLLECTED}",
        m.callee, m.target
    )
}

/// A task kept in a local that is bound again before anything read it. A task the function
/// reads before its name is bound again (cancels it, looks at it, waits on it with others:
/// `if t in done: t = create_task(...)`) is not lost by accident; only a done callback in
/// between leaves it unread.
fn mark<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
) {
    mark_lost(tree, source, facts, sites, rebound);
    crate::detect::replaced::mark_replaced(tree, source, facts, sites);
}

fn rebound<'t>(site: &TaskSite<'t>, local: &str, expr: Node<'t>, src: &str) -> Option<Lost<'t>> {
    let at = site.rebound_at?;
    let between = src.get(site.statement.end_byte()..at).unwrap_or_default();
    if expr.kind() != "assignment" || read_in(between, local) {
        return None;
    }
    let (left, direct) = binding(expr, local, site.call, src)?;
    Some((Kind::Rebound, Some(left), direct))
}

/// Whether `code` reads the name `local` other than to give it a done callback.
fn read_in(code: &str, local: &str) -> bool {
    whole(code, local).any(|at| {
        let after = &code[at + local.len()..];
        !after.trim_start().starts_with(".add_done_callback(")
    })
}
