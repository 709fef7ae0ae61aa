//! ## What it does
//! Finds a task function handed to the loop, `<loop>.call_soon_threadsafe(f, ...)`,
//! `<loop>.call_soon(f, ...)`, `<loop>.call_later(delay, f, ...)` or `<loop>.call_at(when, f,
//! ...)`, where `f` is `<loop>.create_task`, `asyncio.ensure_future`
//! (however imported) or one of the project's task factories, whatever the statement does with
//! the `Handle` the call returns (a statement of its own, `self._handle = ...`, `return ...`);
//! and `asyncio.run_coroutine_threadsafe(coro, loop)` as a statement, or bound to a local the
//! function never reads (`future = asyncio.run_coroutine_threadsafe(...)` in a thread's
//! callback, exam35o's AsteriskARI-Bot: the frame drops the future when it returns). Not
//! `run_coroutine_threadsafe(queue.put(item), loop)`: a put to an unbounded queue finishes in the
//! task's first step, before anything could collect it.
//!
//! ## Why is this bad?
//! The loop calls `f` later, on its own thread, and drops the task it returns: asyncio's
//! contract for `call_soon`, `call_soon_threadsafe`, `call_later` and `call_at` is that the
//! callback's result is ignored. The `Handle` (or `TimerHandle`) the call returns only cancels the callback; it holds no reference to
//! the task, so keeping it keeps nothing. A dropped `run_coroutine_threadsafe(...)` drops the
//! concurrent future that was all that held the task (through the callbacks that chain them).
//! Either way the task can be garbage-collected before it finishes.
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

use tree_sitter::Node;

use super::rule::{
    Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier,
};
use crate::detect::callee::Resolver;
use crate::detect::dropped::Dropped;
use crate::detect::handoff::{finishes_at_once, handed_callable};
use crate::detect::statement::Statement;
use crate::scan::asyncio_api::{THREADSAFE_RUNNER, is_handoff_method};
use crate::scan::syntax::{strip_parens, walk};

pub(super) const RULE: Rule = Rule {
    kind: Kind::ThreadsafeHandoff,
    name: "threadsafe-handoff",
    summary: "A task created through a hand-off to the loop's thread is dropped there.",
    tier: Tier::Stable,
    fix: FixAvailability::Sometimes,
    shape: Shape::Future,
    spawn: Spawn::Never,
    detect: &[Detector::Statement(detect)],
    evidence: "asyncio: the concurrent future of `run_coroutine_threadsafe` is all that holds its task, and the statement drops it",
    source: include_str!("threadsafe_handoff.rs"),
    message,
};

/// What proves the drop of a task function handed to the loop: no concurrent future there.
pub const HANDOFF_EVIDENCE: &str = "asyncio: the loop ignores what a callback returns, so the task the handed function creates is dropped, and the `Handle` the call returns holds no reference to it";

