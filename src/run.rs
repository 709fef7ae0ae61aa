//! Runs one command: walk in parallel (one parser per thread), hand each file's report to a single
//! collector, sort, then print or write. Returns the exit code.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use anstream::AutoStream;

use crate::console::eprintln;
use ignore::WalkState;

use crate::cli::{AuditFormat, ColorWhen, Command, OutputFormat};
use crate::detect::factory::FactoryIndex;
use crate::discover;
use crate::pipeline::{self, Mode, Options, Outcome};
use crate::progress::Progress;
use crate::render;
use crate::report::{Change, FileReport, Problem};
use crate::settings;
use crate::stdin;
use crate::syntax;
use crate::walk;
use crate::write;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FOUND: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(command: &Command) -> io::Result<u8> {
    let Some(common) = command.common() else {
        let mut out = BufWriter::new(io::stdout().lock());
        let written = match command {
            Command::Completions { shell } => {
                crate::shell::completions(*shell, &mut out).and_then(|()| out.flush())
            }
            _ => crate::shell::man_page(&mut out).and_then(|()| out.flush()),
        };
        return match written {
            Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err),
            _ => Ok(EXIT_OK),
        };
    };
    let mut had_error = false;
    let reading_stdin = stdin::selected(common);
    if reading_stdin && common.paths.iter().any(|p| p != Path::new("-")) {
        eprintln!("undangle: `-` (standard input) cannot be combined with other paths");
        return Ok(EXIT_ERROR);
    }
    let given = if common.paths.is_empty() || reading_stdin {
        vec![PathBuf::from(".")]
    } else {
        common.paths.clone()
    };
    let mut roots = Vec::new();
    for path in given {
        match path.symlink_metadata() {
            Ok(_) => roots.push(path),
            Err(err) => {
                eprintln!("undangle: {}: {err}", path.display());
                had_error = true;
            }
        }
    }

    let mode = match command {
        // SARIF carries the fix: plan it, as `diff` does, without writing.
        Command::Check {
            output_format: OutputFormat::Sarif,
            ..
        } => Mode::Fix,
        Command::Check { .. } => Mode::Check,
        Command::Audit { .. } => Mode::Audit,
        Command::Diff { .. } | Command::Fix { .. } => Mode::Fix,
        // Handled above: they read no Python.
        Command::Completions { .. } | Command::Man => return Ok(EXIT_OK),
    };
    let write_back = matches!(command, Command::Fix { .. });
    let source = match (&common.config, common.isolated) {
        (Some(file), _) => settings::Source::File(file.clone()),
        (None, true) => settings::Source::Isolated,
        (None, false) => settings::Source::Discover,
    };
    let loader = Arc::new(settings::Loader::new(
        source,
        settings::Overrides {
            strategy: common.strategy,
            drain_on_shutdown: common.drain_on_shutdown,
            log_exceptions: common.log_exceptions,
            exclude: common.exclude.clone(),
            extend_exclude: common.extend_exclude.clone(),
            force_exclude: common.force_exclude,
        },
    ));
    let mut context = Context {
        mode,
        no_prefilter: common.no_prefilter,
        loader,
        write_back,
        factories: Arc::default(),
    };
    let threads = thread_count(common.threads);
    let mut buffer = None;
    let mut reports = if reading_stdin {
        let (report, bytes) = stdin::report(common, &context)?;
        buffer = Some(bytes);
        report.into_iter().collect()
    } else {
        // The walker filters what it finds below the roots; a named path is filtered here.
        roots.retain(|root| !context.loader.excludes(root, root.is_dir(), true));
        // Started before the factory walks, so their time counts towards showing the line.
        let progress = Progress::new(match command {
            Command::Fix { .. } => "Fixing",
            Command::Audit { .. } => "Auditing",
            _ => "Checking",
        });
        context.factories = Arc::new(discover::factories(&roots, threads, &context));
        // `fix` keeps the task of a factory some caller drops: the files that define one wait
        // until every other file has been analysed and said which ones it drops.
        let defer = mode == Mode::Fix && !context.factories.is_empty();
        let (mut reports, deferred) = collect(&roots, threads, &context, &progress, defer);
        if !deferred.is_empty() {
            let mut dropped: Vec<_> = reports
                .iter()
                .flat_map(|r| &r.findings)
                .filter(|f| f.fixable)
                .filter_map(|f| f.factory.clone())
                .collect();
            dropped.extend(discover::dropped_factories(&deferred, threads, &context));
            let index = Arc::make_mut(&mut context.factories);
            for factory in &dropped {
                index.mark_used(factory);
            }
            reports.extend(discover::each_path(&deferred, threads, |path, parser| {
                progress.inc();
                handle_file(path, parser, &context)
            }));
        }
        progress.finish();
        reports
    };
    reports.sort_by(|a, b| a.display.cmp(&b.display));
    if mode == Mode::Fix {
        settle_factory_results(&mut reports);
    }

    for report in &reports {
        if let Some(problem) = &report.problem {
            match report.display.as_str() {
                // The walker's own errors name their path in the message.
                "" => eprintln!("undangle: {}", problem.message),
                path => eprintln!("undangle: {path}: {}", problem.message),
            }
            had_error |= problem.is_error;
        }
    }

    // The exit code says what was found, whatever happens to the output afterwards.
    let found = reports.iter().any(|r| !r.findings.is_empty());
    let changed = reports.iter().any(|r| r.change.is_some());
    let code = match command {
        Command::Check {
            exit_zero: true, ..
        } => EXIT_OK,
        Command::Check { .. } if found => EXIT_FOUND,
        Command::Audit {
            fail_on: Some(level),
            ..
        } if reports
            .iter()
            .flat_map(|r| &r.tasks)
            .any(|t| t.risk >= *level) =>
        {
            EXIT_FOUND
        }
        Command::Diff { .. } if changed => EXIT_FOUND,
        Command::Fix {
            exit_non_zero_on_fix: true,
            ..
        } if changed => EXIT_FOUND,
        _ => EXIT_OK,
    };
    let colour = colour(common.color, &io::stdout());
    match print(command, &reports, colour, buffer.as_deref()) {
        // `undangle diff . | head` closes the pipe early: stop quietly, as ripgrep does, but
        // still say what was found.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    let (show_fixes, applied, pr_body) = match command {
        Command::Check { .. }
        | Command::Audit { .. }
        | Command::Completions { .. }
        | Command::Man => (false, false, None),
        Command::Diff {
            show_fixes,
            pr_body,
            ..
        } => (*show_fixes, false, pr_body.as_ref()),
        Command::Fix {
            show_fixes,
            pr_body,
            ..
        } => (*show_fixes, true, pr_body.as_ref()),
    };
    if let Some(path) = pr_body
        && let Err(err) = write_pr_body(path, &reports)
    {
        eprintln!("undangle: {}: {err}", path.display());
        had_error = true;
    }
    if show_fixes {
        print_fixed(&reports);
    }
    if matches!(command, Command::Diff { .. } | Command::Fix { .. }) {
        print_unfixable(&reports);
    }
    if !common.quiet {
        match command {
            Command::Check { .. } => eprintln!("{}", render::summary::check(&reports)),
            Command::Audit { .. } => eprintln!("{}", render::summary::audit(&reports)),
            _ => eprintln!("{}", render::summary::fix(&reports, applied)),
        }
    }
    Ok(if had_error { EXIT_ERROR } else { code })
}

