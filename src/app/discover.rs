//! The project's task factories (see [`crate::project::factories`]), found in the walk that
//! analyses the files: each file's part in them, the index of an editor's workspace, and, for
//! `fix`, which of them the files that define one drop the result of (the other files say so in
//! their own analysis).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkState;

use crate::app::job::Job;
use crate::app::walk;
use crate::core::pipeline::{self, Mode, Options, Outcome};
use crate::project::factories::{FactoryIndex, FactoryRef};
use crate::project::file_key;
use crate::project::keeper_imports;
use crate::project::keepers::KeeperDef;
use crate::project::self_stores;
use crate::project::{loop_runners, module_loops, per_call, singletons};
use crate::scan::triage::Triage;
use crate::scan::{current_task, partial, quiet_candidates, syntax};
use crate::settings::{Settings, SettingsError};

/// A file that defines a factory, analysed before the index was complete (`check` and `audit`):
/// its bytes and its outcome then.
pub(crate) struct Early {
    pub(crate) bytes: Vec<u8>,
    pub(crate) outcome: Outcome,
}

/// What the first look at a file that may define a factory found.
pub(crate) enum Defining {
    /// It defines none: `Some` outcome (`check` and `audit`, from the parse that looked), or
    /// `None` (`fix`: it is analysed as any other file).
    None(Option<Outcome>),
    /// `check` and `audit`: it defines one, and this is its outcome; analysed again once every
    /// factory is known only if it may call one.
    Early(Outcome),
    /// `fix`: it defines one, and is handled last, once every other file has said which
    /// factories it drops.
    Deferred,
}

/// A file's part in finding the project's factories, from the walk that analyses it: its
/// `keep-with` keeper's definition checked (a fault is recorded in `job`), and, when it may
/// define a factory, the ones it defines added to `index`. `None` when it cannot define one.
pub(crate) fn first_look(
    path: &Path,
    triage: &Triage,
    parser: &mut tree_sitter::Parser,
    job: &Job,
    settings: &Arc<Settings>,
    index: &Mutex<FactoryIndex>,
) -> Option<Defining> {
    // A notebook cannot be imported: no other file calls its factories.
    if walk::is_notebook(path) {
        return None;
    }
    let bytes = triage.bytes();
    check_keeper(path, bytes, parser, job, settings);
    // `fix` calls a keeper that takes a coroutine from the files that import it.
    if job.mode == Mode::Fix {
        let keepers = keepers_of(bytes, parser);
        if !keepers.is_empty() {
            let standalone = keeper_imports::standalone(bytes);
            let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
            index.add_keepers(file_key(path), keepers, standalone);
        }
        // Only `owner` reads them, and finding them parses whole classes.
        let singletons = match settings.strategy {
            crate::settings::Strategy::Owner => singletons_of(bytes, parser),
            _ => Vec::new(),
        };
        if !singletons.is_empty() {
            let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
            index.add_singletons(file_key(path), singletons);
        }
        // A test builds its objects per test: no evidence of how the program keeps them.
        let owner = settings.strategy == crate::settings::Strategy::Owner;
        let root = settings.source.as_deref().and_then(Path::parent);
        if owner && !crate::project::paths::is_test_file(&file_key(path), root) {
            let found = constructions_of(bytes, parser);
            let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
            index.add_constructions(found);
        }
    }
    if !pipeline::may_define(triage, settings) {
        return None;
    }
    let (found, defining) = match job.mode {
        Mode::Fix => {
            let found = pipeline::factories_of(bytes, parser, settings);
            match found.is_empty() {
                true => return Some(Defining::None(None)),
                false => (found, Defining::Deferred),
            }
        }
        Mode::Check | Mode::Audit => {
            let options = Options {
                no_prefilter: job.no_prefilter,
                settings: Arc::clone(settings),
                factories: Arc::default(),
                file: None,
                select: None,
                notebook: false,
                helper_module: None,
                facts: Arc::clone(&job.facts),
            };
            let (outcome, found) = pipeline::process_defining(triage, parser, job.mode, &options);
            match found.is_empty() {
                true => return Some(Defining::None(Some(outcome))),
                false => (found, Defining::Early(outcome)),
            }
        }
    };
    let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
    index.add(file_key(path), walk::display(path), found);
    Some(defining)
}

