//! CPython's verdict on a text ([`validate::check`]) from its pieces, so that the language server
//! checks again only what an edit changed. The text is cut at line starts where a top-level
//! statement begins; a piece valid alone ends with every bracket and string closed and no line
//! continuation, so ruff's lexer, undangle's lexer and the indentation stack start the next
//! piece as they start a file, and the compiler's checks start each top-level statement in the
//! module's scope. The whole text is then the concatenation of valid pieces, and valid. When a
//! piece is not valid alone, the whole text is checked, and its error is the whole text's.

use std::ops::Range;

use crate::scan::validate::{self, Invalid};

/// The pieces of a text known to be valid Python alone, as byte ranges of the text as it is now
/// (sorted, disjoint).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ValidPieces(Vec<Range<usize>>);

impl ValidPieces {
    /// The text's `start..old_end` was replaced by `new_end - start` bytes: the pieces it touched
    /// are forgotten, those after it move with it.
    pub fn edit(&mut self, start: usize, old_end: usize, new_end: usize) {
        self.0.retain_mut(|piece| {
            if piece.end <= start {
                true
            } else if piece.start >= old_end {
                *piece = piece.start - old_end + new_end..piece.end - old_end + new_end;
                true
            } else {
                false
            }
        });
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    fn holds(&self, piece: &Range<usize>) -> bool {
        let at = self.0.partition_point(|p| p.start < piece.start);
        self.0.get(at) == Some(piece)
    }
}

/// [`validate::check`] of `text`: each piece between the `starts` of its top-level statements
/// that `known` does not hold is checked alone, and the whole text only when one is not valid
/// alone. `known` becomes the pieces of `text` known to be valid alone.
pub fn check(text: &str, starts: &[usize], known: &mut ValidPieces) -> Result<(), Invalid> {
    let Some(cuts) = cuts(text, starts) else {
        known.clear();
        return validate::check(text);
    };
    let ends = cuts.iter().skip(1).copied().chain([text.len()]);
    let mut valid = Vec::with_capacity(cuts.len());
    let mut whole = false;
    for piece in cuts.iter().zip(ends).map(|(&from, to)| from..to) {
        if known.holds(&piece) {
            valid.push(piece);
        } else if !whole {
            // `None`: undangle's lexer cannot follow the piece; the whole text decides.
            match text.get(piece.clone()).and_then(validate::check_alone) {
                Some(true) => valid.push(piece),
                _ => whole = true,
            }
        }
    }
    known.0 = valid;
    if whole { validate::check(text) } else { Ok(()) }
}

/// Where the text may be cut (0 first), or `None` when it holds what ruff's lexer reads only at
/// the start of a file (a byte order mark) or what undangle's lexer leaves to the parser (a lone
/// carriage return).
fn cuts(text: &str, starts: &[usize]) -> Option<Vec<usize>> {
    let bytes = text.as_bytes();
    if text.contains('\u{feff}') || lone_carriage_return(bytes) {
        return None;
    }
    let mut cuts = vec![0];
    for &at in starts {
        if at > cuts.last().copied().unwrap_or(0) && cuttable(bytes, at) {
            cuts.push(at);
        }
    }
    Some(cuts)
}

/// A piece may start at `at`: the start of a line whose first byte begins a token at column 0,
/// after a line that does not end in a backslash (a continuation, or a comment: both are kept
/// with what follows).
fn cuttable(bytes: &[u8], at: usize) -> bool {
    let Some(before) = at.checked_sub(1).and_then(|end| bytes.get(..end)) else {
        return false;
    };
    let before = before.strip_suffix(b"\r").unwrap_or(before);
    bytes.get(at - 1) == Some(&b'\n')
        && !before.ends_with(b"\\")
        && bytes
            .get(at)
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\x0c' | b'#' | b'\\' | b'\r' | b'\n'))
}

fn lone_carriage_return(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The starts of the lines that begin at column 0 with a token: more cuts than the top-level
    /// statements give, inside brackets and strings too.
    fn every_line(text: &str) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        starts
    }

    #[test]
    fn pieces_give_the_whole_texts_verdict() {
        let texts = [
            "x = 1\ny = 2\n",
            "def f():\n    return 1\nclass C:\n    pass\n",
            "x = (\n1)\ny = 2\n",
            "s = '''\nabc\n'''\nt = 1\n",
            "x = 1 + \\\n2\ny = 3\n",
            "x = 1  # \\\ny = 2\n",
            "if x:\n    pass\n  y = 1\n",
            "if x:\n\tpass\nelse:\n        pass\n",
            "def f():\n    pass\nreturn 1\n",
            "for x in y:\n    pass\nbreak\n",
            "x = 1\r\ny = 2\r\n",
            "x = 1\ry = 2\n",
            "x = 1\n\u{feff}y = 2\n",
            "f(a=1, a=2)\ng = 1\n",
            "def f(:\n    pass\n",
            "x = [\n]\n)\n",
            "try:\n    pass\nx = 1\n",
            "@d\ndef f():\n    pass\n",
            "async def f():\n    await g()\nawait h()\n",
            "x = 1\n",
            "",
        ];
        for text in texts {
            let mut known = ValidPieces::default();
            let whole = validate::check(text);
            assert_eq!(
                check(text, &every_line(text), &mut known),
                whole,
                "{text:?}"
            );
            // Again from what the first check learned.
            assert_eq!(
                check(text, &every_line(text), &mut known),
                whole,
                "{text:?}"
            );
            assert_eq!(check(text, &[], &mut known), whole, "{text:?}");
        }
    }

    #[test]
    fn an_edit_forgets_the_pieces_it_touches_and_moves_the_others() {
        let text = "x = 1\ny = 2\nz = 3\n";
        let mut known = ValidPieces::default();
        assert_eq!(check(text, &[6, 12], &mut known), Ok(()));
        assert_eq!(known, ValidPieces(vec![0..6, 6..12, 12..18]));
        // `y = 2` becomes `y = 22`.
        known.edit(10, 10, 11);
        assert_eq!(known, ValidPieces(vec![0..6, 13..19]));
        // Typed at a piece's end or start: both neighbours stay.
        known.edit(6, 6, 7);
        assert_eq!(known, ValidPieces(vec![0..6, 14..20]));
    }
}
