//! `check --output-format sarif`: SARIF 2.1.0, for code-scanning dashboards (GitHub's
//! `upload-sarif`, Azure DevOps, SonarQube …). One run; one rule per kind; one result per
//! finding. A file's fix is attached to its first fixable result as the replacements that turn
//! the file into what `undangle fix` writes.

use std::io::{self, Write};

use serde_json::{Value, json};
use similar::{DiffOp, DiffableStr};

use super::line_diff::line_ops;
use crate::detect::Kind;
use crate::render::report::FileReport;

/// A relative path as a URI reference: every byte but the unreserved ones and `/` escaped.
fn uri(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(path, KEEP).to_string()
}

/// The edits from `original` to `fixed`, whole lines at a time, as SARIF replacements with
/// offsets in characters (the run's `columnKind` is Unicode code points).
fn replacements(original: &str, fixed: &str) -> Vec<Value> {
    let (old, new) = (original.tokenize_lines(), fixed.tokenize_lines());
    let chars = |lines: &[&str]| lines.iter().map(|l| l.chars().count()).sum::<usize>();
    line_ops(&old, &new)
        .iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| {
            let (removed, added) = (op.old_range(), op.new_range());
            json!({
                "deletedRegion": {
                    "charOffset": chars(&old[..removed.start]),
                    "charLength": chars(&old[removed]),
                },
                "insertedContent": { "text": new[added].concat() },
            })
        })
        .collect()
}

pub fn findings(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let rules: Vec<Value> = Kind::ALL
        .iter()
        .map(|kind| {
            json!({
                "id": kind.as_str(),
                "shortDescription": { "text": format!("dropped asyncio task ({})", kind.as_str()) },
                "fullDescription": { "text": kind.description() },
                "help": {
                    "text": "The event loop keeps only a weak reference to a task: keep a strong one until it is done (`undangle fix` adds it)."
                },
                "defaultConfiguration": { "level": "warning" },
            })
        })
        .collect();
    // Each file's change is carried once, by the first fixable finding it fixes: one of the
    // file's own, or a dropped factory result elsewhere when the change is its factory's.
    let mut fixes: Vec<Option<Value>> = reports
        .iter()
        .map(|report| {
            let location = json!({ "uri": uri(&report.display), "uriBaseId": "%SRCROOT%" });
            report.change.as_ref().map(|change| {
                json!([{
                    "description": { "text": "Keep a strong reference to each task until it is done (undangle fix)." },
                    "artifactChanges": [{
                        "artifactLocation": location,
                        "replacements": replacements(&change.original, &change.fixed),
                    }],
                }])
            })
        })
        .collect();
    let changed: Vec<(std::path::PathBuf, usize)> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| r.change.is_some())
        .map(|(i, r)| (crate::project::file_key(&r.path), i))
        .collect();
    let mut results = Vec::new();
    for (index, report) in reports.iter().enumerate() {
        let location = json!({ "uri": uri(&report.display), "uriBaseId": "%SRCROOT%" });
        for f in &report.findings {
            let mut result = json!({
                "ruleId": f.kind.as_str(),
                "ruleIndex": Kind::ALL.iter().position(|k| *k == f.kind).unwrap_or(0),
                "level": "warning",
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        },
                    },
                }],
            });
            let carrier = match &f.factory {
                Some(factory) => changed
                    .iter()
                    .find(|(key, _)| *key == factory.file)
                    .map(|&(_, i)| i),
                None => Some(index),
            };
            // A notebook's region lines are in its cell (as ruff's are); the cell rides along.
            if let Some(cell) = f.cell {
                result["properties"] = json!({ "cell": cell });
            }
            if f.fixable
                && let Some(fix) = carrier.and_then(|i| fixes[i].take())
            {
                result["fixes"] = fix;
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "undangle",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The folder undangle ran in." } } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
