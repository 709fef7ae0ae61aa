//! What a reviewer should do about each task, from what the audit found of its fate.

use super::context::Context;
use super::fate::{Exceptions, Fate, Risk, Shutdown};
use crate::detect::task_site::{Creator, NeverRuns, Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::first_element;

/// What a reviewer should do about the task.
pub(super) fn action(
    site: &TaskSite,
    source: &SourceFile,
    fate: &Fate,
    notes: &mut super::unfilled_slot::Notes,
) -> String {
    match site.reference {
        _ if site.never_runs.is_some() => never_runs_action(site, source.text),
        _ if site.not_a_task && fate.risk == Risk::Low => {
            "none for the task (no task is made); to see the future's failure, await it or read \
             its exception in a done callback"
                .to_owned()
        }
        _ if site.not_a_task => "none: no task is made".to_owned(),
        Reference::Dropped => dropped_action(site) + &notes.of(site, source),
        // Lost in a local (`rebound`, `dying-container`) under a `noqa`: as any silenced drop.
        Reference::Local if site.suppressed && site.is_dropped() => dropped_action(site),
        Reference::Local => local_action(site, source, fate),
        _ => kept_action(site, source, fate),
    }
}

/// The action for a task whose work never runs.
fn never_runs_action(site: &TaskSite, src: &str) -> String {
    match site.never_runs {
        Some(NeverRuns::NotACoroutine) => {
            let called = called_text(site, src);
            let creator = site
                .call
                .child_by_field_name("function")
                .and_then(|f| crate::detect::callee::last_name(f, src))
                .unwrap_or("create_task");
            format!(
                "`{creator}` raises TypeError here: make `{called}` a coroutine function \
                 (`async def`), or call it without a task (in a thread: `asyncio.to_thread`)"
            )
        }
        Some(NeverRuns::NoLoopInThread) => {
            "the creator raises RuntimeError here (no event loop runs in this thread): hand the \
             coroutine to the loop's own thread with `asyncio.run_coroutine_threadsafe(coro, \
             loop)`, the loop taken where it runs"
                .to_owned()
        }
        _ => "its work is lost: create the task inside the loop that runs (in the coroutine \
              that loop runs, or a startup hook), not on a loop that never runs"
            .to_owned(),
    }
}

/// The function the creator is handed a call of, as written.
fn called_text<'s>(site: &TaskSite, src: &'s str) -> &'s str {
    site.call
        .child_by_field_name("arguments")
        .and_then(first_element)
        .and_then(|a| crate::scan::syntax::strip_parens(a).child_by_field_name("function"))
        .map_or("the function", |f| crate::scan::syntax::text(f, src))
}

/// The action for a task that nothing keeps.
fn dropped_action(site: &TaskSite) -> String {
    if site.suppressed {
        // ruff's reading: the comment silences the check, and `fix` honours it as `ruff --fix`
        // does; maintainers who find the comment wrong drop it and keep the task (issue 36's
        // tenth exam, class 1: adapter-qq; chia-blockchain, sunsynk), as `--ignore-noqa` does.
        "silenced with `# noqa`: confirm that something else keeps the task, or keep it with \
         `undangle fix --ignore-noqa`, which takes the stale code out of the comment"
            .to_owned()
    } else if site.kind().is_some() {
        match site.unfixable() {
            None => "run `undangle fix`".to_owned(),
            Some(reason) => format!("keep a reference by hand ({reason})"),
        }
    } else if site.finishes_at_once {
        "none, unless the queue is bounded and may be full: the put finishes in the task's first step, before anything could collect it".to_owned()
    } else {
        match site.creator {
            Creator::Threadsafe => {
                "keep the returned future (or the task) until it is done".to_owned()
            }
            Creator::Handoff => {
                "hand the loop a function that keeps the task it creates".to_owned()
            }
            _ => "keep a reference to the task until it is done".to_owned(),
        }
    }
}

