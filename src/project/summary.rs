//! What is kept of a file once its bytes are gone, for the project's task factories found after
//! it was read: its words, in a Bloom filter. A run reads each file once and analyses it before
//! every factory is known; this is what says afterwards that it cannot call one. The walk keeps
//! the words of its import lines only ([`FileWords::of_imports`]): a call of another module's
//! factory resolves through an import, which names it (all the words of a large tree passed the
//! walk's budget, and half its files were read twice).
//!
//! It is built for every file read, so it must cost less than the second read it replaces: the
//! word bytes are told eight at a time, each word is hashed once, with one multiplication for a
//! word of up to eight bytes, and that hash gives both its block and its bits.

use crate::scan::import_lines::{each_from_path, import_lines};
use crate::scan::word_runs::{each_word, hash};

/// The words of a file (its maximal runs of `[A-Za-z0-9_]`), in a blocked Bloom filter: a "no"
/// is sure, a "yes" is wrong for at most one absent word in 180 (each wrong "yes" costs a file
/// read and analysed again). About 11 to 22 bits per distinct word.
#[derive(Debug, Clone, Default)]
pub struct FileWords {
    /// A power of two of them, so that a filter halves by OR-ing its halves; none for a file
    /// with no words to hold (a notebook that could not be read).
    blocks: Box<[u64]>,
    seed: u64,
    /// Only the words of the file's import lines are held ([`FileWords::of_imports`]).
    imports: bool,
    /// `imports`: a `*` stands on an import line (`from . import *` names nothing).
    wildcard: bool,
}

/// A word asked about, hashed once for every file it is asked of.
#[derive(Debug, Clone)]
pub struct WordKey {
    /// The hash of each run of word bytes that the filter holds; empty when nothing of the word
    /// can be told (it may be anywhere).
    hashes: Box<[u64]>,
}

/// What a file that calls one of a module's factories must hold: the module's last name (none
/// for a package's `__init__.py`, which may be imported without it) and one of the functions'
/// names, hashed once for every file asked.
#[derive(Debug, Clone)]
pub struct CallerWords {
    module: Option<WordKey>,
    functions: Vec<WordKey>,
    /// The module's name is enough ([`CallerWords::module`]).
    module_alone: bool,
    /// A package's `__init__.py`: the package's last name, which `import pkg` spells.
    package: Option<WordKey>,
}

impl CallerWords {
    pub fn new<'a>(module: Option<&str>, functions: impl Iterator<Item = &'a str>) -> Self {
        CallerWords {
            module: module.map(WordKey::of),
            functions: functions.map(WordKey::of).collect(),
            module_alone: false,
            package: None,
        }
    }

    /// A package's `__init__.py`, whose callers may name the package (`import pkg`) instead of
    /// a function.
    pub fn in_package(mut self, package: Option<&str>) -> Self {
        self.package = package.map(WordKey::of);
        self
    }

    /// What a file that imports the module holds, whatever it calls from it: its last name
    /// (`import pkg.util as u` and then `u.spawn(...)` spell no function's name).
    pub fn module(module: &str) -> Self {
        CallerWords {
            module: Some(WordKey::of(module)),
            functions: Vec::new(),
            module_alone: true,
            package: None,
        }
    }

    pub fn may_be_in(&self, words: &FileWords) -> bool {
        if words.imports {
            return self.may_be_imported_in(words);
        }
        self.module.as_ref().is_none_or(|m| words.holds(m))
            && (self.module_alone || self.functions.iter().any(|f| words.holds(f)))
    }

    /// Words of import lines only: a call resolves through an import, which names the module
    /// (`from pkg.tasks import spawn`, `from pkg import tasks`, `import pkg.tasks as t`); one of
    /// a package's `__init__.py` names the package or the function (`from . import spawn`),
    /// or nothing but a `*`. A module named only as the path of a `from … import` brings in
    /// the names that follow `import` and no other: its function is called only if one of them
    /// is a function's, or a `*` (`from homeassistant.core import HomeAssistant` calls no
    /// factory of `homeassistant.core`; every Home Assistant integration imports it so).
    fn may_be_imported_in(&self, words: &FileWords) -> bool {
        let any_function = || self.functions.iter().any(|f| words.holds(f));
        match &self.module {
            Some(module) if self.module_alone => words.holds(module),
            Some(module) => {
                let imported = || self.functions.iter().any(|f| words.binds(f));
                !self.functions.is_empty()
                    && (words.binds(module)
                        || (words.holds(module) && (words.wildcard || imported())))
            }
            None => {
                words.wildcard
                    || self.package.as_ref().is_some_and(|p| words.holds(p))
                    || any_function()
            }
        }
    }
}

