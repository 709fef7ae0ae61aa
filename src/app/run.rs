//! Runs one command: walk in parallel (one parser per thread), hand each file's report to a single
//! collector, sort, then print or write. Returns the exit code.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anstream::AutoStream;

use crate::app::cli::{AuditFormat, ColorWhen, Command, OutputFormat};
use crate::app::console::eprintln;
use crate::app::discover;
use crate::app::job::{Job, thread_count};
use crate::app::pipeline::Mode;
use crate::app::progress::Progress;
use crate::app::stdin;
use crate::app::walk;
use crate::app::worker::{collect, handle_file};
use crate::project::file_key;
use crate::render;
use crate::render::report::FileReport;
use crate::settings;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FOUND: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(command: &Command) -> io::Result<u8> {
    let Some(common) = command.common() else {
        let mut out = BufWriter::new(io::stdout().lock());
        let written = match command {
            Command::Completions { shell } => {
                crate::app::shell::completions(*shell, &mut out).and_then(|()| out.flush())
            }
            _ => crate::app::shell::man_page(&mut out).and_then(|()| out.flush()),
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
    let mut job = Job {
        mode,
        no_prefilter: common.no_prefilter,
        loader,
        write_back,
        factories: Arc::default(),
    };
    let threads = thread_count(common.threads);
    let mut buffer = None;
    let mut reports = if reading_stdin {
        let (report, bytes) = stdin::report(common, &job)?;
        buffer = Some(bytes);
        report.into_iter().collect()
    } else {
        // The walker filters what it finds below the roots; a named path is filtered here.
        roots.retain(|root| !job.loader.excludes(root, root.is_dir(), true));
        // Started before the factory walks, so their time counts towards showing the line.
        let progress = Progress::new(match command {
            Command::Fix { .. } => "Fixing",
            Command::Audit { .. } => "Auditing",
            _ => "Checking",
        });
        job.factories = Arc::new(discover::factories(&roots, threads, &job));
        // `fix` keeps the task of a factory some caller drops: the files that define one wait
        // until every other file has been analysed and said which ones it drops.
        let defer = mode == Mode::Fix && !job.factories.is_empty();
        let (mut reports, deferred) = collect(&roots, threads, &job, &progress, defer);
        if !deferred.is_empty() {
            let mut dropped: Vec<_> = reports
                .iter()
                .flat_map(|r| &r.findings)
                .filter(|f| f.fixable)
                .filter_map(|f| f.factory.clone())
                .collect();
            dropped.extend(discover::dropped_factories(&deferred, threads, &job));
            let index = Arc::make_mut(&mut job.factories);
            for factory in &dropped {
                index.mark_used(factory);
            }
            reports.extend(discover::each_path(&deferred, threads, |path, parser| {
                progress.inc();
                handle_file(path, parser, &job)
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
    for (report, finding) in crate::render::report::fixed_findings(reports) {
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

/// A dropped factory result is fixed when its factory's file is: counted there, and reported as
/// not fixed when that file could not be changed.
fn settle_factory_results(reports: &mut [FileReport]) {
    let changed: Vec<(PathBuf, usize)> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| r.change.is_some())
        .map(|(i, r)| (file_key(&r.path), i))
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
