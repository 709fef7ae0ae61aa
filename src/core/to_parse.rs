//! What to parse of a file, from the one look at its bytes ([`Triage`]) and what the project
//! knows: its settings' own task functions, its factories, and the mode.

use std::ops::Range;

use super::options::{Mode, Options};
use crate::project::factories::FactoryIndex;
use crate::scan::asyncio_api::CREATORS;
use crate::scan::prefilter::Verdict;
use crate::scan::triage::Triage;
use crate::settings::Settings;

/// The parts of the file to parse for `verdict` (`None`: all of it).
pub(super) fn ranges_to_parse(
    verdict: Verdict,
    mode: Mode,
    len: usize,
) -> Option<Vec<Range<usize>>> {
    match verdict {
        // When the parts cover most of the file, one whole parse is cheaper than a partial one
        // followed by the whole one that planning a fix needs.
        Verdict::Partial(ranges)
            if mode == Mode::Fix && 2 * ranges.iter().map(|r| r.len()).sum::<usize>() > len =>
        {
            None
        }
        Verdict::Partial(ranges) => Some(ranges),
        _ => None,
    }
}

/// What to parse of a file: nothing, the parts around its possible sites, or all of it.
pub(super) fn verdict(
    triage: &Triage,
    mode: Mode,
    options: &Options,
    keeps_factories: bool,
) -> Verdict {
    let bytes = triage.bytes();
    // `LOOP.create_task(...)` of a module's loop: the prefilter knows only loop-like names.
    if keeps_factories || options.factories.spells_a_module_loop(bytes) {
        Verdict::Full
    } else if mode == Mode::Audit {
        audit_verdict(triage, options)
    } else if options.no_prefilter || mentions_configured(bytes, &options.settings) {
        Verdict::Full
    } else if options
        .factories
        .may_be_called(options.file.as_deref(), bytes)
    {
        factory_verdict(triage, false, &options.factories)
    } else {
        triage.examine()
    }
}

/// The audit lists every task a file creates, not only dropped ones: the parts of the file
/// around every mention of a task creator (the whole file for the project's own).
fn audit_verdict(triage: &Triage, options: &Options) -> Verdict {
    let bytes = triage.bytes();
    // With the prefilter off, every file that spells a creator anywhere is parsed whole.
    let spelled = || {
        CREATORS
            .iter()
            .any(|s| memchr::memmem::find(bytes, s.as_bytes()).is_some())
    };
    if mentions_configured(bytes, &options.settings) || (options.no_prefilter && spelled()) {
        Verdict::Full
    } else if options
        .factories
        .may_be_called(options.file.as_deref(), bytes)
    {
        factory_verdict(triage, true, &options.factories)
    } else if options.no_prefilter {
        Verdict::Skip
    } else {
        triage.examine_all()
    }
}

/// A file that may call a task factory: the parts around every mention of one (and of asyncio's
/// creators), or all of it when an import renames a factory.
fn factory_verdict(triage: &Triage, every_mention: bool, factories: &FactoryIndex) -> Verdict {
    match factories.spelled_names(triage.bytes()) {
        Some(names) => triage.examine_with(every_mention, &names),
        None => Verdict::Full,
    }
}

/// A project's own task functions or loop names appear: the prefilter knows only asyncio's
/// names, so the file is parsed whole.
pub(super) fn mentions_configured(bytes: &[u8], settings: &Settings) -> bool {
    let names = settings.task_functions.iter().chain(&settings.loop_names);
    names
        .map(|name| name.rsplit('.').next().unwrap_or(name))
        .any(|name| memchr::memmem::find(bytes, name.as_bytes()).is_some())
}