/// Whether stdout gets colour: the flag, else `NO_COLOR`, else `FORCE_COLOR` /
/// `CLICOLOR_FORCE`, else whether it is a terminal.
fn colour(when: ColorWhen, stdout: &io::Stdout) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if set("NO_COLOR") => false,
        ColorWhen::Auto if set("FORCE_COLOR") => true,
        ColorWhen::Auto => AutoStream::choice(stdout) != anstream::ColorChoice::Never,
    }
}

/// `--pr-body FILE`: the description, or no file at all when there is nothing to fix (a stale one
/// from an earlier run must not describe a change that is not there).
fn write_pr_body(path: &Path, reports: &[FileReport]) -> io::Result<()> {
    let command = render::pr_body::command_line(std::env::args().skip(1));
    match render::pr_body::body(reports, &command) {
        Some(body) => std::fs::write(path, body),
        None => match std::fs::remove_file(path) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        },
    }
}

/// `--show-fixes`: each site the fix covers, on stderr.
fn print_fixed(reports: &[FileReport]) {
    for (report, finding) in crate::report::fixed_findings(reports) {
        eprintln!(
            "{}:{}:{}: fixed: {} ({})",
            report.display,
            finding.line,
            finding.column,
            finding.callee,
            finding.kind.as_str()
        );
    }
}

