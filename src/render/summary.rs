//! The closing lines on stderr.

use crate::report::FileReport;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn unfixable(reports: &[FileReport]) -> usize {
    reports
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|f| !f.fixable)
        .count()
}

pub fn check(reports: &[FileReport]) -> String {
    let files = reports.iter().filter(|r| !r.findings.is_empty()).count();
    let total: usize = reports.iter().map(|r| r.findings.len()).sum();
    if total == 0 {
        return "No dropped tasks found.".to_owned();
    }
    let fixable = total - unfixable(reports);
    format!(
        "Found {} in {} ({fixable} fixable with `undangle fix`).",
        plural(total, "dropped task", "dropped tasks"),
        plural(files, "file", "files")
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
            " {} cannot be fixed automatically.",
            plural(manual, "finding", "findings")
        ));
    }
    line
}
