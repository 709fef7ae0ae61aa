//! Which files can hold a use of a method on an object of its class, by their text. Every class
//! a receiver is known to be ([`super::receivers::class_at`], [`super::attributes`], a module's
//! binding) is a name the file spells: a file that spells none of the classes an object of the
//! method's class can be ([`Declared::possible`]) holds no use that runs the method, only uses
//! on objects of other classes or of classes it does not show. The callers' pass
//! ([`crate::app::callers`]) parses only the files that spell one, and counts the others.
//!
//! A protocol is matched by shape, but only by the members it declares: an object typed as a
//! protocol that declares no `start` (an `asyncio.Protocol` subclass, most of them) is not one
//! whose `.start()` the code may call. What each protocol declares is read in the text of the
//! files that define it and its bases (the words of each class body), before any parse: a body
//! not read, or a base the checked code does not define, may declare anything.

use std::collections::{HashMap, HashSet};

use super::method_calls::CallIndex;
use super::receivers::Classes;
use crate::scan::class_headers::class_headers;

/// Classes that declare no method a task's owner defines (`typing.Protocol`, `Generic`, `ABC`,
/// `object`, the base exceptions): a class deriving from them declares only what its own body
/// (and its other bases) do.
const EMPTY_BASES: [&str; 6] = [
    "Protocol",
    "Generic",
    "ABC",
    "object",
    "Exception",
    "BaseException",
];

/// The abstract base classes of `collections.abc` (and `contextlib`'s) whose members are all
/// dunder methods (`__await__`, `__aenter__`, `__iter__`): a class deriving from one declares
/// no other name through it.
const DUNDER_BASES: [&str; 13] = [
    "Awaitable",
    "AsyncIterable",
    "AsyncIterator",
    "Iterable",
    "Iterator",
    "Reversible",
    "Sized",
    "Container",
    "Collection",
    "Hashable",
    "Callable",
    "AbstractAsyncContextManager",
    "AbstractContextManager",
];

/// What the classes the callers' pass asks about declare: the words of each one's bodies (and
/// of the classes it derives from), by class name, read in the text of the files that define
/// them the first time they are asked about; `None` where a definition's body was not read.
pub struct Declared {
    protocols: Vec<String>,
    bodies: HashMap<String, Option<HashSet<String>>>,
}

impl Declared {
    /// Nothing read yet; the protocols of `classes` listed once.
    pub fn new(classes: &Classes) -> Declared {
        // A protocol lists `Protocol` among its bases; a class derived from one without it is
        // an ordinary class (PEP 544), matched by name as any other.
        let direct = |definitions: &Vec<Option<Vec<String>>>| {
            (definitions.iter().flatten()).any(|bases| bases.iter().any(|b| b == "Protocol"))
        };
        let mut protocols: Vec<String> = (classes.bases.iter())
            .filter(|(_, definitions)| direct(definitions))
            .map(|(name, _)| name.clone())
            .collect();
        protocols.sort();
        Declared {
            protocols,
            bodies: HashMap::new(),
        }
    }

    /// The class names for which [`Classes::ruled`] may say `Possible` for a use of `method` of
    /// `owner`: those of `owner`'s relatives and of the protocols that declare `method`, or may
    /// (the relatives derived from `owner` inherit it); `None` when any class can be.
    pub fn possible(
        &mut self,
        index: &CallIndex,
        classes: &Classes,
        owner: &str,
        method: &str,
    ) -> Option<HashSet<String>> {
        let relatives = classes.relatives(owner)?;
        let mut names = relatives.clone();
        names.extend(self.protocols.iter().cloned());
        self.read(index, classes, &names);
        // A protocol's name may name ordinary classes too: as a protocol, only its definitions
        // that list `Protocol` match by shape.
        names.retain(|name| self.declares(classes, name, method, !relatives.contains(name)));
        Some(names)
    }

    /// Reads the bodies of `names` and of the classes they derive from, in the files `index`
    /// says define them, where not read before.
    fn read(&mut self, index: &CallIndex, classes: &Classes, names: &HashSet<String>) {
        let mut wanted: HashSet<&str> = HashSet::new();
        let mut todo: Vec<&str> = names.iter().map(String::as_str).collect();
        while let Some(name) = todo.pop() {
            if self.bodies.contains_key(name)
                || !classes.bases.contains_key(name)
                || !wanted.insert(name)
            {
                continue;
            }
            let bases = classes.bases.get(name).into_iter().flatten().flatten();
            todo.extend(bases.flatten().map(String::as_str));
        }
        if wanted.is_empty() {
            return;
        }
        for (path, names) in index.files_defining_any(&wanted) {
            let Ok(bytes) = std::fs::read(&path) else {
                for name in names {
                    self.bodies.insert(name, None);
                }
                continue;
            };
            for (whole, name) in class_headers(&bytes) {
                let Ok(name) = std::str::from_utf8(&bytes[name]) else {
                    continue;
                };
                if !wanted.contains(name) {
                    continue;
                }
                let body = body(&bytes, whole.end).map(|b| owned(words(b)));
                let entry = (self.bodies)
                    .entry(name.to_owned())
                    .or_insert(Some(HashSet::new()));
                match (entry.as_mut(), body) {
                    (Some(all), Some(body)) => all.extend(body),
                    _ => *entry = None,
                }
            }
        }
        // A class the index holds but no file now shows: not read.
        for name in wanted {
            self.bodies.entry(name.to_owned()).or_insert(None);
        }
    }

