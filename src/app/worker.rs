//! The per-file worker: the walk that reads each file once, analyses it and finds the project's
//! task factories in it, then each file's report once every factory is known.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkState;

use crate::app::discover::{self, Defining, Early};
use crate::app::held::Held;
pub(crate) use crate::app::held::held_bytes;
use crate::app::job::Job;
use crate::app::progress::Progress;
use crate::app::walk;
use crate::app::write;
use crate::core::pipeline::{self, Mode, Options, Outcome};
use crate::project::factories::FactoryIndex;
use crate::project::flat_modules::defines_helper;
use crate::project::helper_home::HelperModule;
use crate::project::summary::FileWords;
use crate::project::{file_key, gathered, handling, helper_home, paths};
use crate::render::report::FileReport;
use crate::scan::notebook::Notebook;
use crate::scan::syntax;
use crate::scan::triage::{Triage, Words};
use crate::settings::{self, Settings};

mod report;
mod resolve;
use report::report_of;
pub(crate) use resolve::resolve;

/// What the walk keeps of a file until the project's factories are all known.
pub(crate) enum Seen {
    /// A report no factory changes (a walk error, a file not read, a settings error).
    Done(Box<FileReport>),
    /// Analysed with no factory known yet.
    Summed(Box<Summed>),
    /// `check` and `audit`: a file that defines a factory, with its bytes (few files).
    Early(Box<(PathBuf, Early)>),
    /// A file with something to parse, or whose words may name a factory found before it, with
    /// its bytes, not analysed yet: analysed once, when every factory is known.
    Waiting(Box<Waiting>),
}

/// A file analysed with no factory known yet: its report (nothing written yet) and its words,
/// which say whether it may call a factory found later, instead of its bytes.
pub(crate) struct Summed {
    path: PathBuf,
    report: Option<Box<FileReport>>,
    /// `None` once the walk keeps [`WORDS_BYTES`] of words: the file is read again when the
    /// project has any factory, and analysed again if its bytes may call one.
    words: Option<FileWords>,
    /// The settings whose `keep-with` keeper, if its definition turns out to contradict it,
    /// leaves the file alone. `None` for a file analysed as one that may define a factory: its
    /// report stands unless it may call one.
    settings: Option<Arc<Settings>>,
}

/// A file waiting for every factory to be known: its bytes (none when the walk held too many:
/// it is read again) and what the look at them found (not for a notebook, whose Python is
/// looked at, not its bytes). A file read again is not looked at again: like the report of a
/// file summed in the walk, what the walk saw of a file stands for the run.
pub(crate) struct Waiting {
    path: PathBuf,
    bytes: Vec<u8>,
    words: Option<Words>,
}

/// What one walk over `roots` found: what it keeps of each file, the project's factories, and,
/// for `fix`, the files that define one, with their bytes, left for last.
pub(crate) struct Walked {
    pub(crate) seen: Vec<Seen>,
    pub(crate) factories: FactoryIndex,
    pub(crate) deferred: Vec<(PathBuf, Vec<u8>)>,
    /// `audit`: the method calls of every file read.
    pub(crate) calls: crate::project::method_calls::CallIndex,
    /// `audit`: the files that may define a function whose summary an `unknown` site asks for,
    /// in path order (parsed after the walk, if one does; see [`crate::app::handed`]).
    pub(crate) summarisable: Vec<PathBuf>,
    /// `audit`: the files that gather another object's attribute, in path order (see
    /// [`crate::app::gathered`]).
    pub(crate) gathering: Vec<PathBuf>,
}

