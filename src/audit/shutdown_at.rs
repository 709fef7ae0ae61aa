//! Where the site's holder is shut down: in the owner's class (or module) and the classes
//! joined with it, through a property, a helper it is handed to, its elements or the task's own
//! end; or, for a local, in its function after the binding.

use std::ops::Range;

use super::context::{Context, signalled};
use super::facts::{self, Facts, Handed};
use super::fate::Shutdown;
use super::finalizer::{held_by_task, without_finalizer};
use super::property;
use super::retrieval;
use super::shutdown::{self, Found, shutdown_of};
use crate::detect::task_site::{Reference, TaskSite};

/// How the task's holder is shut down, and the line that does it.
pub(super) fn shutdown_at(site: &TaskSite, context: &mut Context) -> (Shutdown, Option<usize>) {
    let source = context.source;
    if let Some((shutdown, at)) = where_made(site, source.text) {
        return (shutdown, Some(source.line_col(at).0));
    }
    let kept_in = site.holder.as_deref().zip(site.owner_scope.clone());
    match (site.reference, kept_in) {
        (Reference::Attribute | Reference::Collection | Reference::Module, Some((holder, _))) => {
            // The owner's class first; a joined class adds only what it lacks.
            let scopes = context.scopes(site);
            let module = site.owner.as_deref() == Some(&format!("module.{holder}"));
            // What the scopes do to the holder is the same for each of its sites: read once.
            let key = (holder.to_owned(), module, scopes.clone());
            let (mut found, finalizer) = match context.in_scopes.get(&key) {
                Some(&known) => known,
                None => {
                    let read = in_scopes(site, holder, module, &scopes, context);
                    *context.in_scopes.entry(key).or_insert(read)
                }
            };
            beyond_the_class(site, holder, &scopes, context, &mut found);
            // A `__del__`'s cancel, unless the task itself holds the instance.
            let finalizer = finalizer.filter(|_| !held_by_task(site, source.text));
            found.add(Shutdown::Cancelled, finalizer);
            let (shutdown, at) = found.shutdown();
            (shutdown, at.map(|at| source.line_col(at).0))
        }
        (Reference::Local, _) => local_shutdown(site, context),
        (Reference::Attribute | Reference::Collection | Reference::Module, None)
            if site.shutdown_unknown =>
        {
            (Shutdown::Unknown, None)
        }
        _ => (Shutdown::NotApplicable, None),
    }
}

/// How the holder's scopes (`scopes`: the owner's class and those joined with it, or the
/// module, `module` for a module's name) shut it down: the first cancel and wait, and a
/// `__del__`'s cancel.
fn in_scopes(
    site: &TaskSite,
    holder: &str,
    module: bool,
    scopes: &[Range<usize>],
    context: &mut Context,
) -> (Found, Option<usize>) {
    let source = context.source;
    let mut found = Found::default();
    let mut finalizer = None;
    // A module's name: another function's own local of that name is not it.
    let unshadowed = module
        .then(|| {
            let root = crate::scan::syntax::root_of(site.call);
            super::module_names::without_shadowing(root, holder, source.text)
        })
        .flatten();
    for scope in scopes {
        let masked = unshadowed
            .as_ref()
            .map(|text| Facts::read(text.get(scope.clone()).unwrap_or_default()));
        let (mut shutdown, mut at) = match &masked {
            Some(facts) => shutdown_of(holder, facts),
            None => shutdown_of(holder, context.facts(scope)),
        };
        // A `__del__`'s cancel only where nothing else cancels it.
        let text = scope_text(unshadowed.as_deref(), source.text, scope);
        if let Some((without, cancel)) = without_finalizer(holder, text, shutdown, at) {
            (shutdown, at) = without;
            finalizer = finalizer.or(Some(scope.start + cancel));
        }
        found.add(shutdown, at.map(|at| scope.start + at));
        // `for t in self.running_tasks: t.cancel()`: a property that hands it out.
        if !found.complete() {
            let text = source.text.get(scope.clone()).unwrap_or_default();
            let (shutdown, at) = property::shutdown_through(holder, text, context.facts(scope));
            found.add(shutdown, at.map(|at| scope.start + at));
        }
        if !found.complete() {
            let handed = shutdown::handed_with_elements(holder, context.facts(scope));
            if let Some((shutdown, at)) = helped(handed, scopes, context, false) {
                found.add(shutdown, Some(scope.start + at));
            }
        }
        // `cancel_all(self._tasks)`: a plain helper of the file, called at once.
        if !found.complete() {
            let text = source.text.get(scope.clone()).unwrap_or_default();
            let calls = Some(shutdown::statement_calls(text, holder));
            if let Some((shutdown, at)) = helped(calls, scopes, context, true) {
                found.add(shutdown, Some(scope.start + at));
            }
        }
        // `self.addCleanup(stop, self._t)`: the test's end hands it to `stop`.
        if !found.complete() && context.has_cleanups() {
            let text = source.text.get(scope.clone()).unwrap_or_default();
            let calls = Some(super::cleanups::registered(text, holder));
            if let Some((shutdown, at)) = helped(calls, scopes, context, false) {
                found.add(shutdown, Some(scope.start + at));
            }
        }
        // A wait for every task of the loop but the waiting one.
        if !found.complete() {
            let text = source.text.get(scope.clone()).unwrap_or_default();
            let all = super::all_tasks::all_waited(text).map(|(at, _)| scope.start + at);
            found.add(Shutdown::Awaited, all);
        }
        // Through its elements: popped and cancelled, a list of them, polled.
        if !found.complete() {
            let text = source.text.get(scope.clone()).unwrap_or_default();
            let squeezed = context.squeezed(scope);
            let (shutdown, at) = super::drains::drained(holder, text, squeezed);
            found.add(shutdown, at.map(|at| scope.start + at));
        }
        if found.complete() {
            break;
        }
    }
    (found, finalizer)
}

