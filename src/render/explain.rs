//! `explain`: each distinct lost-task record of a log, placed in the checked code (the
//! coroutine's file, by the longest path suffix, and the audit's sites that create a task of
//! it, the lost ones first), as text or JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::audit::explain::{Frame, Record};
use crate::core::site::Site;
use crate::detect::task_site::Reference;
use crate::render::report::{Audited, FileReport};

/// One distinct record and where it leads.
pub struct Explained<'a> {
    pub record: Record,
    pub count: usize,
    /// The checked files whose path is the longest suffix of the record's.
    pub files: Vec<&'a str>,
    /// The sites that create a task of the record's coroutine, lost ones first; only the
    /// creating site when the record says where the task was created and that is a site.
    pub sites: Vec<Audited<'a>>,
    /// Where the task was created, when the record says (debug mode).
    pub creation: Option<Creation<'a>>,
}

/// The creating line of a debug-mode record, placed in the checked code.
pub struct Creation<'a> {
    /// As the log names it.
    pub path: String,
    pub line: usize,
    /// The one checked file whose path is the longest suffix of `path`, if there is one.
    pub file: Option<&'a str>,
    /// The audit's site that lost the task: the creating line's or, where that line returns
    /// the task to its caller (a task factory), the caller's.
    pub site: Option<Audited<'a>>,
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

    /// The record points at a site whose task nothing keeps: its creating site, when the
    /// record says where the task was created.
    pub fn points_at_lost(&self) -> bool {
        match &self.creation {
            Some(creation) => creation.site.is_some_and(|(_, s, _)| lost(s)),
            None => self.sites.iter().any(|(_, s, _)| lost(s)),
        }
    }
}

/// A site `check` reports: the one rule for "dropped", which the audit carries as the site's
/// kind.
fn lost(site: &Site) -> bool {
    site.kind().is_some()
}

/// Places every record: `files` are the checked Python files as shown.
pub fn place<'a>(
    records: Vec<(Record, usize)>,
    reports: &'a [FileReport],
    files: &'a [String],
) -> Vec<Explained<'a>> {
    let all_files = files;
    let mut placed: Vec<Explained> = records
        .into_iter()
        .map(|(record, count)| {
            let files = match &record.path {
                Some(path) if record.coroutine.is_some() => longest_suffix(path, files),
                _ => Vec::new(),
            };
            let creation = (!record.created.is_empty())
                .then(|| creation_of(&record.created, reports, all_files));
            let sites = match (&creation, &record.coroutine) {
                (
                    Some(Creation {
                        site: Some(site), ..
                    }),
                    _,
                ) => vec![*site],
                (_, Some(coroutine)) if !files.is_empty() => sites_of(coroutine, &files, reports),
                _ => Vec::new(),
            };
            Explained {
                record,
                count,
                files,
                sites,
                creation,
            }
        })
        .collect();
    // The most frequent first; ties in order of first appearance (the sort is stable).
    placed.sort_by_key(|e| std::cmp::Reverse(e.count));
    placed
}