/// Findings or diffs on stdout. Colour is decided once; the text itself is written as it is
/// (an escape or control character in the source must reach `git apply` untouched).
///
/// `fix -` prints the buffer it read, fixed or as it came, so an editor can always take it back.
fn print(
    command: &Command,
    reports: &[FileReport],
    colour: bool,
    stdin_buffer: Option<&[u8]>,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match command {
        Command::Check {
            statistics: true, ..
        } => render::summary::statistics(&mut out, reports)?,
        Command::Check { output_format, .. } => match output_format {
            OutputFormat::Text => render::text::findings(&mut out, reports, colour)?,
            OutputFormat::Full => render::full::findings(&mut out, reports, colour)?,
            OutputFormat::Json => render::json::findings(&mut out, reports)?,
            OutputFormat::JsonLines => render::json::lines(&mut out, reports)?,
            OutputFormat::Github => render::github::findings(&mut out, reports)?,
            OutputFormat::Gitlab => render::gitlab::findings(&mut out, reports)?,
            OutputFormat::Sarif => render::sarif::findings(&mut out, reports)?,
        },
        Command::Audit { output_format, .. } => match output_format {
            AuditFormat::Json => render::audit::json(&mut out, reports)?,
            AuditFormat::Markdown => render::audit::markdown(&mut out, reports)?,
        },
        Command::Diff { .. } => {
            for report in reports {
                if let Some(change) = &report.change {
                    let (old, new) = (&change.original, &change.fixed);
                    let name = walk::display_bytes(&report.path);
                    render::diff::file(&mut out, &name, old, new, colour)?;
                }
            }
        }
        Command::Completions { .. } | Command::Man => {}
        Command::Fix { .. } => {
            if let Some(buffer) = stdin_buffer {
                let fixed = reports.iter().find_map(|r| r.change.as_ref());
                out.write_all(fixed.map_or(buffer, |c| c.fixed.as_bytes()))?;
            }
        }
    }
    out.flush()
}

/// Findings the fix leaves for a person, on stderr, so `fix` and `diff` say where they are.
fn print_unfixable(reports: &[FileReport]) {
    for report in reports {
        for finding in report.findings.iter().filter(|f| !f.fixable) {
            eprintln!(
                "{}:{}:{}: {}",
                report.display, finding.line, finding.column, finding.message
            );
        }
    }
}

/// What every file of one run is processed with.
#[derive(Clone)]
pub(crate) struct Context {
    pub(crate) mode: Mode,
    pub(crate) no_prefilter: bool,
    pub(crate) loader: Arc<settings::Loader>,
    pub(crate) write_back: bool,
    /// The project's task factories, found before the files are analysed.
    pub(crate) factories: Arc<FactoryIndex>,
}

/// A dropped factory result is fixed when its factory's file is: counted there, and reported as
/// not fixed when that file could not be changed.
fn settle_factory_results(reports: &mut [FileReport]) {
    let changed: Vec<(PathBuf, usize)> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| r.change.is_some())
        .map(|(i, r)| (discover::file_key(&r.path), i))
        .collect();
    let mut covered = vec![0; reports.len()];
    for report in reports.iter_mut() {
        for finding in report.findings.iter_mut() {
            let Some(factory) = finding.factory.as_ref().filter(|_| finding.fixable) else {
                continue;
            };
            match changed.iter().find(|(key, _)| *key == factory.file) {
                Some(&(_, i)) => covered[i] += 1,
                None => {
                    finding.fixable = false;
                    finding.unfixable = Some("its task factory could not be fixed");
                }
            }
        }
    }
    for (report, count) in reports.iter_mut().zip(covered) {
        if let Some(change) = &mut report.change {
            change.tasks += count;
        }
    }
}

