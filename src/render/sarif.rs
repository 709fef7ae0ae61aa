//! `check --output-format sarif`: SARIF 2.1.0, for code-scanning dashboards (GitHub's
//! `upload-sarif`, Azure DevOps, SonarQube …). One run; one rule per kind; one result per
//! finding. Each fixable result carries its own site's replacements (ruff's `Fix` of `Edit`s); what
//! the sites of a file share (the module set, the helper, the imports) goes with the file's first
//! fix, so that all of a file's fixes together turn it into what `undangle fix` writes.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::detect::{Kind, RULES};
use crate::plan::edit::Edit;
use crate::render::report::{Change, FileReport};
use crate::scan::span::Span;

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

/// A file's fix as SARIF replacements, per site, with offsets in characters (the run's
/// `columnKind` is Unicode code points) in the file as it is read, byte order mark included.
/// Where the statements of a fix's findings stand, and its replacements.
type SiteReplacements = (Vec<Span>, Vec<Value>);

struct FileFix {
    location: Value,
    /// Where each site's findings stand, and its replacements; taken by the first of them.
    sites: Vec<SiteReplacements>,
    /// The edits no finding of the file owns: the shared declarations and a factory's returns.
    rest: Vec<Value>,
}

impl FileFix {
    fn new(location: Value, change: &Change) -> Self {
        let text = change.original.strip_prefix('\u{feff}');
        let bom = usize::from(text.is_some());
        let text = text.unwrap_or(&change.original);
        let mut offsets: Vec<usize> = (change.plan.edits().iter())
            .flat_map(|e| [e.start, e.end])
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        // Characters before each edit's ends, counted in one pass over the text.
        let mut chars = std::collections::HashMap::new();
        let (mut counted, mut at) = (bom, 0);
        for offset in offsets {
            let slice = text.get(at..offset).unwrap_or("");
            counted += slice.chars().count();
            at = offset;
            chars.insert(offset, counted);
        }
        let replacement = |edit: &Edit| {
            let start = chars.get(&edit.start).copied().unwrap_or(0);
            let end = chars.get(&edit.end).copied().unwrap_or(start);
            json!({
                "deletedRegion": { "charOffset": start, "charLength": end - start },
                "insertedContent": { "text": edit.content },
            })
        };
        let mut rest: Vec<Value> = Vec::new();
        let mut sites = Vec::new();
        for fix in &change.plan.fixes {
            let replacements = fix.edits.iter().map(replacement).collect();
            match fix.sites.is_empty() {
                true => rest.extend::<Vec<Value>>(replacements),
                false => sites.push((fix.sites.clone(), replacements)),
            }
        }
        rest.extend(change.plan.shared.iter().map(replacement));
        FileFix {
            location,
            sites,
            rest,
        }
    }

    /// The fix of the finding at `at` (`None`: one fixed in this file from elsewhere,
    /// a dropped factory result), with what no finding owns if nobody carries it yet.
    fn take(&mut self, at: Option<Span>) -> Option<Value> {
        let mut replacements = match at {
            Some(at) => match self.sites.iter().position(|(s, _)| s.contains(&at)) {
                Some(i) => self.sites.swap_remove(i).1,
                None => return None,
            },
            None => Vec::new(),
        };
        replacements.append(&mut self.rest);
        (!replacements.is_empty()).then(|| {
            json!([{
                "description": { "text": "Keep a strong reference to the task until it is done (undangle fix)." },
                "artifactChanges": [{
                    "artifactLocation": self.location,
                    "replacements": replacements,
                }],
            }])
        })
    }
}

pub fn findings(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name,
                "shortDescription": { "text": format!("dropped asyncio task ({})", rule.name) },
                "fullDescription": { "text": rule.summary },
                "help": {
                    "text": "The event loop keeps only a weak reference to a task: keep a strong one until it is done (`undangle fix` adds it).",
                    "markdown": crate::render::rule::markdown(rule),
                },
                "helpUri": crate::render::rule::url(rule),
                "defaultConfiguration": { "level": "warning" },
                "properties": { "preview": rule.is_preview() },
            })
        })
        .collect();
    let mut fixes: Vec<Option<FileFix>> = reports
        .iter()
        .map(|report| {
            let location = json!({ "uri": uri(&report.display), "uriBaseId": "%SRCROOT%" });
            (report.change.as_ref()).map(|change| FileFix::new(location, change))
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
        for (_, f) in report.findings() {
            let mut result = json!({
                "ruleId": f.kind.as_str(),
                "ruleIndex": Kind::all().position(|k| k == f.kind).unwrap_or(0),
                "level": "warning",
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": f.at.line,
                            "startColumn": f.at.column,
                            "endLine": f.at.end_line,
                            "endColumn": f.at.end_column,
                        },
                    },
                }],
            });
            let (carrier, at) = match &f.factory {
                Some(factory) => (
                    changed
                        .iter()
                        .find(|(key, _)| *key == factory.file)
                        .map(|&(_, i)| i),
                    None,
                ),
                None => (Some(index), Some(f.at)),
            };
            // A notebook's region lines are in its cell (as ruff's are); the cell rides along.
            if let Some(cell) = f.at.cell {
                result["properties"] = json!({ "cell": cell });
            }
            if f.fixable()
                && let Some(fix) = carrier.and_then(|i| fixes[i].as_mut()?.take(at))
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