/// A shutdown the site's own function shows (an offset in `src`): awaited by an `asyncio.wait`
/// that may return first, its pending ones cancelled only; or made in the object's `__await__`
/// and returned as its iterator, which the awaiter waits for.
fn where_made(site: &TaskSite, src: &str) -> Option<(Shutdown, usize)> {
    if site.reference == Reference::Awaited
        && let Some(at) = super::pending::cancelled_pending(site, src)
    {
        return Some((Shutdown::Cancelled, at));
    }
    super::await_dunder::returned_to_awaiter(site, src).map(|at| (Shutdown::Awaited, at))
}

/// The scope's text, from the module's with another function's own local blanked where it
/// is (`unshadowed`).
fn scope_text<'a>(unshadowed: Option<&'a [u8]>, src: &'a str, scope: &Range<usize>) -> &'a str {
    let text = unshadowed.unwrap_or(src.as_bytes());
    std::str::from_utf8(text.get(scope.clone()).unwrap_or_default()).unwrap_or_default()
}

/// What the class's own text does not show: an aiohttp hook, a concurrent future's blocking
/// `result()`, the task's own end.
fn beyond_the_class(
    site: &TaskSite,
    holder: &str,
    scopes: &[Range<usize>],
    context: &mut Context,
    found: &mut Found,
) {
    // `candidate.task`, an element of `self._subs`: what the class does to any element's.
    if !found.complete() {
        let (shutdown, at) = super::elements::shutdown(site, holder, scopes, context.source.text);
        found.add(shutdown, at);
    }
    // aiohttp hands every hook the application: its other names there are this holder.
    if !found.complete() {
        let (shutdown, at) = super::app_hooks::shutdown_through(site, holder, scopes, context);
        found.add(shutdown, at);
    }
    // A concurrent future's blocking `result()`, where nothing cancels it first (after a
    // `cancel()` it raises at once, without waiting for the task).
    if found.shutdown().0 == Shutdown::None {
        found.add(
            Shutdown::Awaited,
            retrieval::future_result_at(site, context),
        );
    }
    // Through the task's own end: a future it sets as its last step, awaited.
    if !found.complete() {
        found.add(Shutdown::Awaited, signalled(site, context, scopes));
    }
}

