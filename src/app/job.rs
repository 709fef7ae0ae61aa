//! One job: what a command asks of every file, built once from the arguments.

use std::sync::Arc;

use crate::app::pipeline::Mode;
use crate::project::factories::FactoryIndex;
use crate::settings;

/// What every file of one run is processed with.
#[derive(Clone)]
pub(crate) struct Job {
    pub(crate) mode: Mode,
    pub(crate) no_prefilter: bool,
    pub(crate) loader: Arc<settings::Loader>,
    pub(crate) write_back: bool,
    /// The project's task factories, found before the files are analysed.
    pub(crate) factories: Arc<FactoryIndex>,
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
