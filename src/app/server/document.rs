//! One open document of the language server: its text, its line starts, and the conversions
//! between the protocol's positions (UTF-16 code units, or UTF-8 bytes when the client offers
//! them) and byte offsets.

use lsp_types::{Position, Range};

use crate::core::site::Site;
use crate::scan::piecewise::ValidPieces;

/// One analysis of a document: the sites `check` reports, or why it has none.
#[derive(Clone)]
pub(crate) enum Analysed {
    Findings(Vec<Site>),
    /// A settings file that cannot be read, or a file CPython rejects: said once, no findings.
    Problem(String),
}

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
}

pub(crate) struct Document {
    pub(crate) text: String,
    pub(crate) version: i32,
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
    /// The last syntax tree of the text, edited along with it: the next parse reuses what the
    /// edits left alone.
    pub(crate) tree: Option<tree_sitter::Tree>,
    /// Whether `tree` is the parse of `text` as it is (not only edited along with it).
    parsed: bool,
    /// What changed since the last analysis.
    pub(crate) since: Since,
    /// The last analysis, and the generation of the settings it was made under.
    pub(crate) analysed: Option<(u64, Analysed)>,
    /// The pieces of the text known to be valid Python alone: CPython's verdict on the text
    /// checks only the others again.
    pub(crate) pieces: ValidPieces,
}

/// The changes to a document since its last analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Since {
    Nothing,
    /// Text typed into or removed from one comment on this row (0-based): it stays a comment
    /// on that row, and says nothing undangle reads (no directive, not the encoding line).
    Comment(usize),
    Other,
}

/// Words of the comments that undangle reads (suppressions, file-level directives) or that
/// CPython reads (the encoding declaration): an edit of a comment holding one may change
/// what is reported.
const DIRECTIVES: [&str; 6] = ["noqa", "ignore", "ruff", "flake8", "undangle", "coding"];

impl Document {
    pub(crate) fn new(text: String, version: i32) -> Self {
        let mut document = Document {
            text,
            version,
            line_starts: Vec::new(),
            tree: None,
            parsed: false,
            since: Since::Other,
            analysed: None,
            pieces: ValidPieces::default(),
        };
        document.index_lines();
        document
    }

    fn index_lines(&mut self) {
        self.line_starts.clear();
        self.line_starts.push(0);
        let bytes = self.text.as_bytes();
        for (at, &byte) in bytes.iter().enumerate() {
            // `\r\n` starts its line after the `\n`; a lone `\r` ends a line too.
            let ends = byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'));
            if ends {
                self.line_starts.push(at + 1);
            }
        }
    }

    /// The text of line `row` without its line ending ("" past the end).
    fn line(&self, row: usize) -> &str {
        let Some(&start) = self.line_starts.get(row) else {
            return "";
        };
        let end = self
            .line_starts
            .get(row + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The byte offset of a protocol position, clamped into the document: a line past the end is
    /// the end, a character past the line's end is the line's end (as the protocol asks).
    pub(crate) fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let row = position.line as usize;
        let Some(&start) = self.line_starts.get(row) else {
            return self.text.len();
        };
        let line = self.line(row);
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, c) in line.char_indices() {
            if units >= wanted {
                return start + at;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        start + line.len()
    }

    /// The protocol position of line `line` (1-based) and column `column` (1-based, in
    /// characters), as undangle's findings say.
    pub(crate) fn position(&self, line: usize, column: usize, encoding: Encoding) -> Position {
        let row = line.saturating_sub(1);
        let text = self.line(row);
        let units: usize = text
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            })
            .sum();
        Position::new(to_u32(row), to_u32(units))
    }

