//! What becomes of each task in the inventory: how its owner shuts it down, whether anything
//! retrieves its exception, and from those its risk and the action a reviewer should take.
//!
//! Shutdown and callbacks are looked up in the text of the owner's class (or the module): a
//! `.cancel()` of the holder or of its elements, then an `await` / `gather` / `wait` of it.

pub use super::branches::Branch;
use super::context::Context;
use super::coroutine::Coroutine;
pub use super::fate::{Exceptions, Risk, Shutdown};
use super::fate::{Fate, risk_of};
pub use super::replaced::Replaced;
pub use super::returned::Returned;
use tree_sitter::Node;

use crate::detect::task_site::{NeverRuns, Reference, TaskSite};
use crate::detect::verdict::Verdict;
use crate::project::handlers::FileHandlers;
use crate::scan::source::SourceFile;
use crate::scan::syntax::text;

/// What the audit says of a task site beyond its verdict (the site itself, its place, callee,
/// reference, owner and verdict, is the core's `Site`), in plain data for the printers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// The owner the audit followed the holder to, where detection named a local alias of it
    /// (`tasks = getattr(self, "_tasks", None)`: `Engine._tasks`).
    pub owner: Option<String>,
    /// The enclosing classes and functions, dotted (`Scheduler.start`), or `<module>`.
    pub function: String,
    /// The first line of the enclosing function's docstring.
    pub purpose: Option<String>,
    /// How long the reference keeps the task, in words.
    pub lifetime: String,
    pub shutdown: Shutdown,
    /// The line of the cancel (or the await) that shuts the task down.
    pub shutdown_line: Option<usize>,
    /// The file that line is in, when it is not the site's (another object's gather).
    pub shutdown_file: Option<String>,
    pub exceptions: Exceptions,
    pub risk: Risk,
    pub action: String,
    /// The statement that creates the task, as written.
    pub code: String,
    /// What proves the verdict (or, for `unknown`, what stopped the proof), in a sentence.
    pub evidence: String,
    /// The coroutine function the task runs, when the site calls it (for `explain`).
    pub coroutine: Option<Coroutine>,
    /// When the branches of an `if` keep the task in different ways: each branch's way.
    pub branches: Vec<Branch>,
    /// The task's method may replace it while it runs, unless its callers rule that out.
    pub replaced: Option<Box<Replaced>>,
    /// The task's method returns it: its callers decide whether anything keeps it.
    pub returned: Option<Box<Returned>>,
    /// The task's coroutine is a method every `m` of whose file never suspends: the classes
    /// derived from its class decide (see [`super::overrides`]).
    pub overridable: Option<Box<super::overrides::Overridable>>,
    /// The task's coroutine holds the instance (`self._loop()`): the instance's `__del__`
    /// cannot run while the task lives ([`super::finalizer::held_by_task`]).
    pub holds_instance: bool,
}

/// Describes every site of the inventory; `handlers`, the summaries of the functions the file
/// can call, read a done callback another file defines.
pub fn describe(
    sites: &[TaskSite],
    source: &SourceFile,
    handlers: Option<&FileHandlers>,
) -> Vec<Description> {
    let mut context = Context::new(source, handlers);
    let describe = |site: &TaskSite| match super::alias_owner::followed(site, source.text) {
        Some(followed) => Description {
            owner: followed.owner.clone(),
            ..describe_one(&followed, site.holder.as_deref(), &mut context)
        },
        None => describe_one(site, None, &mut context),
    };
    sites.iter().map(describe).collect()
}

/// The action for a task that keeps itself, but only after its first suspension point.
const STORES_ITSELF_LATE: &str = "keep a reference until the task has stored itself (see its \
                                  evidence), or confirm that something else holds it until then";

