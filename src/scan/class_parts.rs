//! The parts of a module-level class: its header and the statements of its body, each whole (a
//! method with its decorators). What reads one name's bindings in a class (`self.<attr> = ...`,
//! `<attr>: T`) finds them all in the statements that spell the name, and parses far fewer
//! bytes than the whole class.

use std::ops::Range;

use crate::scan::lexer::{Lexed, Token, lex};

/// The lines of a block's tokens, with offsets `shift` bytes past the block's own.
struct View<'l> {
    tokens: &'l [Token],
    lines: &'l [Range<usize>],
    shift: usize,
}

impl<'l> View<'l> {
    /// The lines of `lexed` (of the whole text) whose first token is in `block`.
    fn of_block(lexed: &'l Lexed, block: &Range<usize>) -> Self {
        let starts = |r: &Range<usize>| lexed.tokens.get(r.start).map_or(usize::MAX, |t| t.start);
        let from = lexed.lines.partition_point(|r| starts(r) < block.start);
        let to = lexed.lines.partition_point(|r| starts(r) < block.end);
        View {
            tokens: &lexed.tokens,
            lines: &lexed.lines[from..to.max(from)],
            shift: block.start,
        }
    }

    fn line(&self, i: usize) -> &'l [Token] {
        &self.tokens[self.lines[i].clone()]
    }

    /// The token with offsets in the block's text.
    fn token(&self, token: Option<&Token>) -> Option<Token> {
        let t = token?;
        Some(Token {
            start: t.start.checked_sub(self.shift)?,
            end: t.end.checked_sub(self.shift)?,
            ..*t
        })
    }
}

/// One statement of a class body, as [`class_statements`] finds it.
pub struct Statement {
    /// Its bytes (of `src`), from its first decorator to the end of its last line.
    pub range: Range<usize>,
    /// For a `def`, `async def` or `class` statement: where its line starts (after the
    /// decorators), and the name it defines.
    pub definition: Option<(usize, Range<usize>)>,
}

/// The header of the class that `block` (a module-level definition, from its first decorator)
/// holds, starting with the `class` token at `class_start` (the lines from the block's start to
/// the end of the class's header), and every statement of its body, in order. `None` when the
/// block is no such class, the body shares the header's line, or the lexer cannot tell.
pub fn class_statements(
    src: &[u8],
    block: Range<usize>,
    class_start: usize,
) -> Option<(Range<usize>, Vec<Statement>)> {
    class_statements_in(src, block, class_start, None)
}

/// [`class_statements`], read off `file`, the tokens of the whole of `src`, when they were
/// lexed before: a block (a module-level definition from its first line) holds the tokens a
/// lexer of its own text finds, and a large class lexed again was `check`'s peak memory on the
/// large tree (4.8 MB of tokens for litellm's `Router`).
pub fn class_statements_in(
    src: &[u8],
    block: Range<usize>,
    class_start: usize,
    file: Option<&Lexed>,
) -> Option<(Range<usize>, Vec<Statement>)> {
    let base = block.start;
    let own;
    let view = match file {
        Some(lexed) => View::of_block(lexed, &block),
        None => {
            own = lex(src.get(block.clone())?).ok()?;
            View {
                tokens: &own.tokens,
                lines: &own.lines,
                shift: 0,
            }
        }
    };
    let text = src.get(block)?;
    let lexed = &view;
    let first = |i: usize| (i < lexed.lines.len()).then(|| lexed.token(lexed.line(i).first()))?;
    let line_start = |at: usize| memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    let line_end =
        |at: usize| memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i + 1);
    let indent = |i: usize| first(i).map(|t| t.start - line_start(t.start));
    let decorator = |i: usize| first(i).is_some_and(|t| t.text(text) == b"@");
    // The class's own header: after its decorators only.
    let header = (0..lexed.lines.len()).find(|&i| !decorator(i))?;
    let class =
        first(header).filter(|t| t.text(text) == b"class" && base + t.start == class_start)?;
    let header_end = line_end(
        lexed
            .token(lexed.line(header).last())
            .map_or(class.end, |t| t.end),
    );
    let body_indent = indent(header + 1).filter(|&w| w > 0)?;
    // Each statement of the body as (first line, its own line after the decorators, last line).
    let mut lines: Vec<(usize, usize, usize)> = Vec::new();
    let mut open_decorators = false;
    for i in header + 1..lexed.lines.len() {
        match indent(i)? {
            w if w < body_indent => return None,
            w if w > body_indent => lines.last_mut()?.2 = i,
            _ if open_decorators => {
                let last = lines.last_mut()?;
                (last.1, last.2) = (i, i);
            }
            _ => lines.push((i, i, i)),
        }
        if indent(i) == Some(body_indent) {
            open_decorators = decorator(i);
        }
    }
    let mut statements = Vec::with_capacity(lines.len());
    for (from, own, to) in lines {
        let start = line_start(first(from)?.start);
        let end = line_end(lexed.token(lexed.line(to).last())?.end);
        let tokens: Vec<Token> = (lexed.line(own).iter().take(3))
            .filter_map(|t| lexed.token(Some(t)))
            .collect();
        let tokens = match tokens.first() {
            Some(t) if t.text(text) == b"async" => &tokens[1..],
            _ => &tokens[..],
        };
        let definition = match tokens {
            [keyword, name, ..] if matches!(keyword.text(text), b"def" | b"class") => Some((
                base + line_start(keyword.start),
                base + name.start..base + name.end,
            )),
            _ => None,
        };
        statements.push(Statement {
            range: base + start..base + end,
            definition,
        });
    }
    Some((base..base + header_end, statements))
}

