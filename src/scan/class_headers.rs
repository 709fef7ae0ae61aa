//! A file's class headers by its text, and the class around an offset. A header is a line that
//! starts, after spaces or tabs, with `class`, spaces or tabs and a word (`class Name`). Found by
//! a search for `class` and a look at its line, not by a pattern whose every match costs a
//! search backwards to the line's start (the pattern read every file of the walk in `audit`,
//! 1.6% of it on the corpus).

use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

/// The pattern the search stands for, asked only where a name holds a byte beyond ASCII (its
/// `\w` is Unicode's).
static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*class[ \t]+(\w+)").expect("valid pattern"));

/// Each class header of `bytes`, in order: `class Name` (from the line's start) and `Name`, as
/// the matches of `(?m)^[ \t]*class[ \t]+(\w+)`.
pub fn class_headers(bytes: &[u8]) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    memchr::memmem::find_iter(bytes, b"class").filter_map(move |at| {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        if !bytes[line_start..at]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t'))
        {
            return None;
        }
        let after = at + b"class".len();
        let spaces = bytes[after..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let name_start = after + spaces;
        let ascii = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let name_end = name_start + ascii;
        if spaces == 0 {
            return None;
        }
        if bytes.get(name_end).is_some_and(|b| !b.is_ascii()) {
            // A Unicode word: the pattern's own reading, if it matches on this line.
            let found = HEADER.captures_at(bytes, line_start)?;
            let (whole, name) = (found.get(0)?, found.get(1)?);
            return (whole.start() == line_start).then(|| (whole.range(), name.range()));
        }
        (ascii > 0).then_some((line_start..name_end, name_start..name_end))
    })
}

/// The module-level class whose body holds offset `at`, by the text: the nearest line above
/// that starts at column 0 with code is its `class` header, and no nested `class` is between
/// (where it is not, `None`: a function, a header on several lines, a string at column 0).
pub fn class_around(bytes: &[u8], at: usize) -> Option<&str> {
    let mut end = memchr::memrchr(b'\n', &bytes[..at])?;
    loop {
        let start = memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1);
        let line = &bytes[start..end];
        let trimmed = line.trim_ascii_start();
        if let Some(header) = line.strip_prefix(b"class ") {
            let name = header
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .map_or(header, |n| &header[..n]);
            return std::str::from_utf8(name).ok().filter(|n| !n.is_empty());
        }
        let code = line.first().is_some_and(|b| !b" \t\r#".contains(b));
        if code || trimmed.starts_with(b"class ") || start == 0 {
            return None;
        }
        end = start - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{HEADER, class_headers};

    #[test]
    fn the_headers_the_pattern_finds() {
        let src = "class A(B):\n    class  Inner:\n\tclass\tT: pass\nx = 1  # class C\n\
                   classic = 1\nclass\nclass 1x:\n  class Été(Base):\n class É:\nclass _ö\n\
                   class a€:\nclass €:\nclass";
        let by_pattern: Vec<_> = HEADER
            .captures_iter(src.as_bytes())
            .filter_map(|c| Some((c.get(0)?.range(), c.get(1)?.range())))
            .collect();
        let found: Vec<_> = class_headers(src.as_bytes()).collect();
        assert_eq!(found, by_pattern);
        let names: Vec<&str> = found.into_iter().map(|(_, n)| &src[n]).collect();
        assert_eq!(names, ["A", "Inner", "T", "1x", "Été", "É", "_ö", "a"]);
    }
}
