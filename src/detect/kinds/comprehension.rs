//! ## What it does
//! Finds a list, set or generator comprehension statement whose element creates a task:
//! `[asyncio.create_task(run(job)) for job in jobs]` as a statement.
//!
//! ## Why is this bad?
//! The statement builds a list of tasks and drops it at once: every task is left with only the
//! event loop's weak reference, and each can be garbage-collected before it finishes.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main(jobs):
//!     [asyncio.create_task(run(job)) for job in jobs]
//! ```
//!
//! Use instead:
//! ```python
//! import asyncio
//!
//! _background_tasks = set()
//!
//!
//! async def main(jobs):
//!     for task in [asyncio.create_task(run(job)) for job in jobs]:
//!         _background_tasks.add(task)
//!         task.add_done_callback(_background_tasks.discard)
//! ```
//!
//! ## Fix safety
//! The list and set comprehensions are fixed: the tasks are created as before, in the same
//! order, and each is kept until it is done. A generator expression statement is reported but
//! not fixed: it is never iterated, so it never creates a task at all, and starting its tasks
//! would change what the program does.

use super::rule::{Detector, FixAvailability, Kind, Message, Rule, Shape, Spawn, Tier};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;

pub(super) const RULE: Rule = Rule {
    kind: Kind::Comprehension,
    name: "comprehension",
    summary: "A comprehension statement creates tasks and keeps none of them.",
    tier: Tier::Stable,
    fix: FixAvailability::Sometimes,
    shape: Shape::Comprehension,
    spawn: Spawn::IfItReturns,
    detect: &[Detector::Statement(detect)],
    evidence: "the language: the statement drops the tasks' list, set or generator",
    source: include_str!("comprehension.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "tasks created by `{}` in a comprehension are dropped; they can be garbage-collected \
         before they finish",
        m.callee
    )
}

/// A list or set comprehension, or a generator expression, of task calls as the statement; or
/// one assigned to a name in a function that never reads it (`_ = [create_task(x) ...]`).
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    let expr = s.expr;
    if s.is_return() {
        return None;
    }
    match expr.kind() {
        "list_comprehension" | "set_comprehension" | "generator_expression" => {
            let body = expr.child_by_field_name("body")?;
            if !s.is_task(body) {
                return None;
            }
            let mut found = s.site(Kind::Comprehension, body);
            if expr.kind() == "generator_expression" {
                found.unfixable = Some("a generator expression statement is never iterated");
            }
            Some(found)
        }
        "assignment" => {
            let assigned = s.assignment()?;
            let made = assigned.made.filter(|_| assigned.reads == 0)?;
            if s.frame_outlives() {
                return None;
            }
            let mut found = s.site(Kind::Comprehension, made);
            found.target = Some(assigned.target);
            found.unfixable = Some("the tasks are assigned to a name that is never read");
            Some(found)
        }
        _ => None,
    }
}
