//! ## What it does
//! Finds `await asyncio.wait([...], ...)` as a statement, where one element of the container
//! creates a task and the wait can return before that task is done: a `timeout` that is not
//! `None`, or, with other elements, a `return_when` other than `ALL_COMPLETED`. A statement that
//! creates two tasks there is left alone; `done, pending = await asyncio.wait(...)` is not
//! reported.
//!
//! ## Why is this bad?
//! The wait hands the pending task back in its result, which the statement drops, and nothing
//! else keeps it: it can be garbage-collected before it finishes. ruff does not report it.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     await asyncio.wait([asyncio.create_task(work())], timeout=5)
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
//!     await asyncio.wait([task], timeout=5)
//! ```
//!
//! ## Fix safety
//! The fix keeps the task as for `dying-container`: named, kept, then waited for as before; or,
//! where the project's keeper takes the coroutine and returns the task, with the keeper in the
//! call's place. The wait returns when it did before.

use super::rule::{FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier};

pub(super) const RULE: Rule = Rule {
    kind: Kind::WaitPending,
    name: "wait-pending",
    summary: "A task is waited for by `asyncio.wait`, which can return before it is done, and \
              the wait's result is dropped: then nothing keeps it.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Held,
    spawn: Spawn::IfItReturns,
    source: include_str!("wait_pending.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is waited for by `asyncio.wait`, which can return before it is \
         done, and its result is dropped{IT_CAN_BE_COLLECTED}",
        m.callee
    )
}
