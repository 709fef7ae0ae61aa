//! ## What it does
//! Finds a task bound to a name that is read only to register done callbacks:
//! `task = <task call>`, then only `task.add_done_callback(cb)`. Also the last of several
//! bindings of a name the function spells nowhere but in its bindings and done callbacks (the
//! earlier ones are `rebound`), in a loop too.
//!
//! Not reported where the frame visibly outlives the task's use: the function later cancels or
//! inspects the task, runs a loop that never ends, or awaits the future or event that the task's
//! own done callback resolves.
//!
//! ## Why is this bad?
//! The task holds its callbacks, not the other way round: once the function returns nothing
//! holds the task, and it can be garbage-collected before it finishes, its callbacks never run.
//! ruff does not report it.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     task = asyncio.create_task(work())
//!     task.add_done_callback(report)
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
//!     task.add_done_callback(report)
//! ```
//!
//! ## Fix safety
//! The fix is the one for `unused-assignment`: the assignment stays as written, and a strong
//! reference that the task drops itself when done is added after it.

use super::rule::{FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier};

pub(super) const RULE: Rule = Rule {
    kind: Kind::CallbackOnly,
    name: "callback-only",
    summary: "A task's name is read only to register done callbacks, which keep nothing alive.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Named,
    spawn: Spawn::IfItReturns,
    source: include_str!("callback_only.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is assigned to `{}`, which only `add_done_callback` \
         reads{IT_CAN_BE_COLLECTED}",
        m.callee, m.target
    )
}
