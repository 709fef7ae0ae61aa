//! ## What it does
//! Finds a task added only to a `weakref.WeakSet`, or stored only as a value of a
//! `weakref.WeakValueDictionary` (`self._running[name] = asyncio.create_task(...)`), which
//! hold no reference to it: directly
//! (`self._tasks.add(asyncio.create_task(...))`) or through a local that nothing else reads
//! (`task = asyncio.create_task(...)`, then `_running.add(task)`, a done callback aside). The
//! holder must be a module name, an attribute of `self`, or a name of the function, that every
//! assignment in the module (the class, the function) makes a `WeakSet()` (a
//! `WeakValueDictionary()`); a local also
//! returned, awaited, stored or passed on is not reported.
//!
//! ## Why is this bad?
//! A `WeakSet` lets its members be garbage-collected: with it and the event loop both holding
//! the task weakly, nothing holds it, and it can be collected before it finishes.
//!
//! ## Example
//! ```python
//! import asyncio
//! import weakref
//!
//! _running = weakref.WeakSet()
//!
//!
//! async def main():
//!     _running.add(asyncio.create_task(work()))
//! ```
//!
//! Use instead:
//! ```python
//! import asyncio
//! import weakref
//!
//! _running = weakref.WeakSet()
//! _background_tasks = set()
//!
//!
//! async def main():
//!     task = asyncio.create_task(work())
//!     _background_tasks.add(task)
//!     task.add_done_callback(_background_tasks.discard)
//!     _running.add(task)
//! ```
//!
//! ## Fix safety
//! The fix keeps the task as for `dying-container` (named, kept, then added to the weak set as
//! before) and leaves the weak set to do what it did.

use super::rule::{FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier};

pub(super) const RULE: Rule = Rule {
    kind: Kind::WeakContainer,
    name: "weak-container",
    summary: "A task is kept only in a `weakref.WeakSet`, which holds no reference to it.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Held,
    spawn: Spawn::Never,
    source: include_str!("weak_container.rs"),
    message,
};

fn message(m: &Message) -> String {
    let callee = m.callee;
    let what = match m.target {
        "" if m.container.ends_with(']') => format!(
            "task returned by `{callee}` is kept only in `{}`, a value of a \
             `WeakValueDictionary`, which holds no reference to it",
            m.container
        ),
        "" => format!(
            "task returned by `{callee}` is kept only in `{}`, a `WeakSet`, which holds no \
             reference to it",
            m.container
        ),
        target => format!(
            "task returned by `{callee}` is assigned to `{target}` and kept only in a weak \
             container (a `WeakSet` or a `WeakValueDictionary`), which holds no reference to it"
        ),
    };
    what + IT_CAN_BE_COLLECTED
}