/// `alias`: the local the site's holder was followed from, whose discards in the method are
/// the attribute's.
fn describe_one(site: &TaskSite, alias: Option<&str>, context: &mut Context) -> Description {
    let source = context.source;
    let src = source.text;
    let call = site.call;
    let line = source.line_col(call.start_byte()).0;
    let function = function_name(site, src);
    let purpose = site.enclosing.last().and_then(|d| docstring(*d, src));
    let (shutdown, shutdown_line) = super::shutdown_at::shutdown_at(site, context);
    let sentinel = sentinel(site, shutdown, context);
    let (shutdown, shutdown_line) = (sentinel.as_ref()).map_or((shutdown, shutdown_line), |s| {
        (Shutdown::Unknown, Some(source.line_col(s.at).0))
    });
    let code = statement_code(site.statement, source);
    let (exceptions, raises_none) = super::event_wait::exceptions(site, shutdown, context);
    let handed_back = site.reference == Reference::Collection && made_and_returned(site, context);
    let never_discarded = !handed_back
        && never_discarded(site, context)
        && !alias.is_some_and(|a| super::alias_owner::taken_out(site, a, src));
    let unknown = matches!(site.verdict, Verdict::Unknown(_));
    let risk = |rebind| match handed_back {
        // The caller of the function owns the new collection, as a returned task.
        true if shutdown == Shutdown::None => Risk::None,
        // Whether the dropped value is a task at all is not known (a factory's path its
        // arguments do not select): a loss is neither proved nor ruled out.
        _ if unknown && site.reference == Reference::Dropped => Risk::Low,
        // What keeps the task is not known: a loss cannot be ruled out, nor proved.
        _ if unknown => risk_of(site, shutdown, exceptions, never_discarded, rebind).max(Risk::Low),
        _ => risk_of(site, shutdown, exceptions, never_discarded, rebind),
    };
    // A wait may leave it pending; a `return` or `raise` before the await leaves with it
    // pending; or it is awaited or cancelled only on a branch the function may skip.
    let left_pending = left_pending(site, source);
    let early = super::early::leaves_before_await(site, src, &mut context.early);
    let plain = early.is_none() && left_pending.is_none() && !unknown;
    let one_branch =
        plain.then(|| super::one_branch::only_on_a_branch(site, src, &mut context.branch_reads));
    let one_branch = one_branch.flatten();
    let risk = |rebind| match (left_pending, &early, one_branch) {
        (None, None, None) => risk(rebind),
        _ => Risk::High,
    };
    let (risk, unreplaced) = (risk(site.unguarded_rebind), risk(false));
    // The task's own coroutine moves its attribute on to another task, then goes on running.
    let successor = (!unknown)
        .then(|| super::successor::of(site, src))
        .flatten();
    let (risk, unreplaced) = super::successor::risks(successor.as_ref(), risk, unreplaced);
    let fate = Fate {
        line,
        function: &function,
        owner: site.owner.as_deref().unwrap_or("its owner"),
        shutdown,
        shutdown_line,
        never_discarded,
        handed_back,
        left_pending,
        risk,
        exceptions,
    };
    let early = early.map(|found| super::early::words(found, source, &function));
    let taken_first = (shutdown == Shutdown::Cancelled && !unknown)
        .then(|| taken_before_cancel(site, context))
        .flatten();
    let stopped_by_sentinel = sentinel.is_some() && !unknown;
    let (action, evidence) = match sentinel {
        Some(found) if !unknown => found.words(super::evidence::evidence(site, src)),
        _ => words(site, context, &fate, (early, taken_first)),
    };
    let action = super::one_branch::action(one_branch, &function, source).unwrap_or(action);
    let words = (action, evidence);
    let (action, evidence) = super::action::taken_unread(site, &fate, context, words);
    let (action, evidence) = super::successor::words(successor.as_ref(), action, evidence);
    let seen = stopped_by_sentinel.then_some(action.as_str());
    let replaced = (risk != unreplaced && !unknown)
        .then(|| replaced(site, context, fate, unreplaced, seen))
        .flatten();
    let lifetime = lifetime(site, &fate);
    let returned = super::returned::of(site, &function, src);
    let overridable = super::overrides::of(site);
    Description {
        owner: None,
        function,
        purpose,
        lifetime,
        shutdown,
        shutdown_line,
        shutdown_file: None,
        exceptions,
        risk,
        action,
        code,
        evidence: evidence + &raises_none,
        coroutine: super::coroutine::of(call, &site.enclosing, src, &mut context.names),
        branches: super::branches::of(site, source, &mut context.own_names),
        replaced,
        returned,
        overridable,
        holds_instance: super::finalizer::held_by_task(site, src),
    }
}

/// The line of the `asyncio.wait` that may return with the task pending, where the function
/// then drops it (a task awaited only there, or a local list's whose only read is that wait).
fn left_pending(site: &TaskSite, source: &SourceFile) -> Option<usize> {
    match site.reference {
        Reference::Awaited => super::pending::left_pending(site, source.text),
        Reference::Collection => super::pending::holder_left_pending(site, source.text),
        _ => None,
    }
    .map(|at| source.line_col(at).0)
}

