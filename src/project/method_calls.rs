//! The project's method calls, indexed in the walk for `audit` only: the attribute names each
//! file spells after a dot (`.run`), in a Bloom filter. The audit's "replaced while running"
//! hazard of a method depends on every call of it (see [`super::callers`]); with the index, only
//! the files that may spell the method's name are read again and parsed after the walk (most
//! files call none of the methods in question).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::summary::{FileWords, WordKey};

/// Each file of the walk with the attribute names it spells.
#[derive(Default)]
pub struct CallIndex {
    files: Mutex<Vec<(PathBuf, FileWords)>>,
}

impl CallIndex {
    /// Indexes the file at `path` from its bytes, read once by the walk.
    pub fn add(&self, path: &Path, bytes: &[u8]) {
        let words = FileWords::of_parts(&attribute_names(bytes));
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_owned(), words));
    }

    /// The files that may spell `.name` for one of `names`, in path order.
    pub fn files_spelling(&self, names: &[&str]) -> Vec<PathBuf> {
        let keys: Vec<WordKey> = names.iter().map(|n| WordKey::of(n)).collect();
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let mut found: Vec<PathBuf> = (files.iter())
            .filter(|(_, words)| keys.iter().any(|k| words.holds(k)))
            .map(|(path, _)| path.clone())
            .collect();
        found.sort();
        found
    }
}

/// The name after each dot of the file (`x.run(`, `self._start`, also in strings and comments:
/// the filter may say yes where there is no call, never no where there is one).
fn attribute_names(bytes: &[u8]) -> Vec<&[u8]> {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    memchr::memchr_iter(b'.', bytes)
        .filter_map(|at| {
            let rest = &bytes[at + 1..];
            let length = rest.iter().take_while(|b| word(b)).count();
            (length > 1).then(|| &rest[..length])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::CallIndex;
    use std::path::Path;

    #[test]
    fn a_file_is_found_by_the_names_it_calls_as_methods() {
        let index = CallIndex::default();
        index.add(Path::new("a.py"), b"await self._adapter.run()\n");
        index.add(Path::new("b.py"), b"def run():\n    connect()\n");
        assert_eq!(index.files_spelling(&["run"]), [Path::new("a.py")]);
        let index = CallIndex::default();
        index.add(Path::new("b.py"), b"def run():\n    connect()\n");
        assert!(index.files_spelling(&["connect"]).is_empty());
    }
}
