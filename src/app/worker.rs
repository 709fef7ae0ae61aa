//! The per-file worker: a file's bytes through the pipeline into its report, and the parallel
//! walk that hands every report to one collector.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use ignore::WalkState;

use crate::app::discover::Early;
use crate::app::job::Job;
use crate::app::pipeline::{self, Options, Outcome};
use crate::app::progress::Progress;
use crate::app::walk;
use crate::app::write;
use crate::project::{file_key, paths};
use crate::render::report::{Change, FileReport, Problem};
use crate::scan::notebook::Notebook;
use crate::scan::syntax;
use crate::settings;

/// Whether the file at `path` is test code of its project (see [`paths::is_test_file`]).
pub(crate) fn in_tests(path: &Path, job: &Job) -> bool {
    let settings = job.loader.for_file(path).ok();
    let root = settings
        .as_ref()
        .and_then(|s| s.source.as_deref()?.parent());
    paths::is_test_file(&file_key(path), root)
}

/// Walks `roots` and returns a report for every file with something to say, and, when `defer`,
/// the files that define a task factory, left for later.
pub(crate) fn collect(
    roots: &[PathBuf],
    threads: usize,
    job: &Job,
    progress: &Progress,
    defer: bool,
    early: HashMap<PathBuf, Early>,
) -> (Vec<FileReport>, Vec<PathBuf>) {
    // The same file reached from two roots (`fix a a/b.py`) is handled once.
    let claimed = std::sync::Mutex::new(std::collections::HashSet::new());
    let first_visit = |path: &Path| {
        roots.len() < 2 || {
            let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
            claimed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key)
        }
    };
    let deferred = std::sync::Mutex::new(Vec::new());
    // Tests wait too: a factory result they drop is fixed at their call unless a file outside
    // the tests drops it as well, which is known only once those files said so.
    let defers = |path: &Path| {
        defer && (job.factories.defines(Some(&file_key(path))) || in_tests(path, job)) && {
            deferred
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_owned());
            true
        }
    };
    let early = std::sync::Mutex::new(early);
    let take_early = |path: &Path| match early.lock() {
        Ok(mut early) if !early.is_empty() => early.remove(path),
        _ => None,
    };
    let Some(walker) = walk::build(roots, threads, job.loader.clone()) else {
        return (Vec::new(), Vec::new());
    };
    let (sender, receiver) = mpsc::channel();
    let reports = std::thread::scope(|scope| {
        let collector = scope.spawn(move || receiver.into_iter().collect::<Vec<FileReport>>());
        walker.run(|| {
            let sender = sender.clone();
            let mut parser = syntax::new_parser();
            Box::new(move |entry| {
                let report = match entry {
                    Ok(entry) if walk::is_python_file(&entry) => {
                        let path = entry.path();
                        let report = if !first_visit(path) {
                            None
                        } else if defers(path) {
                            return WalkState::Continue; // counted when it is handled
                        } else if let Some(early) = take_early(path) {
                            resolve_early(path, early, &mut parser, job)
                        } else {
                            handle_file(path, &mut parser, job)
                        };
                        progress.inc();
                        report
                    }
                    Ok(entry) if walk::is_named_special_file(&entry) => Some(skipped(
                        entry.path(),
                        "not a regular file (a FIFO, socket or device), skipped",
                    )),
                    Ok(_) => None,
                    Err(err) => Some(walk_error(err)),
                };
                if let Some(report) = report
                    && sender.send(report).is_err()
                {
                    return WalkState::Quit;
                }
                WalkState::Continue
            })
        });
        drop(sender);
        collector.join().unwrap_or_default()
    });
    let mut deferred = deferred.into_inner().unwrap_or_else(|e| e.into_inner());
    deferred.sort();
    (reports, deferred)
}

pub(crate) fn handle_file(
    path: &Path,
    parser: &mut tree_sitter::Parser,
    job: &Job,
) -> Option<FileReport> {
    match std::fs::read(path) {
        Ok(bytes) => analyse(
            path,
            walk::display(path),
            bytes,
            parser,
            job,
            job.write_back,
        ),
        // A file that should be checked and cannot be read is an error (exit 2).
        Err(err) => Some(FileReport::problem(
            path.to_owned(),
            walk::display(path),
            format!("cannot read: {err}"),
            true,
        )),
    }
}

