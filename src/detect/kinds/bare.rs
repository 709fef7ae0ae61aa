//! ## What it does
//! Finds a task-creating call that stands as a statement of its own, possibly in parentheses:
//! `asyncio.create_task(...)`, `asyncio.ensure_future(...)`, the `asyncio.Task(...)` class called,
//! or `<loop>.create_task(...)` on an event loop (a receiver whose last name is `loop` or ends in
//! `_loop`, or a `get_running_loop()` / `get_event_loop()` / `new_event_loop()` call or a name
//! bound from one). `await spawn()` of the project's own `async def` task factory is one too.
//! Never `tg.create_task` (a TaskGroup keeps its tasks), `self.create_task` or any other
//! `create_task` method, nor a bare `create_task(...)` that is not imported from asyncio.
//!
//! ## Why is this bad?
//! The event loop keeps only a weak reference to a task. The statement drops the only strong
//! one, so the task can be garbage-collected in the middle of its work, silently ("Task was
//! destroyed but it is pending!"). ruff reports the `asyncio` calls of this shape as RUF006.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     asyncio.create_task(work())
//! ```
//!
//! Use instead, as the asyncio documentation prescribes:
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
//! The fix only adds a strong reference that the task drops itself when it is done, so the
//! program does the same work. A task created inside a conditional or boolean expression
//! statement is reported but not fixed: no rewrite keeps its meaning.

use super::rule::{FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier};

pub(super) const RULE: Rule = Rule {
    kind: Kind::Bare,
    name: "bare",
    summary: "A task-creating call stands as a statement of its own: its Task is dropped.",
    tier: Tier::Stable,
    fix: FixAvailability::Sometimes,
    shape: Shape::Call,
    spawn: Spawn::Always,
    source: include_str!("bare.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is dropped{IT_CAN_BE_COLLECTED}",
        m.callee
    )
}
