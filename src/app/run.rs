//! Runs one command: read what it asks for once, walk in parallel (one parser per thread), hand
//! each file's report to a single collector, sort, then print or write. Returns the exit code.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anstream::AutoStream;

use crate::app::cli::{AuditFormat, ColorWhen, Command, Common, OutputFormat, RuleFormat};
use crate::app::console::eprintln;
use crate::app::discover;
use crate::app::job::{Job, thread_count};
use crate::app::progress::Progress;
use crate::app::request::{ExitWhen, Output, Request, Summary};
use crate::app::stdin;
use crate::app::walk;
use crate::app::worker::{self, analyse, collect, resolve};
use crate::core::pipeline::Mode;
use crate::project::file_key;
use crate::render;
use crate::render::report::FileReport;
use crate::settings;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FOUND: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(command: &Command) -> io::Result<u8> {
    if let Command::Server = command {
        return crate::app::server::serve();
    }
    if let Command::Check {
        common,
        show_settings: true,
        ..
    } = command
    {
        let bad = crate::app::show_settings::print(common, &loader(common))?;
        return Ok(if bad { EXIT_ERROR } else { EXIT_OK });
    }
    let Some(request) = Request::of(command) else {
        return print_shell_files(command);
    };
    let common = request.common;
    let reading_stdin = stdin::selected(common);
    if reading_stdin && common.paths.iter().any(|p| p != Path::new("-")) {
        eprintln!("undangle: `-` (standard input) cannot be combined with other paths");
        return Ok(EXIT_ERROR);
    }
    let (roots, mut had_error) = roots(common, reading_stdin);
    let mut job = job(&request);
    if !reading_stdin {
        job.roots = Arc::new(roots.iter().map(|r| crate::project::file_key(r)).collect());
    }
    let mut buffer = None;
    let mut reports = if reading_stdin {
        let (report, bytes) = stdin::report(common, &job)?;
        buffer = Some(bytes);
        report.into_iter().collect()
    } else {
        walk_roots(roots, &request, &mut job)
    };
    reports.sort_by(|a, b| a.display.cmp(&b.display));
    if request.mode == Mode::Fix {
        settle_factory_results(&mut reports);
    }
    had_error |= print_problems(&reports);

    // The exit code says what was found, whatever happens to the output afterwards.
    let code = exit_code(request.exit_when, &reports);
    let colour = colour(common.color, &io::stdout());
    match print(request.output, &reports, colour, buffer.as_deref()) {
        // `undangle diff . | head` closes the pipe early: stop quietly, as ripgrep does, but
        // still say what was found.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    if let Some(path) = request.pr_body
        && let Err(err) = write_pr_body(path, &reports)
    {
        eprintln!("undangle: {}: {err}", path.display());
        had_error = true;
    }
    if request.show_fixes {
        print_fixed(&reports);
    }
    if request.list_unfixable {
        print_unfixable(&reports);
    }
    // An error and nothing else to say: the error is the whole message, as in ruff (a "Fixed 0
    // dropped tasks" after it would read as if the run had gone through).
    let only_errors =
        had_error && (reports.iter()).all(|r| r.sites.is_empty() && r.change.is_none());
    if !common.quiet && !only_errors {
        eprintln!("{}", summary(request.summary, &reports));
    }
    Ok(if had_error { EXIT_ERROR } else { code })
}

/// `rule`, `completions` and `man`: they read no Python.
fn print_shell_files(command: &Command) -> io::Result<u8> {
    let mut out = BufWriter::new(io::stdout().lock());
    let written = match command {
        Command::Rule {
            kind,
            all: _,
            output_format,
        } => {
            let rules = match kind.as_deref() {
                None => crate::detect::RULES.to_vec(),
                Some(name) => match crate::detect::Kind::from_name(name) {
                    Some(kind) => vec![kind.rule()],
                    None => {
                        eprintln!(
                            "undangle: `{name}` is not a kind (`undangle rule --all` lists them)"
                        );
                        return Ok(EXIT_ERROR);
                    }
                },
            };
            let as_list = kind.is_none();
            render::rule::print(
                &mut out,
                &rules,
                as_list,
                *output_format == RuleFormat::Json,
            )
            .and_then(|()| out.flush())
        }
        Command::Completions { shell } => {
            crate::app::shell::completions(*shell, &mut out).and_then(|()| out.flush())
        }
        Command::Man => crate::app::shell::man_page(&mut out).and_then(|()| out.flush()),
        // `explain` has its own runner (`app::explain::run`), called by `main`.
        _ => Err(io::Error::other("this command is run by its own runner")),
    };
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err),
        _ => Ok(EXIT_OK),
    }
}

