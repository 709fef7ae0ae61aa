//! ## What it does
//! Finds any shape of the other kinds around a call of one of the project's own **task
//! factories**: a function or method that returns a task it created and keeps no other
//! reference to it (`return asyncio.create_task(coro)`, or `task = ...; task.set_name(n);
//! return task`, or `task = ...; describe(task); return task` where `describe`, a function of
//! the same module or a method of the class, only sets the task's attributes and calls its
//! methods), and, for an `async def` factory, `await factory(...)` as a statement. A module
//! function that returns its task or `None` (where it makes none: no running loop) is one too:
//! where there is a task, the caller that drops the result drops it, and the fix keeps it in
//! the factory, the one place the value is sure to be the task. Calls are
//! followed in the factory's module, through `self.`/`cls.` in its class, and across the
//! checked paths through imports, by the factory's name or its module's (`from pkg.utils import
//! asyncio_utils` … `asyncio_utils.create_task(...)`: the import decides that it is the
//! project's `create_task`, not asyncio's). Not followed: factories of factories, a factory reached
//! through an instance other than `self`/`cls`, a subclass, or a file outside the checked paths.
//!
//! Not reported where the coroutine the factory's task runs stores its own task
//! (`self.run_task = asyncio.current_task()`, found in any checked file): kept when it does so
//! before its first suspension point, `unknown` in `audit` when after.
//!
//! ## Why is this bad?
//! The caller owns the task the factory returns, and drops it: nothing else holds it, and it can
//! be garbage-collected before it finishes.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! def spawn(coro):
//!     return asyncio.create_task(coro)
//!
//!
//! async def main():
//!     spawn(work())
//! ```
//!
//! Use instead: keep the task inside the factory, once, for every caller:
//! ```python
//! import asyncio
//!
//! _background_tasks = set()
//!
//!
//! def spawn(coro):
//!     task = asyncio.create_task(coro)
//!     _background_tasks.add(task)
//!     task.add_done_callback(_background_tasks.discard)
//!     return task
//! ```
//!
//! ## Fix safety
//! The edit goes to the factory's file and the finding stays where the task is dropped; a
//! factory whose callers all keep its task is left alone. A result dropped only in tests is kept
//! at the test's call instead: a test's shortcut does not change the library. The factory still
//! returns the same task, so its callers see no change.

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;
use crate::project::summaries::Decision;

pub(super) const RULE: Rule = Rule {
    kind: Kind::FactoryResult,
    name: "factory-result",
    summary: "The task returned by one of the project's task factories is dropped.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Call,
    spawn: Spawn::Never,
    detect: &[Detector::Refine(refine)],
    evidence: "the checked code: the factory returns a task on every path, and the statement drops it",
    source: include_str!("factory_result.rs"),
    message,
};

/// The `return` in a task factory whose result some caller drops, where `fix` keeps the task:
/// never reported, and no rule of its own.
pub(super) const RETURN: Rule = Rule {
    kind: Kind::FactoryReturn,
    name: "factory-return",
    shape: Shape::Return,
    ..RULE
};

fn message(m: &Message) -> String {
    let callee = m.callee;
    let what = match m.factory {
        Some(f) if f.or_none => format!(
            "task returned by the task factory `{callee}` ({}:{}; `None` where it makes no \
             task) is dropped",
            f.display, f.line
        ),
        Some(f) => format!(
            "task returned by the task factory `{callee}` ({}:{}) is dropped",
            f.display, f.line
        ),
        None => format!("task returned by the task factory `{callee}` is dropped"),
    };
    what + IT_CAN_BE_COLLECTED
}

/// A drop whose call is one of the project's task factories (not a hand-off, whose factory is
/// handed over, not called).
fn refine<'t>(s: &Statement<'t, '_, '_>, found: &mut Dropped<'t>) {
    if found.kind == Kind::ThreadsafeHandoff {
        return;
    }
    if let Some(factory) = s.resolver.factory_of(found.call, s.src) {
        found.kind = Kind::FactoryResult;
        found.factory = Some(factory);
        // A task returned from inside an expression: reported, not fixed.
        if let Some(Decision::Task(Some(why))) = s.resolver.factory_decision(found.call, s.src) {
            found.unfixable = found.unfixable.or(Some(why));
        }
    }
}
