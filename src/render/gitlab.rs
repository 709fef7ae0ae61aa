//! `check --output-format gitlab`: a GitLab Code Quality report (one JSON array), which GitLab
//! shows in merge requests when a job publishes it as `artifacts:reports:codequality`.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::{self, Write};

use serde::Serialize;

use crate::render::report::FileReport;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// Stable across runs, machines and unrelated edits: the path, the kind, the statement's
/// text without its spaces, and which of the identical statements in the file it is. A line
/// number would change whenever a line is added above.
fn fingerprint(path: &str, kind: &str, snippet: &str, occurrence: usize) -> String {
    let mut hasher = fnv::FnvHasher::default();
    for part in [path, kind, &snippet.split_whitespace().collect::<String>()] {
        hasher.write(part.as_bytes());
        hasher.write_u8(0);
    }
    hasher.write_usize(occurrence);
    format!("{:016x}", hasher.finish())
}

pub fn findings(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let mut issues = Vec::new();
    for report in reports {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (_, f) in report.findings() {
            let occurrence = seen.entry((f.kind.as_str(), &f.statement)).or_default();
            *occurrence += 1;
            issues.push(Issue {
                description: &f.message,
                check_name: format!("undangle/{}", f.kind.as_str()),
                fingerprint: fingerprint(
                    &report.display,
                    f.kind.as_str(),
                    &f.statement,
                    *occurrence,
                ),
                severity: "major",
                location: Location {
                    path: &report.display,
                    lines: Lines {
                        begin: f.at.line,
                        end: f.at.end_line,
                    },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