fn message(m: &Message) -> String {
    let (callee, handoff) = (m.callee, m.function);
    match m.factory {
        _ if callee == handoff && !m.target.is_empty() => format!(
            "the concurrent future returned by `{callee}` is assigned to `{}`, which is never \
             read; its task can be garbage-collected before it finishes",
            m.target
        ),
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

/// A hand-off as the statement, or a task function handed to the loop anywhere in it.
fn detect<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    if let Some(found) = unread_future(s) {
        return Some(found);
    }
    let as_statement = !s.is_return() && s.expr.kind() == "call" && !s.is_task(s.expr);
    let statement = as_statement
        .then(|| handoff(s.expr, s.src, s.resolver).map(|h| (s.expr, h)))
        .flatten();
    // The loop drops the task whatever the statement does with the `Handle`.
    let (call, handed) = statement.or_else(|| handed_to_loop(s.expr, s.src, s.resolver))?;
    let mut found = s.site(Kind::ThreadsafeHandoff, call);
    found.factory = handed.factory;
    found.unfixable = handed.unfixable;
    Some(found)
}

/// `future = asyncio.run_coroutine_threadsafe(...)` in a function that never reads `future`
/// and whose frame does not visibly outlive the task: the concurrent future, all that holds the
/// task, goes with the frame (the unused-assignment reading, for the hand-off's future).
fn unread_future<'t>(s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {
    if s.expr.kind() != "assignment" {
        return None;
    }
    let target = s.expr.child_by_field_name("left")?;
    let value = strip_parens(s.expr.child_by_field_name("right")?);
    let function = value.child_by_field_name("function")?;
    let runner = crate::detect::callee::last_name(function, s.src) == Some(THREADSAFE_RUNNER);
    if target.kind() != "identifier" || value.kind() != "call" || !runner {
        return None;
    }
    let scope = s.placement.scope;
    if matches!(scope.kind(), "class_definition" | "module") {
        return None; // a global or a class attribute keeps it
    }
    handoff(value, s.src, s.resolver)?;
    let name = crate::scan::syntax::text(target, s.src);
    let names = s.scopes.names(scope, s.src);
    let read = |map: &std::collections::HashMap<&str, u32>| map.get(name).is_some_and(|n| *n > 0);
    if read(&names.reads) || s.frame_outlives() {
        return None;
    }
    let mut found = s.site(Kind::ThreadsafeHandoff, value);
    found.target = Some(target);
    Some(found)
}

/// The first call in `expr` that hands a task function to the loop
/// (`self._h = loop.call_soon_threadsafe(asyncio.create_task, coro)`), and what it drops.
fn handed_to_loop<'t>(
    expr: Node<'t>,
    src: &str,
    resolver: &Resolver,
) -> Option<(Node<'t>, Handoff)> {
    let mut found = None;
    walk(expr, |node| {
        if found.is_some() {
            return false;
        }
        if node.kind() == "call"
            && let Some(handed) = loop_handoff(node, src, resolver)
        {
            found = Some((node, handed));
            return false;
        }
        true
    });
    found
}

/// A hand-off that drops its task: the project's task factory handed over (the fix keeps the
/// task in it), or why it is not fixed.
struct Handoff {
    factory: Option<usize>,
    unfixable: Option<&'static str>,
}

/// `loop.call_soon_threadsafe(<task function>, ...)` (or `call_soon`), or
/// `asyncio.run_coroutine_threadsafe(...)`, as a statement: the task is dropped on the loop's
/// thread.
fn handoff(call: Node, src: &str, resolver: &Resolver) -> Option<Handoff> {
    let function = call.child_by_field_name("function")?;
    let name = crate::detect::callee::last_name(function, src)?;
    let object = function.child_by_field_name("object");
    if name == THREADSAFE_RUNNER {
        if !object.is_none_or(|o| resolver.is_asyncio_module(strip_parens(o), src)) {
            return None;
        }
        // A coroutine that finishes in its first step leaves nothing to lose.
        if finishes_at_once(call, src) {
            return None;
        }
        // Fixed by keeping the concurrent future, which holds the task.
        return Some(Handoff {
            factory: None,
            unfixable: None,
        });
    }
    loop_handoff(call, src, resolver)
}

/// `<loop>.call_soon_threadsafe(<task function>, ...)` (or `call_soon`): the loop drops the task
/// the function returns, whatever becomes of the call's `Handle`.
fn loop_handoff(call: Node, src: &str, resolver: &Resolver) -> Option<Handoff> {
    let function = call.child_by_field_name("function")?;
    let name = crate::detect::callee::last_name(function, src)?;
    if !is_handoff_method(name.as_bytes())
        || !resolver.is_loop(function.child_by_field_name("object")?, src)
    {
        return None;
    }
    let handed = strip_parens(handed_callable(call, src)?);
    if !resolver.is_task_function(handed, src) {
        return None;
    }
    let factory = resolver.factory_named(handed, src);
    Some(Handoff {
        factory,
        unfixable: factory
            .is_none()
            .then_some("the loop creates the task later; hand it a function that keeps it"),
    })
}
