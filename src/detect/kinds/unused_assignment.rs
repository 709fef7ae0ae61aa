//! ## What it does
//! Finds a task assigned to a name that is never read again: `name = <task call>` (or
//! `name: T = <task call>`, `_ = <task call>`) where the function reads the name nowhere after,
//! and does not declare it `global` or `nonlocal`. A name bound at module level (in an `if`,
//! `for`, `with` or `try` block too) is a global of the module, which keeps the task as long as
//! the module lives: it is never reported (`audit` gives it the `module` reference). A read
//! that only names the task (`name.set_name(...)`, which returns None) keeps nothing, and
//! counts as no read.
//!
//! A local keeps its task for as long as the function's frame lives, so the site is not
//! reported where the frame visibly outlives the task's use: the function later cancels or
//! inspects the task, or runs a loop that never ends after the binding.
//!
//! ## Why is this bad?
//! The name holds the task only until the function returns, and nothing reads it: once the
//! frame is gone the event loop's weak reference is all that is left, and the task can be
//! garbage-collected before it finishes. ruff reports this shape as RUF006 (in preview).
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     task = asyncio.create_task(work())
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
//!     task = asyncio.create_task(work())
//!     _background_tasks.add(task)
//!     task.add_done_callback(_background_tasks.discard)
//! ```
//!
//! ## Fix safety
//! The fix keeps the assignment as written (`_` is given a real name) and adds a strong
//! reference that the task drops itself when it is done: the program does the same work.

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;

pub(super) const RULE: Rule = Rule {
    kind: Kind::UnusedAssignment,
    name: "unused-assignment",
    summary: "A task is assigned to a name that is never read: nothing keeps the Task.",
    tier: Tier::Stable,
    fix: FixAvailability::Always,
    shape: Shape::Named,
    spawn: Spawn::IfItReturns,
    detect: &[Detector::Statement(detect)],
    evidence: "the language: the function never reads the name the task is bound to",
    source: include_str!("unused_assignment.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is assigned to `{}`, which is never read{IT_CAN_BE_COLLECTED}",
        m.callee, m.target
    )
}

/// `name = <task call>` in a function that never reads `name`.
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    let assigned = s.assignment()?;
    // `name.set_name(...)` returns None and keeps nothing: a read that only names the task.
    let unread = assigned.reads == assigned.naming_reads;
    if assigned.made.is_some() || !unread || s.frame_outlives() {
        return None;
    }
    let mut found = s.site(Kind::UnusedAssignment, assigned.value);
    found.target = Some(assigned.target);
    Some(found)
}