/// The action for a task kept only in a local.
fn local_action(site: &TaskSite, source: &SourceFile, fate: &Fate) -> String {
    let function = frame_function(site, fate.function);
    if site.kind().is_some() && site.unfixable().is_none() {
        "run `undangle fix`".to_owned()
    } else if let Some(line) = site.lost_next_turn.filter(|_| site.kind().is_none()) {
        format!(
            "await or cancel `{}` before the loop (line {line}) binds it again, or keep it",
            site.local.as_deref().unwrap_or("the task")
        )
    } else if site.held_by_frame && site.kind().is_none() && fate.risk != Risk::None {
        // Held, but cancelled and never awaited, or its exception unread: what is left to do
        // is what the audit asks of any holder in that state, the local standing for it.
        let local = site.local.as_deref().unwrap_or("the task");
        let line = fate.shutdown_line.unwrap_or(fate.line);
        match fate.shutdown {
            // A frame that cannot await: only a done callback can read what the task did.
            Shutdown::Cancelled if !in_async_function(source.text, line) => format!(
                "cancelled in a synchronous function (line {line}): retrieve `{local}`'s \
                 result in a done callback"
            ),
            _ => kept_action(
                site,
                source,
                &Fate {
                    owner: local,
                    ..*fate
                },
            ),
        }
    } else if site.held_by_frame && site.kind().is_none() {
        format!("none: `{function}` holds the task in its frame for as long as it uses it")
    } else if let Some(at) = site.rebound_at {
        format!(
            "keep the task before `{}` is bound again (line {}), or await it",
            site.local.as_deref().unwrap_or("the name"),
            source.line_col(at).0
        )
    } else if site.callback_only {
        format!("keep the task beyond `{function}`: its done callback does not keep it alive")
    } else {
        format!("keep the task beyond `{function}` (on its owner or in a set), or await it there")
    }
}