/// The paths to walk (`.` when none is given), and whether one of them is missing (each is named
/// on stderr).
pub(crate) fn roots(common: &Common, reading_stdin: bool) -> (Vec<PathBuf>, bool) {
    let given = if common.paths.is_empty() || reading_stdin {
        vec![PathBuf::from(".")]
    } else {
        common.paths.clone()
    };
    let mut roots = Vec::new();
    let mut missing = false;
    for path in given {
        match path.symlink_metadata() {
            Ok(_) => roots.push(path),
            Err(err) => {
                eprintln!("undangle: {}: {err}", path.display());
                missing = true;
            }
        }
    }
    (roots, missing)
}

/// What every file is processed with; the factories come from the walk.
pub(crate) fn job(request: &Request) -> Job {
    let common = request.common;
    Job {
        mode: request.mode,
        no_prefilter: common.no_prefilter,
        loader: loader(common),
        write_back: request.write_back,
        creates_files: true,
        factories: Arc::default(),
        keeper_faults: Arc::default(),
        roots: Arc::default(),
        facts: Arc::default(),
        helpers_made: Arc::default(),
    }
}

/// Finds the settings of each path, as the options say.
fn loader(common: &Common) -> Arc<settings::Loader> {
    let source = match (&common.config, common.isolated) {
        (Some(file), _) => settings::Source::File(file.clone()),
        (None, true) => settings::Source::Isolated,
        (None, false) => settings::Source::Discover,
    };
    Arc::new(settings::Loader::new(
        source,
        settings::Overrides {
            strategy: common.strategy,
            drain_on_shutdown: common.drain_on_shutdown,
            preview: common.preview,
            ignore_noqa: common.ignore_noqa,
            drain_timeout: common.drain_timeout,
            log_exceptions: common.log_exceptions,
            exclude: common.exclude.clone(),
            extend_exclude: common.extend_exclude.clone(),
            force_exclude: common.force_exclude,
        },
    ))
}

/// The reports of every file below `roots`, each read once: analysed and searched for the
/// project's task factories in one walk, then settled once every factory is known, and for
/// `fix` the files that define a factory last, once the others said which they drop.
pub(crate) fn walk_roots(
    mut roots: Vec<PathBuf>,
    request: &Request,
    job: &mut Job,
) -> Vec<FileReport> {
    let threads = thread_count(request.common.threads);
    // The walker filters what it finds below the roots; a named path is filtered here.
    roots.retain(|root| !job.loader.excludes(root, root.is_dir(), true));
    // Started before the walk, so that reading counts towards showing the line.
    let progress = Progress::new(request.verb);
    let walked = collect(&roots, threads, job, &progress);
    job.factories = Arc::new(walked.factories);
    let mut reports = resolve(walked.seen, threads, job, &progress);
    // `fix` keeps the task of a factory some caller drops: the files that define one wait
    // until every other file has been analysed and said which ones it drops.
    let deferred = walked.deferred;
    if !deferred.is_empty() {
        let mut dropped: Vec<_> = reports
            .iter()
            .flat_map(|r| r.findings())
            .filter(|(_, f)| f.fixable())
            .filter_map(|(_, f)| f.factory.clone())
            .collect();
        // What the tests drop is fixed in the tests.
        let outside_tests: Vec<&(PathBuf, Vec<u8>)> = deferred
            .iter()
            .filter(|(path, _)| {
                let settings = job.loader.for_file(path);
                !settings.is_ok_and(|s| worker::in_tests(path, &s))
            })
            .collect();
        dropped.extend(discover::dropped_factories(&outside_tests, threads, job));
        let index = Arc::make_mut(&mut job.factories);
        for factory in &dropped {
            index.mark_used(factory);
        }
        // The helper modules the code outside the tests makes: the tests may import them.
        job.helpers_made = Arc::new(
            (reports.iter())
                .filter_map(|r| r.change.as_ref()?.plan.creates.as_ref())
                .map(|new| file_key(&new.path))
                .collect(),
        );
        let job = &*job;
        reports.extend(discover::each(
            deferred,
            threads,
            |(path, bytes), parser| {
                progress.inc();
                let display = walk::display(&path);
                match worker::held_bytes(&path, bytes) {
                    Ok(bytes) => analyse(&path, display, bytes, parser, job, job.write_back),
                    Err(err) => Some(worker::unreadable(&path, err)),
                }
            },
        ));
    }
    if request.mode == Mode::Audit {
        crate::app::handed::settle(&mut reports, walked.summarisable, threads, job);
        crate::app::gathered::settle(&mut reports, walked.gathering, threads);
        crate::app::other_class::settle(&mut reports, &walked.calls);
        crate::app::imported_holder::settle(&mut reports);
        crate::app::returned::settle(&mut reports, &walked.calls, threads);
        crate::app::overrides::settle(&mut reports, &walked.calls);
        crate::app::callers::settle(&mut reports, walked.calls, threads);
    }
    progress.finish();
    reports
}