/// What the callers of the site's method are asked ([`super::replaced`]), with `fate` as it is
/// if none replaces a live task (its risk then `risk`); a stop through a sentinel or a flag
/// keeps its action (`seen`): what was seen is still to confirm.
fn replaced(
    site: &TaskSite,
    context: &mut Context,
    fate: Fate,
    risk: Risk,
    seen: Option<&str>,
) -> Option<Box<super::replaced::Replaced>> {
    let source = context.source;
    let stops = &mut context.stops;
    let mut replaced = super::replaced::of(site, source, Fate { risk, ..fate }, stops)?;
    if let Some(action) = seen {
        action.clone_into(&mut replaced.action);
    }
    Some(replaced)
}

/// Nothing else shuts the attribute's task down, but its owner puts a sentinel on a queue its
/// coroutine, not in the checked code, may read, or sets the flag its coroutine's loop tests:
/// unknown, not none (see [`super::sentinel`], [`super::flag_stop`]).
fn sentinel(
    site: &TaskSite,
    shutdown: Shutdown,
    context: &mut Context,
) -> Option<super::sentinel::Sentinel> {
    if shutdown != Shutdown::None || site.reference != Reference::Attribute {
        return None;
    }
    let scopes = context.scopes(site);
    super::sentinel::seen(site, &scopes, context.source.text)
        .or_else(|| super::flag_stop::seen(site, &scopes, context))
}

/// The site's action and evidence: an `unknown` verdict's, a return before the await's
/// (`early`), a task taken out before it is cancelled (at line `taken_first`), or the fate's.
fn words(
    site: &TaskSite,
    context: &mut Context,
    fate: &Fate,
    (early, taken_first): (Option<(String, String)>, Option<usize>),
) -> (String, String) {
    let source = context.source;
    let evidence = || super::evidence::evidence(site, source.text);
    match (&site.verdict, early, taken_first) {
        (Verdict::Unknown(_), _, _) if site.stores_itself.is_some() => {
            (STORES_ITSELF_LATE.to_owned(), evidence())
        }
        // `first_step_method`: the file's every `m` never suspends; another file's may.
        (Verdict::Unknown(_), _, _) if site.finishes_at_once => (
            "find out whether a subclass in another file overrides the method with a coroutine \
             that suspends (see its evidence): if one does, keep the task"
                .to_owned(),
            evidence(),
        ),
        // `handed_wait`: the object the task waits on went to code this file does not read.
        (Verdict::Unknown(_), _, _) if let Some((what, names)) = &site.waits_on => (
            format!(
                "find out what keeps the {what} {names} after this frame (see its evidence): if \
                 nothing does, keep the task"
            ),
            evidence(),
        ),
        (Verdict::Unknown(_), _, _) if site.reference == Reference::Dropped => (
            "find out whether the call returns a task here (see its evidence): if it does, \
             keep it"
                .to_owned(),
            evidence(),
        ),
        // Read only by its own done callback: a cycle through the task.
        (Verdict::Unknown(_), _, _)
            if let Some(words) =
                super::own_callback::words(site, source.text, |at| source.line_col(at).0) =>
        {
            words
        }
        (Verdict::Unknown(_), _, _) => (
            "find out what keeps the task: the checked code and the library contracts do not \
             say (see its evidence)"
                .to_owned(),
            evidence(),
        ),
        (_, Some((evidence, action)), _) => (action, evidence),
        (_, None, Some(line)) => (
            format!(
                "keep it in `{}` until it ends (its done callback removes it)",
                fate.owner
            ),
            format!(
                "{}; taken out of `{}` before it is cancelled (line {line}): its cleanup after \
                 the cancellation, if it awaits, is held by nothing",
                evidence(),
                site.holder.as_deref().unwrap_or("its holder")
            ),
        ),
        (_, None, None) => {
            let action = super::action::action(site, source, fate, &mut context.notes);
            (action, evidence())
        }
    }
}

/// The enclosing classes and functions, dotted (`Scheduler.start`), or `<module>`.
fn function_name(site: &TaskSite, src: &str) -> String {
    let names: Vec<&str> = site
        .enclosing
        .iter()
        .filter_map(|d| d.child_by_field_name("name").map(|n| text(n, src)))
        .collect();
    if names.is_empty() {
        "<module>".to_owned()
    } else {
        names.join(".")
    }
}

/// The line where the class (or module) takes the site's task out of the collection that
/// keeps it and then cancels it, awaiting it nowhere after (see [`super::drains`]).
fn taken_before_cancel(site: &TaskSite, context: &mut Context) -> Option<usize> {
    let holder = site.holder.as_deref()?;
    // A local collection dies with its frame: taking the task out of it first changes nothing.
    if site.reference != Reference::Collection || site.in_local_container {
        return None;
    }
    let src = context.source.text;
    let at = (context.scopes(site).iter()).find_map(|scope| {
        let text = src.get(scope.clone())?;
        let squeezed = context.squeezed(scope);
        super::drains::taken_before_cancel(holder, text, squeezed).map(|at| scope.start + at)
    })?;
    Some(context.source.line_col(at).0)
}

