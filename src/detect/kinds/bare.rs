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

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;
use crate::scan::syntax::{elements, strip_parens};

pub(super) const RULE: Rule = Rule {
    kind: Kind::Bare,
    name: "bare",
    summary: "A task-creating call stands as a statement of its own: its Task is dropped.",
    tier: Tier::Stable,
    fix: FixAvailability::Sometimes,
    shape: Shape::Call,
    spawn: Spawn::Always,
    detect: &[Detector::Statement(detect)],
    evidence: "the language: an expression statement drops the value it computes",
    source: include_str!("bare.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` is dropped{IT_CAN_BE_COLLECTED}",
        m.callee
    )
}

/// The task call as the statement; `await spawn()` of an `async def` factory, whose awaited
/// result is the task; a task call inside a display or a conditional expression statement.
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    let expr = s.expr;
    if s.is_return() {
        return None;
    }
    match expr.kind() {
        "await" => {
            let call = strip_parens(expr.named_child(0)?);
            let factory = s.resolver.factory_of(call, s.src)?;
            (s.resolver.factories.refs.get(factory)?.is_async).then(|| s.site(Kind::Bare, call))
        }
        "call" if s.is_task(expr) && !s.already_kept(expr) => Some(s.site(Kind::Bare, expr)),
        // `[create_task(x)]` as a statement drops the display, and the task in it.
        "conditional_expression" | "boolean_operator" | "list" | "set" | "tuple" => {
            let call = (elements(expr).into_iter()).find(|&c: &Node| s.is_task(c))?;
            let mut found = s.site(Kind::Bare, call);
            found.unfixable = Some(match expr.kind() {
                "list" | "set" | "tuple" => "the task is created inside a list, set or tuple",
                _ => "the task is created inside a conditional expression",
            });
            Some(found)
        }
        _ => None,
    }
}