/// Walks `roots`, reading and analysing each file once, and finds the project's factories on
/// the way.
pub(crate) fn collect(roots: &[PathBuf], threads: usize, job: &Job, progress: &Progress) -> Walked {
    // The same file reached from two roots (`fix a a/b.py`) is handled once.
    let claimed = Mutex::new(std::collections::HashSet::new());
    let first_visit = |path: &Path| {
        roots.len() < 2 || {
            let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
            claimed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key)
        }
    };
    let index = Mutex::new(FactoryIndex::default());
    let held = Held::default();
    let (index_ref, deferred_ref) = (&index, &held);
    // Each file's result goes straight into one list: a channel to a collector thread woke
    // that thread once per file (thousands of context switches on a large tree).
    let seen = Mutex::new(Vec::new());
    let seen_ref = &seen;
    if let Some(walker) = walk::build(roots, threads, job.loader.clone()) {
        walker.run(|| {
            let mut parser = syntax::new_parser();
            // Each file is read into the same buffer: allocating and freeing one of a file's
            // size for every file was a tenth of `check` in malloc.
            let mut buffer = Vec::new();
            Box::new(move |entry| {
                let seen = match entry {
                    Ok(entry) if walk::is_python_file(&entry) => {
                        let path = entry.path();
                        if !first_visit(path) {
                            None
                        } else {
                            let at = (&mut parser, &mut buffer);
                            look(path, at, job, index_ref, deferred_ref, progress)
                        }
                    }
                    // A device named (`/dev/zero`) is an error; a FIFO or socket is skipped.
                    Ok(entry) if walk::is_named_special_file(&entry) => {
                        Some(skipped(entry.path(), walk::is_named_device(&entry)))
                    }
                    Ok(_) => None,
                    Err(err) => Some(Seen::Done(Box::new(walk_error(err)))),
                };
                if let Some(seen) = seen {
                    seen_ref
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(seen);
                }
                WalkState::Continue
            })
        });
    }
    let seen = seen.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut factories = index.into_inner().unwrap_or_else(|e| e.into_inner());
    factories.finish();
    let mut deferred = (held.deferred)
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    deferred.sort_by(|a: &(PathBuf, Vec<u8>), b| a.0.cmp(&b.0));
    let mut summarisable = (held.summarisable)
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    summarisable.sort();
    let mut gathering = (held.gathering)
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    gathering.sort();
    Walked {
        seen,
        factories,
        deferred,
        calls: held.calls,
        summarisable,
        gathering,
    }
}

/// Whether the file at `path` is test code of the project its `settings` come from (see
/// [`paths::is_test_file`]).
pub(crate) fn in_tests(path: &Path, settings: &Settings) -> bool {
    let root = settings.source.as_deref().and_then(Path::parent);
    paths::is_test_file(&file_key(path), root)
}

/// One file read and analysed with the factories known so far: none (the index is complete
/// only after the walk), so what it keeps says whether it must be analysed again. `None` for
/// a file with nothing to say, and for one left for last (`deferred`).
fn look(
    path: &Path,
    (parser, buffer): (&mut tree_sitter::Parser, &mut Vec<u8>),
    job: &Job,
    index: &Mutex<FactoryIndex>,
    held: &Held,
    progress: &Progress,
) -> Option<Seen> {
    if let Err(err) = read_into(path, buffer) {
        progress.inc();
        return Some(Seen::Done(Box::new(unreadable(path, err))));
    }
    let bytes = buffer.as_slice();
    // A notebook cannot be imported: its calls are its own.
    if job.mode == Mode::Audit && !walk::is_notebook(path) {
        held.calls.add(path, bytes);
    }
    let settings = match job.loader.for_file(path) {
        Ok(settings) => settings,
        // Reported once, naming the pyproject.toml; its files are left alone.
        Err(err) => {
            progress.inc();
            let report = job.loader.first_report(&err).then(|| settings_error(err));
            return report.map(|report| Seen::Done(Box::new(report)));
        }
    };
    // One look at the bytes answers every question about them before they are decoded.
    let triage = Triage::of(bytes);
    let looked = (!walk::is_notebook(path)).then(|| triage.words());
    let summed = |report: Option<FileReport>, words, settings| {
        Some(Seen::Summed(Box::new(Summed {
            path: path.to_owned(),
            report: report.map(Box::new),
            words: held.keep_words(words),
            settings,
        })))
    };
    // `audit`: a summary of what a function does with what it is handed is built after the walk,
    // only if an `unknown` site hands its task to a function of that name (parsing every such
    // file whole in the walk was most of `audit`'s cost beyond `check`'s).
    // A done callback another file registers is read by its body too.
    let summarisable = |b| handling::may_define(b) || crate::project::outcome::may_read_outcome(b);
    if job.mode == Mode::Audit && !walk::is_notebook(path) && summarisable(bytes) {
        let mut summarisable = held.summarisable.lock().unwrap_or_else(|e| e.into_inner());
        summarisable.push(path.to_owned());
    }
    if job.mode == Mode::Audit && !walk::is_notebook(path) && gathered::may_gather(bytes) {
        let mut gathering = held.gathering.lock().unwrap_or_else(|e| e.into_inner());
        gathering.push(path.to_owned());
    }
    discover::note_self_stores(path, &triage, parser, index);
    discover::note_loop_runners(path, &triage, index);
    discover::note_module_loops(path, &triage, index);
    discover::note_quiet(path, &triage, index, job.write_back);
    discover::note_package(path, &triage, index);
    let defining = discover::first_look(path, &triage, parser, job, &settings, index);
    // `fix` of a test waits too: a factory result it drops is fixed at its call unless a file
    // outside the tests drops it as well, which is known only once those files said so.
    let test_in_fix = job.mode == Mode::Fix && in_tests(path, &settings);
    if test_in_fix || matches!(defining, Some(Defining::Deferred)) {
        let bytes = held.hold(bytes);
        let mut deferred = held.deferred.lock().unwrap_or_else(|e| e.into_inner());
        deferred.push((path.to_owned(), bytes));
        return None; // counted when it is handled
    }
    match defining {
        Some(Defining::Early(outcome)) => {
            progress.inc();
            let bytes = bytes.to_vec();
            let early = Early { bytes, outcome };
            Some(Seen::Early(Box::new((path.to_owned(), early))))
        }
        Some(Defining::Deferred) => None, // deferred above
        Some(Defining::None(Some(outcome))) => {
            progress.inc();
            let words = FileWords::of_imports(bytes);
            let report = report_of(path, || walk::display(path), bytes, outcome, false, None);
            summed(report, words, None)
        }
        Some(Defining::None(None)) | None => {
            match analysed(path, &triage, parser, job, &settings, index) {
                Some((report, words)) => {
                    progress.inc();
                    summed(report, words, Some(settings))
                }
                // Counted when it is handled, after the walk: the long part of a run.
                None => {
                    let (path, bytes) = (path.to_owned(), held.hold(bytes));
                    let words = looked;
                    Some(Seen::Waiting(Box::new(Waiting { path, bytes, words })))
                }
            }
        }
    }
}

