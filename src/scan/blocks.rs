//! Blocks read off the text by indentation, where no syntax tree is at hand.

/// Where a block ends: the first line after the one at `from` (a line start) that is not
/// blank nor a comment and is indented `base` or less.
pub fn block_end(src: &str, from: usize, base: usize) -> usize {
    block_end_bytes(src.as_bytes(), from, base)
}

/// [`block_end`] of text held as bytes (the audit's facts read a block's bytes).
pub fn block_end_bytes(bytes: &[u8], from: usize, base: usize) -> usize {
    let Some(rest) = bytes.get(from..) else {
        return bytes.len();
    };
    let next = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
    let mut offset = match rest.is_empty() {
        true => from,
        false => next(from),
    };
    while offset < bytes.len() {
        let end = next(offset);
        let indent = (bytes[offset..end].iter())
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        // A line indented deeper than `base` never ends the block, blank or not: only the
        // others are read (telling blank lines was most of the cost, on every line of a class).
        if indent <= base {
            let stripped = &bytes[offset + indent..end];
            // Other whitespace (`\u{a0}`) only where a line leads with a non-ASCII byte.
            let blank = stripped.trim_ascii().is_empty()
                || stripped.starts_with(b"#")
                || (stripped.first().is_some_and(|b| !b.is_ascii())
                    && std::str::from_utf8(stripped).is_ok_and(|s| s.trim().is_empty()));
            if !blank {
                return offset;
            }
        }
        offset = end;
    }
    bytes.len()
}

/// The block under the line that holds `at` (a `def`'s body), read by indentation: `None` when
/// that line is the file's last.
pub fn block_under(src: &str, at: usize) -> Option<&[u8]> {
    let line_start = src.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = src[line_start..]
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    let next = src[at..].find('\n').map(|i| at + i + 1)?;
    let end = block_end(src, next, indent);
    Some(src.as_bytes().get(next..end).unwrap_or_default())
}

/// Whether a byte may belong to a Python name (any non-ASCII byte may).
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The offsets in `block` where `word` is spelt as a whole word.
pub fn spelt<'b>(block: &'b [u8], word: &'b str) -> impl Iterator<Item = usize> + 'b {
    memchr::memmem::find_iter(block, word.as_bytes()).filter(move |&i| {
        (i == 0 || !is_word_byte(block[i - 1]))
            && block.get(i + word.len()).is_none_or(|&b| !is_word_byte(b))
    })
}

#[cfg(test)]
mod tests {
    use super::block_end;

    /// The line-by-line reading this replaced.
    fn by_lines(src: &str, from: usize, base: usize) -> usize {
        let Some(rest) = src.get(from..) else {
            return src.len();
        };
        let mut lines = rest.split_inclusive('\n');
        let mut offset = from + lines.next().map_or(0, str::len);
        for line in lines {
            let stripped = line.trim_start_matches([' ', '\t']);
            let blank = stripped.trim().is_empty() || stripped.starts_with('#');
            if !blank && line.len() - stripped.len() <= base {
                return offset;
            }
            offset += line.len();
        }
        src.len()
    }

    fn same_on(src: &str, bases: &[usize]) {
        let starts = std::iter::once(0).chain(src.match_indices('\n').map(|(i, _)| i + 1));
        // About a hundred starts a file: each reading runs to the block's end.
        let step = (src.len() / 4096).max(1);
        for from in starts.step_by(step).chain([src.len(), src.len() + 1]) {
            for &base in bases {
                assert_eq!(
                    block_end(src, from, base),
                    by_lines(src, from, base),
                    "{from} {base}"
                );
            }
        }
    }

    #[test]
    fn blocks_end_where_the_lines_end_them() {
        for src in [
            "",
            "\n",
            "def f():\n    x = 1\n\n    # c\n  # d\ny = 2\n",
            "class A:\n\tdef f(self):\n\t\tpass\n\u{a0}\n \u{3000}\nz\n",
            "if x:\r\n    a\r\n\r\nb\r\n",
            "a\n  b\n c\n\x0c\nd",
            "x\n    y",
        ] {
            same_on(src, &[0, 1, 2, 3, 4, 5, 8]);
        }
        let mut files = vec![std::path::PathBuf::from("testdata")];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(
                    std::fs::read_dir(&path)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                );
            } else if path.extension().is_some_and(|e| e == "py")
                && let Ok(src) = std::fs::read_to_string(&path)
            {
                same_on(&src, &[0, 4, 8]);
            }
        }
    }
}
