//! The lines of a file that may hold an import statement, by a byte search for the word
//! `import`: what a file that calls another module's function must spell there (the module's
//! name, or the function's), so the walk keeps the words of these lines only, not of the whole
//! file (a tenth of them, and a tenth of the work).
//!
//! It is conservative: a line that spells `import` anywhere (in a string, a comment, after a
//! `;` or a suite's `:`) counts, with the lines a `\` joins to it and, from the word on, the
//! lines up to the `)` that closes a `(` (comments skipped: no `)` in them ends the import).

use std::ops::Range;
use std::sync::LazyLock;

/// The searcher for `import`, built once (one built for each file cost a tenth of the search).
static IMPORT: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"import"));

/// The import lines of a file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportLines {
    /// Byte ranges of whole lines, sorted, not overlapping.
    pub ranges: Vec<Range<usize>>,
    /// A `*` stands in one of them (`from . import *` names nothing it brings in).
    pub wildcard: bool,
    /// The whole words `import` in them: about as many `from <module> import` paths as
    /// they hold at most (a capacity, not a count to rely on).
    pub imports: usize,
}

/// The lines of `bytes` that may hold an import statement.
pub fn import_lines(bytes: &[u8]) -> ImportLines {
    let mut lines = ImportLines::default();
    let mut covered = 0;
    for at in IMPORT.find_iter(bytes) {
        let end = at + b"import".len();
        let word = |i: usize| bytes.get(i).is_some_and(|&b| is_word_byte(b));
        if (at > 0 && word(at - 1)) || word(end) {
            continue;
        }
        lines.imports += 1;
        if at < covered {
            continue;
        }
        let start = joined_start(bytes, line_start(bytes, at));
        let (stop, wildcard) = statement_end(bytes, end);
        lines.wildcard |= wildcard;
        match lines.ranges.last_mut() {
            Some(last) if last.end >= start => last.end = stop,
            _ => lines.ranges.push(start.max(covered)..stop),
        }
        covered = stop;
    }
    lines
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn line_start(bytes: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1)
}

/// Whether the line that ends with the newline at `newline` goes on after it (`\` last).
fn continued(bytes: &[u8], newline: usize) -> bool {
    let line = &bytes[..newline];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.ends_with(b"\\")
}

/// The start of the first of the lines that `\` joins to the line starting at `start`.
fn joined_start(bytes: &[u8], mut start: usize) -> usize {
    while start > 0 && continued(bytes, start - 1) {
        start = line_start(bytes, start - 1);
    }
    start
}

/// From `from` (just after `import`), the end of its statement's last line (after its newline,
/// or the end of the file), and whether a `*` stands on the way.
fn statement_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let (mut depth, mut wildcard, mut i) = (0usize, false, from);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b'*' => wildcard = true,
            b'#' => {
                // A comment runs to the end of its line; its newline is looked at next.
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'\n' if depth == 0 && !continued(bytes, i) => return (i + 1, wildcard),
            _ => {}
        }
        i += 1;
    }
    (bytes.len(), wildcard)
}

/// The module paths of the `from <module> import` statements on `line`: a path, after a
/// whole-word `from`, is dotted names and blanks up to a whole-word `import` on the same line
/// (with a `\` or anything else on the way, its words count as bound: a word told apart
/// wrongly would lose a call), each given to `found` in order. (A `memchr` of `f`: a substring
/// searcher built for each import line cost as much as the words' filter.)
pub fn each_from_path(line: &[u8], mut found: impl FnMut(std::ops::Range<usize>)) {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    let mut covered = 0;
    for at in memchr::memchr_iter(b'f', line) {
        let start = at + b"from".len();
        let after = line.get(start);
        if at < covered
            || !line[at..].starts_with(b"from")
            || at.checked_sub(1).is_some_and(|b| word(&line[b]))
            || after.is_none_or(word)
        {
            continue;
        }
        let mut i = start;
        loop {
            i += line[i..]
                .iter()
                .take_while(|b| **b == b' ' || **b == b'\t')
                .count();
            let rest = &line[i..];
            if rest.starts_with(b"import") && rest.get(b"import".len()).is_none_or(|b| !word(b)) {
                found(start..i);
                covered = i;
                break;
            }
            let run = rest.iter().take_while(|b| word(b) || **b == b'.').count();
            if run == 0 {
                break;
            }
            i += run;
        }
    }
}

/// [`each_from_path`], collected.
#[cfg(test)]
fn from_paths(line: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    each_from_path(line, |path| found.push(path));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_from_import_path_is_told_on_one_line_only() {
        let found = |line: &[u8]| {
            from_paths(line)
                .into_iter()
                .map(|r| (r.start, r.end))
                .collect::<Vec<_>>()
        };
        assert_eq!(found(b"x = 1; from .a.b import c"), [(11, 17)]);
        assert!(found(b"from a \\\n import b").is_empty());
        assert!(found(b"x = yield from a").is_empty());
    }

    fn spans(code: &str) -> Vec<&str> {
        let lines = import_lines(code.as_bytes());
        lines.ranges.into_iter().map(|r| &code[r]).collect()
    }

    #[test]
    fn every_line_that_may_import() {
        let code = "\"\"\"Doc.\"\"\"\nimport os\nx = 1\nfrom pkg.tasks import spawn\n";
        assert_eq!(
            spans(code),
            ["import os\n", "from pkg.tasks import spawn\n"]
        );
        let code = "def f():\n    try: from . import tasks\n    except E: pass\n";
        assert_eq!(spans(code), ["    try: from . import tasks\n"]);
        assert_eq!(spans("a = 1; import b\n"), ["a = 1; import b\n"]);
        // Not the word: `importlib`, `reimport`, `import_module`.
        assert!(spans("import_module('x')\nimportlib.reload(m)\nreimport(x)\n").is_empty());
    }

    #[test]
    fn continuation_lines_belong_to_their_import() {
        let code = "from pkg import (  # why :)\n    tasks,\n)\nx = 1\n";
        assert_eq!(
            spans(code),
            ["from pkg import (  # why :)\n    tasks,\n)\n"]
        );
        let code = "x = 1\nfrom pkg.tasks \\\n    import spawn\ny = 2\n";
        assert_eq!(spans(code), ["from pkg.tasks \\\n    import spawn\n"]);
        let code = "from pkg \\\r\nimport (a,\r\n b)\r\nc = 1\r\n";
        assert_eq!(spans(code), ["from pkg \\\r\nimport (a,\r\n b)\r\n"]);
        // Two imports on neighbouring lines make one range; the last line may lack a newline.
        assert_eq!(spans("import a\nimport b"), ["import a\nimport b"]);
    }

    #[test]
    fn a_star_is_seen() {
        assert!(import_lines(b"from . import *\n").wildcard);
        assert!(!import_lines(b"from . import a\nx = 2 * 3\n").wildcard);
    }
}