/// Where the frames of a creation stack (innermost first) lead: the first frame's file, and
/// the site of the first frame that is one and does not return the task to the next.
fn creation_of<'a>(
    frames: &[Frame],
    reports: &'a [FileReport],
    files: &'a [String],
) -> Creation<'a> {
    let file_of = |frame: &Frame| match longest_suffix(&frame.path, files)[..] {
        [one] => Some(one),
        _ => None,
    };
    let mut creation = Creation {
        path: frames[0].path.clone(),
        line: frames[0].line,
        file: file_of(&frames[0]),
        site: None,
    };
    for (depth, frame) in frames.iter().enumerate() {
        // An installed library's frames before the checked code's (it made the task for it).
        let Some(file) = file_of(frame) else {
            if creation.site.is_none() && depth + 1 < frames.len() {
                continue;
            }
            break;
        };
        let here: Vec<Audited> = reports
            .iter()
            .filter(|r| r.display == file)
            .flat_map(|r| r.audited().map(move |(s, t)| (r.display.as_str(), s, t)))
            .filter(|(_, s, _)| {
                s.at.cell.is_none() && s.at.line <= frame.line && frame.line <= s.at.end_line
            })
            .collect();
        let Some(&first) = here.iter().find(|(_, s, _)| lost(s)).or(here.first()) else {
            break;
        };
        creation.site = Some(first);
        if !here
            .iter()
            .all(|(_, s, _)| s.reference == Reference::Returned)
        {
            break;
        }
    }
    creation
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
fn sites_of<'a>(coroutine: &str, files: &[&str], reports: &'a [FileReport]) -> Vec<Audited<'a>> {
    let mut sites: Vec<Audited> = reports
        .iter()
        .flat_map(|r| r.audited().map(move |(s, t)| (r.display.as_str(), s, t)))
        .filter(|(path, _, t)| {
            t.coroutine
                .as_ref()
                .is_some_and(|c| c.matches(coroutine) && (!c.defined_here || files.contains(path)))
        })
        .collect();
    sites.sort_by(|a, b| {
        (
            !lost(a.1),
            std::cmp::Reverse(a.2.risk),
            a.0,
            a.1.at.line,
            a.1.at.column,
        )
            .cmp(&(
                !lost(b.1),
                std::cmp::Reverse(b.2.risk),
                b.0,
                b.1.at.line,
                b.1.at.column,
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
        if let Some(creation) = &e.creation {
            writeln!(out, "  {}", created_line(creation))?;
        }
        if !e.files.is_empty() {
            writeln!(out, "  defined in {}", e.files.join(", "))?;
        }
        if let Some(reason) = e.unplaced() {
            writeln!(out, "  cannot place: {reason}")?;
        }
        if e.creation.as_ref().is_some_and(|c| c.site.is_none()) && !e.sites.is_empty() {
            writeln!(out, "  other sites that create its coroutine:")?;
        }
        for (path, s, t) in &e.sites {
            let owner = s
                .owner
                .as_deref()
                .map_or(String::new(), |o| format!(" {o}"));
            writeln!(
                out,
                "  {path}:{}:{}: {}{owner}, risk {}: {} (`{}` in {})",
                s.at.line,
                s.at.column,
                s.reference.as_str(),
                t.risk.as_str(),
                t.action,
                s.callee,
                t.function
            )?;
        }
    }
    Ok(())
}

/// `created at project/app/service.py:25`, and what the audit makes of that line.
fn created_line(creation: &Creation) -> String {
    let shown = creation.file.unwrap_or(&creation.path);
    let at = format!("created at {shown}:{}", creation.line);
    match (creation.site, creation.file) {
        (Some((path, s, _)), Some(_))
            if path != shown || !(s.at.line..=s.at.end_line).contains(&creation.line) =>
        {
            format!("{at}, which returns the task to {path}:{}", s.at.line)
        }
        (Some((path, s, _)), None) => format!("{at}, called from {path}:{}", s.at.line),
        (Some(_), _) => at,
        (None, Some(_)) => {
            format!("{at}: no task site the audit knows (a call it cannot see: worth a bug report)")
        }
        (None, None) => {
            let name = creation
                .path
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(&creation.path);
            format!("{at}: no checked file is named `{name}`")
        }
    }
}

#[derive(Serialize)]
struct JsonCreated<'a> {
    path: &'a str,
    line: usize,
    /// The checked file, or null.
    file: Option<&'a str>,
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
    /// Where the task was created (a debug-mode record), or null.
    created_at: Option<JsonCreated<'a>>,
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
            created_at: e.creation.as_ref().map(|c| JsonCreated {
                path: &c.path,
                line: c.line,
                file: c.file,
            }),
            files: &e.files,
            unplaced: e.unplaced(),
            points_at_dropped: e.points_at_lost(),
            sites: e
                .sites
                .iter()
                .map(|(path, s, t)| JsonSite {
                    path,
                    line: s.at.line,
                    column: s.at.column,
                    callee: &s.callee,
                    function: &t.function,
                    reference: s.reference.as_str(),
                    owner: s.owner.as_deref(),
                    risk: t.risk.as_str(),
                    action: &t.action,
                    kind: s.kind().map(|k| k.as_str()),
                    fixable: s.fixable(),
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
