//! Whether anything looks at a task's exception: a done callback that reads (and logs) it, an
//! await or a read of `result()` in its frame, or the shutdown that waits for it (unless that
//! wait drops its done set, only polls `done()`, or waits for a signal the task sets).

use std::ops::Range;

use tree_sitter::Node;

use super::context::Context;
use super::fate::{Exceptions, Shutdown};
use crate::detect::task_site::{Reference, TaskSite};
use crate::scan::syntax::{text, walk};

/// The done callbacks the site's statement registers on the task it makes
/// (`create_task(f()).add_done_callback(cb)`, `(t := ...).add_done_callback(partial(cb, x))`):
/// the `add_done_callback` calls whose receiver holds the site's call, read in the tree. A
/// lambda that makes the task (`fut.add_done_callback(lambda f: loop.create_task(done(
/// f.result())))`) is the callback of another future: what it reads is that future's outcome.
/// A callback made by another call (`cb_for(name)`) is not one the statement names.
fn statement_callbacks(site: &TaskSite, src: &str) -> Vec<String> {
    let call = site.call.byte_range();
    let mut callbacks = Vec::new();
    walk(site.statement, |node| {
        if let Some(callback) = done_callback(node, &call, src) {
            callbacks.push(text(callback, src).to_owned());
        }
        true
    });
    callbacks
}

/// The callback of `node`, a `<receiver>.add_done_callback(cb)` call whose receiver holds the
/// call at `task`: `cb`, a name or a lambda, or the function `functools.partial(f, ...)` calls.
fn done_callback<'t>(node: Node<'t>, task: &Range<usize>, src: &str) -> Option<Node<'t>> {
    if node.kind() != "call" {
        return None;
    }
    let function = node.child_by_field_name("function")?;
    let receiver = function.child_by_field_name("object")?;
    let method = function.child_by_field_name("attribute")?;
    let holds = |n: Node| n.start_byte() <= task.start && task.end <= n.end_byte();
    if text(method, src) != "add_done_callback" || !holds(receiver) {
        return None;
    }
    let mut callback = node.child_by_field_name("arguments")?.named_child(0)?;
    // `functools.partial(cb, ...)` calls `cb`.
    if callback.kind() == "call" {
        let partial = callback.child_by_field_name("function")?;
        if !matches!(text(partial, src), "partial" | "functools.partial") {
            return None;
        }
        callback = callback.child_by_field_name("arguments")?.named_child(0)?;
    }
    matches!(callback.kind(), "identifier" | "attribute" | "lambda").then_some(callback)
}

/// The done callbacks the task gets, as written: registered on the call itself, on the local it
/// is bound to, or on its holder.
pub(super) fn done_callbacks(site: &TaskSite, context: &mut Context) -> Vec<String> {
    let mut callbacks = statement_callbacks(site, context.source.text);
    let function = site
        .enclosing
        .iter()
        .rev()
        .find(|d| d.kind() == "function_definition");
    let named = [
        site.local.as_deref().zip(function.map(|f| f.byte_range())),
        site.holder.as_deref().zip(site.owner_scope.clone()),
    ];
    for (name, block) in named.into_iter().flatten() {
        if let Some(found) = context.facts(&block).callbacks.get(name) {
            callbacks.extend(found.iter().cloned());
        }
    }
    // Added to each task by a loop over the holder after the site (exam35j class 5).
    callbacks.extend(super::loop_callbacks::added_by_loops(
        site,
        context.source.text,
    ));
    callbacks
}

