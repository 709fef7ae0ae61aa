//! `explain`: each distinct lost-task record of a log, placed in the checked code (the
//! coroutine's file, by the longest path suffix, and the audit's sites that create a task of
//! it, the lost ones first), as text or JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::audit::explain::Record;
use crate::audit::lifecycle::TaskUse;
use crate::render::report::FileReport;

/// One distinct record and where it leads.
pub struct Explained<'a> {
    pub record: Record,
    pub count: usize,
    /// The checked files whose path is the longest suffix of the record's.
    pub files: Vec<&'a str>,
    /// The sites that create a task of the record's coroutine, lost ones first.
    pub sites: Vec<(&'a str, &'a TaskUse)>,
}

impl Explained<'_> {
    /// Why the record leads nowhere, if it does not.
    pub fn unplaced(&self) -> Option<String> {
        let Some(coroutine) = &self.record.coroutine else {
            return Some("a Future, not a task: it runs no coroutine".to_owned());
        };
        let Some(path) = &self.record.path else {
            return Some(format!(
                "the record does not say where `{coroutine}` is defined"
            ));
        };
        if self.files.is_empty() {
            let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
            return Some(format!("no checked file is named `{name}`"));
        }
        self.sites.is_empty().then(|| {
            format!("no checked site creates a task from a call of `{coroutine}` (maybe from a coroutine object made elsewhere)")
        })
    }

    /// The record points at a site whose task nothing keeps.
    pub fn points_at_lost(&self) -> bool {
        self.sites.iter().any(|(_, t)| lost(t))
    }
}

/// A site `check` reports: the one rule for "dropped", which the audit carries as the site's
/// kind.
fn lost(task: &TaskUse) -> bool {
    task.kind.is_some()
}

/// Places every record: `files` are the checked Python files as shown.
pub fn place<'a>(
    records: Vec<(Record, usize)>,
    reports: &'a [FileReport],
    files: &'a [String],
) -> Vec<Explained<'a>> {
    let mut placed: Vec<Explained> = records
        .into_iter()
        .map(|(record, count)| {
            let files = match &record.path {
                Some(path) if record.coroutine.is_some() => longest_suffix(path, files),
                _ => Vec::new(),
            };
            let sites = match &record.coroutine {
                Some(coroutine) if !files.is_empty() => sites_of(coroutine, &files, reports),
                _ => Vec::new(),
            };
            Explained {
                record,
                count,
                files,
                sites,
            }
        })
        .collect();
    // The most frequent first; ties in order of first appearance (the sort is stable).
    placed.sort_by_key(|e| std::cmp::Reverse(e.count));
    placed
}

/// The files whose path ends with the most components of `path` (at least its file name).
fn longest_suffix<'a>(path: &str, files: &'a [String]) -> Vec<&'a str> {
    let wanted: Vec<&str> = path.split(['/', '\\']).rev().collect();
    let common = |file: &str| {
        file.split(['/', '\\'])
            .rev()
            .zip(&wanted)
            .take_while(|(a, b)| a == *b)
            .count()
    };
    let best = files.iter().map(|f| common(f)).max().unwrap_or(0);
    if best == 0 {
        return Vec::new();
    }
    files
        .iter()
        .filter(|f| common(f) == best)
        .map(String::as_str)
        .collect()
}

/// The sites that make a task of `coroutine` defined in one of `files`: a site that calls a
/// function of its own file must be in one of them; an imported or unknown one is taken by
/// name.
fn sites_of<'a>(
    coroutine: &str,
    files: &[&str],
    reports: &'a [FileReport],
) -> Vec<(&'a str, &'a TaskUse)> {
    let mut sites: Vec<(&str, &TaskUse)> = reports
        .iter()
        .flat_map(|r| r.tasks.iter().map(move |t| (r.display.as_str(), t)))
        .filter(|(path, t)| {
            t.coroutine
                .as_ref()
                .is_some_and(|c| c.matches(coroutine) && (!c.defined_here || files.contains(path)))
        })
        .collect();
    sites.sort_by(|a, b| {
        (
            !lost(a.1),
            std::cmp::Reverse(a.1.risk),
            a.0,
            a.1.line,
            a.1.column,
        )
            .cmp(&(
                !lost(b.1),
                std::cmp::Reverse(b.1.risk),
                b.0,
                b.1.line,
                b.1.column,
            ))
    });
    sites
}

