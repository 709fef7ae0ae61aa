//! Before the files are analysed: the project's task factories, found once per run (see
//! [`crate::project::factories`]), and, for `fix`, which of them the files that define one drop the
//! result of (the other files say so in their own analysis).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ignore::WalkState;

use crate::app::job::Job;
use crate::app::pipeline::{self, Mode, Options, Outcome};
use crate::app::walk;
use crate::project::factories::{FactoryIndex, FactoryRef};
use crate::project::file_key;
use crate::scan::syntax;
use crate::settings::SettingsError;

/// A file that may define a factory, analysed while the factories were being found (`check`
/// and `audit`): its bytes and its outcome before the index was complete.
pub(crate) struct Early {
    pub(crate) bytes: Vec<u8>,
    pub(crate) outcome: Outcome,
}

/// The factories of every Python file below `roots`, and, except for `fix` (which handles the
/// files that define one last), the outcome of each file that may define one, from the same
/// parse: such a file is parsed once, and again only if it spells a factory's name.
pub(crate) fn factories(
    roots: &[PathBuf],
    threads: usize,
    job: &Job,
) -> (FactoryIndex, HashMap<PathBuf, Early>) {
    find(roots, threads, job, job.mode != Mode::Fix)
}

/// The factories of every Python file below `roots`, and nothing else (an editor's workspace).
pub(crate) fn factory_index(roots: &[PathBuf], threads: usize, job: &Job) -> FactoryIndex {
    find(roots, threads, job, false).0
}

fn find(
    roots: &[PathBuf],
    threads: usize,
    job: &Job,
    analyse: bool,
) -> (FactoryIndex, HashMap<PathBuf, Early>) {
    let index = Mutex::new(FactoryIndex::default());
    let early = Mutex::new(HashMap::new());
    each_file(roots, threads, job, |path, bytes, parser| {
        // A notebook cannot be imported: no other file calls its factories.
        if walk::is_notebook(path) {
            return;
        }
        let Ok(settings) = job.loader.for_file(path) else {
            return; // reported by the analysis
        };
        if let Some(keep_with) = &settings.keep_with
            && keep_with.is_module(path)
            && let Err(message) = pipeline::keeper_contract(bytes, parser, keep_with)
        {
            let fault = SettingsError {
                path: path.to_owned(),
                message,
            };
            let mut faults = job.keeper_faults.lock().unwrap_or_else(|e| e.into_inner());
            faults.insert(keep_with.clone(), fault);
        }
        if !pipeline::may_define(bytes, &settings) {
            return;
        }
        let found = match job.mode {
            _ if !analyse => pipeline::factories_of(bytes, parser, &settings),
            Mode::Fix => pipeline::factories_of(bytes, parser, &settings),
            Mode::Check | Mode::Audit => {
                let options = Options {
                    no_prefilter: job.no_prefilter,
                    settings,
                    factories: Arc::default(),
                    file: None,
                    select: None,
                    notebook: false,
                };
                let (outcome, found) =
                    pipeline::process_defining(bytes, parser, job.mode, &options);
                let bytes = bytes.to_vec();
                let mut early = early.lock().unwrap_or_else(|e| e.into_inner());
                early.insert(path.to_owned(), Early { bytes, outcome });
                found
            }
        };
        if !found.is_empty() {
            let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
            index.add(file_key(path), walk::display(path), found);
        }
    });
    let mut index = index.into_inner().unwrap_or_else(|e| e.into_inner());
    index.finish();
    (index, early.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// The factories whose result one of `files` drops (`fix` keeps their tasks). Only the files that
/// may call one (by [`FactoryIndex::may_be_called`]) are analysed, with `job.factories`.
pub(crate) fn dropped_factories(files: &[PathBuf], threads: usize, job: &Job) -> Vec<FactoryRef> {
    let found = each_path(files, threads, |path, parser| {
        let bytes = std::fs::read(path).ok()?; // reported by the analysis
        let file = file_key(path);
        if !job.factories.may_be_called(Some(&file), &bytes) {
            return None;
        }
        let settings = job.loader.for_file(path).ok()?;
        let options = Options {
            no_prefilter: job.no_prefilter,
            settings,
            factories: Arc::clone(&job.factories),
            file: Some(file),
            select: None,
            notebook: false,
        };
        match pipeline::process(&bytes, parser, Mode::Check, &options) {
            Outcome::Analyzed(analysis) => Some(
                analysis
                    .findings
                    .into_iter()
                    .filter(|f| f.fixable)
                    .filter_map(|f| f.factory)
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        }
    });
    found.into_iter().flatten().collect()
}

/// Runs `visit` on each of `paths`, spread over `threads` (one parser each), and returns what it
/// gave, in the order of `paths`.
pub(crate) fn each_path<T: Send>(
    paths: &[PathBuf],
    threads: usize,
    visit: impl Fn(&Path, &mut tree_sitter::Parser) -> Option<T> + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let (visit, next) = (&visit, &next);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, paths.len().max(1)))
            .map(|_| {
                scope.spawn(move || {
                    let mut parser = syntax::new_parser();
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        if let Some(value) = visit(path, &mut parser) {
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
