//! How a file is searched for the words of the project's task factories (their names and their
//! modules' last names): what decides that a file may call one.

use memchr::memmem::Finder;

use crate::scan::word_runs::WordTable;

/// How a file is searched for the factories' words.
#[derive(Debug, Default, Clone)]
pub(super) enum Search {
    /// No factory: no file can call one.
    #[default]
    Nothing,
    Words {
        /// Many words that are runs of word bytes, in one pass over the file's runs (a
        /// substring search per word costs a pass each, and a run over many projects has
        /// hundreds of words). `None` for a few words: a SIMD substring search each is faster
        /// than reading every run for them.
        table: Option<WordTable>,
        /// The index in the words of each of `table`'s words.
        table_words: Vec<usize>,
        /// The other words, one search each: (index in the words, search).
        each: Vec<(usize, Finder<'static>)>,
    },
}

/// From this many words on, one pass over the runs for them all beats a search each.
pub(super) const ONE_PASS_FROM: usize = 16;

impl Search {
    pub(super) fn new(words: &[String]) -> Self {
        if words.is_empty() {
            return Search::Nothing;
        }
        let runs = |w: &String| WordTable::holds_runs_like(w.as_bytes());
        let mut table_words: Vec<usize> = (0..words.len()).filter(|&i| runs(&words[i])).collect();
        if table_words.len() < ONE_PASS_FROM {
            table_words.clear();
        }
        let table = (!table_words.is_empty())
            .then(|| WordTable::new(table_words.iter().map(|&i| words[i].as_bytes())));
        let each = (0..words.len())
            .filter(|i| table_words.binary_search(i).is_err())
            .map(|i| (i, Finder::new(words[i].as_bytes()).into_owned()))
            .collect();
        Search::Words {
            table,
            table_words,
            each,
        }
    }
}

fn is_word_byte(b: &u8) -> bool {
    *b == b'_' || b.is_ascii_alphanumeric()
}

/// `bytes[at..end]` is not part of a longer word.
pub(super) fn whole_word(bytes: &[u8], at: usize, end: usize) -> bool {
    let before = at.checked_sub(1).and_then(|b| bytes.get(b));
    !(before.is_some_and(is_word_byte) || bytes.get(end).is_some_and(is_word_byte))
}

/// Whether the name at `at` (followed by ` as `) may be one an import renames: a whole word
/// after `import`, a `,` or a `(`, or first on its line (inside a parenthesised import, or in a
/// docstring, which costs only a whole parse). `except Error as e` and `with lock as held` are
/// not, however their names happen to be spelled.
pub(crate) fn renamed_on_import(bytes: &[u8], at: usize) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    if at > 0 && word(bytes[at - 1]) {
        return false;
    }
    let line = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let before = bytes[line..at].trim_ascii_end();
    match before.last() {
        None | Some(b',' | b'(') => true,
        Some(_) => (before.strip_suffix(b"import"))
            .is_some_and(|head| head.last().is_none_or(|&b| !word(b))),
    }
}

#[cfg(test)]
mod tests {
    use super::renamed_on_import;

    #[test]
    fn only_an_import_renames_a_name() {
        let renamed = |code: &str| {
            let at = code.find("spawn as ").expect("spelled");
            renamed_on_import(code.as_bytes(), at)
        };
        for code in [
            "from pkg.tasks import spawn as start\n",
            "from pkg.tasks import go, spawn as start\n",
            "from pkg.tasks import (\n    spawn as start,\n)\n",
            "from pkg.tasks import (go,\n    x, spawn as start)\n",
            "import os; from pkg.tasks import spawn as start\n",
        ] {
            assert!(renamed(code), "{code}");
        }
        for code in [
            "try:\n    pass\nexcept spawn as error:\n    pass\n",
            "with spawn as held:\n    pass\n",
            "from pkg.tasks import respawn as start\n",
        ] {
            assert!(!renamed(code), "{code}");
        }
    }
}
