//! `getattr(obj, name)` as the language reads it, where the name is known: a string literal
//! (`getattr(self, "pinger")` is `self.pinger`), or the variable of an enclosing `for` over a
//! literal tuple or list of string literals (`for n in ("a", "b"): t = getattr(self, n)` is
//! `self.a`, then `self.b`). Anything else names no attribute the text proves.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::names::{pattern, squeeze};
use crate::scan::blocks::block_end;

/// `getattr(obj, name)` or `getattr(obj, name, default)` as a whole value, or a copy of it
/// (`list(getattr(self, "_tasks", {}).values())`; its brackets balance, checked apart).
static GETATTR: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r#"^\s*(?:(?:list|set|tuple|frozenset)\s*\(\s*)?getattr\s*\(\s*(DOTTED)\s*,\s*(?:(\w+)|"(\w+)"|'(\w+)')\s*(?:,[^()\n]*(?:\([^()\n]*\)[^()\n]*)*)?\)(?:\s*\.\s*(?:values|copy)\s*\(\s*\))?\s*\)?\s*$"#,
    )
});
/// A `for` header over a literal of names: `for n in ("a", "b"):` (or a list).
static LITERAL_LOOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^([ \t]*)for[ \t]+(\w+)[ \t]+in[ \t]+[(\[]([^()\[\]\n]*)[)\]][ \t]*:"#)
        .expect("valid pattern")
});
static STRING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*(?:"(\w+)"|'(\w+)')\s*$"#).expect("valid pattern"));

/// The attributes the value `value` (at `start` in `text`) stands for, when it is a `getattr`
/// whose name the text proves; empty otherwise.
pub(super) fn holders(text: &[u8], start: usize, value: &[u8]) -> Vec<String> {
    let Some(c) = GETATTR.captures(value) else {
        return Vec::new();
    };
    let count = |b: u8| value.iter().filter(|&&v| v == b).count();
    if count(b'(') != count(b')') {
        return Vec::new();
    }
    let Some(object) = c.get(1).map(|m| squeeze(m.as_bytes())) else {
        return Vec::new();
    };
    let names = match (c.get(2), c.get(3).or(c.get(4))) {
        (_, Some(literal)) => vec![String::from_utf8_lossy(literal.as_bytes()).into_owned()],
        (Some(variable), None) => loop_names(text, start, variable.as_bytes()),
        (None, None) => Vec::new(),
    };
    (names.into_iter())
        .map(|name| format!("{object}.{name}"))
        .collect()
}

/// The string literals the innermost `for <variable> in (...)` around `at` goes over; empty
/// when there is none, or when its literal holds anything but strings.
fn loop_names(text: &[u8], at: usize, variable: &[u8]) -> Vec<String> {
    let Ok(src) = std::str::from_utf8(text) else {
        return Vec::new();
    };
    let before = text.get(..at).unwrap_or_default();
    let Some(header) = (LITERAL_LOOP.captures_iter(before))
        .filter(|c| c.get(2).is_some_and(|v| v.as_bytes() == variable))
        .last()
    else {
        return Vec::new();
    };
    let (Some(whole), Some(indent), Some(listed)) = (header.get(0), header.get(1), header.get(3))
    else {
        return Vec::new();
    };
    // The value must be in the loop's body, and the variable not bound again in between.
    if block_end(src, whole.start(), indent.len()) <= at {
        return Vec::new();
    }
    let between = text.get(whole.end()..at).unwrap_or_default();
    if rebinds(between, variable) {
        return Vec::new();
    }
    let mut names = Vec::new();
    for piece in listed.as_bytes().split(|&b| b == b',') {
        if piece.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Some(s) = STRING.captures(piece) else {
            return Vec::new();
        };
        if let Some(name) = s.get(1).or(s.get(2)) {
            names.push(String::from_utf8_lossy(name.as_bytes()).into_owned());
        }
    }
    names
}

/// Whether `text` binds `variable` again (`n = ...`, not `n == ...`).
fn rebinds(text: &[u8], variable: &[u8]) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    memchr::memmem::find_iter(text, variable).any(|at| {
        let end = at + variable.len();
        let before = at.checked_sub(1).and_then(|i| text.get(i));
        let rest = text.get(end..).unwrap_or_default();
        let rest = &rest[rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()..];
        !before.is_some_and(|b| word(b) || *b == b'.')
            && rest.first() == Some(&b'=')
            && rest.get(1) != Some(&b'=')
    })
}

#[cfg(test)]
mod tests {
    use super::holders;

    fn read(text: &str, value: &str) -> Vec<String> {
        let start = text.find(value).unwrap_or_default();
        holders(text.as_bytes(), start, value.as_bytes())
    }

    #[test]
    fn a_loop_over_literal_names_stands_for_each_attribute() {
        let text = "    async def close(self):\n        for n in (\"a\", 'b',):\n            t = getattr(self, n, None)\n";
        assert_eq!(read(text, "getattr(self, n, None)"), ["self.a", "self.b"]);
        let text = "    def f(self):\n        t = getattr(self, \"_task\")\n";
        assert_eq!(read(text, "getattr(self, \"_task\")"), ["self._task"]);
        let copy = "list(getattr(self, \"_tasks\", {}).values())";
        assert_eq!(read(copy, copy), ["self._tasks"]);
        assert!(read("getattr(self, \"_t\"))", "getattr(self, \"_t\"))").is_empty());
    }

    #[test]
    fn a_name_the_text_does_not_prove_stands_for_nothing() {
        // Outside the loop's body; a literal with something else than strings; no loop.
        let outside =
            "        for n in (\"a\",):\n            pass\n        t = getattr(self, n)\n";
        assert!(read(outside, "getattr(self, n)").is_empty());
        let mixed = "        for n in (\"a\", other):\n            t = getattr(self, n)\n";
        assert!(read(mixed, "getattr(self, n)").is_empty());
        let none = "        t = getattr(self, n)\n";
        assert!(read(none, "getattr(self, n)").is_empty());
    }
}
