//! A holder's shutdown written in a class other than the one the audit read it in (issue 35's
//! fifth exam, classes 1 and 7): the class of the object whose attribute holds the task, where
//! the code shows it (`heartbeat = Heartbeat(...)` then `heartbeat.task = ...`; `batch: Batch`),
//! and the classes joined with a mixin in another file (`class Audio(Tasks, Events)`: `self` in
//! `Tasks` is also the `self` of `Events.cog_unload`). Whoever assigns `x.attr`, the methods of
//! `x`'s class that cancel or await `self.attr` shut down what it holds. Read off the text of the
//! other file, as the owner's own class is ([`super::hierarchy`]).

use std::collections::HashSet;

use super::facts::Facts;
use super::fate::{Exceptions, Risk, Shutdown};
use super::hierarchy::Classes;
use super::lifecycle::Description;
use super::shutdown::{Found, shutdown_of};

/// What the classes of one file do to `self.<attribute>`.
pub struct Shut {
    pub shutdown: Shutdown,
    /// The line of the cancel (or the wait), 1-based.
    pub line: usize,
    /// Its wait reads the task's outcome (not only `asyncio.wait`'s blind one).
    pub reads: bool,
    /// The class that writes it.
    pub class: String,
    /// The line is in an `async def` (a cancelled task can be awaited there).
    pub in_async: bool,
}

/// The strongest shutdown that the classes of `src` named in `classes` write of
/// `self.<attribute>`, or none; a `__del__`'s only where `finalizer` (the task does not hold
/// the instance, [`super::finalizer::held_by_task`]).
pub fn shutdown_in(
    src: &str,
    classes: &HashSet<String>,
    attribute: &str,
    finalizer: bool,
) -> Option<Shut> {
    let holder = format!("self.{attribute}");
    // Read into classes only where a header names one of them and the holder is spelled.
    if memchr::memmem::find(src.as_bytes(), holder.as_bytes()).is_none()
        || !defines_one_of(src.as_bytes(), classes)
    {
        return None;
    }
    let mut found = Found::default();
    let (mut reads, mut blind) = (false, false);
    let mut writer = None;
    for (name, extent) in Classes::read(src).named() {
        let body = src.get(extent.clone()).unwrap_or_default();
        if !classes.contains(name)
            || memchr::memmem::find(body.as_bytes(), holder.as_bytes()).is_none()
        {
            continue;
        }
        let masked = (!finalizer)
            .then(|| super::finalizer::blanked(body))
            .flatten();
        let facts = Facts::read(masked.as_ref().map_or(body.as_bytes(), |(m, _)| m));
        let (shutdown, at) = shutdown_of(&holder, &facts);
        if let Some(at) = at.filter(|_| shutdown != Shutdown::None) {
            found.add(shutdown, Some(extent.start + at));
            writer.get_or_insert_with(|| name.to_owned());
        }
        match super::retrieval::seen(&holder, &facts) {
            Some(true) => reads = true,
            Some(false) => blind = true,
            None => {}
        }
    }
    let (shutdown, at) = found.shutdown();
    let at = at.filter(|_| shutdown != Shutdown::None)?;
    let line = src.get(..at).map_or(0, |b| b.matches('\n').count()) + 1;
    Some(Shut {
        shutdown,
        line,
        reads: reads || !blind,
        class: writer.unwrap_or_default(),
        in_async: super::action::in_async_function(src, line),
    })
}

/// How the module `src` shuts down its own module-level `name` (a list another module imports
/// and fills), read in its text with the functions that bind their own `name` left out; none
/// when the module binds no `name` at its top level.
pub fn shutdown_in_module(src: &str, name: &str) -> Option<Shut> {
    if !binds_at_top(src, name) {
        return None;
    }
    let tree = crate::scan::syntax::new_parser().parse(src, None)?;
    let masked = super::module_names::without_shadowing(tree.root_node(), name, src);
    let facts = Facts::read(masked.as_deref().unwrap_or(src.as_bytes()));
    let (shutdown, at) = shutdown_of(name, &facts);
    let at = at.filter(|_| shutdown != Shutdown::None)?;
    let line = src.get(..at).map_or(0, |b| b.matches('\n').count()) + 1;
    Some(Shut {
        shutdown,
        line,
        reads: super::retrieval::seen(name, &facts) != Some(false),
        class: String::new(),
        in_async: super::action::in_async_function(src, line),
    })
}

/// Whether the module `src` binds `name` at column 0: `name = [...]`, `name: list[Task] = []`.
pub fn binds_at_top(src: &str, name: &str) -> bool {
    memchr::memmem::find_iter(src.as_bytes(), name.as_bytes()).any(|at| {
        let starts_line = at == 0 || src.as_bytes().get(at - 1) == Some(&b'\n');
        let rest = src.get(at + name.len()..).unwrap_or_default();
        let line = rest.split('\n').next().unwrap_or_default();
        let line = line.trim_start_matches([' ', '\t']);
        let value = match line.strip_prefix(':') {
            Some(annotated) => annotated.find('=').map(|i| &annotated[i..]),
            None => Some(line),
        };
        starts_line && value.is_some_and(|v| v.starts_with('=') && !v.starts_with("=="))
    })
}

/// Whether a `class Name` of the text names one of `classes`.
fn defines_one_of(text: &[u8], classes: &HashSet<String>) -> bool {
    memchr::memmem::find_iter(text, b"class ").any(|at| {
        let rest = text[at + b"class ".len()..].trim_ascii_start();
        let name = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        std::str::from_utf8(&rest[..name]).is_ok_and(|name| classes.contains(name))
    })
}

/// Settles an entry whose holder its own class never shuts down with the shutdown `shut` found
/// in another class, in `file` when that is not the site's; `why` says how the code shows that
/// class to be the holder's.
pub fn settle(
    description: &mut Description,
    owner: &str,
    shut: &Shut,
    file: Option<&str>,
    why: &str,
) {
    description.shutdown = shut.shutdown;
    description.shutdown_file = file.map(str::to_owned);
    description.shutdown_line = Some(shut.line);
    let at = match file {
        Some(file) => format!("{file}:{}", shut.line),
        None => format!("line {}", shut.line),
    };
    let waits = matches!(
        shut.shutdown,
        Shutdown::Awaited | Shutdown::CancelledAndAwaited
    );
    // A wait that reads the task re-raises (or returns) its outcome: it is retrieved.
    if waits && shut.reads && description.exceptions == Exceptions::NotRetrieved {
        description.exceptions = Exceptions::Retrieved;
    }
    description.risk = match (shut.shutdown, description.exceptions) {
        (Shutdown::Cancelled, _) | (_, Exceptions::NotRetrieved) => Risk::Low,
        _ => Risk::None,
    };
    description.action = match (description.risk, shut.shutdown) {
        (Risk::None, _) => "none".to_owned(),
        (_, Shutdown::Cancelled) if shut.in_async => {
            format!("await `{owner}` after cancelling it ({at})")
        }
        (_, Shutdown::Cancelled) => format!(
            "cancelled in a synchronous function ({at}): await `{owner}` from an async \
             shutdown, or retrieve its result in a done callback"
        ),
        _ => format!(
            "retrieve the exception of `{owner}` once it is done ({at}): await it, or log it in \
             a done callback"
        ),
    };
    description.evidence = format!(
        "{}; {why}, and `{}` shuts it down ({} at {at})",
        description.evidence,
        shut.class,
        shut.shutdown.as_str()
    );
}