/// A filter is halved while its share of bits set stays under this: 11 to 22 bits per distinct
/// word with [`PATTERN_BITS`] bits each, and one absent word in 180 or fewer held. (At 0.3 the
/// filters took half as much again, a megabyte of `check`'s 19 MB peak on the corpus, for wrong
/// "yes"es that were already rare.)
const MAX_FILL: f64 = 0.42;

thread_local! {
    /// The filter a file's words go in before it is halved to its size: sized by the file's
    /// length, roomy enough for the densest code.
    static SCRATCH: std::cell::RefCell<Vec<u64>> = std::cell::RefCell::default();
}

impl FileWords {
    pub fn of(bytes: &[u8]) -> Self {
        SCRATCH.with_borrow_mut(|scratch| Self::with(&[bytes], scratch))
    }

    /// The words of some parts of a file, each read on its own (the names after its dots, for
    /// [`super::method_calls`]).
    pub fn of_parts(parts: &[&[u8]]) -> Self {
        SCRATCH.with_borrow_mut(|scratch| Self::with(parts, scratch))
    }

    /// The words of the file's import lines only ([`import_lines`]), which are what a file
    /// that calls another module's factory or keeper must spell: a tenth of a file's words,
    /// searched for in one SIMD pass, and a filter a tenth of the size.
    /// The words of a `from <module> import` path are held apart from the others
    /// ([`FileWords::binds`]): the module is named there, not bound.
    pub fn of_imports(bytes: &[u8]) -> Self {
        let lines = import_lines(bytes);
        // A part between each two paths (growing the vectors a push at a time was a tenth of
        // the words' cost).
        let mut parts: Vec<&[u8]> = Vec::with_capacity(lines.ranges.len() + lines.imports);
        let mut paths: Vec<&[u8]> = Vec::with_capacity(lines.imports);
        for range in &lines.ranges {
            let line = &bytes[range.clone()];
            let mut at = 0;
            each_from_path(line, |path| {
                parts.push(&line[at..path.start]);
                paths.push(&line[path.clone()]);
                at = path.end;
            });
            parts.push(&line[at..]);
        }
        let mut words =
            SCRATCH.with_borrow_mut(|scratch| Self::with_paths(&parts, &paths, scratch));
        words.imports = true;
        words.wildcard = lines.wildcard;
        words
    }

    /// Every word goes in a filter of two bits per byte of the file (its words are rarely more
    /// than a tenth of its bytes), which is then halved while it stays sparse: the number of
    /// distinct words is read from the bits set, with no count or set of them kept on the way.
    fn with(parts: &[&[u8]], scratch: &mut Vec<u64>) -> Self {
        Self::with_paths(parts, &[], scratch)
    }

