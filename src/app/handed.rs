//! After the walk (`audit` only): the summaries of what project functions do with what they are
//! handed (see [`crate::project::handling`]), built for the functions the `unknown` sites hand
//! their task to and for no other, and the files with such sites analysed again with them.
//!
//! A summary needs its function's whole body, so its file is parsed whole. Built in the walk for
//! every file that might define one, they were most of what `audit` cost beyond `check`
//! (corpus: 49 whole parses, 1.6G instructions), for the few that an `unknown` site asks for.

use std::path::PathBuf;

use crate::app::job::Job;
use crate::app::{discover, walk, worker};
use crate::detect::CALLBACK;
use crate::project::file_key;
use crate::project::handler::{Handler, Handling};
use crate::project::handlers::{HandlerIndex, defines_one_of};
use crate::project::handling;
use crate::render::report::FileReport;

/// Builds the summaries the `reports`' `unknown` sites ask for from `summarisable` (the files
/// that may define one, in path order), puts them in `job.factories`, and analyses again each
/// file whose sites may be settled by one.
pub(crate) fn settle(
    reports: &mut [FileReport],
    summarisable: Vec<PathBuf>,
    threads: usize,
    job: &mut Job,
) {
    let mut asked: Vec<String> = (reports.iter())
        .flat_map(|r| r.handed_to.iter().cloned())
        .collect();
    asked.sort_unstable();
    asked.dedup();
    if asked.is_empty() {
        return;
    }
    // A done callback's name is asked of the files that may read an outcome too; a handed
    // task's, only of those that may define a summary of what a function keeps.
    let callbacks: Vec<String> = (asked.iter())
        .filter_map(|n| n.strip_prefix(CALLBACK).map(str::to_owned))
        .collect();
    for name in asked.iter_mut() {
        if let Some(bare) = name.strip_prefix(CALLBACK) {
            *name = bare.to_owned();
        }
    }
    // A file whose own sites hand their task to a function it may define is summarised
    // whole, whatever the text test says: the function's body is in the file the site is.
    let own: Vec<PathBuf> = (reports.iter())
        .filter(|r| !r.handed_to.is_empty() && summarisable.binary_search(&r.path).is_err())
        .map(|r| r.path.clone())
        .collect();
    let mut candidates: Vec<(PathBuf, bool)> =
        summarisable.into_iter().map(|p| (p, false)).collect();
    candidates.extend(own.into_iter().map(|p| (p, true)));
    candidates.sort();
    let (asked, callbacks) = (&asked, &callbacks);
    let found = discover::each(candidates, threads, |(path, own), parser| {
        // Unreadable now: it defines nothing the run can read.
        let bytes = std::fs::read(&path).ok()?;
        let whole = own || handling::may_define(&bytes);
        let names = if whole { asked } else { callbacks };
        if !defines_one_of(&bytes, names) {
            return None;
        }
        let handlers = handlers_of(&bytes, whole, parser);
        (!handlers.is_empty()).then_some((path, handlers))
    });
    let mut index = HandlerIndex::default();
    for (path, handlers) in found {
        index.add(file_key(&path), walk::display(&path), handlers);
    }
    index.finish();
    if index.is_empty() {
        return;
    }
    std::sync::Arc::make_mut(&mut job.factories).handlers = index;
    let job = &*job;
    let open: Vec<usize> = (0..reports.len())
        .filter(|&r| !reports[r].handed_to.is_empty())
        .collect();
    let again = discover::each(open, threads, |r, parser| {
        let report = &reports[r];
        let path = &report.path;
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => return Some((r, Some(worker::unreadable(path, err)))),
        };
        if !job.factories.handlers.may_be_called(&bytes) {
            return None;
        }
        let display = report.display.clone();
        Some((r, worker::analyse(path, display, bytes, parser, job, false)))
    });
    // A file does not lose its sites to a summary, which only settles their verdicts: a
    // report is always there to replace.
    for (r, report) in again {
        if let Some(report) = report {
            reports[r] = report;
        }
    }
}

/// What the file's functions do with what they are handed: a summary needs the function's
/// whole body, so the file is parsed whole; none when it cannot be parsed without error.
fn handlers_of(bytes: &[u8], whole: bool, parser: &mut tree_sitter::Parser) -> Vec<Handler> {
    let Ok(text) = crate::scan::source::decode(bytes) else {
        return Vec::new();
    };
    match parser.parse(text, None) {
        Some(tree) if !tree.root_node().has_error() => {
            let mut found = handling::handlers(tree.root_node(), text);
            // A file summarised for its done callbacks only: what it reads of an outcome.
            if !whole {
                found.retain(|h| h.outcome.is_some());
                for (_, handling) in found.iter_mut().flat_map(|h| h.params.iter_mut()) {
                    *handling = Handling::Unknown;
                }
            }
            found
        }
        _ => Vec::new(),
    }
}
