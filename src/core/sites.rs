//! A file's analysis as plain data: its sites ([`Site`]), each with its one verdict, and the
//! audit's notes. The verdict is detection's, settled here with what only the whole file and
//! the mode know: a generated file is reported but never fixed, a drop a loop-wide task factory
//! is not shown to cover says so, and `fix` keeps a test's dropped factory result at its call.

use std::collections::HashSet;
use std::path::Path;

use super::options::{Mode, Options};
use super::site::{Dropping, Site, Verdict, findings};
use crate::audit::lifecycle;
use crate::detect::dropped_task::callee;
use crate::detect::loop_factory::LoopFactory;
use crate::detect::task_site::TaskSite;
use crate::detect::{self, Detection, Dropped};
use crate::project::factories::FactoryRef;
use crate::scan::source::{GENERATED, SourceFile, is_generated};

/// What settles the verdicts of one file's sites.
struct Settle<'a, 's> {
    source: &'a SourceFile<'s>,
    detection: &'a Detection<'a, 's>,
    /// Why nothing in the file is fixed, if nothing is: it says it is generated, or it calls
    /// `asyncio.` without binding it (an `import asyncio` would make those lines run).
    left: Option<&'static str>,
    /// The first loop-wide task factory that keeps what it creates.
    loop_factory: Option<&'a LoopFactory>,
    /// `fix` keeps a dropped factory result at its call (see `Options::fixed_at_call`).
    options: Option<&'a Options>,
    /// The file is test code (see `Options::in_tests`), in every mode.
    in_tests: bool,
}

/// The file's sites: those `check` reports, in the order of their statements; for
/// `Mode::Audit` every site in source order, each with the audit's words.
pub(super) fn sites_of(
    detection: &Detection,
    source: &SourceFile,
    mode: Mode,
    options: &Options,
) -> Vec<Site> {
    let settle = Settle {
        source,
        detection,
        left: left_alone(detection, source),
        loop_factory: detection.loop_factories.first(),
        options: (mode == Mode::Fix).then_some(options),
        in_tests: options.in_tests(),
    };
    if mode == Mode::Audit {
        return settle.audited();
    }
    let mut reported: Vec<(&TaskSite, Dropped)> = (detection.sites.iter())
        .filter_map(|s| s.drop().filter(|d| detection.reports(d)).map(|d| (s, d)))
        .collect();
    reported.sort_by_key(|(_, d)| d.stmt.start_byte());
    (reported.iter())
        .map(|(task, drop)| settle.site(task, Some(drop)))
        .collect()
}

impl Settle<'_, '_> {
    /// The site of `task`; `drop` is its drop, when it has one.
    fn site(&self, task: &TaskSite, drop: Option<&Dropped>) -> Site {
        let callee = callee(task.call, self.source.text);
        let verdict = match (&task.verdict, drop) {
            (_, Some(drop)) => Verdict::Dropped(Some(Box::new(self.dropping(drop, &callee)))),
            (detect::verdict::Verdict::Kept { by }, None) => Verdict::Kept { by: by.clone() },
            (detect::verdict::Verdict::Dropped(_), None) => Verdict::Dropped(None),
            (detect::verdict::Verdict::Unknown(why), None) => Verdict::Unknown(why.clone()),
        };
        Site {
            at: self.source.span(task.call.byte_range()),
            callee,
            reference: task.reference,
            owner: task.owner.clone(),
            verdict,
            audit: None,
        }
    }

    /// How `drop` drops its task, settled for the file and the mode.
    fn dropping(&self, drop: &Dropped, callee: &str) -> Dropping {
        let (source, refs) = (self.source, &self.detection.facts.factories.refs);
        let factory = drop.factory.and_then(|i| refs.get(i)).cloned();
        let mut dropping = Dropping {
            kind: drop.kind,
            at: source.span(drop.stmt.byte_range()),
            statement: drop.lines(source),
            message: drop.message(source.text, callee, factory.as_ref()),
            unfixable: drop.unfixable,
            factory,
            reported: self.detection.reports(drop),
        };
        if let Some(set) = self.loop_factory {
            dropping.message.push_str(&format!(
                " (line {} sets a task factory that keeps the tasks of `{}`; this task is not \
                 shown to run on that loop)",
                set.line, set.receiver
            ));
        }
        // A generated file is reported but never edited: fix the generator's source instead.
        if let Some(why) = self.left.filter(|_| dropping.fixable()) {
            dropping.not_fixed(why);
            dropping.message.push_str(" (no automatic fix: ");
            dropping.message.push_str(why);
            dropping.message.push(')');
        }
        let at_call = |f: &_| self.options.is_some_and(|o| o.fixed_at_call(f));
        // A factory handed to the loop (`loop.call_soon(factory, coro)`) makes its task later:
        // what the call returns is the loop's `Handle`, so the task is kept in the factory.
        let handed = drop.kind == crate::detect::kinds::Kind::ThreadsafeHandoff;
        // A result that may be `None` is a task only inside the factory: a test's call cannot
        // keep it, and a test's shortcut does not change the library (unless code outside the
        // tests drops it too, which `fix` alone knows: then the factory keeps it).
        let used = |f: &FactoryRef| self.options.is_some_and(|o| o.factories.is_used(f));
        let or_none = dropping.factory.as_ref().filter(|f| f.or_none && !used(f));
        if self.in_tests && !handed && or_none.is_some() {
            if dropping.fixable() {
                dropping.not_fixed(OR_NONE_IN_TESTS);
            }
            dropping.factory = None;
        }
        if !handed && dropping.factory.as_ref().is_some_and(at_call) {
            dropping.factory = None;
        }
        dropping
    }

