//! A lexical pass over Python source, much cheaper than a parse: logical lines and their tokens,
//! with strings (f-strings and their nested replacement fields included), comments, line
//! continuations and bracket depth tracked. It feeds the prefilter and the partial-parse planner.
//!
//! It never guesses: input it cannot follow (an unterminated string, an unmatched bracket) is
//! reported as [`Confused`], and callers fall back to a full parse.

use memchr::{memchr, memchr2, memchr3};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// An identifier or keyword (or a number, which the prefilter treats alike).
    Name,
    /// A lone `=`.
    Assign,
    /// Any string literal, f-strings included, as one token.
    Str,
    /// Any other operator or delimiter; `byte` is its first byte.
    Op,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// Bracket depth around the token (for a bracket, the depth outside it).
    pub depth: u32,
}

impl Token {
    pub fn is_op(&self, src: &[u8], op: u8) -> bool {
        self.kind == TokenKind::Op && src[self.start] == op && self.end == self.start + 1
    }

    pub fn text<'a>(&self, src: &'a [u8]) -> &'a [u8] {
        &src[self.start..self.end]
    }
}

/// The lexer could not follow the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confused;

/// f-strings nested deeper than this are left to the parser.
const MAX_FSTRING_NESTING: usize = 32;

const IDENT_START: u8 = 1;
const IDENT_CONTINUE: u8 = 2;

/// Byte classes, looked up once per byte in the hot loops.
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            table[b] = IDENT_START | IDENT_CONTINUE;
        } else if c.is_ascii_digit() {
            table[b] = IDENT_CONTINUE;
        }
        b += 1;
    }
    table
};

fn is_ident_start(b: u8) -> bool {
    CLASSES[b as usize] & IDENT_START != 0
}

fn is_ident_continue(b: u8) -> bool {
    CLASSES[b as usize] & IDENT_CONTINUE != 0
}

/// A file's tokens, and its logical lines as ranges of them.
#[derive(Debug, Default)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub lines: Vec<std::ops::Range<usize>>,
}

impl Lexed {
    pub fn line(&self, i: usize) -> &[Token] {
        &self.tokens[self.lines[i].clone()]
    }
}

pub fn lex(src: &[u8]) -> Result<Lexed, Confused> {
    let mut lexed = Lexed {
        tokens: Vec::with_capacity(src.len() / 4),
        lines: Vec::new(),
    };
    let mut line_start = 0;
    let mut on_line_end = |lexed: &mut Lexed| {
        lexed.lines.push(line_start..lexed.tokens.len());
        line_start = lexed.tokens.len();
    };
    let mut pos = 0;
    let mut depth: u32 = 0;
    let mut line_has_tokens = false;
    while pos < src.len() {
        let b = src[pos];
        let start = pos;
        let (kind, end) = match b {
            b' ' | b'\t' | b'\x0c' => {
                // Indentation comes in runs of spaces: skipped in a loop of their own.
                pos += 1;
                while src.get(pos) == Some(&b' ') {
                    pos += 1;
                }
                continue;
            }
            b'\r' => {
                // A lone CR ends a line for Python: rare enough to leave to the parser.
                if src.get(pos + 1) != Some(&b'\n') {
                    return Err(Confused);
                }
                pos += 1;
                continue;
            }
            b'\n' => {
                pos += 1;
                if depth == 0 && line_has_tokens {
                    on_line_end(&mut lexed);
                    line_has_tokens = false;
                }
                continue;
            }
            b'#' => {
                pos = memchr(b'\n', &src[pos..]).map_or(src.len(), |i| pos + i);
                continue;
            }
            b'\\' => {
                pos = continuation_end(src, pos)?;
                continue;
            }
            b'"' | b'\'' => (TokenKind::Str, string_end(src, pos, false, 0)?),
            b'(' | b'[' | b'{' => {
                depth += 1;
                (TokenKind::Op, pos + 1)
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1).ok_or(Confused)?;
                (TokenKind::Op, pos + 1)
            }
            b'.' if src.get(pos + 1).is_some_and(u8::is_ascii_digit) => {
                (TokenKind::Name, number_end(src, pos))
            }
            b'0'..=b'9' => (TokenKind::Name, number_end(src, pos)),
            _ if is_ident_start(b) => name_or_string(src, pos)?,
            b'=' if src.get(pos + 1) != Some(&b'=') => (TokenKind::Assign, pos + 1),
            b'<' | b'>' | b'!' | b':' | b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^'
            | b'@' | b'=' | b'~' => (TokenKind::Op, operator_end(src, pos)),
            _ => (TokenKind::Op, pos + 1),
        };
        pos = end;
        line_has_tokens = true;
        lexed.tokens.push(Token {
            kind,
            start,
            end: pos,
            // An opening bracket counts at the depth outside it, as a closing one does.
            depth: depth - u32::from(matches!(b, b'(' | b'[' | b'{')),
        });
    }
    if depth != 0 {
        return Err(Confused);
    }
    if line_has_tokens {
        on_line_end(&mut lexed);
    }
    Ok(lexed)
}

