//! The classes of one file joined in one hierarchy: a base and the classes derived from it, and
//! mixins that one class derives from together (`class Conn(ReaderMixin, WriterMixin)`). An
//! instance of the derived class is the `self` of each, so a shutdown one class writes of
//! `self._reader` shuts down the task another keeps there. Read off the text, as the owner's
//! class is: the syntax tree may hold only the functions that create tasks.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::names::{closing, pattern};
use crate::scan::blocks::block_end;

static CLASS: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?m)^([ \t]*)class[ \t]+(\w+)[ \t]*([(:])"));

struct Class {
    name: String,
    /// The names of its bases that are plain names (`Base`, not `mod.Base`).
    bases: Vec<String>,
    extent: Range<usize>,
}

/// The classes of one file, by their text.
pub(super) struct Classes {
    classes: Vec<Class>,
}

impl Classes {
    pub(super) fn read(src: &str) -> Classes {
        let text = src.as_bytes();
        let mut classes = Vec::new();
        for c in CLASS.captures_iter(text) {
            let (Some(indent), Some(name), Some(opens)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let mut bases = Vec::new();
            let mut header_end = opens.end();
            if opens.as_bytes() == b"(" {
                let close = closing(text, opens.start());
                let listed = &text[opens.end()..close.saturating_sub(1).max(opens.end())];
                bases = (listed.split(|b| *b == b','))
                    .map(|b| String::from_utf8_lossy(b.trim_ascii()).into_owned())
                    .filter(|b| {
                        !b.is_empty() && b.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric())
                    })
                    .collect();
                header_end = close;
            }
            // The body's first line: the one after the header's (which may run over lines).
            let body = memchr::memchr(b'\n', &text[header_end..])
                .map_or(text.len(), |i| header_end + i + 1);
            let end = block_end(src, body, indent.len());
            classes.push(Class {
                name: String::from_utf8_lossy(name.as_bytes()).into_owned(),
                bases,
                extent: indent.end()..end.max(indent.end()),
            });
        }
        Classes { classes }
    }

    /// Each class's name and extent, in the order of the file.
    pub(super) fn named(&self) -> impl Iterator<Item = (&str, &Range<usize>)> {
        (self.classes.iter()).map(|c| (c.name.as_str(), &c.extent))
    }

    /// The innermost class whose text holds `at`, then the classes joined with it; none
    /// outside a class.
    pub(super) fn around(&self, at: usize) -> Vec<Range<usize>> {
        let own = (self.classes.iter())
            .filter(|c| c.extent.contains(&at))
            .max_by_key(|c| c.extent.start);
        let Some(own) = own else {
            return Vec::new();
        };
        let mut scopes = vec![own.extent.clone()];
        scopes.extend(self.joined(&own.extent));
        scopes
    }

    /// The extents of the other classes joined with the class at `scope` in one hierarchy: its
    /// bases and the classes derived from it (at any depth), and the classes a class of the
    /// file derives from together with it. None when a name is defined twice in the file (which
    /// one a base names is not known).
    pub(super) fn joined(&self, scope: &Range<usize>) -> Vec<Range<usize>> {
        let Some(own) = self.classes.iter().find(|c| c.extent.start == scope.start) else {
            return Vec::new();
        };
        let mut by_name: HashMap<&str, &Class> = HashMap::new();
        let mut twice = HashSet::new();
        for class in &self.classes {
            if by_name.insert(&class.name, class).is_some() {
                twice.insert(class.name.as_str());
            }
        }
        if twice.contains(own.name.as_str()) {
            return Vec::new();
        }
        let mut joined: HashSet<&str> = HashSet::new();
        for class in &self.classes {
            match lineage(class, &by_name, &twice) {
                Some(family) if family.contains(own.name.as_str()) => joined.extend(family),
                _ => {}
            }
        }
        joined.remove(own.name.as_str());
        let mut extents: Vec<Range<usize>> = (self.classes.iter())
            .filter(|c| joined.contains(c.name.as_str()))
            .map(|c| c.extent.clone())
            .collect();
        extents.sort_by_key(|e| e.start);
        extents
    }
}

/// The class with its ancestors in the file, itself included; `None` when one of them is
/// named by a name the file defines twice.
fn lineage<'c>(
    class: &'c Class,
    by_name: &HashMap<&str, &'c Class>,
    twice: &HashSet<&str>,
) -> Option<HashSet<&'c str>> {
    let mut seen: HashSet<&str> = HashSet::from([class.name.as_str()]);
    let mut todo: Vec<&str> = class.bases.iter().map(String::as_str).collect();
    while let Some(base) = todo.pop() {
        if twice.contains(base) {
            return None;
        }
        if let Some(found) = by_name.get(base)
            && seen.insert(found.name.as_str())
        {
            todo.extend(found.bases.iter().map(String::as_str));
        }
    }
    Some(seen)
}

#[cfg(test)]
mod tests {
    use super::Classes;

    fn joined_names(src: &str, class: &str) -> Vec<String> {
        let classes = Classes::read(src);
        let start = src.find(&format!("class {class}")).unwrap();
        let own = classes
            .classes
            .iter()
            .find(|c| c.extent.start == start)
            .unwrap()
            .extent
            .clone();
        let mut names: Vec<String> = (classes.joined(&own).iter())
            .filter_map(|e| classes.classes.iter().find(|c| c.extent == *e))
            .map(|c| c.name.clone())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn mixins_of_one_class_and_its_bases_are_joined() {
        let src = "class Reader:\n    pass\n\n\nclass Writer(Base):\n    pass\n\n\nclass Conn(Reader, Writer):\n    pass\n\n\nclass Other:\n    pass\n";
        assert_eq!(joined_names(src, "Reader"), ["Conn", "Writer"]);
        assert_eq!(joined_names(src, "Other"), Vec::<String>::new());
        let derived = "class Base:\n    pass\n\nclass Child(\n    Base,\n):\n    pass\n";
        assert_eq!(joined_names(derived, "Base"), ["Child"]);
        // A name defined twice: which one a base names is not known.
        let twice = "class A:\n    pass\nclass A:\n    pass\nclass B(A):\n    pass\n";
        assert_eq!(joined_names(twice, "B"), Vec::<String>::new());
    }
}
