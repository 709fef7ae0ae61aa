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

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::callee::Resolver;
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;
use crate::scan::syntax::{elements, strip_parens, text};

pub(super) const RULE: Rule = Rule {
    kind: Kind::WaitPending,
    name: "wait-pending",
    summary: "A task is waited for by `asyncio.wait`, which can return before it is done, and \
              the wait's result is dropped: then nothing keeps it.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Held,
    spawn: Spawn::IfItReturns,
    detect: &[Detector::Statement(detect)],
    evidence: "asyncio: `asyncio.wait` hands the tasks still pending back in its result, which the statement drops",
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

/// `await asyncio.wait([<task call>], timeout=...)` as the statement.
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    if s.is_return() || s.expr.kind() != "await" {
        return None;
    }
    let call = strip_parens(s.expr.named_child(0)?);
    let task = pending_task(call, s.src, s.resolver)?;
    Some(s.site(Kind::WaitPending, task))
}

/// The task-creating call that `awaited` (the call an `await` statement awaits) may leave
/// pending: the one element of `asyncio.wait([...], ...)` that creates a task, when the wait
/// can return before it is done: a `timeout` that is not `None`, or, with other elements, a
/// `return_when` other than `ALL_COMPLETED`. (With two tasks created there, a fix of one would
/// leave the other for a second run: that statement is left alone.)
fn pending_task<'t>(awaited: Node<'t>, src: &str, resolver: &Resolver) -> Option<Node<'t>> {
    let function = awaited.child_by_field_name("function")?;
    let object = function.child_by_field_name("object")?;
    let attribute = function.child_by_field_name("attribute")?;
    if awaited.kind() != "call"
        || text(attribute, src) != "wait"
        || !resolver.is_asyncio_module(object, src)
    {
        return None;
    }
    let arguments = awaited.child_by_field_name("arguments")?;
    let arguments = elements(arguments);
    let keyword = |name: &str| {
        arguments.iter().find_map(|a| {
            (a.kind() == "keyword_argument"
                && a.child_by_field_name("name")
                    .is_some_and(|n| text(n, src) == name))
            .then(|| a.child_by_field_name("value"))
            .flatten()
        })
    };
    let times_out = keyword("timeout").is_some_and(|v| text(v, src) != "None");
    let first_done =
        keyword("return_when").is_some_and(|v| !text(v, src).ends_with("ALL_COMPLETED"));
    let container = strip_parens(*arguments.first()?);
    if !matches!(container.kind(), "list" | "set" | "tuple") {
        return None;
    }
    let elements: Vec<Node> = elements(container).into_iter().map(strip_parens).collect();
    let mut created = elements.iter().filter(|e| resolver.is_task_call(**e, src));
    let (element, None) = (created.next()?, created.next()) else {
        return None;
    };
    (times_out || (first_done && elements.len() > 1)).then_some(*element)
}
