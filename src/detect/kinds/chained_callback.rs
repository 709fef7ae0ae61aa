//! ## What it does
//! Finds `<task call>.add_done_callback(cb)` as a statement: a done callback is added to a new
//! task, and the task itself is dropped.
//!
//! ## Why is this bad?
//! The task holds its callbacks; nothing holds the task. Once the statement ends, the event
//! loop's weak reference is all that is left, and the task can be garbage-collected before it
//! finishes, and its callback never runs.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     asyncio.create_task(work()).add_done_callback(report)
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
//! The fix names the task, keeps it, and adds the callback as written: the program does the
//! same work, and the callback runs as before.

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;
use crate::scan::syntax::{strip_parens, text};

pub(super) const RULE: Rule = Rule {
    kind: Kind::ChainedCallback,
    name: "chained-callback",
    summary: "`add_done_callback` is called on a new task and the task itself is dropped.",
    tier: Tier::Stable,
    fix: FixAvailability::Always,
    shape: Shape::Chained,
    spawn: Spawn::IfItReturns,
    detect: &[Detector::Statement(detect)],
    evidence: "the language: the statement drops the task it registers a done callback on, and a done callback keeps nothing",
    source: include_str!("chained_callback.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is dropped after `add_done_callback`{IT_CAN_BE_COLLECTED}",
        m.callee
    )
}

/// `<task call>.add_done_callback(cb)` as the statement.
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    let expr = s.expr;
    if s.is_return() || expr.kind() != "call" {
        return None;
    }
    let function = expr.child_by_field_name("function")?;
    let object = strip_parens(function.child_by_field_name("object")?);
    let attribute = function.child_by_field_name("attribute")?;
    (text(attribute, s.src) == "add_done_callback" && s.is_task(object) && !s.already_kept(object))
        .then(|| s.site(Kind::ChainedCallback, object))
}