/// The file's coroutines that store their own task, added to `index` (a byte scan first: few
/// files spell `current_task(`, and only those are parsed here).
pub(crate) fn note_self_stores(
    path: &Path,
    triage: &Triage,
    parser: &mut tree_sitter::Parser,
    index: &Mutex<FactoryIndex>,
) {
    let bytes = triage.bytes();
    if walk::is_notebook(path) || !triage.may_store_its_task() || !current_task::may_store(bytes) {
        return;
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let Ok(text) = crate::scan::source::decode(bytes) else {
        return;
    };
    // Only the functions that spell the call (with the headers around them: a method's class)
    // can store the task: they alone are parsed (each candidate file parsed whole cost `check`
    // a third more on the corpus), unless the store may go to a collection of the module,
    // whose bindings are then read too.
    let source = crate::scan::source::SourceFile::new(text);
    let spelt: Vec<usize> = memchr::memmem::find_iter(bytes, b"current_task(").collect();
    let parts = (!current_task::may_add_it(bytes))
        .then(|| partial::statements_around(bytes, &spelt, &[b".", b"=", b"(", b","]))
        .flatten();
    let tree = match parts {
        Some(ranges) if ranges.is_empty() => return,
        Some(ranges) => syntax::parse_ranges(parser, &source, &ranges)
            .filter(|tree| !tree.root_node().has_error()),
        None => None,
    };
    let Some(tree) = tree.or_else(|| parser.parse(text, None)) else {
        return;
    };
    let found = self_stores::of_tree(tree.root_node(), text, file_key(path), &walk::display(path));
    let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
    index.add_self_stores(found);
}

/// The file's coroutines that may never suspend, for `index` (see
/// [`crate::project::quiet_coroutines`]): when it spells `async def`, its path, read again
/// only if an import asks; read now when the run writes files (`read_now`), which may change
/// it before then.
pub(crate) fn note_quiet(
    path: &Path,
    triage: &Triage,
    index: &Mutex<FactoryIndex>,
    read_now: bool,
) {
    if walk::is_notebook(path) || !triage.may_define_a_coroutine() {
        return;
    }
    let bytes = triage.bytes();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if !read_now {
        // The names it spells `async def` for, for the never-suspends proof's stops.
        let names = triage.async_def_names();
        let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
        index.add_quiet_unread(file_key(path), path.to_owned(), walk::display(path), names);
        return;
    }
    let Ok(text) = crate::scan::source::decode(bytes) else {
        return;
    };
    let found = quiet_candidates::candidates(bytes);
    let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
    // The never-suspends proof's stops: the file's methods scanned now, before `fix` writes.
    index.add_quiet_methods(file_key(path), walk::display(path), text);
    if found.0.is_empty() && found.1.is_empty() && found.2.is_empty() {
        return;
    }
    index.add_quiet(file_key(path), walk::display(path), text, found);
}

/// A package's `__init__.py`, added to `index` unread: the names it re-exports are read only
/// if an import names the package (see [`crate::project::reexports`]).
pub(crate) fn note_package(path: &Path, triage: &Triage, index: &Mutex<FactoryIndex>) {
    let imports = || memchr::memmem::find(triage.bytes(), b"import").is_some();
    if path.file_name().is_none_or(|n| n != "__init__.py") || !imports() {
        return;
    }
    let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
    index.add_package(file_key(path), path.to_owned());
}

/// The file's functions that may run the event loop, added to `index` unparsed (the triage's
/// one pass first: few files spell `run_until_complete(` or `run_forever(`, and of those only
/// the module-level `def`s that do are kept, to be parsed if a file imports one).
pub(crate) fn note_loop_runners(path: &Path, triage: &Triage, index: &Mutex<FactoryIndex>) {
    if walk::is_notebook(path) || !triage.may_run_the_loop() {
        return;
    }
    let bytes = triage.bytes();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // Each `def` stands alone, from its own bytes: the file is neither decoded nor indexed
    // whole (that cost `check` 2% on the corpus, where many files spell the calls).
    let found: Vec<loop_runners::Candidate> = (loop_runners::def_ranges(bytes).into_iter())
        .filter_map(|range| {
            let text = std::str::from_utf8(&bytes[range.clone()]).ok()?;
            let lines_before = memchr::memchr_iter(b'\n', &bytes[..range.start]).count();
            loop_runners::Candidate::new(text.to_owned(), lines_before)
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
    index.add_loop_runners(file_key(path), walk::display(path), found);
}

/// The file's module globals bound to an event loop (`LOOP = get_event_loop()`), added to
/// `index` (the triage's one pass first: few files spell a getter's call, fewer bind one at
/// the top level).
pub(crate) fn note_module_loops(path: &Path, triage: &Triage, index: &Mutex<FactoryIndex>) {
    if walk::is_notebook(path) || !triage.may_bind_a_loop() {
        return;
    }
    let bytes = triage.bytes();
    let found = module_loops::of_text(bytes);
    if found.is_empty() {
        return;
    }
    let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
    index.add_module_loops(file_key(path), found);
}

/// Whether the file may define a keeper that takes a coroutine, by a byte scan: it adds a
/// task's discard as a done callback, makes a task of a plain name (`create_task(coro)`), and
/// defines a function or a class at the module's top level (only those are keepers another file
/// imports; most files that keep tasks in a set do it in methods, of tasks they make of their
/// own coroutines, and parsing each of them whole cost a third of `diff`'s time).
fn may_keep(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    let top_level = [b"def ".as_slice(), b"async def ", b"class "]
        .iter()
        .any(|def| bytes.starts_with(def) || has(&[b"\n", *def].concat()));
    has(b".discard)") && has(b"add_done_callback(") && top_level && makes_task_of_a_name(bytes)
}

/// Whether a task function is called with a plain name alone or first (`create_task(coro)`,
/// `ensure_future(coro, loop=loop)`): a keeper's body does that to its parameter.
fn makes_task_of_a_name(bytes: &[u8]) -> bool {
    let name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    [b"create_task(".as_slice(), b"ensure_future("]
        .iter()
        .any(|creator| {
            memchr::memmem::find_iter(bytes, creator).any(|at| {
                let rest = &bytes[at + creator.len()..];
                let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
                let length = rest.iter().take_while(|b| name(b)).count();
                let after = rest[length..].iter().find(|b| !b.is_ascii_whitespace());
                length > 0 && matches!(after, Some(b')' | b','))
            })
        })
}

/// The module functions of the file that take a coroutine and keep its task (see
/// [`crate::plan::coroutine_keepers`]); none when it cannot be parsed (the analysis reports that).
fn keepers_of(bytes: &[u8], parser: &mut tree_sitter::Parser) -> Vec<KeeperDef> {
    // The blocks' offsets and the tree's must both count from after the BOM.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if !may_keep(bytes) {
        return Vec::new();
    }
    let Ok(text) = crate::scan::source::decode(bytes) else {
        return Vec::new();
    };
    // Only the module's functions and classes that add a done callback can be or hold keepers:
    // they alone are parsed (parsing each candidate file whole was a tenth of `diff` on the
    // corpus).
    let source = crate::scan::source::SourceFile::new(text);
    let parts = partial::top_level_blocks_holding(bytes, b"add_done_callback(");
    let tree = match parts {
        Some(ranges) if ranges.is_empty() => return Vec::new(),
        Some(ranges) => syntax::parse_ranges(parser, &source, &ranges)
            .filter(|tree| !tree.root_node().has_error()),
        None => None,
    };
    match tree.or_else(|| parser.parse(text, None)) {
        Some(tree) => crate::plan::coroutine_keepers(tree.root_node(), text),
        None => Vec::new(),
    }
}

/// The file's top-level classes whose `__new__` hands back an instance it keeps (see
/// [`crate::project::singletons`]): only each `def __new__` and the header lines around it (its
/// class's) are parsed, not the whole class (parsing every class that spells `__new__` was an
/// eighth of `diff --strategy owner` on the corpus).
fn singletons_of(bytes: &[u8], parser: &mut tree_sitter::Parser) -> Vec<String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if !singletons::may_define(bytes) {
        return Vec::new();
    }
    let Ok(text) = crate::scan::source::decode(bytes) else {
        return Vec::new();
    };
    let source = crate::scan::source::SourceFile::new(text);
    let spelt: Vec<usize> = memchr::memmem::find_iter(bytes, b"__new__").collect();
    let tree = match partial::statements_around(bytes, &spelt, &[b"def"]) {
        Some(ranges) if ranges.is_empty() => return Vec::new(),
        Some(ranges) => syntax::parse_ranges(parser, &source, &ranges)
            .filter(|tree| !tree.root_node().has_error()),
        None => None,
    };
    match tree.or_else(|| parser.parse(text, None)) {
        Some(tree) => crate::plan::singleton_classes(tree.root_node(), text),
        None => Vec::new(),
    }
}

/// The file's constructions of classes (see [`crate::project::per_call`]), parsed whole: a
/// construction may be anywhere (`fix --strategy owner` only).
fn constructions_of(bytes: &[u8], parser: &mut tree_sitter::Parser) -> per_call::Constructions {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let Ok(text) = crate::scan::source::decode(bytes) else {
        return per_call::Constructions::default();
    };
    match parser.parse(text, None) {
        Some(tree) => per_call::constructions(tree.root_node(), text),
        None => per_call::Constructions::default(),
    }
}

/// A `keep-with` keeper's module that contradicts the keeper's declaration: the fault is
/// recorded, and the files that use the keeper are left alone.
fn check_keeper(
    path: &Path,
    bytes: &[u8],
    parser: &mut tree_sitter::Parser,
    job: &Job,
    settings: &Settings,
) {
    let Some(keep_with) = &settings.keep_with else {
        return;
    };
    // A framework's keeper (`self.hass.async_create_task`) is checked against its contract,
    // named at the settings that declare it.
    let framework = crate::plan::framework_contract(keep_with, settings.home_assistant)
        .err()
        .map(|message| {
            let source = settings.source.clone();
            (source.unwrap_or_else(|| path.to_owned()), message)
        });
    let defined = || {
        let found = (keep_with.is_module(path))
            .then(|| pipeline::keeper_contract(bytes, parser, keep_with).err())
            .flatten();
        found.map(|message| (path.to_owned(), message))
    };
    if let Some((path, message)) = framework.or_else(defined) {
        let fault = SettingsError { path, message };
        let mut faults = job.keeper_faults.lock().unwrap_or_else(|e| e.into_inner());
        faults.insert(keep_with.clone(), fault);
    }
}

/// The factories of every Python file below `roots`, and the keepers that take a coroutine,
/// and nothing else (an editor's workspace).
pub(crate) fn factory_index(roots: &[PathBuf], threads: usize, job: &Job) -> FactoryIndex {
    let index = Mutex::new(FactoryIndex::default());
    each_file(roots, threads, job, |path, bytes, parser| {
        if walk::is_notebook(path) {
            return;
        }
        let Ok(settings) = job.loader.for_file(path) else {
            return;
        };
        check_keeper(path, bytes, parser, job, &settings);
        let found = pipeline::factories_of(bytes, parser, &settings);
        let keepers = keepers_of(bytes, parser);
        let standalone = !keepers.is_empty() && keeper_imports::standalone(bytes);
        let singletons = singletons_of(bytes, parser);
        let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
        index.add_keepers(file_key(path), keepers, standalone);
        index.add_singletons(file_key(path), singletons);
        if !found.is_empty() {
            index.add(file_key(path), walk::display(path), found);
        }
    });
    let mut index = index.into_inner().unwrap_or_else(|e| e.into_inner());
    index.finish();
    index
}

/// The factories whose result one of `files` (with their bytes) drops: `fix` keeps their
/// tasks. Only the files that may call one (by [`FactoryIndex::may_be_called`]) are analysed,
/// with `job.factories`.
pub(crate) fn dropped_factories(
    files: &[&(PathBuf, Vec<u8>)],
    threads: usize,
    job: &Job,
) -> Vec<FactoryRef> {
    let found = each(files.to_vec(), threads, |(path, held), parser| {
        // Bytes the walk did not hold are read again.
        let read;
        let bytes = match held.is_empty() {
            true => {
                read = std::fs::read(path).ok()?; // unreadable: the analysis reports it
                &read
            }
            false => held,
        };
        let file = file_key(path);
        if !job.factories.may_be_called(Some(&file), bytes) {
            return None;
        }
        let settings = job.loader.for_file(path).ok()?; // reported by the analysis
        let options = Options {
            no_prefilter: job.no_prefilter,
            settings,
            factories: Arc::clone(&job.factories),
            file: Some(file),
            select: None,
            notebook: false,
            helper_module: None,
            facts: Arc::clone(&job.facts),
        };
        match pipeline::process(bytes, parser, Mode::Check, &options) {
            Outcome::Analyzed(analysis) => Some(
                analysis
                    .findings()
                    .filter(|(_, f)| f.fixable())
                    .filter_map(|(_, f)| f.factory.clone())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        }
    });
    found.into_iter().flatten().collect()
}

/// Runs `visit` on each of `items`, spread over `threads` (one parser each), and returns what it
/// gave, in the order of `items`.
pub(crate) fn each<I: Send, T: Send>(
    items: Vec<I>,
    threads: usize,
    visit: impl Fn(I, &mut tree_sitter::Parser) -> Option<T> + Sync,
) -> Vec<T> {
    let workers = threads.clamp(1, items.len().max(1));
    let queue = Mutex::new(items.into_iter().enumerate());
    let (visit, queue) = (&visit, &queue);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    let mut parser = syntax::new_parser();
                    let mut out = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some((i, item)) = next else { break };
                        if let Some(value) = visit(item, &mut parser) {
                            out.push((i, value));
                        }
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    results.sort_by_key(|&(i, _)| i);
    results.into_iter().map(|(_, value)| value).collect()
}

/// Runs `visit` on the bytes of every Python file below `roots` (unreadable ones are left to the
/// analysis, which reports them).
fn each_file(
    roots: &[PathBuf],
    threads: usize,
    job: &Job,
    visit: impl Fn(&Path, &[u8], &mut tree_sitter::Parser) + Sync,
) {
    let Some(walker) = walk::build(roots, threads, job.loader.clone()) else {
        return;
    };
    let visit = &visit;
    walker.run(|| {
        let mut parser = syntax::new_parser();
        Box::new(move |entry| {
            if let Ok(entry) = entry
                && walk::is_python_file(&entry)
                && let Ok(bytes) = std::fs::read(entry.path())
            {
                visit(entry.path(), &bytes, &mut parser);
            }
            WalkState::Continue
        })
    });
}