/// Whether the task's exception is ever looked at: read (and logged) by a done callback,
/// or awaited.
pub(super) fn exceptions_of(
    site: &TaskSite,
    shutdown: Shutdown,
    context: &mut Context,
) -> Exceptions {
    let callbacks = done_callbacks(site, context);
    let function = site
        .enclosing
        .iter()
        .rev()
        .find(|d| d.kind() == "function_definition");
    // A callback that takes the task out of its holder unread hides it from the shutdown's wait.
    let taken_out = super::taken_unread::callback(&callbacks, site, context).is_some();
    let mut seen = Exceptions::NotRetrieved;
    for callback in callbacks {
        let verdict = if callback.starts_with("lambda") {
            match super::retrieval::callback_reads(&callback) {
                // `lambda t: self._done(key, t)`: what the function it calls reads.
                Exceptions::NotRetrieved => {
                    super::stored_callback::lambda_reads(&callback, site, context)
                }
                read => read,
            }
        } else {
            super::stored_callback::reads(&callback, site, context)
        };
        match verdict {
            Exceptions::Logged => return Exceptions::Logged,
            Exceptions::Retrieved => seen = Exceptions::Retrieved,
            Exceptions::NotRetrieved | Exceptions::NotApplicable => {}
        }
    }
    let read_in_frame = function.is_some_and(|f| local_read(site, *f, context));
    let awaited = match site.reference {
        _ if read_in_frame => true,
        Reference::Awaited => !super::retrieval::awaited_blind(site, context),
        Reference::TaskGroup => true,
        // A context manager of the checked code awaits it at the block's exit.
        Reference::Passed => site.awaited_by_callee,
        // `return asyncio.gather(t1, t2)`: the gather reads each task's exception as it ends.
        Reference::Returned => function.is_some_and(|f| gathered(site, *f, context)),
        _ => false,
    };
    // Kept, and waited for (cancelled first or not) only by `asyncio.wait` calls that drop
    // their done set: the wait is a shutdown, but no exception is looked at.
    let blind_shutdown = matches!(shutdown, Shutdown::Awaited | Shutdown::CancelledAndAwaited)
        && site.holder.as_deref().is_some_and(|h| {
            let seen: Vec<Option<bool>> = (context.scopes(site).iter())
                .map(|scope| super::retrieval::seen(h, context.facts(scope)))
                .collect();
            seen.contains(&Some(false)) && !seen.contains(&Some(true))
        });
    // Waited for only by polling `done()`, cancelled first or not: it reads no exception.
    let polled = matches!(shutdown, Shutdown::Awaited | Shutdown::CancelledAndAwaited)
        && site.holder.as_deref().is_some_and(|h| {
            let scopes = context.scopes(site);
            let text = |s: &Range<usize>| context.source.text.get(s.clone()).unwrap_or_default();
            scopes.iter().any(|s| super::drains::polled(h, text(s)))
                && (scopes.iter())
                    .all(|s| super::retrieval::seen(h, context.facts(s)) != Some(true))
        });
    // Waited for through a future it sets at its end: no exception of the task is read.
    let signalled = shutdown == Shutdown::Awaited && {
        let scopes = context.scopes(site);
        super::context::signalled(site, context, &scopes).is_some()
    };
    // Waited for with every task of the loop: what that wait reads of the tasks it waits for.
    if shutdown == Shutdown::Awaited && site.holder.is_some() {
        let text = |s: &Range<usize>| context.source.text.get(s.clone()).unwrap_or_default();
        let all = (context.scopes(site).iter()).find_map(|s| super::all_tasks::all_waited(text(s)));
        if let Some((_, read)) = all {
            return match read {
                Exceptions::NotRetrieved => seen,
                read => read,
            };
        }
    }
    let shut_down = matches!(shutdown, Shutdown::Awaited | Shutdown::CancelledAndAwaited);
    if awaited
        || (shut_down && !blind_shutdown && !polled && !signalled && !taken_out)
        || owner_reads(site, context)
        || super::retrieval::future_result_read(site, context)
    {
        return Exceptions::Retrieved;
    }
    seen
}

/// Whether the site's local has its `result()` or `exception()` read in `function` (`if
/// t.done(): t.exception()`); for a task held besides, only a read in the loop around it: the
/// loop binds the local again and reads the new task on its next turn, above the site (`if t in
/// done: t.result()`, then `t = create_task(...)`).
fn local_read(site: &TaskSite, function: Node, context: &mut Context) -> bool {
    let Some(local) = site.local.as_deref() else {
        return false;
    };
    let Some(reads) = context.facts(&function.byte_range()).results.get(local) else {
        return false;
    };
    if site.reference == Reference::Local {
        return true;
    }
    // The facts' offsets are the function's.
    let start = function.start_byte();
    loop_around(site.call, function)
        .is_some_and(|body| reads.iter().any(|r| body.contains(&(start + r))))
}

/// The function hands the site's local to a `gather` (not `wait`, which reads nothing).
fn gathered(site: &TaskSite, function: Node, context: &mut Context) -> bool {
    let Some(local) = site.local.as_deref() else {
        return false;
    };
    let text = context.source.text.get(function.byte_range()).unwrap_or("");
    let facts = context.facts(&function.byte_range());
    (facts.gathers.get(local).into_iter().flatten())
        .any(|&at| text.get(at..).is_some_and(|t| t.starts_with("gather")))
}

/// The byte range of the innermost `for` or `while` of `function` around `node`.
fn loop_around(node: Node, function: Node) -> Option<Range<usize>> {
    let mut at = node.parent();
    while let Some(n) = at.filter(|n| n.id() != function.id()) {
        if matches!(n.kind(), "for_statement" | "while_statement") {
            return Some(n.byte_range());
        }
        at = n.parent();
    }
    None
}

/// The owner's class (or module) loops over the holder and reads `result()` or `exception()`
/// of each task it visits (`for role, task in self.tasks.items(): if task.done(): if
/// task.exception(): ...`): the exception of every task it visits is retrieved there, as in a
/// done callback that reads it (MetaGPT `SubscriptionRunner.run`, exam35d class 11). The
/// read is looked for in the loop's body, as the shutdown's loops are (a few lines after it).
fn owner_reads(site: &TaskSite, context: &mut Context) -> bool {
    let Some(holder) = site.holder.as_deref() else {
        return false;
    };
    if !matches!(
        site.reference,
        Reference::Attribute | Reference::Collection | Reference::Module
    ) {
        return false;
    }
    context.scopes(site).iter().any(|scope| {
        let facts = context.facts(scope);
        (facts.loops.iter()).any(|(var, name, _, end)| {
            name == holder
                && (facts.results.get(var))
                    .is_some_and(|v| v.iter().any(|at| *at >= *end && *at <= end + 400))
        })
    })
}