/// The action for a task that is kept, awaited, returned or passed on.
fn kept_action(site: &TaskSite, source: &SourceFile, fate: &Fate) -> String {
    let (function, owner) = (fate.function, fate.owner);
    match site.reference {
        _ if fate.left_pending.is_some() => format!(
            "cancel (or keep) the tasks `asyncio.wait` leaves pending (line {}): `{function}` \
             drops them",
            fate.left_pending.unwrap_or(fate.line)
        ),
        Reference::Awaited if fate.shutdown == Shutdown::Cancelled => format!(
            "await the tasks `asyncio.wait` leaves pending after cancelling them (line {}): \
             `{function}` returns without waiting for them",
            fate.shutdown_line.unwrap_or(fate.line)
        ),
        _ if fate.handed_back && fate.risk == Risk::None => {
            // `d[k]` is an element of the container `d` it returns.
            let returned = owner.split_once('[').map_or(owner, |(base, _)| base);
            format!("none here: `{function}` returns `{returned}`, and its caller owns the tasks")
        }
        _ if fate.risk == Risk::Medium && fate.never_discarded => format!(
            "take finished tasks out of `{owner}` (with a set: `task.add_done_callback({}.discard)`)",
            site.holder.as_deref().unwrap_or(owner)
        ),
        // A task that runs the owner's own `aclose()`: cancelling it at shutdown would abort
        // the shutdown it is.
        _ if fate.risk == Risk::Medium
            && fate.shutdown == Shutdown::None
            && runs_own_shutdown(site, source.text) =>
        {
            format!(
                "retrieve the exception of `{owner}` (log it in a done callback): it runs its \
                 owner's own shutdown, which cancelling it would abort"
            )
        }
        _ if fate.risk == Risk::Medium && fate.shutdown == Shutdown::None => {
            format!("cancel and await `{owner}` when its owner shuts down")
        }
        _ if fate.risk == Risk::Medium => {
            format!("cancel or check the task in `{owner}` before `{function}` replaces it")
        }
        _ if fate.risk == Risk::Low && fate.shutdown == Shutdown::Cancelled => {
            let line = fate.shutdown_line.unwrap_or(fate.line);
            match in_async_function(source.text, line) {
                true => format!("await `{owner}` after cancelling it (line {line})"),
                // A done callback that already reads its exception leaves only the wait.
                false if fate.exceptions != Exceptions::NotRetrieved => format!(
                    "cancelled in a synchronous function (line {line}): await `{owner}` from \
                     an async shutdown"
                ),
                // No `await` there: the wait belongs in an async shutdown, or a done callback.
                false => format!(
                    "cancelled in a synchronous function (line {line}): await `{owner}` from \
                     an async shutdown, or retrieve its result in a done callback"
                ),
            }
        }
        // Waited for by polling `done()`, or through a future the task sets at its end: neither
        // reads its exception.
        _ if fate.risk == Risk::Low
            && fate.shutdown == Shutdown::Awaited
            && polls(source.text, fate.shutdown_line.unwrap_or(fate.line)) =>
        {
            format!(
                "retrieve the exception of `{owner}` once it is done (line {}): await it, or log \
                 it in a done callback",
                fate.shutdown_line.unwrap_or(fate.line)
            )
        }
        // Kept, and shut down by `asyncio.wait` calls that drop their done set.
        _ if fate.risk == Risk::Low && fate.shutdown == Shutdown::Awaited => format!(
            "look at the exception of `{owner}` in the done set `asyncio.wait` returns (line {}), \
             or log it in a done callback",
            fate.shutdown_line.unwrap_or(fate.line)
        ),
        Reference::Passed if site.cancelled_by_callee.is_some() => {
            let (by, line) = site.cancelled_by_callee.clone().unwrap_or_default();
            format!(
                "await the task after {by} cancels it (line {line}), or retrieve its result in a \
                 done callback"
            )
        }
        // `await asyncio.wait([...])` with its result dropped.
        Reference::Awaited if fate.risk == Risk::Low => "look at the exceptions of the tasks \
            `asyncio.wait` returns, or await them with `asyncio.gather`"
            .to_owned(),
        _ if fate.risk == Risk::Low => {
            "retrieve the task's exception: await it, or log it in a done callback".to_owned()
        }
        Reference::Returned => format!("none here: the caller of `{function}` owns the task"),
        // Its coroutine never suspends, or only yields to the ready queue: the loop holds the task
        // until it is done.
        Reference::Passed if site.finishes_at_once => "none: the loop holds the task until it \
            finishes"
            .to_owned(),
        Reference::Passed if let Some((what, _)) = &site.waits_on => {
            format!("none: the {what} it waits on holds the task until it is done")
        }
        Reference::Passed => "none here: the code it is passed to owns the task".to_owned(),
        _ => "none".to_owned(),
    }
}

/// The function whose frame holds a local: the one around a nested function whose closure (or
/// `nonlocal`) variable it is.
pub(super) fn frame_function<'f>(site: &TaskSite, function: &'f str) -> &'f str {
    match site.closure_frame {
        Some(_) => function
            .rsplit_once('.')
            .map_or(function, |(outer, _)| outer),
        None => function,
    }
}

/// Whether the task runs a shutdown method of the object that keeps it
/// (`create_task(self.aclose())`).
fn runs_own_shutdown(site: &TaskSite, src: &str) -> bool {
    let coroutine = (site.call.child_by_field_name("arguments")).and_then(first_element);
    let Some(method) = coroutine
        .filter(|c| c.kind() == "call")
        .and_then(|c| c.child_by_field_name("function"))
        .filter(|f| f.kind() == "attribute")
    else {
        return false;
    };
    let on_self = (method.child_by_field_name("object"))
        .is_some_and(|o| matches!(src.get(o.byte_range()), Some("self")));
    let name = (method.child_by_field_name("attribute"))
        .and_then(|a| src.get(a.byte_range()))
        .unwrap_or_default()
        .trim_start_matches('_');
    let name = name.strip_prefix("async_").unwrap_or(name);
    on_self
        && matches!(
            name,
            "close" | "aclose" | "shutdown" | "ashutdown" | "stop" | "astop" | "disconnect"
        )
}

