//! Which files are worth parsing, and how much of each. Parsing is where the time goes, so:
//!
//! 1. a byte search drops every file that never spells `create_task` or `ensure_future` as a
//!    whole name (so Home Assistant's `async_create_task` does not count);
//! 2. a lexical pass ([`crate::lexer`]) keeps only mentions where a dropped task can stand: at the
//!    start of a statement (possibly inside `(`, `[` or `{`, or after `;` or a suite's `:`), after
//!    `name =` or `name: T =`, or in a boolean or conditional expression. `await x.create_task()`,
//!    arguments, `self.task = …` and `tasks[k] = …` are passed over;
//! 3. [`crate::partial`] picks the parts of the file that detection needs.
//!
//! It is conservative: when in doubt it asks for more parsing, never less. A test runs every
//! fixture, generated module and the corpus with it switched off and compares the findings.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::lexer::{Confused, Token, TokenKind, lex};
use crate::partial::{self, Head, LogicalLine};

static NEEDLES: LazyLock<[Finder<'static>; 2]> =
    LazyLock::new(|| [Finder::new("create_task"), Finder::new("ensure_future")]);
/// `from asyncio import create_task as spawn`: the alias can drop tasks under any name.
static ALIASES: LazyLock<[Finder<'static>; 2]> = LazyLock::new(|| {
    [
        Finder::new("create_task as"),
        Finder::new("ensure_future as"),
    ]
});

const LOOP_GETTERS: [&[u8]; 3] = [b"get_running_loop", b"get_event_loop", b"new_event_loop"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No possible dropped task: do not parse.
    Skip,
    /// Parse the whole file.
    Full,
    /// Parse only these byte ranges (whole lines, sorted, not overlapping).
    Partial(Vec<Range<usize>>),
}

/// Examines a file's bytes. Ranges are offsets into the text after a BOM, as the parser sees it.
pub fn examine(bytes: &[u8]) -> Verdict {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let whole_word = |finder: &Finder| {
        finder
            .find_iter(bytes)
            .any(|at| at == 0 || !is_identifier_byte(bytes[at - 1]))
    };
    if !NEEDLES.iter().any(whole_word) {
        return Verdict::Skip;
    }
    if ALIASES.iter().any(|f| f.find(bytes).is_some()) {
        return Verdict::Full;
    }
    match scan(bytes) {
        Err(Confused) => Verdict::Full,
        Ok(scan) if scan.candidates.is_empty() => Verdict::Skip,
        Ok(scan) if scan.mixed_indentation => Verdict::Full,
        Ok(scan) => match partial::ranges(bytes, &scan.lines, &scan.candidates) {
            Some(ranges) => Verdict::Partial(ranges),
            None => Verdict::Full,
        },
    }
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

struct Scan {
    lines: Vec<LogicalLine>,
    /// Indices of the logical lines that hold a possible site.
    candidates: Vec<usize>,
    /// Tabs and spaces both indent lines: indentation widths cannot be compared byte for byte.
    mixed_indentation: bool,
}

fn scan(src: &[u8]) -> Result<Scan, Confused> {
    let mut lines = Vec::new();
    let mut candidates = Vec::new();
    let mut tokens: Vec<Token> = Vec::new();
    let (mut tabs, mut spaces) = (false, false);
    let state = std::cell::RefCell::new((&mut tokens, &mut lines, &mut candidates));
    lex(
        src,
        |token| state.borrow_mut().0.push(token),
        || {
            let mut state = state.borrow_mut();
            let (tokens, lines, candidates) = &mut *state;
            let line = describe(src, tokens);
            let indentation = &src[line.start - line.indent..line.start];
            tabs |= indentation.contains(&b'\t');
            spaces |= indentation.contains(&b' ');
            let mentions = tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| is_mention(t, src));
            if mentions
                .map(|(i, _)| i)
                .any(|i| site_possible(tokens, i, src))
            {
                candidates.push(lines.len());
            }
            lines.push(line);
            tokens.clear();
        },
    )?;
    Ok(Scan {
        lines,
        candidates,
        mixed_indentation: tabs && spaces,
    })
}

fn is_mention(token: &Token, src: &[u8]) -> bool {
    token.kind == TokenKind::Name && matches!(token.text(src), b"create_task" | b"ensure_future")
}

/// What the partial-parse planner needs to know of one logical line.
fn describe(src: &[u8], tokens: &[Token]) -> LogicalLine {
    let first = tokens[0];
    let line_start = memchr::memrchr(b'\n', &src[..first.start]).map_or(0, |i| i + 1);
    let names = || {
        tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Name)
            .map(|t| t.text(src))
    };
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Name)
            .map(|t| t.text(src))
    };
    let head = match (word(0), word(1)) {
        (Some(b"def"), _) | (Some(b"async"), Some(b"def")) => Head::Def,
        (Some(b"class"), _) => Head::Class,
        (Some(b"import" | b"from"), _) => Head::Import,
        _ => Head::Other,
    };
    LogicalLine {
        start: first.start,
        end: tokens[tokens.len() - 1].end,
        indent: first.start - line_start,
        head,
        names_asyncio: names().any(|n| n == b"asyncio"),
        calls_loop_getter: names().any(|n| LOOP_GETTERS.contains(&n)),
        mentions_task: tokens.iter().any(|t| is_mention(t, src)),
    }
}

