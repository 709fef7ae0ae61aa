//! ## What it does
//! Finds `task = <task call>` whose name is bound again (`task = <task call>` once more) before
//! anything awaited, cancelled, stored, returned or passed on the first task. Only the first
//! binding is a finding. Bindings in different branches of an `if` are not rebindings, and a
//! task the function reads before the new binding (cancels it, inspects it, or waits on it with
//! others) is not lost by it; a done callback is no such read.
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

use super::rule::{FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier};

pub(super) const RULE: Rule = Rule {
    kind: Kind::Rebound,
    name: "rebound",
    summary: "A task's name is bound again before anything kept the task: the first is lost.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Named,
    spawn: Spawn::IfItReturns,
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
