//! What the walk keeps of the files it analyses after it, within a budget: their bytes (`fix`'s
//! files that define a factory and its tests, callers of a factory found before them) and the
//! word filters of the rest. Past the budget a file keeps nothing and is read again in its
//! turn, so that memory stays bounded on any tree.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::project::method_calls::CallIndex;
use crate::project::summary::FileWords;

/// How many bytes the walk keeps, in all, of the files it analyses after it (`fix`'s files that
/// define a factory and its tests; callers of a factory found before them). Past it a file's
/// bytes are let go and read again in its turn: memory stays bounded on any tree (eight
/// copies of the standard library held 130 MB in `diff`). Reading a file again costs far less
/// than parsing it, which every held file waits for: 2 MB took 3 MB off `check`'s peak on the
/// large tree, against 8 MB.
const HELD_BYTES: usize = 2 << 20;

/// How many bytes of word filters the walk keeps, in all (a 5,700-file corpus takes 2.9 MB):
/// past it a file keeps none, and is read again after the walk if the project has a factory.
const WORDS_BYTES: usize = 4 << 20;

/// `bytes`, or 0 under `UNDANGLE_HOLD_NOTHING` (a hook for the tests: every file read again
/// must give the same output).
fn budget(bytes: usize) -> usize {
    static NOTHING: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("UNDANGLE_HOLD_NOTHING").is_some());
    if *NOTHING { 0 } else { bytes }
}

/// The files left for after the walk, and the bytes held for them so far.
#[derive(Default)]
pub(crate) struct Held {
    pub(crate) deferred: Mutex<Vec<(PathBuf, Vec<u8>)>>,
    bytes: AtomicUsize,
    words: AtomicUsize,
    /// `audit`: the method calls of every file (see [`CallIndex`]).
    pub(crate) calls: CallIndex,
    /// `audit`: the files that may define a function summarised after the walk (see
    /// [`crate::app::handed`]).
    pub(crate) summarisable: Mutex<Vec<PathBuf>>,
    /// `audit`: the files that gather another object's attribute (see
    /// [`crate::app::gathered`]).
    pub(crate) gathering: Mutex<Vec<PathBuf>>,
}

impl Held {
    /// A copy of `bytes` kept, or none when keeping them would pass [`HELD_BYTES`] (then
    /// nothing is copied).
    pub(crate) fn hold(&self, bytes: &[u8]) -> Vec<u8> {
        let before = self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        if before + bytes.len() <= budget(HELD_BYTES) {
            return bytes.to_vec();
        }
        self.bytes.fetch_sub(bytes.len(), Ordering::Relaxed);
        Vec::new()
    }

    /// `words` kept, or none when keeping them would pass [`WORDS_BYTES`].
    pub(crate) fn keep_words(&self, words: FileWords) -> Option<FileWords> {
        let size = words.size();
        let before = self.words.fetch_add(size, Ordering::Relaxed);
        if before + size <= budget(WORDS_BYTES) {
            return Some(words);
        }
        self.words.fetch_sub(size, Ordering::Relaxed);
        None
    }
}

/// The bytes the walk held for the file at `path`, or, when it held none, the file read again
/// (an empty file read again is still empty).
pub(crate) fn held_bytes(path: &Path, bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
    match bytes.is_empty() {
        true => std::fs::read(path),
        false => Ok(bytes),
    }
}