    /// Every site of the file, in source order, with the audit's words.
    fn audited(&self) -> Vec<Site> {
        let tasks = &self.detection.sites;
        let handlers = Some(&self.detection.facts.factories.handlers);
        let descriptions = lifecycle::describe(tasks, self.source, handlers);
        let sites = tasks.iter().zip(descriptions).map(|(task, mut described)| {
            let drop = task.drop();
            let fixable = drop.is_some_and(|d| d.unfixable.is_none()) && !task.suppressed;
            if let Some(why) = self.left.filter(|_| fixable) {
                described.action = format!("keep a reference by hand ({why})");
            }
            let mut site = self.site(task, drop.as_ref());
            let refs = &self.detection.facts.factories.refs;
            let factory = drop.as_ref().and_then(|d| refs.get(d.factory?));
            if let Some(evidence) = factory.and_then(|f| or_none_evidence(f, &site.verdict)) {
                described.evidence = evidence;
            }
            if let (Some(f), Verdict::Dropped(Some(d))) = (factory, &site.verdict)
                && d.unfixable == Some(OR_NONE_IN_TESTS)
            {
                described.action = format!(
                    "keep the task by hand in `{}` ({}:{}), where it is made: {OR_NONE_IN_TESTS}",
                    f.name, f.display, f.line
                );
            }
            site.owner = described.owner.take().or(site.owner);
            site.audit = Some(Box::new(described));
            site
        });
        sites.collect()
    }
}

/// Why `fix` leaves a test's drop of a factory's result that may be `None`.
const OR_NONE_IN_TESTS: &str =
    "the factory returns `None` on some path, so only the factory can keep the task";

/// The proof of a drop of the result of a factory that returns `None` where it makes no task:
/// the rule's words say "a task on every path".
fn or_none_evidence(factory: &FactoryRef, verdict: &Verdict) -> Option<String> {
    if !factory.or_none || !matches!(verdict, Verdict::Dropped(Some(_))) {
        return None;
    }
    Some(format!(
        "the checked code: `{}` ({}:{}) returns the task it makes, or `None` on the paths where \
         it makes none, and the statement drops it: where there is a task, nothing keeps it",
        factory.name, factory.display, factory.line
    ))
}

/// Why `fix` edits nothing in the file, if it edits nothing: it says it is generated, or it
/// calls `asyncio.` without binding the name.
pub(super) fn left_alone(detection: &Detection, source: &SourceFile) -> Option<&'static str> {
    if detection.facts.names.asyncio_unbound {
        return Some(crate::detect::unbound_asyncio::SKIPPED);
    }
    // Only a file with a drop pays for the look at its header.
    let dropping = detection.sites.iter().any(|s| s.drop().is_some());
    (dropping && is_generated(source.text)).then_some(GENERATED)
}

/// The audit's line on each loop-wide task factory that keeps what it creates.
pub(super) fn notes_of(detection: &Detection) -> Vec<(usize, String)> {
    let note = |set: &LoopFactory| {
        let message = format!(
            "`{}.set_task_factory({})` keeps every task created on `{}` from here on (its \
             factory adds each to a set it discards from when done)",
            set.receiver, set.factory, set.receiver
        );
        (set.line, message)
    };
    detection.loop_factories.iter().map(note).collect()
}

/// The factories of this file whose task `fix` keeps, with those the `sites` drop the result of
/// (a dropped factory result is fixed in the factory: here if it is this file's, else there);
/// with `select`, only the factory of the finding at that (line, column).
pub(super) fn keep_factories(
    kept: &mut HashSet<String>,
    sites: &[Site],
    file: Option<&Path>,
    select: Option<(usize, usize)>,
) {
    let factories = findings(sites).filter_map(|(_, d)| d.factory.as_ref());
    let here = factories.filter(|f| Some(f.file.as_path()) == file);
    kept.extend(here.map(|f| f.name.clone()));
    if let Some(at) = select {
        let selected = findings(sites).find(|(_, d)| d.at.start() == at);
        let name = selected
            .and_then(|(_, d)| d.factory.as_ref())
            .map(|f| &f.name);
        kept.retain(|kept| Some(kept) == name);
    }
}
