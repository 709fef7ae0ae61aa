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