/// Parsing is CPU work: threads beyond the cores only add switching (and the walker's cost grows
/// with the square of its thread count).
fn thread_count(asked: u16) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match usize::from(asked) {
        0 => cores,
        asked => asked.min(cores),
    }
}

/// Walks `roots` and returns a report for every file with something to say, and, when `defer`,
/// the files that define a task factory, left for later.
fn collect(
    roots: &[PathBuf],
    threads: usize,
    context: &Context,
    progress: &Progress,
    defer: bool,
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
    let defers = |path: &Path| {
        defer && context.factories.defines(Some(&discover::file_key(path))) && {
            deferred
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_owned());
            true
        }
    };
    let Some(walker) = walk::build(roots, threads, context.loader.clone()) else {
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
                        } else {
                            handle_file(path, &mut parser, context)
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

fn handle_file(
    path: &Path,
    parser: &mut tree_sitter::Parser,
    context: &Context,
) -> Option<FileReport> {
    match std::fs::read(path) {
        Ok(bytes) => analyse(
            path,
            walk::display(path),
            bytes,
            parser,
            context,
            context.write_back,
        ),
        // A file that should be checked and cannot be read is an error (exit 2).
        Err(err) => Some(FileReport {
            path: path.to_owned(),
            display: walk::display(path),
            findings: Vec::new(),
            tasks: Vec::new(),
            change: None,
            problem: Some(Problem {
                message: format!("cannot read: {err}"),
                is_error: true,
            }),
        }),
    }
}

/// The report of one file's bytes (`path` finds its settings and is written to when
/// `write_back`), or `None` when there is nothing to say.
pub(crate) fn analyse(
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    parser: &mut tree_sitter::Parser,
    context: &Context,
    write_back: bool,
) -> Option<FileReport> {
    let settings = match context.loader.for_file(path) {
        Ok(settings) => settings,
        // Reported once, naming the pyproject.toml; its files are left alone.
        Err(err) => {
            return context
                .loader
                .first_report(&err)
                .then(|| settings_error(err));
        }
    };
    let options = Options {
        no_prefilter: context.no_prefilter,
        settings,
        factories: Arc::clone(&context.factories),
        file: (!context.factories.is_empty()).then(|| discover::file_key(path)),
    };
    let mut report = FileReport {
        path: path.to_owned(),
        display,
        findings: Vec::new(),
        tasks: Vec::new(),
        change: None,
        problem: None,
    };
    match pipeline::process(&bytes, parser, context.mode, &options) {
        Outcome::NoCandidate => return None,
        Outcome::Skipped(reason) => {
            report.problem = Some(Problem {
                message: reason,
                is_error: false,
            });
        }
        Outcome::Analyzed(analysis) => {
            report.findings = analysis.findings;
            report.tasks = analysis.tasks;
            if let Some(message) = analysis.internal_error {
                report.problem = Some(Problem {
                    message: format!("internal error: {message}"),
                    is_error: true,
                });
            }
            if let Some(fixed) = analysis.fixed {
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

/// A file named on the command line that is not read, with the reason.
fn skipped(path: &Path, message: &str) -> FileReport {
    FileReport {
        path: path.to_owned(),
        display: walk::display(path),
        findings: Vec::new(),
        tasks: Vec::new(),
        change: None,
        problem: Some(Problem {
            message: message.to_owned(),
            is_error: false,
        }),
    }
}

fn settings_error(err: settings::SettingsError) -> FileReport {
    // Found from an absolute path: shown relative to where undangle runs, as the files are.
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = err.path.strip_prefix(&cwd).unwrap_or(&err.path).to_owned();
    FileReport {
        display: walk::display(&shown),
        path: err.path,
        findings: Vec::new(),
        tasks: Vec::new(),
        change: None,
        problem: Some(Problem {
            message: err.message,
            is_error: true,
        }),
    }
}

fn walk_error(err: ignore::Error) -> FileReport {
    FileReport {
        path: PathBuf::new(),
        display: String::new(),
        findings: Vec::new(),
        tasks: Vec::new(),
        change: None,
        problem: Some(Problem {
            message: err.to_string(),
            is_error: true,
        }),
    }
}