/// `2 × Task was destroyed but it is pending!  worker() at /srv/jobs.py:12`, then the file
/// and one line per site.
pub fn text(out: &mut impl Write, explained: &[Explained]) -> io::Result<()> {
    for (i, e) in explained.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let r = &e.record;
        write!(out, "{} × {}", e.count, r.message())?;
        if let Some(coroutine) = &r.coroutine {
            write!(out, "  {coroutine}()")?;
        }
        if let (Some(path), Some(line)) = (&r.path, r.line) {
            write!(out, " at {path}:{line}")?;
        }
        if let Some(exception) = &r.exception {
            write!(out, " ({exception})")?;
        }
        writeln!(out)?;
        if !e.files.is_empty() {
            writeln!(out, "  defined in {}", e.files.join(", "))?;
        }
        if let Some(reason) = e.unplaced() {
            writeln!(out, "  cannot place: {reason}")?;
        }
        for (path, t) in &e.sites {
            let owner = t
                .owner
                .as_deref()
                .map_or(String::new(), |o| format!(" {o}"));
            writeln!(
                out,
                "  {path}:{}:{}: {}{owner}, risk {}: {} (`{}` in {})",
                t.line,
                t.column,
                t.reference.as_str(),
                t.risk.as_str(),
                t.action,
                t.callee,
                t.function
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    complaint: &'static str,
    message: &'static str,
    count: usize,
    coroutine: Option<&'a str>,
    path: Option<&'a str>,
    line: Option<usize>,
    exception: Option<&'a str>,
    files: &'a [&'a str],
    /// Why the record leads nowhere, or null.
    unplaced: Option<String>,
    points_at_dropped: bool,
    sites: Vec<JsonSite<'a>>,
}

#[derive(Serialize)]
struct JsonSite<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    callee: &'a str,
    function: &'a str,
    reference: &'static str,
    owner: Option<&'a str>,
    risk: &'static str,
    action: &'a str,
    kind: Option<&'static str>,
    fixable: bool,
}

pub fn json(out: &mut impl Write, explained: &[Explained]) -> io::Result<()> {
    let all: Vec<JsonRecord> = explained
        .iter()
        .map(|e| JsonRecord {
            complaint: e.record.complaint.as_str(),
            message: e.record.message(),
            count: e.count,
            coroutine: e.record.coroutine.as_deref(),
            path: e.record.path.as_deref(),
            line: e.record.line,
            exception: e.record.exception.as_deref(),
            files: &e.files,
            unplaced: e.unplaced(),
            points_at_dropped: e.points_at_lost(),
            sites: e
                .sites
                .iter()
                .map(|(path, t)| JsonSite {
                    path,
                    line: t.line,
                    column: t.column,
                    callee: &t.callee,
                    function: &t.function,
                    reference: t.reference.as_str(),
                    owner: t.owner.as_deref(),
                    risk: t.risk.as_str(),
                    action: &t.action,
                    kind: t.kind.map(|k| k.as_str()),
                    fixable: t.fixable,
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

/// The stderr line: how many records, how many distinct, and what became of them.
pub fn summary(explained: &[Explained], lines: u64) -> String {
    let total: usize = explained.iter().map(|e| e.count).sum();
    let lost = explained.iter().filter(|e| e.points_at_lost()).count();
    let unplaced = explained.iter().filter(|e| e.unplaced().is_some()).count();
    format!(
        "{total} lost-task record{} ({} distinct) in {lines} line{}: {lost} point at a dropped site, {unplaced} cannot be placed",
        if total == 1 { "" } else { "s" },
        explained.len(),
        if lines == 1 { "" } else { "s" },
    )
}