/// Past a line continuation (a backslash at `pos` that ends its line): the logical line goes on.
#[inline]
fn continuation_end(src: &[u8], pos: usize) -> Result<usize, Confused> {
    let next = src.get(pos + 1).copied();
    let after = src.get(pos + 2).copied();
    Ok(pos
        + match (next, after) {
            (Some(b'\n'), _) => 2,
            (Some(b'\r'), Some(b'\n')) => 3,
            _ => return Err(Confused),
        })
}

/// A name starting at `start`, or a string literal when the name is its prefix (`rb"…"`, `f'…'`).
#[inline(always)]
fn name_or_string(src: &[u8], start: usize) -> Result<(TokenKind, usize), Confused> {
    let mut pos = start;
    while pos < src.len() && is_ident_continue(src[pos]) {
        pos += 1;
    }
    if matches!(src.get(pos), Some(b'"' | b'\''))
        && let Some(fstring) = string_prefix(&src[start..pos])
    {
        Ok((TokenKind::Str, string_end(src, pos, fstring, 0)?))
    } else {
        Ok((TokenKind::Name, pos))
    }
}

/// The end of the longest operator that starts at `start`: `**=`, `//=`, `>>=`, `==`, `:=`, `->`, …
#[inline(always)]
fn operator_end(src: &[u8], start: usize) -> usize {
    let mut pos = start + 1;
    while pos < src.len() && pos - start < 3 && matches!(src[pos], b'=' | b'<' | b'>' | b'*' | b'/')
    {
        pos += 1;
    }
    pos
}

/// `Some(is_fstring)` when `prefix` is a string prefix (`r`, `b`, `f`, `rb`, `fr`, `t`, …).
fn string_prefix(prefix: &[u8]) -> Option<bool> {
    if prefix.len() > 2 {
        return None;
    }
    let mut fstring = false;
    for &c in prefix {
        match c.to_ascii_lowercase() {
            b'r' | b'b' | b'u' => {}
            b'f' | b't' => fstring = true,
            _ => return None,
        }
    }
    Some(fstring)
}

fn number_end(src: &[u8], mut pos: usize) -> usize {
    while pos < src.len() {
        let b = src[pos];
        let exponent_sign = matches!(b, b'+' | b'-')
            && matches!(src[pos - 1], b'e' | b'E')
            && !src[..pos].starts_with(b"0x");
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
            pos += 1;
        } else {
            break;
        }
    }
    pos
}

/// The offset just past the string literal whose opening quote is at `pos`.
fn string_end(src: &[u8], pos: usize, fstring: bool, nesting: usize) -> Result<usize, Confused> {
    if nesting > MAX_FSTRING_NESTING {
        return Err(Confused);
    }
    let quote = src[pos];
    let triple = src.get(pos + 1) == Some(&quote) && src.get(pos + 2) == Some(&quote);
    let mut at = pos + if triple { 3 } else { 1 };
    loop {
        let rest = &src[at..];
        let found = if fstring {
            memchr3(quote, b'\\', b'{', rest)
        } else if triple {
            memchr2(quote, b'\\', rest)
        } else {
            memchr3(quote, b'\\', b'\n', rest)
        };
        let i = at + found.ok_or(Confused)?;
        match src[i] {
            b'\\' => at = i + 2,
            b'\n' if !triple => return Err(Confused),
            b'{' => {
                if src.get(i + 1) == Some(&b'{') {
                    at = i + 2;
                } else {
                    at = replacement_field_end(src, i + 1, nesting + 1)?;
                }
            }
            _ if triple => {
                if src.get(i + 1) == Some(&quote) && src.get(i + 2) == Some(&quote) {
                    return Ok(i + 3);
                }
                at = i + 1;
            }
            _ if src[i] == quote => return Ok(i + 1),
            _ => at = i + 1, // a newline inside a triple-quoted f-string
        }
        if at > src.len() {
            return Err(Confused);
        }
    }
}

