//! Blocks read off the text by indentation, where no syntax tree is at hand.

/// Where a block ends: the first line after the one at `from` (a line start) that is not
/// blank nor a comment and is indented `base` or less.
pub fn block_end(src: &str, from: usize, base: usize) -> usize {
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
