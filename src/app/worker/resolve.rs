//! Each file's report once the project's factories are all known: what the walk kept of a file
//! stands, unless the file may call one of them, and is then analysed again with them. (The
//! summaries of what functions do with what they are handed come after: [`crate::app::handed`].)

use std::path::Path;

use super::report::report_of;
use super::{
    Seen, Summed, Waiting, analyse, analyse_looked, held_bytes, settings_error, unreadable,
};
use crate::app::discover::{self, Early};
use crate::app::job::Job;
use crate::app::progress::Progress;
use crate::app::walk;
use crate::app::write;
use crate::project::file_key;
use crate::render::report::{FileReport, Problem};

/// The reports of what the walk kept, once `job.factories` is complete, in the walk's order.
/// A file that may call a factory is analysed again with them: read again (the only files read
/// twice; keeping every file's bytes for them would cost the memory the words save).
pub(crate) fn resolve(
    seen: Vec<Seen>,
    threads: usize,
    job: &Job,
    progress: &Progress,
) -> Vec<FileReport> {
    discover::each(seen, threads, |seen, parser| match seen {
        Seen::Done(report) => Some(*report),
        Seen::Early(early) => {
            let (path, early) = *early;
            resolve_early(&path, early, parser, job)
        }
        Seen::Summed(summed) => resolve_summed(*summed, parser, job),
        Seen::Waiting(waiting) => {
            progress.inc();
            let Waiting { path, bytes, words } = *waiting;
            let bytes = match held_bytes(&path, bytes) {
                Ok(bytes) => bytes,
                Err(err) => return Some(unreadable(&path, err)),
            };
            let display = walk::display(&path);
            analyse_looked(&path, display, (bytes, words), parser, job, job.write_back)
        }
    })
}

fn resolve_summed(
    summed: Summed,
    parser: &mut tree_sitter::Parser,
    job: &Job,
) -> Option<FileReport> {
    let Summed {
        path,
        report,
        words,
        settings,
    } = summed;
    let keep_with = settings.as_ref().and_then(|s| s.keep_with.as_ref());
    if let Some(fault) = keep_with.and_then(|k| job.keeper_fault(k)) {
        return job
            .loader
            .first_report(&fault)
            .then(|| settings_error(fault));
    }
    // A keeper of another file matters only to a file with something to fix.
    let fixable = report
        .as_ref()
        .is_some_and(|r| r.findings().any(|(_, f)| f.fixable()));
    let may_call = match &words {
        Some(words) if job.factories.may_be_called_by(words) => true,
        // The words hold a keeper module's name (`util`, `helpers`: common words): the file's
        // own imports say whether it brings a keeper in, before it is analysed again.
        Some(words) if fixable && job.factories.may_call_keeper(words, &file_key(&path)) => {
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(err) => return Some(unreadable(&path, err)),
            };
            if job.factories.may_import_keeper(&bytes, &file_key(&path)) {
                let display = walk::display(&path);
                return analyse(&path, display, bytes, parser, job, job.write_back);
            }
            false
        }
        Some(_) => false,
        None => !job.factories.is_empty(),
    };
    if may_call {
        let display = walk::display(&path);
        if settings.is_some() && words.is_some() {
            return match std::fs::read(&path) {
                Ok(bytes) => analyse(&path, display, bytes, parser, job, job.write_back),
                Err(err) => Some(unreadable(&path, err)),
            };
        }
        // Analysed as a file that may define a factory, or its words were not kept: again
        // only if its bytes say so.
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => return Some(unreadable(&path, err)),
        };
        if job.factories.may_be_called(Some(&file_key(&path)), &bytes) {
            return analyse(&path, display, bytes, parser, job, job.write_back);
        }
    }
    let mut report = report.map(|r| *r);
    if job.write_back
        && let Some(report) = &mut report
    {
        write_back(report);
    }
    report
}

/// Writes a report's change to its file, or says why it could not.
fn write_back(report: &mut FileReport) {
    let Some(change) = &report.change else {
        return;
    };
    let (original, fixed) = (change.original.as_bytes(), change.fixed.as_bytes());
    let creates = change.plan.creates.as_deref();
    if let Err(err) = write::replace_creating(&report.path, original, fixed, creates) {
        report.problem = Some(Problem {
            message: err.to_string(),
            // A file edited meanwhile is skipped, not an error; the rest are.
            is_error: !matches!(err, write::WriteError::Changed),
        });
        report.change = None;
    }
}

/// The report of a file analysed while the factories were being found: that outcome, unless
/// the file may call one of them (the test that decides what of a file is parsed), and is
/// analysed again with them.
fn resolve_early(
    path: &Path,
    early: Early,
    parser: &mut tree_sitter::Parser,
    job: &Job,
) -> Option<FileReport> {
    let display = walk::display(path);
    if job
        .factories
        .may_be_called(Some(&file_key(path)), &early.bytes)
    {
        return analyse(path, display, early.bytes, parser, job, job.write_back);
    }
    // Never a notebook: the factory walk leaves them out.
    report_of(
        path,
        || display,
        &early.bytes,
        early.outcome,
        job.write_back,
        None,
    )
}
