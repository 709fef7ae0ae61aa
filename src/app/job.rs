//! One job: what a command asks of every file, built once from the arguments.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::core::pipeline::Mode;
use crate::project::factories::FactoryIndex;
use crate::project::facts::ProjectFacts;
use crate::settings::{self, KeepWith, SettingsError};

/// What every file of one run is processed with.
#[derive(Clone)]
pub(crate) struct Job {
    pub(crate) mode: Mode,
    pub(crate) no_prefilter: bool,
    pub(crate) loader: Arc<settings::Loader>,
    pub(crate) write_back: bool,
    /// A fix may create files (the package's helper module): not for a buffer on stdin, whose
    /// fixed text alone is printed, nor in an editor.
    pub(crate) creates_files: bool,
    /// The project's task factories, found before the files are analysed.
    pub(crate) factories: Arc<FactoryIndex>,
    /// `keep-with` keepers whose definition contradicts what they are declared to take, found
    /// with the factories: the error that names each (the files that use it are left alone).
    pub(crate) keeper_faults: Arc<Mutex<HashMap<KeepWith, SettingsError>>>,
    /// The paths the run was given, as keys: a file below them is fixed in this run (unless
    /// excluded). None for a buffer or an editor.
    pub(crate) roots: Arc<Vec<PathBuf>>,
    /// What the run reads of the project's files beyond the one it fixes (`--strategy
    /// helper`), once: a new run, or the server after a change on disk, starts afresh.
    pub(crate) facts: Arc<ProjectFacts>,
    /// The package helper modules (`--strategy helper`) that the fixes of the files outside the
    /// tests make, as keys: known before the tests are fixed, which are analysed last.
    pub(crate) helpers_made: Arc<HashSet<PathBuf>>,
}

impl Job {
    /// The error of the files whose `keep-with` keeper contradicts its declaration, if theirs does.
    pub(crate) fn keeper_fault(&self, keep_with: &KeepWith) -> Option<SettingsError> {
        let faults = self.keeper_faults.lock().unwrap_or_else(|e| e.into_inner());
        faults.get(keep_with).cloned()
    }
}

/// Parsing is CPU work: threads beyond the cores only add switching (and the walker's cost grows
/// with the square of its thread count).
pub(crate) fn thread_count(asked: u16) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match usize::from(asked) {
        0 => cores,
        asked => asked.min(cores),
    }
}
