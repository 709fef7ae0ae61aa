//! `explain`: reads the logs line by line while the checked code is audited once, then places
//! each distinct lost-task record at the sites that create its coroutine's tasks.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::WalkState;

use crate::app::cli::{AuditFormat, ColorWhen, Common, ExplainFormat, ExplainOptions};
use crate::app::console::eprintln;
use crate::app::job::thread_count;
use crate::app::request::{ExitWhen, Output, Request, Summary};
use crate::app::run::{self, EXIT_ERROR, EXIT_FOUND, EXIT_OK};
use crate::app::walk;
use crate::audit::explain::Tally;
use crate::core::pipeline::Mode;
use crate::render;

pub fn run(logs: &[PathBuf], options: &ExplainOptions) -> io::Result<u8> {
    let common = common(options);
    let request = Request {
        common: &common,
        mode: Mode::Audit,
        write_back: false,
        verb: "Explaining",
        output: Output::Audit(AuditFormat::Json),
        exit_when: ExitWhen::Never,
        show_fixes: false,
        pr_body: None,
        list_unfixable: false,
        summary: Summary::Audit,
    };
    let (roots, mut had_error) = run::roots(&common, false);
    let mut job = run::job(&request);
    // The code is analysed once, on other threads, while this one reads the logs.
    let (reports, files, (tally, log_error)) = std::thread::scope(|scope| {
        let code = scope.spawn(|| {
            let files = python_files(&roots, &job, options.threads);
            let mut reports = run::walk_roots(roots.clone(), &request, &mut job);
            reports.sort_by(|a, b| a.display.cmp(&b.display));
            (reports, files)
        });
        let tally = read_logs(logs);
        let (reports, files) = code.join().unwrap_or_default();
        (reports, files, tally)
    });
    had_error |= log_error;
    had_error |= run::print_problems(&reports);
    let lines = tally.lines;
    let explained = render::explain::place(tally.into_records(), &reports, &files);
    let code = if had_error {
        EXIT_ERROR
    } else if explained.iter().any(|e| e.points_at_lost()) {
        EXIT_FOUND
    } else {
        EXIT_OK
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let printed = match options.output_format {
        ExplainFormat::Text => render::explain::text(&mut out, &explained),
        ExplainFormat::Json => render::explain::json(&mut out, &explained),
    }
    .and_then(|()| out.flush());
    match printed {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    if !options.quiet {
        eprintln!("{}", render::explain::summary(&explained, lines));
    }
    Ok(code)
}

/// The options of the commands that read Python, for the checked paths.
fn common(options: &ExplainOptions) -> Common {
    Common {
        paths: options.paths.clone(),
        stdin_filename: None,
        quiet: options.quiet,
        color: ColorWhen::Never,
        threads: options.threads,
        strategy: None,
        drain_on_shutdown: false,
        drain_timeout: None,
        log_exceptions: false,
        // A record in a log proves its task was lost: every kind is shown.
        preview: true,
        ignore_noqa: false,
        config: options.config.clone(),
        isolated: options.isolated,
        exclude: None,
        extend_exclude: Vec::new(),
        force_exclude: false,
        no_prefilter: false,
    }
}

/// Every log's records; a log that cannot be read is named on stderr and the others are read
/// (the flag says one could not).
fn read_logs(logs: &[PathBuf]) -> (Tally, bool) {
    let mut tally = Tally::default();
    let mut had_error = false;
    for log in logs {
        let read = if log == Path::new("-") {
            tally.read(io::stdin().lock())
        } else {
            File::open(log).and_then(|file| tally.read(file))
        };
        if let Err(err) = read {
            eprintln!("undangle: {}: {err}", log.display());
            had_error = true;
        }
    }
    (tally, had_error)
}

/// Every Python file the walk reads, as shown: where a record's path can lead.
fn python_files(roots: &[PathBuf], job: &crate::app::job::Job, threads: u16) -> Vec<String> {
    let roots: Vec<PathBuf> = roots
        .iter()
        .filter(|root| !job.loader.excludes(root, root.is_dir(), true))
        .cloned()
        .collect();
    let threads = thread_count(threads);
    let Some(walker) = walk::build(&roots, threads, job.loader.clone()) else {
        return Vec::new();
    };
    let files = Mutex::new(Vec::new());
    walker.run(|| {
        Box::new(|entry| {
            if let Ok(entry) = entry
                && walk::is_python_file(&entry)
            {
                let shown = walk::display(entry.path());
                files.lock().unwrap_or_else(|e| e.into_inner()).push(shown);
            }
            WalkState::Continue
        })
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort();
    files.dedup();
    files
}
