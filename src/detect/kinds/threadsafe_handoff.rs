//! ## What it does
//! Finds a task function handed to the loop, `<loop>.call_soon_threadsafe(f, ...)` or
//! `<loop>.call_soon(f, ...)` as a statement, where `f` is `<loop>.create_task`,
//! `asyncio.ensure_future` (however imported) or one of the project's task factories; and
//! `asyncio.run_coroutine_threadsafe(coro, loop)` as a statement. Not
//! `run_coroutine_threadsafe(queue.put(item), loop)`: a put to an unbounded queue finishes in the
//! task's first step, before anything could collect it.
//!
//! ## Why is this bad?
//! The loop calls `f` later, on its own thread, and drops the task it returns. A dropped
//! `run_coroutine_threadsafe(...)` drops the concurrent future that was all that held the task
//! (through the callbacks that chain them). Either way the task can be garbage-collected before
//! it finishes.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! def submit(loop):
//!     asyncio.run_coroutine_threadsafe(work(), loop)
//! ```
//!
//! Use instead: keep the concurrent future, which holds the task, until it is done:
//! ```python
//! import asyncio
//!
//! _background_futures = set()
//!
//!
//! def submit(loop):
//!     future = asyncio.run_coroutine_threadsafe(work(), loop)
//!     _background_futures.add(future)
//!     future.add_done_callback(_background_futures.discard)
//! ```
//!
//! ## Fix safety
//! A dropped `run_coroutine_threadsafe(...)` is fixed by keeping its concurrent future in a
//! module set. A hand-off of a task factory is fixed inside the factory, which then keeps its
//! task. The hand-offs of `<loop>.create_task` and `ensure_future` are reported but not fixed: a
//! fix would have to move the creation of the task into new code that the loop runs, which is
//! left to the maintainers.

use super::rule::{FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier};

pub(super) const RULE: Rule = Rule {
    kind: Kind::ThreadsafeHandoff,
    name: "threadsafe-handoff",
    summary: "A task created through a hand-off to the loop's thread is dropped there.",
    tier: Tier::Stable,
    fix: FixAvailability::Sometimes,
    shape: Shape::Future,
    spawn: Spawn::Never,
    source: include_str!("threadsafe_handoff.rs"),
    message,
};

fn message(m: &Message) -> String {
    let (callee, handoff) = (m.callee, m.function);
    match m.factory {
        _ if callee == handoff => format!(
            "the concurrent future returned by `{callee}` is dropped; its task can be \
             garbage-collected before it finishes"
        ),
        Some(f) => format!(
            "task created on the loop's thread by the task factory `{callee}` ({}:{}), handed \
             to `{handoff}`, is dropped{IT_CAN_BE_COLLECTED}",
            f.display, f.line
        ),
        None => format!(
            "task created on the loop's thread by `{callee}`, handed to `{handoff}`, is \
             dropped{IT_CAN_BE_COLLECTED}"
        ),
    }
}
