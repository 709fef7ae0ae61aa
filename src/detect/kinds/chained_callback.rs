//! ## What it does
//! Finds `<task call>.add_done_callback(cb)` as a statement: a done callback is added to a new
//! task, and the task itself is dropped. Also where it is the whole body of a lambda
//! (`emitter.once("done", lambda e: loop.create_task(f(e)).add_done_callback(cb))`): the lambda
//! returns what `add_done_callback` returns, `None`, so the task is dropped whatever calls the
//! lambda and whatever it does with its result.
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
//! same work, and the callback runs as before. The lambda form is reported, not fixed: a lambda
//! holds no statement to keep the task in.

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;
use crate::scan::syntax::{strip_parens, text, walk};
use tree_sitter::Node;

pub(super) const RULE: Rule = Rule {
    kind: Kind::ChainedCallback,
    name: "chained-callback",
    summary: "`add_done_callback` is called on a new task and the task itself is dropped.",
    tier: Tier::Stable,
    fix: FixAvailability::Sometimes,
    shape: Shape::Chained,
    spawn: Spawn::IfItReturns,
    detect: &[Detector::Statement(detect), Detector::Callback(in_lambda)],
    evidence: "the language: `add_done_callback` returns `None`, so the statement (or the lambda) that registers a done callback on a new task drops the task, and a done callback keeps nothing",
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
    if s.is_return() {
        return None;
    }
    let object = chained_task(s.expr, s.src)?;
    (s.creates_task(object)).then(|| s.site(Kind::ChainedCallback, object))
}

/// A lambda in the statement whose whole body is `<task call>.add_done_callback(cb)`.
fn in_lambda<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    let mut found = None;
    walk(s.expr, |node| {
        if found.is_some() {
            return false;
        }
        if node.kind() == "lambda"
            && let Some(body) = node.child_by_field_name("body")
            && let Some(object) = chained_task(strip_parens(body), s.src)
            && s.creates_task(object)
        {
            found = Some(object);
            return false;
        }
        true
    });
    let mut site = s.site(Kind::ChainedCallback, found?);
    site.unfixable =
        Some("a lambda holds no statement to keep the task in; hand over a function that keeps it");
    Some(site)
}

/// The object of `<object>.add_done_callback(...)`, the call `expr` is.
fn chained_task<'t>(expr: Node<'t>, src: &str) -> Option<Node<'t>> {
    if expr.kind() != "call" {
        return None;
    }
    let function = expr.child_by_field_name("function")?;
    let attribute = function.child_by_field_name("attribute")?;
    (text(attribute, src) == "add_done_callback")
        .then(|| function.child_by_field_name("object").map(strip_parens))
        .flatten()
}