    /// Whether the class `name`, or a class it derives from, may declare `method`; of its
    /// definitions that list `Protocol` only, where `as_protocol`.
    fn declares(&self, classes: &Classes, name: &str, method: &str, as_protocol: bool) -> bool {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut todo = vec![name];
        let first = name;
        while let Some(name) = todo.pop() {
            if !seen.insert(name) {
                continue;
            }
            // A class of the checked code is read, whatever its name (`class Protocol(...)`).
            let Some(definitions) = classes.bases.get(name) else {
                if EMPTY_BASES.contains(&name) {
                    continue;
                }
                if DUNDER_BASES.contains(&name) {
                    if method.starts_with("__") {
                        return true;
                    }
                    continue;
                }
                // A library's class: what it declares is not read.
                return true;
            };
            match self.bodies.get(name) {
                Some(Some(words)) if !words.contains(method) => {}
                _ => return true,
            }
            for bases in definitions {
                let Some(bases) = bases else {
                    return true;
                };
                if as_protocol && name == first && !bases.iter().any(|b| b == "Protocol") {
                    continue;
                }
                todo.extend(bases.iter().map(String::as_str));
            }
        }
        false
    }
}

impl Classes {
    /// The class names for which [`Classes::ruled`] may say `Possible` with `owner`'s
    /// relatives, whatever the method: those relatives and every protocol; `None` when any
    /// class can be.
    pub fn possible(&self, owner: &str) -> Option<HashSet<String>> {
        let mut names = self.relatives(owner)?;
        let protocols = (self.bases.keys()).filter(|name| self.is_protocol(name));
        names.extend(protocols.cloned());
        Some(names)
    }
}

fn owned(words: HashSet<&str>) -> HashSet<String> {
    words.into_iter().map(str::to_owned).collect()
}

/// The body of the class whose header's name ends at `at`: from the header's `:` to the first
/// line indented no deeper than the header, outside brackets and triple-quoted strings (a
/// comment or a blank line ends nothing). `None` when the header has no `:`.
fn body(bytes: &[u8], at: usize) -> Option<&[u8]> {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let indent = |line: &[u8]| {
        line.iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let header_indent = indent(&bytes[line_start..]);
    let mut depth = 0usize;
    let mut colon = None;
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b':' if depth == 0 => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let from = colon? + 1;
    let mut end = bytes.len();
    let (mut depth, mut in_string) = (0usize, false);
    let mut start = from;
    let mut first = true;
    while start < bytes.len() {
        let stop = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let line = &bytes[start..stop];
        let ind = indent(line);
        let blank = matches!(line.get(ind), None | Some(b'\n' | b'\r' | b'#'));
        if !first && !in_string && depth == 0 && !blank && ind <= header_indent {
            end = start;
            break;
        }
        first = false;
        in_string ^= (count(line, b"\"\"\"") + count(line, b"\'\'\'")) % 2 == 1;
        for &b in line {
            match b {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        start = stop;
    }
    bytes.get(from..end)
}

fn count(line: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find_iter(line, needle).count()
}

/// The words `bytes` spells (names, keywords, and the words of its comments and strings), each
/// once: a file's set is read against each method's [`Classes::possible`] names.
pub fn words(bytes: &[u8]) -> HashSet<&str> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut found = HashSet::new();
    let mut start = None;
    for (at, &b) in bytes.iter().enumerate().chain([(bytes.len(), &b' ')]) {
        match (word(b), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                // Not valid UTF-8: no class name of the checked code.
                if let Ok(w) = std::str::from_utf8(&bytes[from..at]) {
                    found.insert(w);
                }
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// Whether a file whose [`words`] are `words` names one of `names`.
pub fn names_any(words: &HashSet<&str>, names: &HashSet<String>) -> bool {
    match words.len() < names.len() {
        true => words.iter().any(|w| names.contains(*w)),
        false => names.iter().any(|n| words.contains(n.as_str())),
    }
}

/// Whether `bytes` spells `.name` as a whole word.
pub fn spells_attribute(bytes: &[u8], name: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let needle = format!(".{name}");
    memchr::memmem::find_iter(bytes, needle.as_bytes())
        .any(|at| bytes.get(at + needle.len()).is_none_or(|&b| !word(b)))
}

#[cfg(test)]
mod tests {
    use super::{names_any, words};
    use crate::project::receivers::Classes;

    #[test]
    fn an_object_can_be_of_a_relative_or_a_protocol() {
        let mut classes = Classes::default();
        classes.add(b"class A:\n    pass\nclass B(A):\n    pass\nclass C:\n    pass\nclass P(Protocol):\n    pass\n");
        let possible = classes.possible("A").unwrap_or_default();
        assert!(possible.contains("A") && possible.contains("B") && possible.contains("P"));
        assert!(!possible.contains("C"));
        assert!(names_any(
            &words(b"def f(b: B):\n    b.start()\n"),
            &possible
        ));
        assert!(!names_any(
            &words(b"def f(c: C, Bx):\n    c.start()"),
            &possible
        ));
    }
}