/// Each file's problem on stderr; whether one of them is an error.
pub(crate) fn print_problems(reports: &[FileReport]) -> bool {
    let mut had_error = false;
    for report in reports {
        for (line, note) in &report.notes {
            eprintln!("undangle: {}:{line}: note: {note}", report.display);
        }
        if let Some(problem) = &report.problem {
            match report.display.as_str() {
                // The walker's own errors name their path in the message.
                "" => eprintln!("undangle: {}", problem.message),
                path => eprintln!("undangle: {path}: {}", problem.message),
            }
            had_error |= problem.is_error;
        }
    }
    had_error
}

fn exit_code(when: ExitWhen, reports: &[FileReport]) -> u8 {
    let hit = match when {
        ExitWhen::Never => false,
        ExitWhen::Found => reports.iter().any(|r| r.findings().next().is_some()),
        ExitWhen::AtRisk(level) => reports
            .iter()
            .flat_map(|r| r.audited())
            .any(|(_, t)| t.risk >= level),
        ExitWhen::Changed => reports.iter().any(|r| r.change.is_some()),
    };
    if hit { EXIT_FOUND } else { EXIT_OK }
}

fn summary(summary: Summary, reports: &[FileReport]) -> String {
    match summary {
        Summary::Check => render::summary::check(reports),
        Summary::Audit => render::summary::audit(reports),
        Summary::Fix { applied } => render::summary::fix(reports, applied),
    }
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
    for (report, site, finding) in crate::render::report::fixed_findings(reports) {
        eprintln!(
            "{}:{}:{}: fixed: {} ({})",
            report.display,
            finding.at.line,
            finding.at.column,
            site.callee,
            finding.kind.as_str()
        );
    }
}

/// Findings or diffs on stdout. Colour is decided once; the text itself is written as it is
/// (an escape or control character in the source must reach `git apply` untouched).
///
/// `fix -` prints the buffer it read, fixed or as it came, so an editor can always take it back.
fn print(
    output: Output,
    reports: &[FileReport],
    colour: bool,
    stdin_buffer: Option<&[u8]>,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match output {
        Output::Statistics => render::summary::statistics(&mut out, reports)?,
        Output::Findings(format) => match format {
            OutputFormat::Text => render::text::findings(&mut out, reports, colour)?,
            OutputFormat::Full => render::full::findings(&mut out, reports, colour)?,
            OutputFormat::Json => render::json::findings(&mut out, reports)?,
            OutputFormat::JsonLines => render::json::lines(&mut out, reports)?,
            OutputFormat::Github => render::github::findings(&mut out, reports)?,
            OutputFormat::Gitlab => render::gitlab::findings(&mut out, reports)?,
            OutputFormat::Sarif => render::sarif::findings(&mut out, reports)?,
        },
        Output::Audit(format) => match format {
            AuditFormat::Json => render::audit::json(&mut out, reports)?,
            AuditFormat::Markdown => render::audit::markdown(&mut out, reports)?,
        },
        Output::Diff => {
            // A module the fixes import is created: shown once, before the first of them.
            let mut created = std::collections::HashSet::new();
            for report in reports {
                let creates = report.change.as_ref().and_then(|c| c.plan.creates.as_ref());
                if let Some(new) = creates
                    && created.insert(file_key(&new.path))
                {
                    let name = walk::display_bytes(&new.path);
                    render::diff::new_file(&mut out, &name, &new.text, colour)?;
                }
                if let Some(change) = &report.change {
                    let (old, new) = (&change.original, &change.fixed);
                    let name = walk::display_bytes(&report.path);
                    render::diff::file(&mut out, &name, old, new, colour)?;
                }
            }
        }
        Output::Fixed => {
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
        for (_, finding) in report.findings().filter(|(_, f)| !f.fixable()) {
            eprintln!(
                "{}:{}:{}: {}",
                report.display, finding.at.line, finding.at.column, finding.message
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
        let findings = report.sites.iter_mut().filter_map(|s| s.dropping_mut());
        for finding in findings.filter(|d| d.reported) {
            let Some(factory) = finding.factory.as_ref().filter(|_| finding.fixable()) else {
                continue;
            };
            match changed.iter().find(|(key, _)| *key == factory.file) {
                Some(&(_, i)) => covered[i] += 1,
                None => finding.not_fixed("its task factory could not be fixed"),
            }
        }
    }
    for (report, count) in reports.iter_mut().zip(covered) {
        if let Some(change) = &mut report.change {
            change.tasks += count;
        }
    }
}
