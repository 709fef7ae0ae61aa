//! The text patterns the audit's readers share: dotted names, their squeezed spelling, the
//! names an expression reads, brackets and function ends.

use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::scan::blocks::block_end;

/// A dotted name: `self._tasks`, `_background`, `app.state.task`.
/// Spaces around the dots, but no line break: outside brackets Python has none there, and a
/// comment's last word followed by a statement must not read as one name.
const DOTTED: &str = r"[A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*";

pub(super) fn pattern(source: &str) -> Regex {
    // ASCII classes: far cheaper, and the names these patterns look for are ASCII.
    Regex::new(&format!("(?-u){}", source.replace("DOTTED", DOTTED))).expect("valid pattern")
}

static NAME: LazyLock<Regex> = LazyLock::new(|| pattern(r"(DOTTED)\s*(\()?"));

pub(super) static DEF: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?m)^[ \t]*(?:async\s+)?def\s+(\w+)\s*\("));

/// The name without its spaces, and without a trailing `.values` / `.copy` (as in
/// `for t in self._tasks.values():`), which stands for the container itself.
pub(super) fn squeeze(bytes: &[u8]) -> String {
    let name: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match (name.strip_suffix(".values"))
        .or_else(|| name.strip_suffix(".items"))
        .or_else(|| name.strip_suffix(".copy"))
    {
        Some(container) => container.to_owned(),
        None => name,
    }
}

/// Python's words that [`names_in`] does not count as names.
const WORDS: [&str; 12] = [
    "for", "in", "if", "else", "is", "not", "and", "or", "None", "True", "False", "await",
];

/// The names an expression reads as values (not called, not Python's own words), squeezed.
pub(super) fn names_in(expression: &[u8]) -> Vec<String> {
    // A match is the name, then spaces, then perhaps `(`: its groups are read off its bytes
    // (capturing them costs several times the search).
    (NAME.find_iter(expression))
        .filter(|m| !m.as_bytes().ends_with(b"("))
        .filter(|m| starts_name(expression, m.start()))
        .map(|m| squeeze(trim_spaces(m.as_bytes())))
        .filter(|name| !WORDS.contains(&name.as_str()))
        .collect()
}

/// The bytes without the `\s` (ASCII: also vertical tab) that end them.
fn trim_spaces(bytes: &[u8]) -> &[u8] {
    let kept = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
        .map_or(0, |i| i + 1);
    &bytes[..kept]
}

/// Where the function whose `def` line starts at `start` ends.
pub fn function_end(src: &str, start: usize) -> usize {
    let text = src.as_bytes();
    let Some(line) = text.get(start..) else {
        return src.len();
    };
    let indent = line
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    // The body starts on the line that closes the parameters (`) -> None:` sits at the `def`'s
    // own indentation when Black splits a signature).
    let open = memchr::memchr(b'(', line).map_or(start, |i| start + i);
    let closed = closing(text, open).saturating_sub(1);
    let header_end = memchr::memrchr(b'\n', &text[..closed]).map_or(0, |n| n + 1);
    block_end(src, header_end.max(start), indent)
}

/// The text between the parenthesis at `open` and the one that closes it, split at its
/// top-level commas (a call's arguments, a `def`'s parameters).
pub(super) fn pieces(text: &[u8], open: usize) -> Vec<&[u8]> {
    let end = closing(text, open).saturating_sub(1).max(open + 1);
    let inner = text.get(open + 1..end).unwrap_or_default();
    let (mut depth, mut from, mut found) = (0usize, 0, Vec::new());
    for (i, b) in inner.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                found.push(&inner[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    found.push(&inner[from..]);
    found
}

/// The name at `at` is not the tail of a longer dotted name (`x.self._task`).
pub(super) fn starts_name(text: &[u8], at: usize) -> bool {
    at == 0 || !matches!(text[at - 1], b'.' | b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9')
}

/// The offset just past the parenthesis that closes the one at `open` (or the end of the
/// text), skipping nested brackets.
pub(super) fn closing(text: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, &b) in text.iter().enumerate().skip(open) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Capture group 1 of `c` in `line`.
pub(super) fn name_of<'h>(line: &'h [u8], c: &regex::bytes::Captures) -> &'h [u8] {
    c.get(1).map_or(&[][..], |m| &line[m.range()])
}

/// Capture group `i` as (offset, bytes of `text`).
pub(super) fn group<'h>(
    text: &'h [u8],
    c: &regex::bytes::Captures,
    i: usize,
) -> Option<(usize, &'h [u8])> {
    c.get(i).map(|m| (m.start(), &text[m.range()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `names_in` gave when it captured its groups.
    fn captured(expression: &[u8]) -> Vec<String> {
        (NAME.captures_iter(expression))
            .filter(|c| c.get(2).is_none())
            .filter_map(|c| c.get(1).filter(|m| starts_name(expression, m.start())))
            .map(|m| squeeze(m.as_bytes()))
            .filter(|name| !WORDS.contains(&name.as_str()))
            .collect()
    }

    #[test]
    fn names_read_off_the_match_are_the_captured_ones() {
        for text in [
            "[t for t in (self._a, self._b) if t]",
            "f(x) + g (y) + h\n(z) + k\x0B(w) + self . _t \t, a.b\x0B\x0C",
            "(*self._tasks.values(), other.copy(), x.y.z(), None, lambda: q)",
            "",
        ] {
            assert_eq!(
                names_in(text.as_bytes()),
                captured(text.as_bytes()),
                "{text:?}"
            );
        }
        assert_eq!(names_in(b"a + b (c) + d . e\x0B"), ["a", "c", "d.e"]);
    }
}
