//! The project's method calls, indexed in the walk for `audit` only: the attribute names each
//! file spells after a dot (`.run`), in a Bloom filter. The audit's "replaced while running"
//! hazard of a method depends on every call of it (see [`super::callers`]); with the index, only
//! the files that may spell the method's name are read again and parsed after the walk (most
//! files call none of the methods in question).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashSet;

use super::callers::Method;
use super::receivers::Classes;
use super::summary::{FileWords, WordKey};
use crate::scan::lexer::{self, Token, TokenKind};

/// Each file of the walk with the attribute names it spells, and the class headers of all
/// (whether a call's receiver can be of a method's class: [`super::receivers`]).
#[derive(Default)]
pub struct CallIndex {
    files: Mutex<Vec<(PathBuf, FileWords)>>,
    classes: Mutex<Vec<Classes>>,
    /// Each file that defines a class, with the names it defines.
    class_files: Mutex<Vec<(PathBuf, Vec<String>)>>,
    /// Every file's class headers joined, once asked for.
    joined: OnceLock<Classes>,
}

impl CallIndex {
    /// Indexes the file at `path` from its bytes, read once by the walk.
    pub fn add(&self, path: &Path, bytes: &[u8]) {
        let words = FileWords::of_parts(&attribute_names(bytes));
        if memchr::memmem::find(bytes, b"class").is_some() {
            let mut classes = Classes::default();
            classes.add(bytes);
            let names = classes.bases.keys().cloned().collect();
            let mut files = self.class_files.lock().unwrap_or_else(|e| e.into_inner());
            files.push((path.to_owned(), names));
            let mut all = self.classes.lock().unwrap_or_else(|e| e.into_inner());
            all.push(classes);
        }
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_owned(), words));
    }

    /// The class headers of every file of the walk, joined the first time they are asked for
    /// (after the walk: no file is added then).
    pub fn classes(&self) -> &Classes {
        self.joined.get_or_init(|| {
            let mut all = self.classes.lock().unwrap_or_else(|e| e.into_inner());
            let mut joined = Classes::default();
            for classes in all.drain(..) {
                joined.join(classes);
            }
            joined
        })
    }

    /// The files that define a class `name`, in path order.
    pub fn files_defining(&self, name: &str) -> Vec<PathBuf> {
        let files = self.class_files.lock().unwrap_or_else(|e| e.into_inner());
        let mut found: Vec<PathBuf> = (files.iter())
            .filter(|(_, names)| names.iter().any(|n| n == name))
            .map(|(path, _)| path.clone())
            .collect();
        found.sort();
        found
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

/// Whether the file at `bytes` may run one of `methods` (the ones still asked about), by its
/// tokens, before it is parsed: it spells `.name` for one, as a whole word, outside a string,
/// where a call of an `async def` method is not a statement of its own (`x.close()` alone
/// drops the coroutine: the body never runs). A file the lexer cannot follow may.
pub fn may_run(bytes: &[u8], methods: &[&Method]) -> bool {
    let spelt = spelt_after_dot(bytes, methods);
    if spelt.iter().any(|m| !m.is_async) {
        return true;
    }
    if spelt.is_empty() {
        return false;
    }
    let Ok(lexed) = lexer::lex(bytes) else {
        return true;
    };
    (0..lexed.lines.len()).any(|i| {
        let line = lexed.line(i);
        line.windows(2).enumerate().any(|(at, pair)| {
            pair[0].is_op(bytes, b'.')
                && pair[1].kind == TokenKind::Name
                && spelt
                    .iter()
                    .any(|m| pair[1].text(bytes) == m.name.as_bytes())
                && !statement_call(line, at + 1, bytes)
        })
    })
}

/// From this many methods on, one pass over the names after the file's dots finds the ones it
/// spells faster than a search for each (the callers' pass asks about a hundred at first).
const ONE_PASS_FROM: usize = 5;

/// The `methods` whose name the bytes spell after a dot, as a whole word (`.name` then no
/// word byte).
fn spelt_after_dot<'m>(bytes: &[u8], methods: &[&'m Method]) -> Vec<&'m Method> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let plain = |m: &&Method| !m.name.is_empty() && m.name.bytes().all(word);
    if methods.len() < ONE_PASS_FROM || !methods.iter().all(plain) {
        let spelt = |m: &&Method| {
            let needle = format!(".{}", m.name);
            memchr::memmem::find_iter(bytes, needle.as_bytes())
                .any(|at| bytes.get(at + needle.len()).is_none_or(|&b| !word(b)))
        };
        return methods.iter().copied().filter(spelt).collect();
    }
    // A plain name spelt after a dot and followed by no word byte is the whole run of word
    // bytes after that dot.
    let names: FxHashSet<&[u8]> = methods.iter().map(|m| m.name.as_bytes()).collect();
    let mut found: FxHashSet<&[u8]> = FxHashSet::default();
    for at in memchr::memchr_iter(b'.', bytes) {
        let rest = &bytes[at + 1..];
        let name = &rest[..rest.iter().take_while(|&&b| word(b)).count()];
        if !name.is_empty() && names.contains(name) {
            found.insert(name);
        }
    }
    (methods.iter().copied())
        .filter(|m| found.contains(m.name.as_bytes()))
        .collect()
}

