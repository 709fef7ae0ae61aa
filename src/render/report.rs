//! What the walk hands to the printer for one file.

use std::path::PathBuf;

use crate::audit::lifecycle::Description;
use crate::core::site::{self, Dropping, Site};

/// An audited site with the path of its file, as shown.
pub type Audited<'a> = (&'a str, &'a Site, &'a Description);

#[derive(Debug)]
pub struct FileReport {
    /// The path as walked, for writing.
    pub path: PathBuf,
    /// The path as shown (relative when it was given relative).
    pub display: String,
    /// The sites `check` reports; for `audit`, every task-creation site.
    pub sites: Vec<Site>,
    /// For `diff` and `fix`: the file before and after, when the fix changes it.
    pub change: Option<Change>,
    /// A one-line message for stderr, if the file could not be handled.
    pub problem: Option<Problem>,
    /// For `audit`: lines on stderr about the file as a whole (line, message).
    pub notes: Vec<(usize, String)>,
    /// For `audit`: the functions its `unknown` sites hand their task to, whose summaries are
    /// built after the walk (see [`crate::detect::Detection::handed_to`]).
    pub handed_to: Vec<String>,
}

impl FileReport {
    /// A file with nothing to say yet.
    pub fn new(path: PathBuf, display: String) -> Self {
        FileReport {
            path,
            display,
            sites: Vec::new(),
            change: None,
            problem: None,
            notes: Vec::new(),
            handed_to: Vec::new(),
        }
    }

    /// The sites `check` reports, with their drops.
    pub fn findings(&self) -> impl Iterator<Item = (&Site, &Dropping)> {
        site::findings(&self.sites)
    }

    /// The sites the audit describes.
    pub fn audited(&self) -> impl Iterator<Item = (&Site, &Description)> {
        (self.sites.iter()).filter_map(|s| s.described().map(|d| (s, d)))
    }

    /// A file that could not be handled: an error (exit 2), or a skipped input.
    pub fn problem(path: PathBuf, display: String, message: String, is_error: bool) -> Self {
        FileReport {
            problem: Some(Problem { message, is_error }),
            ..FileReport::new(path, display)
        }
    }
}

#[derive(Debug)]
pub struct Change {
    pub original: String,
    pub fixed: String,
    /// Tasks the change fixes.
    pub tasks: usize,
    /// The change site by site, in `original` without its byte order mark.
    pub plan: crate::plan::edit::FilePlan,
}

#[derive(Debug)]
pub struct Problem {
    pub message: String,
    /// An error (exit 2) rather than a skipped input (no effect on the exit code).
    pub is_error: bool,
}

/// The findings a `fix` or `diff` covers: those the plan of each changed file fixes, and dropped
/// factory results, which are fixed in their factory's file (a run marks those it could not fix
/// as not fixable).
pub fn fixed_findings(
    reports: &[FileReport],
) -> impl Iterator<Item = (&FileReport, &Site, &Dropping)> {
    reports.iter().flat_map(|report| {
        report
            .findings()
            .filter(move |(_, d)| match (&d.factory, &report.change) {
                (Some(_), _) => d.fixable(),
                // The file's own: those its applied plan fixes.
                (None, Some(change)) => {
                    (change.plan.fixes.iter()).any(|fix| fix.sites.contains(&d.at))
                }
                (None, None) => false,
            })
            .map(move |(s, d)| (report, s, d))
    })
}