/// The task is kept in a collection (not a local one) that nothing ever takes tasks out of.
fn never_discarded(site: &TaskSite, context: &mut Context) -> bool {
    let Some(holder) = site.holder.as_deref() else {
        return false;
    };
    site.reference == Reference::Collection
        && !site.in_local_container
        && !site.in_slot
        && site.owner_scope.is_some()
        && (context.scopes(site).iter())
            .all(|scope| !context.facts(scope).taken_out.contains(holder))
        && !emptied_or_filled_once(holder, context.scopes(site), context)
}

/// Whether the holder's scopes empty it or fill it once, read once per holder and scopes: the
/// same for each of its sites.
fn emptied_or_filled_once(
    holder: &str,
    scopes: Vec<std::ops::Range<usize>>,
    context: &mut Context,
) -> bool {
    let src = context.source.text;
    let read = || {
        (scopes.iter()).any(|scope| {
            super::emptied::emptied(holder, src.get(scope.clone()).unwrap_or_default())
        }) || filled_once(holder, &scopes, src)
    };
    let key = (holder.to_owned(), scopes.clone());
    match context.emptied.get(&key) {
        Some(&known) => known,
        None => *context.emptied.entry(key).or_insert_with(read),
    }
}

/// Every function of the holder's scopes that adds to it returns first when it is not empty,
/// or adds a counted batch the class waits for in full: it does not grow with every task (see
/// [`super::filled_once`]).
fn filled_once(holder: &str, scopes: &[std::ops::Range<usize>], src: &str) -> bool {
    let found: Vec<Option<bool>> = (scopes.iter())
        .map(|scope| {
            super::filled_once::filled_once(holder, src.get(scope.clone()).unwrap_or_default())
        })
        .collect();
    found.contains(&Some(true)) && !found.contains(&Some(false))
}

/// The function that adds the task binds its collection to a new one and returns it
/// (`self._pending = set()`, `self._pending.add(task)`, `return self._pending`): a result
/// handed to the caller, made anew, not one that grows.
fn made_and_returned(site: &TaskSite, context: &mut Context) -> bool {
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let (Some(holder), Some(function)) = (site.holder.as_deref(), function) else {
        return false;
    };
    // The same for each site of the function that adds to the holder: read once.
    let key = (function.start_byte(), holder.to_owned());
    if let Some(&known) = context.made_and_returned.get(&key) {
        return known;
    }
    let read = made_and_returned_in(*function, holder, context.source.text);
    context.made_and_returned.insert(key, read);
    read
}

/// [`made_and_returned`] of `holder` in `function`.
fn made_and_returned_in(function: tree_sitter::Node, holder: &str, src: &str) -> bool {
    // An element of a local container (`d[k].append(t)`) is the container's to return.
    let plain = |b: &str| !b.is_empty() && b.chars().all(|c| c.is_alphanumeric() || c == '_');
    let holder = match holder.split_once('[') {
        Some((base, _)) if plain(base) => base,
        _ => holder,
    };
    let body = src.get(function.byte_range()).unwrap_or_default();
    let made = body.lines().any(|line| {
        let value = line.trim_start().strip_prefix(holder).map(str::trim_start);
        let value = value.and_then(|v| v.strip_prefix('=')).map(str::trim_start);
        value.is_some_and(new_container)
    }) || made_annotated(function, holder, src);
    let returned = body
        .lines()
        .any(|line| line.trim().strip_prefix("return ") == Some(holder));
    made && returned
}

/// A new, empty container: `set()`, `[]`, `{}`, `list()`, `dict()`, `defaultdict(list)`.
fn new_container(value: &str) -> bool {
    let new = [
        "set()",
        "[]",
        "{}",
        "list()",
        "dict()",
        "defaultdict(",
        "collections.defaultdict(",
    ];
    new.iter().any(|new| value.starts_with(new))
}

/// `name: T = <new container>` in `function`'s body, over lines (`d: Dict[\n...\n] = {}`).
fn made_annotated(function: tree_sitter::Node, name: &str, src: &str) -> bool {
    let mut made = false;
    crate::scan::syntax::walk(function, |node| {
        if made {
            return false;
        }
        made = node.kind() == "assignment"
            && node.child_by_field_name("type").is_some()
            && (node.child_by_field_name("left")).is_some_and(|l| text(l, src) == name)
            && (node.child_by_field_name("right")).is_some_and(|r| new_container(text(r, src)));
        true
    });
    made
}

