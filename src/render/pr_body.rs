//! `--pr-body FILE`: the description of a batch PR, in Markdown, for the reviewer: what changed,
//! why, what was left, how to review it and to opt a line out, and the command that made it.
//! Deterministic: the same tree and command give the same bytes.

use std::fmt::Write as _;

use crate::core::site::{Dropping, Site};
use crate::render::report::FileReport;

const DOCS: &str = "https://docs.python.org/3/library/asyncio-task.html#asyncio.create_task";

/// The body, or `None` when there is nothing to fix.
pub fn body(reports: &[FileReport], command: &str) -> Option<String> {
    let changed: Vec<&FileReport> = reports.iter().filter(|r| r.change.is_some()).collect();
    if changed.is_empty() {
        return None;
    }
    let fixed: Vec<_> = crate::render::report::fixed_findings(reports).collect();
    let left: Vec<_> = reports
        .iter()
        .flat_map(|r| {
            r.findings()
                .filter(|(_, f)| !f.fixable())
                .map(move |(s, f)| (r, s, f))
        })
        .collect();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });

    let mut out = String::new();
    out.push_str("# Keep references to asyncio tasks so that they finish\n\n");
    out.push_str("## Why\n\n");
    let _ = writeln!(
        out,
        "The event loop keeps only a weak reference to a task: a task that nothing else \
         references can be garbage-collected before it finishes, silently (\"Task was destroyed \
         but it is pending!\"). The [documentation of `asyncio.create_task`]({DOCS}) asks callers \
         to keep a reference until the task is done.\n"
    );
    out.push_str("## What changed\n\n");
    let _ = writeln!(
        out,
        "{} in {} now {} a strong reference that each task drops itself when it is done.\n",
        plural(fixed.len(), "task", "tasks"),
        plural(changed.len(), "file", "files"),
        if fixed.len() == 1 { "keeps" } else { "keep" }
    );
    table(&mut out, &fixed, "kind", |f| {
        let rule = f.kind.rule();
        format!("[{}]({})", rule.name, crate::render::rule::url(rule))
    });
    if !left.is_empty() {
        out.push_str("\n## Found but not fixed\n\n");
        table(&mut out, &left, "reason", |f| {
            f.unfixable.unwrap_or("no automatic fix").to_owned()
        });
    }
    out.push_str(
        "\n## How to review\n\n\
         - Each call is kept exactly as it was written; what is new is the reference that keeps \
         the task alive, and the callback that releases it when the task is done.\n\
         - The program does the same work: no task is awaited, cancelled or started that was \
         not before.\n\
         - The fix is checked to be valid Python before it is written, and a second run changes \
         nothing.\n\n\
         ## Opting a line out\n\n\
         A task that may be collected on purpose keeps its line with a comment: \
         `# noqa: RUF006` (or `# undangle: ignore`).\n\n",
    );
    let _ = writeln!(
        out,
        "---\nMade by `{command}` (undangle {}).",
        env!("CARGO_PKG_VERSION")
    );
    Some(out)
}

/// One table of sites: path:line, callee, and `last` (kind or reason).
fn table(
    out: &mut String,
    rows: &[(&FileReport, &Site, &Dropping)],
    last: &str,
    cell: fn(&Dropping) -> String,
) {
    let _ = writeln!(out, "| site | callee | {last} |\n|---|---|---|");
    for (report, site, finding) in rows {
        let (path, line, callee) = (&report.display, finding.at.line, &site.callee);
        let _ = writeln!(out, "| `{path}:{line}` | `{callee}` | {} |", cell(finding));
    }
}

/// The command line as given, quoted for a POSIX shell where needed.
pub fn command_line(args: impl IntoIterator<Item = String>) -> String {
    let quote = |arg: String| {
        let plain = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+".contains(c));
        if plain {
            arg
        } else {
            format!("'{}'", arg.replace('\'', "'\\''"))
        }
    };
    let mut words = vec!["undangle".to_owned()];
    words.extend(args.into_iter().map(quote));
    words.join(" ")
}