/// Reads the file at `path` into `buffer`, which keeps its room for the next file unless it
/// grew past a megabyte (a large generated module is not held for the rest of the walk).
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    if buffer.capacity() > 1 << 20 {
        *buffer = Vec::new();
    }
    buffer.clear();
    std::fs::File::open(path)?.read_to_end(buffer)?;
    Ok(())
}

/// A file that should be checked and cannot be read is an error (exit 2).
pub(crate) fn unreadable(path: &Path, err: std::io::Error) -> FileReport {
    FileReport::problem(
        path.to_owned(),
        walk::display(path),
        format!("cannot read: {err}"),
        true,
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
    analyse_looked(path, display, (bytes, None), parser, job, write_back)
}

/// [`analyse`] of bytes with what the walk's look at them found, if it kept it (never for a
/// notebook).
fn analyse_looked(
    path: &Path,
    display: String,
    (bytes, words): (Vec<u8>, Option<Words>),
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
    let notebook = match notebook_of(path, &bytes) {
        Ok(notebook) => notebook,
        Err(message) => {
            return Some(FileReport::problem(
                path.to_owned(),
                display,
                message,
                false,
            ));
        }
    };
    let python = notebook.as_ref().map(|nb| nb.python.as_bytes());
    let triage = match (python, words) {
        (None, Some(words)) => Triage::with_words(&bytes, words),
        (python, _) => Triage::of(python.unwrap_or(&bytes)),
    };
    let outcome = process(&triage, parser, job, settings, notebook.is_some(), path);
    report_of(
        path,
        || display,
        &bytes,
        outcome,
        write_back,
        notebook.as_ref(),
    )
}

/// [`analyse`] in the walk, with its settings found, before the keepers are checked (the walk
/// checks them after) and with nothing written: the report and the words of its Python. A file
/// with anything to parse, or whose words may name a factory found already, is not analysed
/// now, only to be analysed again: `None`, and it waits for the others.
fn analysed(
    path: &Path,
    triage: &Triage,
    parser: &mut tree_sitter::Parser,
    job: &Job,
    settings: &Arc<Settings>,
    index: &Mutex<FactoryIndex>,
) -> Option<(Option<FileReport>, FileWords)> {
    let bytes = triage.bytes();
    let notebook = match notebook_of(path, bytes) {
        Ok(notebook) => notebook,
        Err(message) => {
            let display = walk::display(path);
            let report = FileReport::problem(path.to_owned(), display, message, false);
            return Some((Some(report), FileWords::default()));
        }
    };
    let python = notebook.as_ref().map(|nb| nb.python.as_bytes());
    let python = python.unwrap_or(bytes);
    // A notebook's Python is looked at anew; a module's bytes were looked at once already.
    let cells = notebook.as_ref().map(|_| Triage::of(python));
    let triage = cells.as_ref().unwrap_or(triage);
    let options = options_for(job, Arc::clone(settings), notebook.is_some(), path);
    // A file with anything to parse waits for every factory, to be parsed once, with them
    // (parsed now, a file that may call one found later was parsed and validated twice).
    if pipeline::may_parse(triage, job.mode, &options) {
        return None;
    }
    let words = FileWords::of_imports(python);
    let index = index.lock().unwrap_or_else(|e| e.into_inner());
    if index.may_be_called_so_far(&words) {
        return None;
    }
    drop(index);
    let outcome = pipeline::process_triaged(triage, parser, job.mode, &options);
    let display = || walk::display(path);
    let report = report_of(path, display, bytes, outcome, false, notebook.as_ref());
    Some((report, words))
}

/// A notebook is analysed as its code cells' Python; a malformed one is bad input.
fn notebook_of(path: &Path, bytes: &[u8]) -> Result<Option<Notebook>, String> {
    match walk::is_notebook(path) {
        true => Notebook::parse(bytes).map(Some),
        false => Ok(None),
    }
}

/// The file's Python through the pipeline, with `job.factories`.
fn process(
    python: &Triage,
    parser: &mut tree_sitter::Parser,
    job: &Job,
    settings: Arc<Settings>,
    notebook: bool,
    path: &Path,
) -> Outcome {
    let options = options_for(job, settings, notebook, path);
    pipeline::process_triaged(python, parser, job.mode, &options)
}

/// The options of the file at `path`, with `job.factories`.
fn options_for(job: &Job, settings: Arc<Settings>, notebook: bool, path: &Path) -> Options {
    let fix = job.mode == Mode::Fix && !notebook;
    let helper_module = fix.then(|| package_helper(job, &settings, path)).flatten();
    Options {
        no_prefilter: job.no_prefilter,
        settings,
        factories: Arc::clone(&job.factories),
        // A relative import is resolved from the file's own path.
        file: (!job.factories.is_empty()
            || !job.factories.handlers.is_empty()
            || job.factories.has_module_loops())
        .then(|| file_key(path)),
        select: None,
        notebook,
        helper_module,
        facts: Arc::clone(&job.facts),
    }
}

/// `fix --strategy helper`: the helper module of the package of the file at `path`, as this run
/// finds it (the language server's quick fix asks it too).
pub(crate) fn package_helper(job: &Job, settings: &Settings, path: &Path) -> Option<HelperModule> {
    let mut helper = helper_home::locate(path, settings, job.creates_files, &job.facts)?;
    // A script uses a helper module that was there before the run, never one this run
    // wrote for its package: the same whichever file is fixed first, and as `diff` says.
    if helper.outside && helper.exists && write::created_by_this_run(&helper.path) {
        helper.exists = false;
    }
    // A test imports the helper where it was there before the run or the fix of its package's
    // own code makes it: a private module is not added to a package for its tests alone.
    if !helper.outside && !helper.flat && in_tests(path, settings) {
        let before = helper.exists && !write::created_by_this_run(&helper.path);
        if !before && !job.helpers_made.contains(&file_key(&helper.path)) {
            (helper.outside, helper.exists) = (true, false);
        }
    }
    // A flat distribution's module imports the home's helper only where the home defines
    // it when the run ends: now, or once its own fix writes it.
    if helper.flat && !helper.own && !helper.exists {
        helper.exists =
            fixed_in_this_run(job, &helper.path) && home_writes_helper(job, &helper.path);
        return helper.exists.then_some(helper);
    }
    Some(helper)
}

/// Whether the file at `path` is fixed in this run: below a path the run was given, and not
/// excluded (a file named alone is fixed alone, and its home stays as it is).
fn fixed_in_this_run(job: &Job, path: &Path) -> bool {
    let key = file_key(path);
    (job.roots.iter()).any(|root| {
        let named = *root == key;
        key.starts_with(root) && !job.loader.excludes(&key, false, named)
    })
}

/// Whether the fix of the flat distribution's home module at `home` defines the helper: the home
/// planned before the modules that import it, so that each of them knows, in any order and in
/// parallel, whether it can import the helper; a second run finds it there. Planned once per
/// run (`job.facts`).
fn home_writes_helper(job: &Job, home: &Path) -> bool {
    let key = file_key(home);
    job.facts
        .flat_homes
        .get_or(&key, || plan_home(job, home, &key))
}

/// Whether the home module's fix defines the helper, planned now.
fn plan_home(job: &Job, home: &Path, key: &Path) -> bool {
    let bytes = std::fs::read(key).unwrap_or_default();
    let defines = |text: &str| defines_helper(text, helper_home::FUNCTION);
    // Its own settings (its per-file ignores), and its own options say it is the home: no
    // question asked again. Read once its own fix is written, it defines the helper already.
    defines(&String::from_utf8_lossy(&bytes))
        || job.loader.for_file(key).is_ok_and(|settings| {
            let options = options_for(job, settings, false, home);
            let mut parser = syntax::new_parser();
            match pipeline::process(&bytes, &mut parser, Mode::Fix, &options) {
                Outcome::Analyzed(analysis) => analysis.fixed.as_deref().is_some_and(defines),
                _ => false,
            }
        })
}

/// A file named on the command line that is not read, with the reason.
fn skipped(path: &Path, device: bool) -> Seen {
    let message = match device {
        true => "a device, not a source file",
        false => "not a regular file (a FIFO or socket), skipped",
    };
    let report = FileReport::problem(
        path.to_owned(),
        walk::display(path),
        message.to_owned(),
        device,
    );
    Seen::Done(Box::new(report))
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
