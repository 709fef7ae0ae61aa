//! What `--strategy helper` reads of the project's files beyond the one it fixes, kept for one
//! run: the run owns the store and hands it down, so that a long-lived run (the language server)
//! forgets it when the files change, where a process-wide cache would answer from what they said
//! at its first question. Each fact is read once per key and run; the threads of a run share it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The facts of one run, each keyed by the folder (or file) it was read from.
#[derive(Debug, Default)]
pub struct ProjectFacts {
    /// Folder → its flat distribution's home module (`flat_modules`).
    pub(super) flat: Facts<Option<Flat>>,
    /// Package folder → one of its modules imports a top-level module of its parent
    /// (`import_root`).
    pub(super) rooted: Facts<bool>,
    /// Package folder → the sibling packages its modules import, and whether they make tasks
    /// (`helper_home::shared`).
    pub(super) packages: Facts<Package>,
    /// Package folder → one of its modules may drop a `run_coroutine_threadsafe` future
    /// (`helper_futures`).
    pub(super) threadsafe: Facts<bool>,
    /// Folder → the distributions its declaration files name (`declared`).
    pub(super) declared: Facts<Names>,
    /// Package folder → what its modules say of its bare name (`self_imported`).
    pub(super) self_imported: Facts<SelfImport>,
    /// Folder → the dotted names its tree's modules import absolutely (`helper_home::namespace_tree`).
    pub(super) tree_imports: Facts<Vec<String>>,
    /// Folder → a module directly in it imports relatively (`path_root::portion`).
    pub(super) portions: Facts<bool>,
    /// Package folder → the regular package its modules import through the namespace folder
    /// above it (`namespace_span`).
    pub(super) spans: Facts<Option<super::path_root::TopPackage>>,
    /// Folder → one of its top-level modules imports a child of it by its bare name
    /// (`path_root`).
    pub(super) root_children: Facts<bool>,
    /// Flat distribution's home module → whether its fix defines the helper: the caller, which
    /// plans that fix, answers it (see `flat_modules`).
    pub flat_homes: Facts<bool>,
}

/// A flat distribution's listed modules and their home (`flat_modules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Flat {
    /// The home module's name.
    pub(super) home: String,
    /// The listed modules that import the home at their top level.
    pub(super) importers: Vec<String>,
}

/// What one package folder's modules say (`helper_home::shared`).
#[derive(Debug, Clone, Default)]
pub(super) struct Package {
    /// The packages beside it that its modules import at column 0.
    pub(super) imports: Vec<String>,
    /// The others beside it that its functions import when they run (`lazy_imports`).
    pub(super) lazy: Vec<String>,
    /// One of its modules spells `create_task(` or `ensure_future(`.
    pub(super) makes_tasks: bool,
    /// Its `__init__.py` imports nothing but the standard library, at any depth.
    pub(super) inert: bool,
}

/// What a package's own modules say of its bare name (`self_imported`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SelfImport {
    /// None of them imports it so.
    No,
    /// One does, and no distribution the project declares can own the name.
    Proven,
    /// One does, but a library may own the name (or the project declares nothing).
    Unproven,
}

/// The names a folder's declaration files give (`None`: one cannot be read to names).
pub(super) type Names = Option<Vec<String>>;

/// One fact, by key.
#[derive(Debug)]
pub struct Facts<V>(Mutex<HashMap<PathBuf, V>>);

impl<V> Default for Facts<V> {
    fn default() -> Self {
        Facts(Mutex::default())
    }
}

impl<V: Clone> Facts<V> {
    /// The fact of `key`, read with `read` the first time it is asked. The lock is not held while
    /// it is read: a read may ask another key (a fix planned inside it), and two threads that
    /// race read the same files to the same answer.
    pub fn get_or(&self, key: &Path, read: impl FnOnce() -> V) -> V {
        if let Some(known) = self.lock().get(key) {
            return known.clone();
        }
        let found = read();
        self.lock().insert(key.to_path_buf(), found.clone());
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, V>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Writes `code` to `file` below `root`, its folders made: the project trees the readers'
/// tests build.
#[cfg(test)]
pub(super) fn write_file(root: &Path, file: &str, code: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().expect("a file below the root")).expect("writable");
    std::fs::write(path, code).expect("writable");
}