/// How long the reference keeps the task, in words.
fn lifetime(site: &TaskSite, fate: &Fate) -> String {
    let (function, owner) = (fate.function, fate.owner);
    let frame = super::action::frame_function(site, function);
    match site.reference {
        _ if site.not_a_task => "no task: `ensure_future` returns the future it is handed, which runs nothing of its own"
            .to_owned(),
        _ if site.never_runs == Some(NeverRuns::NotACoroutine) => {
            "no task: the creator raises TypeError on what the plain function returns".to_owned()
        }
        _ if site.never_runs == Some(NeverRuns::NoLoopInThread) => {
            "no task: the creator raises RuntimeError in a thread where no event loop runs"
                .to_owned()
        }
        _ if site.never_runs.is_some() => {
            "held by the ready queue of a loop that never runs: the task never takes a step"
                .to_owned()
        }
        Reference::Dropped => {
            "nothing keeps the task: it can be garbage-collected before it finishes".to_owned()
        }
        Reference::Awaited => "awaited where it is created: it lives until it finishes".to_owned(),
        Reference::Returned => match site.weakly_held.as_deref() {
            // Also put in a weak container, which keeps nothing.
            Some(weak) => format!(
                "returned to the caller of `{function}`, which owns it (`{weak}` holds it weakly)"
            ),
            None => format!("returned to the caller of `{function}`, which owns it"),
        },
        Reference::Attribute => {
            format!("kept in `{owner}` until the attribute is rebound or its object dies")
        }
        Reference::Collection if fate.never_discarded => {
            format!("kept in `{owner}`, which nothing ever discards from: it grows with every task")
        }
        Reference::Collection => format!("kept in `{owner}` until it is taken out"),
        Reference::Module => format!("kept in `{owner}` for the life of the module"),
        Reference::TaskGroup => {
            "kept by its task group, which awaits it when its `async with` block ends".to_owned()
        }
        Reference::Passed if site.finishes_at_once => {
            "held by the loop's ready queue until it finishes".to_owned()
        }
        Reference::Passed if let Some((what, names)) = &site.waits_on => format!(
            "held by the {what} {names} it waits on {}, then by the loop's ready queue until it \
             finishes",
            match *what {
                "future" => "until that is done",
                _ => "while it waits",
            }
        ),
        Reference::Passed => "handed to other code, which decides how long it lives".to_owned(),
        Reference::Local if site.lost_next_turn.is_some() && site.kind().is_none() => format!(
            "kept in `{}` while `{frame}` awaits the call it is handed to; lost when its loop's next turn binds the local again before anything keeps it",
            site.local.as_deref().unwrap_or("a local")
        ),
        Reference::Local if site.held_by_frame && site.kind().is_none() => format!(
            "kept in `{}`, a local of `{frame}`, which later cancels or inspects it, waits until it is done, or never returns: the frame holds it until then",
            site.local.as_deref().unwrap_or("a local")
        ),
        Reference::Local if site.rebound_at.is_some() => format!(
            "kept only in `{}`, which is bound again before anything keeps the task: it is lost there",
            site.local.as_deref().unwrap_or("a local")
        ),
        Reference::Local if site.callback_only => format!(
            "kept only in a local of `{function}` that nothing but a done callback reads: it dies with the frame"
        ),
        Reference::Local => {
            format!("kept only in a local of `{function}`: it dies with the function's frame")
        }
    }
}

/// The first line of a function's or class's docstring.
fn docstring(definition: Node, src: &str) -> Option<String> {
    let body = definition.child_by_field_name("body")?;
    let first = body.named_child(0)?;
    let string = first
        .named_child(0)
        .filter(|s| first.kind() == "expression_statement" && s.kind() == "string")?;
    let raw = text(string, src);
    let inner = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let inner = inner.trim_matches(|c| c == '"' || c == '\'');
    inner
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

/// The lines of the statement that holds the call (at most ten), without their common
/// indentation.
fn statement_code(statement: Node, source: &SourceFile) -> String {
    let node = statement;
    let start = source.line_start(node.start_byte());
    let end = source.line_end(node.end_byte().saturating_sub(1).max(start));
    let lines: Vec<&str> = source.text.get(start..end).unwrap_or("").lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut shown: Vec<&str> = lines
        .iter()
        .take(10)
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect();
    if lines.len() > 10 {
        shown.push("...");
    }
    shown.join("\n")
}
