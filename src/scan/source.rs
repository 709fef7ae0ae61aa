//! One Python source file as text: BOM, line index, line ending and the helpers that turn byte
//! offsets into lines, columns and indentation.

use std::cell::Cell;
use std::fmt;

use crate::scan::lexer::Lexed;

const BOM: &str = "\u{feff}";

/// Why a file's bytes cannot be treated as Python source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    NotUtf8 {
        declared: Option<String>,
    },
    /// Classic Mac line endings: a CR not followed by LF.
    LoneCarriageReturn,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary file (contains a NUL byte), skipped"),
            DecodeError::NotUtf8 {
                declared: Some(coding),
            } => write!(
                f,
                "not valid UTF-8 (declares coding {coding}), skipped: undangle only rewrites UTF-8 files"
            ),
            DecodeError::NotUtf8 { declared: None } => {
                write!(f, "not valid UTF-8, skipped")
            }
            DecodeError::LoneCarriageReturn => {
                write!(f, "CR-only line endings are not supported, skipped")
            }
        }
    }
}

/// Checks that `bytes` is UTF-8 Python text. Never re-encodes: a Latin-1 file is refused rather
/// than written back as UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, DecodeError> {
    if memchr::memchr(0, bytes).is_some() {
        return Err(DecodeError::Binary);
    }
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return Err(DecodeError::LoneCarriageReturn);
    }
    std::str::from_utf8(bytes).map_err(|_| DecodeError::NotUtf8 {
        declared: declared_coding(bytes),
    })
}

/// The PEP 263 coding declared on one of the first two lines, if any.
fn declared_coding(bytes: &[u8]) -> Option<String> {
    for line in bytes.split(|&b| b == b'\n').take(2) {
        let line = String::from_utf8_lossy(line);
        let Some(hash) = line.find('#') else { continue };
        let comment = &line[hash..];
        let Some(at) = comment.find("coding") else {
            continue;
        };
        let rest = comment[at + "coding".len()..].trim_start_matches([':', '=']);
        let rest = rest.trim_start();
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        if !name.is_empty() {
            return Some(name);
        }
    }
    None
}

/// Source text (without its BOM) with a line index.
pub struct SourceFile<'a> {
    pub bom: bool,
    pub text: &'a str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// The file's own line ending, taken from its first line break ("\n" when it has none).
    pub eol: &'static str,
    /// The last column computed, as (row, offset, column): offsets asked for in source order on
    /// one very long line are counted from there, not from the line's start each time.
    last_column: Cell<(usize, usize, usize)>,
    /// The text's tokens, when the triage lexed it already (see [`SourceFile::with_tokens`]).
    tokens: Option<&'a Lexed>,
}

impl<'a> SourceFile<'a> {
    pub fn new(full: &'a str) -> Self {
        let (bom, text) = match full.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, full),
        };
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let eol = match memchr::memchr(b'\n', text.as_bytes()) {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        };
        SourceFile {
            bom,
            text,
            line_starts,
            eol,
            last_column: Cell::new((0, 0, 0)),
            tokens: None,
        }
    }

    /// The text with the tokens the triage lexed of it (`None`: not lexed), for the readers
    /// that would lex the whole text again: a second copy of a large file's tokens was
    /// `check`'s peak memory on the large tree (5 MB for litellm's router).
    pub fn with_tokens(mut self, tokens: Option<&'a Lexed>) -> Self {
        self.tokens = tokens;
        self
    }

    /// The tokens of the text, if the triage lexed it.
    pub fn tokens(&self) -> Option<&'a Lexed> {
        self.tokens
    }

    /// Zero-based line of a byte offset.
    pub fn row(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// One-based line and one-based column (in characters, as editors count them).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let row = self.row(offset);
        let (last_row, last_offset, last_col) = self.last_column.get();
        let (from, base) = if last_row == row && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (self.line_starts[row], 0)
        };
        let col = base + self.text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last_column.set((row, offset, col));
        (row + 1, col + 1)
    }

    /// Offset of the start of the line holding `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        self.line_starts[self.row(offset)]
    }

    /// Offset of the line terminator of the line holding `offset` (or the end of the text).
    /// From the line index, not a scan: a very long line costs no more than a short one.
    pub fn line_end(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        match self.line_starts.get(self.row(offset) + 1) {
            Some(&next) => {
                let nl = next - 1;
                if nl > 0 && bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                }
            }
            None => bytes.len(),
        }
    }

    /// Offset just past the line break of the line holding `offset`, or the end of the text.
    pub fn next_line_start(&self, offset: usize) -> usize {
        let row = self.row(offset);
        self.line_starts
            .get(row + 1)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The leading spaces and tabs of the line holding `offset`.
    pub fn indentation(&self, offset: usize) -> &'a str {
        let start = self.line_start(offset);
        let line = &self.text[start..];
        let len = line.len() - line.trim_start_matches([' ', '\t']).len();
        &line[..len]
    }

    /// True when only spaces and tabs stand between the line start and `offset`.
    pub fn starts_line(&self, offset: usize) -> bool {
        let start = self.line_start(offset);
        self.text[start..offset]
            .bytes()
            .all(|b| b == b' ' || b == b'\t')
    }

    /// True when the line holding `offset` is blank.
    pub fn is_blank_line(&self, offset: usize) -> bool {
        let start = self.line_start(offset);
        self.text[start..self.line_end(offset)].trim().is_empty()
    }

    /// The file's full text with `new_text` in place of the body, BOM restored.
    pub fn with_bom(&self, mut new_text: String) -> String {
        if self.bom {
            new_text.insert_str(0, BOM);
        }
        new_text
    }
}

