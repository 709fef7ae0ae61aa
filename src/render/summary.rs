//! The closing lines on stderr, and `--statistics`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::render::report::FileReport;

/// `check --statistics`: how many findings of each kind (and how many of them are fixable),
/// most frequent first, as ruff's `--statistics` prints rule counts.
pub fn statistics(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (_, finding) in reports.iter().flat_map(|r| r.findings()) {
        let entry = counts.entry(finding.kind.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(finding.fixable());
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    for (kind, (count, fixable)) in rows {
        writeln!(out, "{count:>5}\t{kind:<18}\t{fixable} fixable")?;
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn unfixable(reports: &[FileReport]) -> usize {
    reports
        .iter()
        .flat_map(|r| r.findings())
        .filter(|(_, f)| !f.fixable())
        .count()
}

/// Why `fix` leaves a whole file alone: it is generated, or it calls `asyncio.` unbound.
const LEFT_FILES: [&str; 2] = [
    crate::scan::source::GENERATED,
    crate::detect::unbound_asyncio::SKIPPED,
];

/// `2 generated: fix its source`, inside `before` and `after`, when findings stand in files
/// `fix` leaves alone, for each reason.
fn generated_note(reports: &[FileReport], before: &str, after: &str) -> String {
    let count = |reason: &str| {
        let findings = reports.iter().flat_map(|r| r.findings());
        findings
            .filter(|(_, f)| f.unfixable == Some(reason))
            .count()
    };
    let notes: Vec<String> = (LEFT_FILES.iter())
        .map(|&reason| (count(reason), reason))
        .filter(|&(n, _)| n > 0)
        .map(|(n, reason)| format!("{n} {reason}"))
        .collect();
    match notes.is_empty() {
        true => String::new(),
        false => format!("{before}{}{after}", notes.join(", ")),
    }
}

pub fn check(reports: &[FileReport]) -> String {
    let files = (reports.iter())
        .filter(|r| r.findings().next().is_some())
        .count();
    let total: usize = reports.iter().map(|r| r.findings().count()).sum();
    if total == 0 {
        return "No dropped tasks found.".to_owned();
    }
    let fixable = total - unfixable(reports);
    format!(
        "Found {} in {} ({fixable} fixable with `undangle fix`{}).",
        plural(total, "dropped task", "dropped tasks"),
        plural(files, "file", "files"),
        generated_note(reports, ", ", "")
    )
}

pub fn fix(reports: &[FileReport], applied: bool) -> String {
    let changed: Vec<_> = reports.iter().filter_map(|r| r.change.as_ref()).collect();
    let tasks: usize = changed.iter().map(|c| c.tasks).sum();
    let verb = if applied { "Fixed" } else { "Would fix" };
    let mut line = format!(
        "{verb} {} in {}.",
        plural(tasks, "dropped task", "dropped tasks"),
        plural(changed.len(), "file", "files")
    );
    let manual = unfixable(reports);
    if manual > 0 {
        line.push_str(&format!(
            " {} cannot be fixed automatically{}.",
            plural(manual, "finding", "findings"),
            generated_note(reports, " (", ")")
        ));
    }
    line
}

/// `audit`: how many task sites, in how many files, by risk.
pub fn audit(reports: &[FileReport]) -> String {
    use crate::audit::lifecycle::Risk;
    let files = (reports.iter())
        .filter(|r| r.audited().next().is_some())
        .count();
    let tasks: Vec<_> = reports.iter().flat_map(|r| r.audited()).collect();
    let count = |risk: Risk| tasks.iter().filter(|(_, t)| t.risk == risk).count();
    format!(
        "{} in {}: {} high, {} medium, {} low, {} none",
        plural(tasks.len(), "task site", "task sites"),
        plural(files, "file", "files"),
        count(Risk::High),
        count(Risk::Medium),
        count(Risk::Low),
        count(Risk::None)
    )
}
