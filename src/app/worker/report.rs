//! A file's report, from its outcome: what `check`, `audit` and `fix` print and write.

use std::path::Path;

use crate::app::write;
use crate::core::pipeline::{self, Outcome};
use crate::render::report::{Change, FileReport, Problem};
use crate::scan::notebook::Notebook;

/// The report of a file's outcome.
pub(super) fn report_of(
    path: &Path,
    display: impl FnOnce() -> String,
    bytes: &[u8],
    outcome: Outcome,
    write_back: bool,
    notebook: Option<&Notebook>,
) -> Option<FileReport> {
    // Most files: nothing to report, and nothing allocated for it.
    if matches!(outcome, Outcome::NoCandidate) {
        return None;
    }
    let mut report = FileReport::new(path.to_owned(), display());
    match outcome {
        Outcome::NoCandidate => return None,
        Outcome::Skipped(reason) => {
            report.problem = Some(Problem {
                message: reason,
                is_error: false,
            });
        }
        Outcome::Analyzed(mut analysis) => {
            if let Some(notebook) = notebook {
                in_cells(notebook, &mut analysis);
            }
            report.sites = analysis.sites;
            report.notes = analysis.notes;
            report.handed_to = analysis.handed_to;
            if let Some(message) = analysis.internal_error {
                report.problem = Some(Problem {
                    message: format!("internal error: {message}"),
                    is_error: true,
                });
            }
            let fixed = match (notebook, analysis.fixed) {
                (Some(notebook), Some(fixed)) => match notebook.write_fixed(&fixed) {
                    Ok(fixed) => Some(fixed),
                    Err(message) => {
                        report.problem = Some(Problem {
                            message,
                            is_error: false,
                        });
                        None
                    }
                },
                (_, fixed) => fixed,
            };
            if let Some(fixed) = fixed {
                // `fixed` exists only for UTF-8 input, so this conversion cannot fail.
                let original = String::from_utf8(bytes.to_vec()).unwrap_or_default();
                let creates = analysis.plan.creates.as_deref();
                let (old, new) = (original.as_bytes(), fixed.as_bytes());
                if write_back && let Err(err) = write::replace_creating(path, old, new, creates) {
                    report.problem = Some(Problem {
                        message: err.to_string(),
                        // A file edited meanwhile is skipped, not an error; the rest are.
                        is_error: !matches!(err, write::WriteError::Changed),
                    });
                } else {
                    report.change = Some(Change {
                        original,
                        fixed,
                        tasks: analysis.fixed_count,
                        plan: analysis.plan,
                    });
                }
            }
        }
    }
    let empty = report.sites.is_empty() && report.change.is_none() && report.problem.is_none();
    (!empty).then_some(report)
}

/// A notebook's positions, from lines of its code cells' text to cells and lines in them.
fn in_cells(notebook: &Notebook, analysis: &mut pipeline::Analysis) {
    for site in &mut analysis.sites {
        site.in_cells(notebook);
    }
    // The plan names its sites as their drops stand, now in the cells; its edits are in the
    // cells' Python, not in the notebook's JSON, so no fix carries them (SARIF).
    for fix in &mut analysis.plan.fixes {
        for at in &mut fix.sites {
            *at = at.in_cells(notebook);
        }
        fix.edits.clear();
    }
    analysis.plan.shared.clear();
}