// Files that say they are generated: their text is rewritten from a source elsewhere (a
// schema, a `.proto`, a template), so an edit here is lost at the next generation. `fix`, `diff`
// and the server report their dropped tasks but never edit them.

/// How many lines from the top the marker may stand in: generators put it in the header
/// (after a shebang or coding line, a licence's first lines).
const HEADER_LINES: usize = 10;

/// What generators write (protobuf's and gRPC's `DO NOT EDIT!`, Go's `Code generated by … DO NOT
/// EDIT.`, Facebook's `@generated`); case matters, as in the tools that read them.
const MARKERS: [&str; 4] = [
    "DO NOT EDIT",
    "DO NOT CHANGE",
    "@generated",
    "Code generated by",
];

/// The reason a finding in such a file is not fixed.
pub const GENERATED: &str = "generated: fix its source";

/// Whether the first lines of `text` say the file is generated.
pub fn is_generated(text: &str) -> bool {
    text.lines()
        .take(HEADER_LINES)
        .any(|line| MARKERS.iter().any(|m| line.contains(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_skip_the_bom() {
        let src = SourceFile::new("\u{feff}x = 'é'; y\r\nz\n");
        assert!(src.bom);
        assert_eq!(src.eol, "\r\n");
        let y = src.text.find('y').unwrap();
        assert_eq!(src.line_col(y), (1, 10));
        let z = src.text.find('z').unwrap();
        assert_eq!(src.line_col(z), (2, 1));
        assert_eq!(src.line_end(0), y + 1);
        assert_eq!(src.next_line_start(0), z);
    }

    #[test]
    fn latin1_is_refused_with_its_declared_coding() {
        let err = decode(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap_err();
        assert_eq!(
            err,
            DecodeError::NotUtf8 {
                declared: Some("latin-1".into())
            }
        );
        assert_eq!(decode(b"a\0b").unwrap_err(), DecodeError::Binary);
    }

    #[test]
    fn a_marker_in_the_header_says_generated() {
        for text in [
            "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n",
            "# Code generated by tool. DO NOT EDIT.\nimport asyncio\n",
            "\"\"\"@generated by make_api\"\"\"\n",
            "#!/usr/bin/env python\n# DO NOT CHANGE: written by build.py\n",
        ] {
            assert!(is_generated(text), "{text}");
        }
    }

    #[test]
    fn elsewhere_or_other_words_say_nothing() {
        let late = format!("{}# DO NOT EDIT\n", "x = 1\n".repeat(10));
        for text in [
            late.as_str(),
            "# do not edit lightly\n",
            "# generated on demand\n",
            "",
        ] {
            assert!(!is_generated(text), "{text}");
        }
    }
}