#[cfg(test)]
mod tests {
    use super::{class_statements, class_statements_in};
    use std::ops::Range;

    /// The header of the class and each statement of its body that spells `word`.
    fn class_parts(
        src: &[u8],
        block: Range<usize>,
        class_start: usize,
        word: &[u8],
    ) -> Option<Vec<Range<usize>>> {
        let (header, statements) = class_statements(src, block, class_start)?;
        let mut parts = Vec::with_capacity(statements.len() + 1);
        parts.push(header);
        parts.extend(
            statements
                .into_iter()
                .map(|s| s.range)
                .filter(|r| memchr::memmem::find(&src[r.clone()], word).is_some()),
        );
        Some(parts)
    }

    #[test]
    fn the_files_tokens_give_the_statements_the_blocks_own_give() {
        let src = "import x\n\n@dataclass\nclass A(\n    Base,\n):\n    \"\"\"Doc.\n\nclass B:\n\"\"\"\n    \
                   _c: Client\n\n    @property\n    async def d(self):\n        return (\n1)\n\n\
                   def f():\n    pass\n\nclass B:\n    x = 1  # c\n    def g(self): ...\nclass C: pass\ny = 2\n";
        let bytes = src.as_bytes();
        let lexed = crate::scan::lexer::lex(bytes).expect("lexed");
        let blocks = crate::scan::partial::top_level_blocks(bytes).expect("blocks");
        let shape = |found: Option<(std::ops::Range<usize>, Vec<super::Statement>)>| {
            found.map(|(header, statements)| {
                let body: Vec<_> = (statements.into_iter())
                    .map(|s| (s.range, s.definition))
                    .collect();
                (header, body)
            })
        };
        let mut classes = 0;
        for block in blocks {
            let Some(at) = src[block.clone()].find("class ") else {
                continue;
            };
            let start = block.start + at;
            let own = shape(class_statements(bytes, block.clone(), start));
            classes += usize::from(own.is_some());
            let shared = shape(class_statements_in(bytes, block, start, Some(&lexed)));
            assert_eq!(own, shared);
        }
        assert_eq!(classes, 2);
    }

    fn parts<'a>(src: &'a str, word: &str) -> Option<Vec<&'a str>> {
        let class = src.find("class A").unwrap();
        let ranges = class_parts(src.as_bytes(), 0..src.len(), class, word.as_bytes())?;
        Some(ranges.into_iter().map(|r| &src[r]).collect())
    }

    #[test]
    fn the_header_and_the_statements_that_spell_the_word() {
        let src = "@dataclass\nclass A(\n    Base,\n):\n    \"\"\"Doc.\"\"\"\n    _c: Client\n\n    \
                   def __init__(self):\n        self._c = Client()\n        self._d = 1\n\n    \
                   @property\n    def d(self):\n        return self._d\n\n    \
                   @staticmethod\n    @other\n    def e():\n        # _c in a comment\n        \
                   pass\n";
        assert_eq!(
            parts(src, "_c").unwrap(),
            [
                "@dataclass\nclass A(\n    Base,\n):\n",
                "    _c: Client\n",
                "    def __init__(self):\n        self._c = Client()\n        self._d = 1\n",
                "    @staticmethod\n    @other\n    def e():\n        # _c in a comment\n        pass\n",
            ]
        );
        assert_eq!(
            parts(src, "_d").unwrap()[1..],
            [
                "    def __init__(self):\n        self._c = Client()\n        self._d = 1\n",
                "    @property\n    def d(self):\n        return self._d\n",
            ]
        );
    }

    #[test]
    fn no_parts_where_the_block_is_not_that_class() {
        assert_eq!(parts("class A: x = 1\n", "x"), None);
        assert_eq!(parts("def f():\n    class A:\n        x = 1\n", "x"), None);
        let src = "class A:\n    x = 1\n";
        assert_eq!(class_parts(src.as_bytes(), 0..src.len(), 1, b"x"), None);
    }

    #[test]
    fn each_statement_with_the_name_it_defines() {
        let src = "class A:\n    x = 1\n\n    @property\n    @other(\n        1,\n    )\n    \
                   async def b(self):\n        pass\n\n    class C:\n        pass\n";
        let (header, statements) = class_statements(src.as_bytes(), 0..src.len(), 0).unwrap();
        assert_eq!(&src[header], "class A:\n");
        let read: Vec<(&str, Option<(&str, &str)>)> = statements
            .iter()
            .map(|s| {
                let definition = s
                    .definition
                    .clone()
                    .map(|(line, name)| (&src[s.range.start..line], &src[name]));
                (&src[s.range.clone()], definition)
            })
            .collect();
        assert_eq!(
            read,
            [
                ("    x = 1\n", None),
                (
                    "    @property\n    @other(\n        1,\n    )\n    async def b(self):\n        \
                     pass\n",
                    Some(("    @property\n    @other(\n        1,\n    )\n", "b"))
                ),
                ("    class C:\n        pass\n", Some(("", "C"))),
            ]
        );
    }
}