/// The logical line is one call of a dotted name, whose last part is at `name`: `a.b.name(...)`,
/// with nothing after its closing parenthesis.
fn statement_call(line: &[Token], name: usize, bytes: &[u8]) -> bool {
    let dotted = line[..name].iter().enumerate().all(|(i, t)| match i % 2 {
        0 => t.kind == TokenKind::Name,
        _ => t.is_op(bytes, b'.'),
    });
    let Some(open) = line.get(name + 1).filter(|t| t.is_op(bytes, b'(')) else {
        return false;
    };
    let after = line.get(name + 2..).unwrap_or_default();
    let closed = (after.iter()).position(|t| t.depth == open.depth && t.is_op(bytes, b')'));
    dotted && name.is_multiple_of(2) && closed.is_some_and(|c| c + 1 == after.len())
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
    use super::{CallIndex, may_run, spelt_after_dot};
    use crate::project::callers::Method;
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

    #[test]
    fn many_methods_are_found_after_dots_as_each_alone() {
        let method = |name: &str| Method {
            name: name.to_owned(),
            attribute: "_t".to_owned(),
            flags: Vec::new(),
            is_async: true,
            passing: None,
            class: None,
            runs: None,
            stops: Vec::new(),
        };
        let names = ["run", "run_forever", "stop", "ré", "close", "start", "s"];
        let methods: Vec<Method> = names.iter().map(|n| method(n)).collect();
        let asked: Vec<&Method> = methods.iter().collect();
        let code = "x.run_forever()\ny.ré(1)\nz. stop()\nw.startx()\nstart.s\nv.close\n";
        let together: Vec<&str> = (spelt_after_dot(code.as_bytes(), &asked).iter())
            .map(|m| m.name.as_str())
            .collect();
        let alone: Vec<&str> = (asked.iter())
            .filter(|m| !spelt_after_dot(code.as_bytes(), &[**m]).is_empty())
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(together, alone);
        assert_eq!(together, ["run_forever", "ré", "close", "s"]);
    }

    #[test]
    fn a_coroutine_dropped_by_its_statement_runs_nothing() {
        let method = |is_async| Method {
            name: "close".to_owned(),
            attribute: "_t".to_owned(),
            flags: Vec::new(),
            is_async,
            passing: None,
            class: None,
            runs: None,
            stops: Vec::new(),
        };
        let runs = |code: &str, is_async| may_run(code.as_bytes(), &[&method(is_async)]);
        let dropped = "def f(s):\n    s.sock.close()\n    s.closed()\n    log('x.close()')\n";
        assert!(!runs(dropped, true));
        assert!(runs(dropped, false));
        for used in [
            "async def f(s):\n    await s.close()\n",
            "def f(s):\n    t = (\n        s.close()\n    )\n",
            "def f(s):\n    s.close()(1)\n",
            "def f(s):\n    run(s.close)\n",
            "def f(s):\n    a(); s.close()\n",
        ] {
            assert!(runs(used, true), "{used}");
        }
    }
}