/// In an f-string, past the `}` that closes the replacement field whose expression starts at `pos`.
fn replacement_field_end(src: &[u8], mut pos: usize, nesting: usize) -> Result<usize, Confused> {
    let mut depth = 0u32;
    while pos < src.len() {
        let b = src[pos];
        match b {
            b'"' | b'\'' => {
                pos = string_end(src, pos, false, nesting)?;
                continue;
            }
            _ if is_ident_start(b) => {
                let start = pos;
                while pos < src.len() && is_ident_continue(src[pos]) {
                    pos += 1;
                }
                if matches!(src.get(pos), Some(b'"' | b'\''))
                    && let Some(fstring) = string_prefix(&src[start..pos])
                {
                    pos = string_end(src, pos, fstring, nesting)?;
                }
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' => depth = depth.checked_sub(1).ok_or(Confused)?,
            b'}' if depth == 0 => return Ok(pos + 1),
            b'}' => depth -= 1,
            b'!' if depth == 0 && src.get(pos + 1) != Some(&b'=') => {
                // A conversion (`!r`): what follows is the format spec or the end of the field.
            }
            b':' if depth == 0 => return format_spec_end(src, pos + 1, nesting),
            b'#' => {
                pos = memchr(b'\n', &src[pos..]).map_or(src.len(), |i| pos + i);
                continue;
            }
            _ => {}
        }
        pos += 1;
    }
    Err(Confused)
}

/// Past the `}` that ends a format spec starting at `pos` (which may hold nested fields).
fn format_spec_end(src: &[u8], mut pos: usize, nesting: usize) -> Result<usize, Confused> {
    while pos < src.len() {
        match src[pos] {
            b'{' => pos = replacement_field_end(src, pos + 1, nesting + 1)?,
            b'}' => return Ok(pos + 1),
            _ => pos += 1,
        }
    }
    Err(Confused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Vec<String>> {
        let bytes = src.as_bytes();
        let lexed = lex(bytes).unwrap();
        let text = |t: &Token| String::from_utf8_lossy(t.text(bytes)).into_owned();
        (0..lexed.lines.len())
            .map(|i| lexed.line(i).iter().map(text).collect())
            .collect()
    }

    #[test]
    fn logical_lines_follow_brackets_continuations_and_strings() {
        let src = "a = f(\n  1,  # c\n)\nb = '''x\ncreate_task()'''; c \\\n  = 2\nd == e\n";
        let lines = tokens(src);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[0], ["a", "=", "f", "(", "1", ",", ")"]);
        assert_eq!(
            lines[1],
            ["b", "=", "'''x\ncreate_task()'''", ";", "c", "=", "2"]
        );
        assert_eq!(lines[2], ["d", "==", "e"]);
    }

    #[test]
    fn fstrings_with_nested_quotes_and_fields_are_one_token() {
        let src = "x = f\"{a['k']:{w}} {{lit}} {f'{b}'}\" + rb'\\''\ny = 1\n";
        let lines = tokens(src);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].len(), 5, "{lines:?}");
        assert_eq!(lines[1], ["y", "=", "1"]);
    }

    #[test]
    fn confusion_is_reported_not_guessed() {
        assert_eq!(lex(b"x = 'open\n").unwrap_err(), Confused);
        assert_eq!(lex(b"x = (1\n").unwrap_err(), Confused);
        assert_eq!(lex(b"x = 1)\n").unwrap_err(), Confused);
        assert_eq!(lex(b"x = 1\ry = 2\n").unwrap_err(), Confused);
    }
}