    /// The protocol position of a byte offset (one inside a character counts from its start).
    pub(crate) fn position_of(&self, offset: usize, encoding: Encoding) -> Position {
        let offset = offset.min(self.text.len());
        let row = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[row];
        let before = &self.text[start..floor_boundary(&self.text, offset)];
        let units: usize = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(row), to_u32(units))
    }

    /// Applies one change: the whole text without a range, else the range replaced.
    pub(crate) fn change(&mut self, range: Option<Range>, text: &str, encoding: Encoding) {
        match range {
            None => self.text = text.to_owned(),
            Some(range) => {
                let start = self.offset(range.start, encoding);
                let end = self.offset(range.end, encoding).max(start);
                self.since = match (self.since, self.inert_comment(start, end, text)) {
                    (Since::Nothing, Some(row)) => Since::Comment(row),
                    _ => Since::Other,
                };
                self.parsed = false;
                let (start_position, old_end_position) = (self.point(start), self.point(end));
                self.text.replace_range(start..end, text);
                self.index_lines();
                let new_end = start + text.len();
                let edit = tree_sitter::InputEdit {
                    start_byte: start,
                    old_end_byte: end,
                    new_end_byte: new_end,
                    start_position,
                    old_end_position,
                    new_end_position: self.point(new_end),
                };
                if let Some(tree) = &mut self.tree {
                    tree.edit(&edit);
                }
                self.pieces.edit(start, end, new_end);
                return;
            }
        }
        self.tree = None;
        self.parsed = false;
        self.since = Since::Other;
        self.pieces.clear();
        self.index_lines();
    }

    /// Parses the text again from its edited tree (only what the edits touched), when that tree
    /// is not yet the parse of it; a document without a tree is parsed when it is analysed.
    pub(crate) fn parse_again(&mut self, parser: &mut tree_sitter::Parser) {
        if !self.parsed && self.tree.is_some() {
            let tree = crate::scan::syntax::parse(parser, &self.text, self.tree.as_ref());
            self.set_tree(tree);
        }
    }

    /// Takes the parse of the current text.
    pub(crate) fn set_tree(&mut self, tree: Option<tree_sitter::Tree>) {
        self.parsed = tree.is_some();
        self.tree = tree;
    }

    /// The row of the comment that replacing `start..end` with `text` edits without changing
    /// anything undangle or CPython read, if it does: the range lies after the `#` of one
    /// comment (of a tree without errors, parsed from the current text), the new text has no
    /// line break or other control character, and neither the old comment nor the new one
    /// holds a directive's word.
    fn inert_comment(&self, start: usize, end: usize, text: &str) -> Option<usize> {
        let tree = self.tree.as_ref().filter(|_| self.parsed)?;
        let root = tree.root_node();
        if root.has_error() {
            return None;
        }
        // A character typed at a comment's end touches only the comment with the one before.
        let comment = root.descendant_for_byte_range(start.saturating_sub(1), end)?;
        let (from, to) = (comment.start_byte(), comment.end_byte());
        let row = comment.start_position().row;
        // The first two lines may declare the encoding.
        if comment.kind() != "comment" || from >= start || end > to || row < 2 {
            return None;
        }
        let plain = |c: char| !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}');
        if !text.chars().all(plain) {
            return None;
        }
        let old = self.text.get(from..to)?;
        let new = format!(
            "{}{text}{}",
            self.text.get(from..start)?,
            self.text.get(end..to)?
        );
        let reads = |comment: &str| {
            let lower = comment.to_lowercase();
            DIRECTIVES.iter().any(|word| lower.contains(word))
        };
        (!reads(old) && !reads(&new)).then_some(row)
    }

    /// Tree-sitter's point (row, byte column) of a byte offset.
    fn point(&self, offset: usize) -> tree_sitter::Point {
        let row = self.line_starts.partition_point(|&s| s <= offset) - 1;
        tree_sitter::Point::new(row, offset - self.line_starts[row])
    }

    /// Whether `line` (1-based) of the document ends in a backslash: a comment cannot follow.
    pub(crate) fn continues(&self, line: usize) -> bool {
        self.line(line.saturating_sub(1)).ends_with('\\')
    }

    /// The byte offset of the end of `line` (1-based), before its line ending.
    pub(crate) fn line_end(&self, line: usize) -> usize {
        let row = line.saturating_sub(1);
        self.line_starts
            .get(row)
            .map_or(self.text.len(), |start| start + self.line(row).len())
    }

    /// The text of `line` (1-based).
    pub(crate) fn line_text(&self, line: usize) -> &str {
        self.line(line.saturating_sub(1))
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_count_surrogate_pairs() {
        let doc = Document::new("s = '😀é'\nx = 1\n".to_owned(), 0);
        // `é` is after `s = '` (5 units) and the emoji (2 units in UTF-16, 4 bytes in UTF-8).
        let at = doc.offset(Position::new(0, 7), Encoding::Utf16);
        assert_eq!(&doc.text[at..at + 2], "é");
        let at = doc.offset(Position::new(0, 9), Encoding::Utf8);
        assert_eq!(&doc.text[at..at + 2], "é");
        assert_eq!(doc.position(1, 7, Encoding::Utf16), Position::new(0, 7));
        assert_eq!(doc.position_of(at, Encoding::Utf16), Position::new(0, 7));
    }

    /// What one edit of `text` (at line 3, 0-based, from `from` to `to`) counts as.
    fn since(text: &str, from: u32, to: u32, typed: &str) -> Since {
        let mut doc = Document::new(text.to_owned(), 0);
        let mut parser = crate::scan::syntax::new_parser();
        doc.set_tree(crate::scan::syntax::parse(&mut parser, text, None));
        doc.since = Since::Nothing;
        let range = Range::new(Position::new(3, from), Position::new(3, to));
        doc.change(Some(range), typed, Encoding::Utf16);
        doc.since
    }

    #[test]
    fn only_plain_text_in_a_plain_comment_is_inert() {
        let text = "import asyncio\n\n\nx = 1  # a comment\n";
        assert_eq!(since(text, 18, 18, "s"), Since::Comment(3));
        assert_eq!(since(text, 12, 13, ""), Since::Comment(3));
        // The `#` itself, code, a line break, or a directive: anything may change.
        assert_eq!(since(text, 7, 8, ""), Since::Other);
        assert_eq!(since(text, 4, 4, "2"), Since::Other);
        assert_eq!(since(text, 18, 18, "\nf()"), Since::Other);
        assert_eq!(since(text, 18, 18, " noqa"), Since::Other);
        let noqa = "import asyncio\n\n\nx = 1  # noqa\n";
        assert_eq!(since(noqa, 13, 14, ""), Since::Other);
        // The encoding declaration's lines.
        let mut doc = Document::new("# a\nx = 1\n".to_owned(), 0);
        let mut parser = crate::scan::syntax::new_parser();
        doc.set_tree(crate::scan::syntax::parse(
            &mut parser,
            &doc.text.clone(),
            None,
        ));
        doc.since = Since::Nothing;
        let at = Position::new(0, 3);
        doc.change(Some(Range::new(at, at)), "b", Encoding::Utf16);
        assert_eq!(doc.since, Since::Other);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let mut doc = Document::new("ab\ncd".to_owned(), 0);
        assert_eq!(doc.offset(Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(doc.offset(Position::new(9, 0), Encoding::Utf16), 5);
        let range = Range::new(Position::new(1, 1), Position::new(7, 3));
        doc.change(Some(range), "X\n", Encoding::Utf16);
        assert_eq!(doc.text, "ab\ncX\n");
        assert_eq!(doc.position_of(99, Encoding::Utf16), Position::new(2, 0));
    }
}