/// Can the mention at `tokens[mention]` be a task that its statement drops?
fn site_possible(tokens: &[Token], mention: usize, src: &[u8]) -> bool {
    let is_op = |i: usize, op: u8| tokens[i].is_op(src, op);
    let opens = |i: usize| is_op(i, b'(') || is_op(i, b'[') || is_op(i, b'{');
    let boundary = |i: usize| (is_op(i, b';') || is_op(i, b':')) && tokens[i].depth == 0;

    // Walk back over the receiver chain: `ctx.get().loop.create_task`, `a[0].loop.create_task`.
    let mut k = mention;
    while k > 0 {
        let prev = k - 1;
        if is_op(prev, b'.') && k >= 2 {
            let element = k - 2;
            match tokens[element].kind {
                TokenKind::Name | TokenKind::Str => k = element,
                _ if is_op(element, b')') || is_op(element, b']') => {
                    let depth = tokens[element].depth;
                    match (0..element)
                        .rev()
                        .find(|&o| opens(o) && tokens[o].depth == depth)
                    {
                        Some(open) => k = open,
                        None => return true,
                    }
                }
                _ => break,
            }
        } else if opens(k)
            && (tokens[prev].kind == TokenKind::Name || is_op(prev, b')') || is_op(prev, b']'))
        {
            k = prev; // the callee of `f(...)` or the object of `x[...]`
        } else {
            break;
        }
    }

    let Some(before) = k.checked_sub(1) else {
        return true; // the statement starts with the call
    };
    if boundary(before) {
        return true;
    }
    if opens(before) {
        // `(create_task(...))` or `[create_task(x) for x in xs]` as a statement.
        let mut q = before;
        while q > 0 && opens(q - 1) {
            q -= 1;
        }
        return q == 0 || boundary(q - 1);
    }
    let token = tokens[before];
    match token.kind {
        TokenKind::Assign if token.depth == 0 => {
            // `name = …`, or `name: T = …`; not `obj.attr = …` or `items[k] = …`.
            let plain = before >= 1
                && tokens[before - 1].kind == TokenKind::Name
                && (before < 2 || !is_op(before - 2, b'.'));
            let annotated = (1..before).any(|c| {
                is_op(c, b':')
                    && tokens[c].depth == 0
                    && tokens[c - 1].kind == TokenKind::Name
                    && (c == 1 || boundary(c - 2))
            });
            plain || annotated
        }
        TokenKind::Name => matches!(token.text(src), b"and" | b"or" | b"if" | b"else" | b"not"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn possible(code: &str) -> bool {
        examine(code.as_bytes()) != Verdict::Skip
    }

    #[test]
    fn keeps_every_place_a_task_can_be_dropped() {
        for code in [
            "asyncio.create_task(x())\n",
            "def f():\n    asyncio.ensure_future(x())\n",
            "if a: asyncio.create_task(x())\n",
            "a = 1; loop.create_task(x())\n",
            "(asyncio.create_task(x()))\n",
            "[asyncio.create_task(x) for x in y]\n",
            "{ctx.get().loop.create_task(x) for x in y}\n",
            "asyncio.get_running_loop().create_task(x()).add_done_callback(cb)\n",
            "t = asyncio.create_task(x())\n",
            "t: asyncio.Task = asyncio.create_task(x())\n",
            "flag and asyncio.create_task(x())\n",
            "a() if flag else asyncio.create_task(x())\n",
            "x = f'{y}'; a[0].loop.create_task(x())\n",
        ] {
            assert!(possible(code), "{code}");
        }
    }

    #[test]
    fn passes_over_mentions_that_cannot_be_dropped() {
        for code in [
            "await asyncio.create_task(x())\n",
            "return asyncio.create_task(x())\n",
            "tasks.append(asyncio.create_task(x()))\n",
            "self._task = asyncio.create_task(x())\n",
            "registry[k] = asyncio.create_task(x())\n",
            "f(task=asyncio.create_task(x()))\n",
            "hass.async_create_task(x())\n",
            "s = 'asyncio.create_task(x())'\n",
            "# asyncio.create_task(x())\n",
            "x = f\"{asyncio.create_task(y)}\"\n",
            "tasks = [asyncio.create_task(x) for x in y]\n",
        ] {
            assert!(!possible(code), "{code}");
        }
    }

    #[test]
    fn aliases_and_confusing_input_get_a_full_parse() {
        let alias = "from asyncio import ensure_future as go\nawait asyncio.ensure_future(x)\n";
        assert_eq!(examine(alias.as_bytes()), Verdict::Full);
        assert_eq!(
            examine(b"x = 'open\nasyncio.create_task(x())\n"),
            Verdict::Full
        );
    }
}