    /// [`FileWords::with`], the words of `paths` held apart (see [`FileWords::binds`]).
    fn with_paths(parts: &[&[u8]], paths: &[&[u8]], scratch: &mut Vec<u64>) -> Self {
        let length: usize = parts.iter().chain(paths).map(|p| p.len()).sum();
        let size = (length / 32).max(4).next_power_of_two();
        scratch.clear();
        scratch.resize(size, 0);
        let seed = (length as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let filter = &mut scratch[..size];
        // A word hashes alike wherever it stands: each part is read on its own.
        for (bytes, salt) in (parts.iter().map(|p| (p, 0))).chain(paths.iter().map(|p| (p, PATH))) {
            each_word(bytes, |start, end| {
                let (block, bits) = probe(hash(bytes, start, end) ^ salt, size, seed);
                filter[block] |= bits;
            });
        }
        // The share of bits set, from 64 blocks at most, spread over the filter: words are
        // spread evenly, and a count of every block cost as much as classifying the bytes.
        let step = (size / 64).max(1);
        let sampled = scratch.iter().step_by(step);
        let set: u64 = sampled.map(|b| u64::from(b.count_ones())).sum();
        let mut fill = set as f64 / ((size / step) * 64) as f64;
        let mut kept = size;
        // Halving ORs pairs of blocks: a share `f` of bits set becomes about `2f - f²`.
        while kept > 1 && 2.0 * fill - fill * fill <= MAX_FILL {
            fill = 2.0 * fill - fill * fill;
            kept /= 2;
        }
        let mut blocks = scratch[..kept].to_vec().into_boxed_slice();
        for part in scratch[kept..].chunks_exact(kept) {
            blocks.iter_mut().zip(part).for_each(|(b, p)| *b |= p);
        }
        FileWords {
            blocks,
            seed,
            imports: false,
            wildcard: false,
        }
    }

    /// The bytes the filter takes.
    pub fn size(&self) -> usize {
        std::mem::size_of_val(&*self.blocks)
    }

    /// Whether `word` may stand in the file as a whole word (as
    /// [`FactoryIndex::may_be_called`](super::factories::FactoryIndex::may_be_called) searches
    /// it).
    pub fn may_hold(&self, word: &str) -> bool {
        self.holds(&WordKey::of(word))
    }

    /// [`FileWords::may_hold`] of a word hashed beforehand.
    pub fn holds(&self, key: &WordKey) -> bool {
        let has = |&hash: &u64| self.has(hash) || (self.imports && self.has(hash ^ PATH));
        !self.blocks.is_empty() && key.hashes.iter().all(has)
    }

    /// [`FileWords::holds`], but of import lines' words, not as the module path of a `from
    /// <module> import` alone: where an import may bind the word (`import pkg.tasks`, `from pkg
    /// import tasks`, `from pkg.tasks import spawn` for `spawn`), or another line spells it.
    pub fn binds(&self, key: &WordKey) -> bool {
        !self.blocks.is_empty() && key.hashes.iter().all(|&hash| self.has(hash))
    }

    /// Whether the filter (not empty) has the bits of `hash`.
    fn has(&self, hash: u64) -> bool {
        let (block, bits) = probe(hash, self.blocks.len(), self.seed);
        self.blocks[block] & bits == bits
    }
}

impl WordKey {
    /// A word with other bytes (a module `my-tasks`) may stand in a file when each of its runs
    /// of word bytes is a word of the file: around a whole-word match, they are; one with no
    /// such run always may, as may a run the filter leaves out.
    pub fn of(word: &str) -> Self {
        let bytes = word.as_bytes();
        let mut hashes = Vec::new();
        each_word(bytes, |start, end| hashes.push(hash(bytes, start, end)));
        WordKey {
            hashes: hashes.into_boxed_slice(),
        }
    }
}

/// What the hash of a word of a `from <module> import` path is turned by: it is held apart from
/// the same word elsewhere.
const PATH: u64 = 0x6A09_E667_F3BC_C908;

/// In a filter of `size` blocks (a power of two): a word's block, from the hash's high bits (its
/// low ones, so that a halved filter finds it in the half its block went to), and its bits
/// there, a pattern of [`PATTERN_BITS`] turned, from its low bits.
fn probe(hash: u64, size: usize, seed: u64) -> (usize, u64) {
    let block = (hash.wrapping_mul(seed) >> 40) as usize & (size - 1);
    let bits = PATTERNS[(hash & 0xFF) as usize].rotate_left((hash >> 8) as u32);
    (block, bits)
}

/// Bits set per word in its block.
const PATTERN_BITS: u32 = 6;

/// 256 random blocks of [`PATTERN_BITS`] bits each: one read, and a turn of 64, set them all
/// (16,384 patterns; computing each bit from the hash cost three instructions a bit).
static PATTERNS: [u64; 256] = {
    let mut patterns = [0u64; 256];
    let mut state: u64 = 0x853C_49E6_748F_EA9B;
    let mut i = 0;
    while i < 256 {
        let mut pattern = 0u64;
        while pattern.count_ones() < PATTERN_BITS {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            pattern |= 1 << ((z ^ (z >> 31)) & 63);
        }
        patterns[i] = pattern;
        i += 1;
    }
    patterns
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_the_file_is_held() {
        let text = "from pkg.tasks import spawn as start\nstart(work())  # tâches\n";
        let words = FileWords::of(text.as_bytes());
        for word in [
            "from", "pkg", "tasks", "spawn", "start", "work", "t", "ches",
        ] {
            assert!(words.may_hold(word), "{word}");
        }
        // Runs of word bytes, each a word of the file; none at all: it may be anywhere.
        assert!(words.may_hold("pkg.tasks"));
        assert!(words.may_hold("t\u{e2}ches"));
        assert!(words.may_hold("--"));
    }

    #[test]
    fn words_that_are_not_there_are_mostly_told_apart() {
        let text: String = (0..500).map(|i| format!("name{i} = call{i}()\n")).collect();
        let words = FileWords::of(text.as_bytes());
        assert!((0..500).all(|i| words.may_hold(&format!("call{i}"))));
        let wrong = (0..1000)
            .filter(|i| words.may_hold(&format!("other{i}")))
            .count();
        assert!(wrong < 10, "{wrong} of 1000 absent words held");
        // Part of a word is no word of the file.
        assert!(!FileWords::of(b"respawn spawner").may_hold("spawn"));
    }

    #[test]
    fn import_words_say_yes_wherever_an_import_can_bring_a_factory_in() {
        let tasks = CallerWords::new(Some("tasks"), ["spawn"].into_iter());
        let package = CallerWords::new(None, ["spawn"].into_iter()).in_package(Some("pkg"));
        let calls = |callers: &CallerWords, code: &str| {
            callers.may_be_in(&FileWords::of_imports(code.as_bytes()))
        };
        for code in [
            "from pkg.tasks import spawn\nspawn(work())\n",
            "from pkg import tasks\ntasks.spawn(work())\n",
            "import pkg.tasks as t\nt.spawn(work())\n",
            "from pkg import (\n    other,  # (x)\n    tasks,\n)\n",
            "def f():\n    from .tasks \\\n        import spawn as go\n    go(work())\n",
        ] {
            assert!(calls(&tasks, code), "{code}");
        }
        // The module named, or spelled, outside an import: no import brings the factory in.
        // Named as the path of a `from … import` of other names: they are all it brings in.
        for code in [
            "tasks = 1\nspawn(work())\n",
            "x = 'tasks'\nimport spawn\n",
            "from pkg.tasks import Other\nspawn(work())\n",
            "from .tasks import (\n    Other,\n)\n",
        ] {
            assert!(!calls(&tasks, code), "{code}");
        }
        for code in [
            "from pkg.tasks import *\n",
            "from pkg.tasks import Other, spawn\n",
            "from pkg.tasks import (\n    Other,\n    spawn as go,\n)\n",
            "from pkg.tasks import Other\nfrom pkg import tasks\n",
            "from pkg.tasks import Other; import pkg.tasks\n",
        ] {
            assert!(calls(&tasks, code), "{code}");
        }

        for code in [
            "from . import spawn\n",
            "import pkg\npkg.spawn(work())\n",
            "from .. import *\nspawn(work())\n",
        ] {
            assert!(calls(&package, code), "{code}");
        }
        assert!(!calls(&package, "from . import other\nspawn(work())\n"));
    }

    #[test]
    fn an_empty_file_holds_no_word() {
        let words = FileWords::of(b"");
        assert!(!words.may_hold("spawn"));
        assert!(!FileWords::default().may_hold("spawn"));
    }

    #[test]
    fn a_word_hashes_alike_wherever_it_stands() {
        let text = b"spawn_many_tasks_now spawn_many_tasks_now";
        let words = FileWords::of(text);
        assert!(words.may_hold("spawn_many_tasks_now"));
        assert!(!words.may_hold("spawn_many_tasks_no"));
        // A short word at the very end is read past the end of the file.
        assert!(FileWords::of(b"x = go(spawn").may_hold("spawn"));
        assert!(!FileWords::of(b"x = go(spawn").may_hold("spawns"));
    }
}
