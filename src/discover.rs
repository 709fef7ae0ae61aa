//! Before the files are analysed: the project's task factories, found once per run (see
//! [`crate::detect::factory`]), and, for `fix`, which of them some caller drops the result of.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkState;

use crate::detect::factory::{FactoryIndex, FactoryRef};
use crate::pipeline::{self, Mode, Options, Outcome};
use crate::run::Context;
use crate::syntax;
use crate::walk;

/// The path as one key for every spelling a run may meet (`./pkg/../pkg/a.py`): absolute, with
/// `.` and `..` resolved by name. Imports of factories are matched on it.
pub fn file_key(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut key = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                key.pop();
            }
            other => key.push(other),
        }
    }
    key
}

/// The factories of every Python file below `roots`.
pub(crate) fn factories(roots: &[PathBuf], threads: usize, context: &Context) -> FactoryIndex {
    let index = Mutex::new(FactoryIndex::default());
    each_file(roots, threads, context, |path, bytes, parser| {
        let Ok(settings) = context.loader.for_file(path) else {
            return; // reported by the analysis
        };
        let found = pipeline::factories_of(bytes, parser, &settings);
        if !found.is_empty() {
            let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
            index.add(file_key(path), walk::display(path), found);
        }
    });
    let mut index = index.into_inner().unwrap_or_else(|e| e.into_inner());
    index.finish();
    index
}

/// The factories whose result some file drops (`fix` keeps their tasks). Only the files that
/// may call one (by [`FactoryIndex::may_be_called`]) are analysed, with `context.factories`.
pub(crate) fn dropped_factories(
    roots: &[PathBuf],
    threads: usize,
    context: &Context,
) -> Vec<FactoryRef> {
    let used = Mutex::new(Vec::new());
    each_file(roots, threads, context, |path, bytes, parser| {
        let file = file_key(path);
        if !context.factories.may_be_called(Some(&file), bytes) {
            return;
        }
        let Ok(settings) = context.loader.for_file(path) else {
            return;
        };
        let options = Options {
            no_prefilter: context.no_prefilter,
            settings,
            factories: Arc::clone(&context.factories),
            file: Some(file),
        };
        if let Outcome::Analyzed(analysis) = pipeline::process(bytes, parser, Mode::Check, &options)
        {
            let dropped = analysis
                .findings
                .into_iter()
                .filter(|f| f.fixable)
                .filter_map(|f| f.factory);
            used.lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(dropped);
        }
    });
    used.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Runs `visit` on the bytes of every Python file below `roots` (unreadable ones are left to the
/// analysis, which reports them).
fn each_file(
    roots: &[PathBuf],
    threads: usize,
    context: &Context,
    visit: impl Fn(&Path, &[u8], &mut tree_sitter::Parser) + Sync,
) {
    let Some(walker) = walk::build(roots, threads, context.loader.clone()) else {
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
