//! ## What it does
//! Finds a lambda (any parameters) whose whole body creates a task, passed (by position or
//! keyword) to a method that, by the library contract table, calls it later and ignores what it
//! returns: an event loop's `call_soon`, `call_soon_threadsafe`, `call_later`, `call_at`,
//! `add_signal_handler`, `add_reader` and `add_writer` (on a receiver named as a loop: `loop`,
//! `self._loop`, `get_running_loop()`), and a future's `add_done_callback`. A lambda passed to
//! any other callable, a lambda whose body does more than create the task, and a `def` callback
//! are not reported. Event emitters' `.on`, `.once`, `.add_listener`, `.add_event_handler` and
//! signals' `.connect` differ by class (pyee's `EventEmitter` drops what a listener returns, its
//! `AsyncIOEventEmitter` keeps it): `audit` says `unknown` there, and `check` is silent.
//!
//! ## Why is this bad?
//! Whoever calls the lambda drops the task it returns, and nothing else holds it: it can be
//! garbage-collected before it finishes. ruff does not report it.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     loop = asyncio.get_running_loop()
//!     loop.call_later(5, lambda: asyncio.ensure_future(refresh()))
//! ```
//!
//! Use instead: a function that keeps what it is handed:
//! ```python
//! import asyncio
//!
//! _background_tasks = set()
//!
//!
//! def _keep_task(task):
//!     _background_tasks.add(task)
//!     task.add_done_callback(_background_tasks.discard)
//!     return task
//!
//!
//! async def main():
//!     loop = asyncio.get_running_loop()
//!     loop.call_later(5, lambda: _keep_task(asyncio.ensure_future(refresh())))
//! ```
//!
//! ## Fix safety
//! A lambda holds no statements, so its call is wrapped in a function that keeps the task and
//! returns it (the file's own keeper, the `keep-with` setting's, or the helper), whatever the
//! strategy: the lambda returns the same task as before. The kind is in preview until its
//! precision on unseen code is measured at 99%: `audit` marks its sites preview, and `check
//! --preview` reports what `audit` calls dropped (one verdict, one tier).

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;
use crate::scan::syntax::{strip_parens, walk};

pub(super) const RULE: Rule = Rule {
    kind: Kind::CallbackReturn,
    name: "callback-return",
    summary: "A lambda returns a new task to a caller that ignores what it returns: it is dropped.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Lambda,
    spawn: Spawn::Always,
    detect: &[Detector::Callback(detect)],
    evidence: "asyncio: the loop, or the future, ignores what its callback returns",
    source: include_str!("callback_return.rs"),
    message,
};

fn message(m: &Message) -> String {
    format!(
        "task returned by `{}` from a lambda is dropped by `{}`, which ignores what its callback \
         returns{IT_CAN_BE_COLLECTED}",
        m.callee, m.registrar
    )
}

/// A lambda returning a new task, handed to a registrar, in the statement (an expression
/// statement no other rule reports, or a `return`).
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    let creates_task = |node: Node<'t>| s.creates_task(node);
    let call = callback_return(s.expr, s.src, &creates_task)?;
    Some(s.site(Kind::CallbackReturn, call))
}

/// The task-creating call that is the whole body of a lambda in `expr` that a registrar calls:
/// the first one, as a statement has one site.
fn callback_return<'t>(
    expr: Node<'t>,
    src: &str,
    creates_task: &dyn Fn(Node<'t>) -> bool,
) -> Option<Node<'t>> {
    let mut found = None;
    walk(expr, |node| {
        if found.is_some() {
            return false;
        }
        if node.kind() == "lambda"
            && let Some(body) = node.child_by_field_name("body").map(strip_parens)
            && creates_task(body)
            && crate::detect::callback::registrar_of(node, src).is_some()
        {
            found = Some(body);
            return false;
        }
        true
    });
    found
}