/// How the function shuts down the task it keeps in a local (`task.cancel()`, `for t in
/// started: t.cancel()`, `await task`), after the statement that binds it.
fn local_shutdown(site: &TaskSite, context: &mut Context) -> (Shutdown, Option<usize>) {
    let source = context.source;
    // A closure's (or `nonlocal`) variable lives in the function around it.
    let innermost = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let function = site.closure_frame.as_ref().or(innermost);
    let (Some(local), Some(function)) = (site.local.as_deref(), function) else {
        return (Shutdown::None, None);
    };
    let start = site.local_from.unwrap_or(site.statement.end_byte());
    let Some(code) = source.text.get(start..function.end_byte()) else {
        return (Shutdown::None, None);
    };
    // Up to the name's next binding: what follows is another task's.
    let rebound = code.match_indices(local).find(|&(at, _)| {
        let before = code[..at].trim_end_matches([' ', '\t']);
        let after = code[at + local.len()..].trim_start_matches([' ', '\t']);
        before.ends_with('\n')
            && after.starts_with('=')
            && !after.starts_with("==")
            && !other_branch(&code[..at])
    });
    let code = &code[..rebound.map_or(code.len(), |(at, _)| at)];
    let facts = Facts::read(code.as_bytes());
    let mut found = Found::default();
    let (shutdown, at) = shutdown_of(local, &facts);
    found.add(shutdown, at);
    // `await cancel_and_wait(task)`: a helper cancels it and waits for it.
    if !found.complete() {
        let scopes = context.classes_at(site.call.start_byte());
        if let Some((shutdown, at)) =
            helped(facts.handed.get(local).cloned(), &scopes, context, false)
        {
            found.add(shutdown, Some(at));
        }
    }
    let (shutdown, at) = found.shutdown();
    (shutdown, at.map(|at| source.line_col(start + at).0))
}

/// Whether the line that ends `code` (the text after the site's statement) stands in an
/// `else`, `elif` or `except` branch whose `if` or `try` began before the site: a branch the
/// site's own path does not run (molotov: `killer = ensure_future(...)` under `if`, `killer =
/// None` under its `else`).
fn other_branch(code: &str) -> bool {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let mut lines = code.lines().rev().skip(1);
    let own = code.lines().next_back().map_or(0, indent);
    let Some(header) = lines.find(|l| !l.trim().is_empty() && indent(l) < own) else {
        return false;
    };
    let head = header.trim_start();
    let branch = ["else", "elif ", "except"]
        .iter()
        .any(|w| head.starts_with(w));
    // Nothing at the branch's level between the site and it: its `if` is the site's.
    branch && lines.all(|l| l.trim().is_empty() || indent(l) > indent(header))
}

/// What the helpers a holder is handed to do to it (`await _drain_tasks(self._tasks)`, `await
/// cancel_all(self._a, self._b)`, `await self._stop(task)`), read from each helper's body: a
/// method called on `self` in the class or a class joined with it (`scopes`), a function of the
/// module; else by its name. The strongest shutdown, at the offset of its call. A call that is
/// not awaited (`at_once`) runs only a plain `def` whose body the file shows.
fn helped(
    handed: Option<Vec<Handed>>,
    scopes: &[Range<usize>],
    context: &mut Context,
    at_once: bool,
) -> Option<(Shutdown, usize)> {
    let mut best = None;
    for by in handed.unwrap_or_default() {
        let body = match by.on_self {
            true => method_body(&by.function, scopes, context.source.text),
            // A method's body is not what a plain call runs.
            false => (context.function_body(&by.function))
                .filter(|def| !shutdown::takes_self(def))
                .map(str::to_owned),
        };
        let runs = |b: &String| b.trim_start().starts_with("def");
        if at_once && !body.as_ref().is_some_and(runs) {
            continue;
        }
        let Some(found) = shutdown::by_helper(&by, body.as_deref()) else {
            continue;
        };
        if found.0 == Shutdown::CancelledAndAwaited {
            return Some(found);
        }
        best = best.or(Some(found));
    }
    best
}

/// The text of `def name(...)` in the first of `scopes` (class texts) that defines it.
fn method_body(name: &str, scopes: &[Range<usize>], src: &str) -> Option<String> {
    scopes.iter().find_map(|scope| {
        let text = src.get(scope.clone())?;
        let start = *facts::definitions(text).get(name)?;
        text.get(start..facts::function_end(text, start))
            .map(str::to_owned)
    })
}