/// The report of a file analysed while the factories were being found: that outcome, unless
/// the file may call one of them (the test that decides what of a file is parsed), and is
/// analysed again with them.
fn resolve_early(
    path: &Path,
    early: Early,
    parser: &mut tree_sitter::Parser,
    job: &Job,
) -> Option<FileReport> {
    let display = walk::display(path);
    if job
        .factories
        .may_be_called(Some(&file_key(path)), &early.bytes)
    {
        return analyse(path, display, early.bytes, parser, job, job.write_back);
    }
    // Never a notebook: the factory walk leaves them out.
    report_of(
        path,
        display,
        early.bytes,
        early.outcome,
        job.write_back,
        None,
    )
}

/// The report of one file's bytes (`path` finds its settings and is written to when
/// `write_back`), or `None` when there is nothing to say.
pub(crate) fn analyse(
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    parser: &mut tree_sitter::Parser,
    job: &Job,
    write_back: bool,
) -> Option<FileReport> {
    let settings = match job.loader.for_file(path) {
        Ok(settings) => settings,
        // Reported once, naming the pyproject.toml; its files are left alone.
        Err(err) => {
            return job.loader.first_report(&err).then(|| settings_error(err));
        }
    };
    // A keeper that contradicts its declaration would break every file it fixes: reported
    // once, naming it, and its files are left alone.
    if let Some(fault) = settings
        .keep_with
        .as_ref()
        .and_then(|k| job.keeper_fault(k))
    {
        return job
            .loader
            .first_report(&fault)
            .then(|| settings_error(fault));
    }
    // A notebook is analysed as its code cells' Python; a malformed one is bad input.
    let notebook = match walk::is_notebook(path) {
        true => match Notebook::parse(&bytes) {
            Ok(notebook) => Some(notebook),
            Err(message) => {
                return Some(FileReport::problem(
                    path.to_owned(),
                    display,
                    message,
                    false,
                ));
            }
        },
        false => None,
    };
    let options = Options {
        no_prefilter: job.no_prefilter,
        settings,
        factories: Arc::clone(&job.factories),
        file: (!job.factories.is_empty()).then(|| file_key(path)),
        select: None,
        notebook: notebook.is_some(),
    };
    let python = notebook.as_ref().map(|nb| nb.python.as_bytes());
    let outcome = pipeline::process(python.unwrap_or(&bytes), parser, job.mode, &options);
    report_of(path, display, bytes, outcome, write_back, notebook.as_ref())
}

/// The report of a file's outcome.
fn report_of(
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    outcome: Outcome,
    write_back: bool,
    notebook: Option<&Notebook>,
) -> Option<FileReport> {
    let mut report = FileReport::new(path.to_owned(), display);
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
            report.findings = analysis.findings;
            report.tasks = analysis.tasks;
            report.notes = analysis.notes;
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
                let original = String::from_utf8(bytes).unwrap_or_default();
                if write_back
                    && let Err(err) = write::replace(path, original.as_bytes(), fixed.as_bytes())
                {
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
    let empty = report.findings.is_empty()
        && report.tasks.is_empty()
        && report.change.is_none()
        && report.problem.is_none();
    (!empty).then_some(report)
}

/// A notebook's positions, from lines of its code cells' text to cells and lines in them.
fn in_cells(notebook: &Notebook, analysis: &mut pipeline::Analysis) {
    for f in &mut analysis.findings {
        let (cell, line) = notebook.cell_line(f.line);
        f.end_line = notebook.cell_line(f.end_line).1;
        (f.cell, f.line) = (Some(cell), line);
    }
    for t in &mut analysis.tasks {
        let (cell, line) = notebook.cell_line(t.line);
        t.end_line = notebook.cell_line(t.end_line).1;
        t.shutdown_line = t.shutdown_line.map(|l| notebook.cell_line(l).1);
        (t.cell, t.line) = (Some(cell), line);
    }
    // The plan's sites are found by their findings' positions, now the cells'; its edits are in
    // the cells' Python, not in the notebook's JSON, so no fix carries them (SARIF).
    for fix in &mut analysis.plan.fixes {
        for (line, _) in &mut fix.sites {
            *line = notebook.cell_line(*line).1;
        }
        fix.edits.clear();
    }
    analysis.plan.shared.clear();
}

/// A file named on the command line that is not read, with the reason.
fn skipped(path: &Path, message: &str) -> FileReport {
    FileReport::problem(
        path.to_owned(),
        walk::display(path),
        message.to_owned(),
        false,
    )
}

fn settings_error(err: settings::SettingsError) -> FileReport {
    // Found from an absolute path: shown relative to where undangle runs, as the files are.
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = err.path.strip_prefix(&cwd).unwrap_or(&err.path).to_owned();
    FileReport::problem(err.path, walk::display(&shown), err.message, true)
}

fn walk_error(err: ignore::Error) -> FileReport {
    FileReport::problem(PathBuf::new(), String::new(), err.to_string(), true)
}