/// Whether the code on `line` (1-based) waits by polling (`while not self._t.done():`), or awaits
/// something other than `asyncio.wait` (a future the task sets at its end).
fn polls(src: &str, line: usize) -> bool {
    let code = src.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    code.trim_start().starts_with("while not ") && code.contains(".done()")
        // Or awaits what the task sets at its end (`await self._done`, `await
        // self._closed.wait()`), not `asyncio.wait`.
        || code.contains("await ") && (!code.contains("wait(") || code.contains(".wait()"))
}

/// Whether the code on `line` (1-based) runs in an `async def`: the nearest `def` above it that
/// is indented less than it.
pub(super) fn in_async_function(src: &str, line: usize) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = src.lines().take(line).collect();
    let Some(own) = lines.last().map(|l| indent(l)) else {
        return false;
    };
    let mut within = own;
    for l in lines.iter().rev().skip(1) {
        let code = l.trim_start();
        // A multi-line signature's closing `) -> None:` is not a block of its own.
        let closes = code.starts_with([')', ']', '}']);
        if code.is_empty() || code.starts_with('#') || closes || indent(l) >= within {
            continue;
        }
        within = indent(l);
        if code.starts_with("async def ") {
            return true;
        }
        if code.starts_with("def ") || code.starts_with("class ") {
            return false;
        }
    }
    false
}

/// The action and the evidence of a task whose shutdown waits for its holder while a done
/// callback takes it out unread (see [`super::taken_unread`]): `words` otherwise.
pub(super) fn taken_unread(
    site: &TaskSite,
    fate: &Fate,
    context: &mut Context,
    (action, evidence): (String, String),
) -> (String, String) {
    let waited = matches!(
        fate.shutdown,
        Shutdown::Awaited | Shutdown::CancelledAndAwaited
    );
    if !waited || fate.risk != Risk::Low || fate.exceptions != Exceptions::NotRetrieved {
        return (action, evidence);
    }
    // Only where the wait itself reads what it waits for (a wait that drops its done set, or a
    // helper's, reads no task, taken out or not).
    let holder = site.holder.as_deref().unwrap_or_default();
    let scopes = context.scopes(site);
    if !(scopes.iter()).any(|s| super::retrieval::seen(holder, context.facts(s)) == Some(true)) {
        return (action, evidence);
    }
    let callbacks = super::exceptions::done_callbacks(site, context);
    let (Some(taken), Some(holder)) = (
        super::taken_unread::callback(&callbacks, site, context),
        site.holder.as_deref(),
    ) else {
        return (action, evidence);
    };
    let line = fate.shutdown_line.unwrap_or(fate.line);
    let own = taken
        .rsplit_once('.')
        .is_some_and(|(object, _)| object == holder);
    let read = match own {
        true => format!("log the exception in a done callback before `{taken}` takes the task"),
        false => format!("read the exception in `{taken}` before it takes the task"),
    };
    (
        format!(
            "{read} out of `{holder}`: the wait at line {line} sees only the tasks still there"
        ),
        format!(
            "{evidence}; its done callback `{taken}` takes it out of `{holder}` without reading \
             its exception, so a task that ends before the wait at line {line} is not seen there"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::in_async_function;

    #[test]
    fn a_line_runs_in_the_nearest_def_indented_less() {
        let src = "class C:\n    async def close(self):\n        if self._t:\n            self._t.cancel()\n\n    def stop(self):\n        self._t.cancel()\n";
        assert!(in_async_function(src, 4));
        assert!(!in_async_function(src, 7));
        assert!(!in_async_function("t.cancel()\n", 1));
        let long =
            "class C:\n    async def on(\n        self, x\n    ) -> None:\n        t.cancel()\n";
        assert!(in_async_function(long, 5));
    }
}
