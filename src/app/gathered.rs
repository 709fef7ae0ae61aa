//! After the walk (`audit` only): a holder that its own class never shuts down but that another
//! object's method gathers (`await asyncio.gather(*self._simulator.websocket_tasks)`, issue
//! 35's fifth exam, class 2) is not shut down `none`. Where the code shows the gathering
//! object's class to be the holder's (`self.connection = Connection(...)` in `__init__`, an
//! annotation), the holder is awaited there; where it does not show a class, the shutdown is
//! `unknown`, and the evidence names the gather. A gather of an object of another class is not
//! the holder's.

use std::path::PathBuf;

use crate::app::{discover, walk};
use crate::audit::lifecycle::{Description, Exceptions, Risk, Shutdown};
use crate::detect::task_site::Reference;
use crate::project::gathered::{self, Gather};
use crate::render::report::FileReport;

/// Settles the entries of `reports` whose holder is shut down `none` from the gathers of
/// `gathering` (the files the walk saw spell one, in path order).
pub(crate) fn settle(reports: &mut [FileReport], gathering: Vec<PathBuf>, threads: usize) {
    if gathering.is_empty() {
        return;
    }
    let open = open_entries(reports);
    if open.is_empty() {
        return;
    }
    let mut asked: Vec<&str> = open.iter().map(|(_, _, _, a)| a.as_str()).collect();
    asked.sort_unstable();
    asked.dedup();
    let asked = &asked;
    let found: Vec<(String, Vec<Gather>)> = discover::each(gathering, threads, |path, parser| {
        let bytes = std::fs::read(&path).ok()?;
        // Most gathering files gather none of the attributes asked about: left unparsed.
        if !gathered::may_gather_one_of(&bytes, asked) {
            return None;
        }
        let text = crate::scan::source::decode(&bytes).ok()?;
        let tree = parser.parse(text, None)?;
        let found = gathered::gathers(tree.root_node(), text, asked);
        (!found.is_empty()).then(|| (walk::display(&path), found))
    });
    for (r, s, class, attribute) in open {
        let of_attribute = || {
            (found.iter()).flat_map(|(display, gathers)| {
                let same = gathers.iter().filter(|g| g.attribute == attribute);
                same.map(move |g| (display.as_str(), g))
            })
        };
        // The holder's own class shown: awaited there. No class shown: not known.
        let proven = of_attribute().find(|(_, g)| g.class.as_deref() == Some(class.as_str()));
        let unshown = || of_attribute().find(|(_, g)| g.class.is_none());
        let Some((display, gather, shown)) = proven
            .map(|(d, g)| (d, g, true))
            .or_else(|| unshown().map(|(d, g)| (d, g, false)))
        else {
            continue;
        };
        let removed = shown && removed_when_done(&reports[r].path, &attribute);
        if let Some(description) = reports[r].sites[s].audit.as_deref_mut() {
            let owner = format!("{class}.{attribute}");
            let found = Found {
                owner: &owner,
                class: &class,
                display,
                gather,
            };
            match shown {
                true => awaited(description, &found, removed),
                false => unknown(description, &found),
            }
        }
    }
}

/// Each entry whose holder, an attribute of a class, is shut down `none`: (report, site, class,
/// attribute).
fn open_entries(reports: &[FileReport]) -> Vec<(usize, usize, String, String)> {
    let mut open = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        for (s, site) in report.sites.iter().enumerate() {
            let holder = matches!(site.reference, Reference::Attribute | Reference::Collection);
            let unsettled = site
                .described()
                .is_some_and(|d| d.shutdown == Shutdown::None && d.replaced.is_none());
            let owner = site.owner.as_deref().and_then(|o| o.split_once('.'));
            if let Some((class, attribute)) = owner.filter(|_| holder && unsettled)
                && class != "module"
                && !attribute.contains('.')
            {
                open.push((r, s, class.to_owned(), attribute.to_owned()));
            }
        }
    }
    open
}

/// The gather found for a holder.
struct Found<'a> {
    owner: &'a str,
    class: &'a str,
    display: &'a str,
    gather: &'a Gather,
}

/// The gather's object is shown to be of the holder's class: awaited there.
fn awaited(description: &mut Description, found: &Found, removed: bool) {
    let Found { owner, class, .. } = *found;
    let (object, attribute) = (&found.gather.object, &found.gather.attribute);
    let at = format!("{}:{}", found.display, found.gather.line);
    description.shutdown = Shutdown::Awaited;
    description.shutdown_file = Some(found.display.to_owned());
    description.shutdown_line = Some(found.gather.line);
    // Gather reads the outcome of every task it awaits; one a done callback takes out of the
    // holder unread before the gather runs is never read.
    if description.exceptions == Exceptions::NotRetrieved && !removed {
        description.exceptions = Exceptions::Retrieved;
    }
    description.risk = match description.exceptions {
        Exceptions::Retrieved | Exceptions::Logged | Exceptions::NotApplicable => Risk::None,
        Exceptions::NotRetrieved => Risk::Low,
    };
    let unread = match removed {
        true => format!(
            "; a task that ends before the gather is taken out of `{owner}` unread by its done \
             callback"
        ),
        false => String::new(),
    };
    description.action = match description.risk {
        Risk::None => "none".to_owned(),
        _ => format!(
            "read the outcome of a task that ends before the gather at {at} (its done callback \
             takes it out of `{owner}` unread)"
        ),
    };
    description.evidence = format!(
        "{}; `{owner}` is awaited by `asyncio.gather(*{object}.{attribute})` at {at}, where \
         `{object}` is shown to be a `{class}`{unread}",
        description.evidence
    );
}

/// The gather's object is of a class the code does not show: the shutdown is not known.
fn unknown(description: &mut Description, found: &Found) {
    let Found { owner, class, .. } = *found;
    let (object, attribute) = (&found.gather.object, &found.gather.attribute);
    let at = format!("{}:{}", found.display, found.gather.line);
    description.shutdown = Shutdown::Unknown;
    description.shutdown_file = Some(found.display.to_owned());
    description.shutdown_line = Some(found.gather.line);
    description.risk = description.risk.min(Risk::Low);
    description.action = format!(
        "confirm that `{object}` at {at} is the `{class}` that holds the task: if it is, its \
         gather awaits the task"
    );
    description.evidence = format!(
        "{}; `asyncio.gather(*{object}.{attribute})` at {at} awaits the `{attribute}` of an \
         object whose class the code does not show: whether it is `{owner}` is not known",
        description.evidence
    );
}

/// The holder's file adds a done callback that takes a finished task out of it unread
/// (`task.add_done_callback(self.tasks.discard)`): a task that ends before the gather runs is
/// not there for it to read.
fn removed_when_done(path: &std::path::Path, attribute: &str) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    ["discard", "remove"].iter().any(|method| {
        let needle = format!("add_done_callback(self.{attribute}.{method})");
        memchr::memmem::find(&bytes, needle.as_bytes()).is_some()
    })
}
