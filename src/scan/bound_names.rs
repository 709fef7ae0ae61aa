//! The parse of only the module-level statements that may bind a name: what the rules that read
//! a module's binding of one name (`detect::first_step`'s, the cross-file proofs', the plain
//! `def` of `detect::not_coroutine`) need of a file whose tree holds only the parts around its
//! sites, or of another module. Every binding of a name, and every `global` that names it,
//! spells it: a statement that does not spell it binds nothing of that name, in any scope.
//!
//! A module-level statement runs from a logical line at column 0 (its decorators with it; an
//! `else`, `elif`, `except` or `finally` at column 0 with the statement it continues) to the
//! next; the lexer follows strings and brackets, so a line at column 0 inside them starts no
//! statement. Parsed alone, those statements give the nodes the whole file's parse gives for
//! them (as `partial`'s definitions do). The whole file is parsed, as before, where the lexer
//! cannot follow the text. A syntax error in the statements parsed gives no tree, as one in the
//! whole file did; one in the statements left out is not seen.

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::Tree;

use crate::scan::source::SourceFile;

/// The file's module-level statements, as byte ranges in source order.
pub struct Statements(Option<Vec<Range<usize>>>);

impl Statements {
    /// `None` inside: the lexer cannot follow the text, and the whole file is parsed.
    pub fn of(src: &[u8]) -> Self {
        Statements(statements(src))
    }

    /// [`Self::of`] the source's text, from the tokens the triage lexed if it did.
    pub fn of_source(source: &SourceFile) -> Self {
        let src = source.text.as_bytes();
        match source.tokens() {
            Some(lexed) => Statements(statements_lexed(src, lexed)),
            None => Self::of(src),
        }
    }

    /// The file parsed as the statements that spell one of `names`, and then, transitively,
    /// those that spell a word of `follow` spelt in a statement already taken (the functions an
    /// `await` may reach). `None` when no statement spells a name (nothing binds it), or when
    /// the parse has a syntax error.
    pub fn parse_spelling(
        &self,
        source: &SourceFile,
        names: &[&str],
        follow: Option<&HashSet<&str>>,
    ) -> Option<Tree> {
        let Some(statements) = &self.0 else {
            return parse_whole(source);
        };
        let ranges = spelling(statements, source.text, names, follow);
        if ranges.is_empty() {
            return None;
        }
        let mut parser = crate::scan::syntax::new_parser();
        crate::scan::syntax::parse_ranges(&mut parser, source, &ranges)
            .filter(|t| !t.root_node().has_error())
    }

    /// [`Self::parse_spelling`] that also takes the statement holding the byte `at`.
    pub fn parse_holding(
        &self,
        source: &SourceFile,
        at: usize,
        follow: &HashSet<&str>,
    ) -> Option<Tree> {
        let Some(statements) = &self.0 else {
            return parse_whole(source);
        };
        let mut taker = Taker::new(statements, source.text.as_bytes(), Some(follow));
        if !taker.take_at(at) {
            return None;
        }
        let ranges = taker.finish();
        let mut parser = crate::scan::syntax::new_parser();
        crate::scan::syntax::parse_ranges(&mut parser, source, &ranges)
            .filter(|t| !t.root_node().has_error())
    }
}

/// The whole file's parse, for a text the lexer cannot follow: what the rules parsed before.
fn parse_whole(source: &SourceFile) -> Option<Tree> {
    let mut parser = crate::scan::syntax::new_parser();
    crate::scan::syntax::parse(&mut parser, source.text, None)
        .filter(|t| !t.root_node().has_error())
}

/// The module-level statements of `src`; `None` when the lexer cannot tell.
fn statements(src: &[u8]) -> Option<Vec<Range<usize>>> {
    let lexed = crate::scan::lexer::lex(src).ok()?;
    statements_lexed(src, &lexed)
}

/// [`statements`] from the tokens of `src`.
fn statements_lexed(src: &[u8], lexed: &crate::scan::lexer::Lexed) -> Option<Vec<Range<usize>>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    // A decorator at column 0 opens the statement of the definition after it.
    let mut open: Option<usize> = None;
    for i in 0..lexed.lines.len() {
        let line = lexed.line(i);
        let (Some(first), Some(last)) = (line.first(), line.last()) else {
            continue;
        };
        let at_column_0 = first.start == 0 || src.get(first.start - 1) == Some(&b'\n');
        // Through the line break: tree-sitter ends the statement there.
        let end = memchr::memchr(b'\n', &src[last.end..]).map_or(src.len(), |i| last.end + i + 1);
        let continues = matches!(first.text(src), b"else" | b"elif" | b"except" | b"finally");
        match ranges.last_mut() {
            // Inside the last statement: an indented line, a clause that continues it, or the
            // definition its decorators wait for.
            Some(previous) if !at_column_0 || continues || open.is_some() => {
                previous.end = end;
            }
            _ => ranges.push(first.start..end),
        }
        if at_column_0 {
            open = (first.text(src) == b"@").then_some(first.start);
        }
    }
    if open.is_some() {
        // A decorator with no definition after it: a syntax error the whole parse reports.
        return None;
    }
    Some(ranges)
}

/// The statements that spell one of `names`, and those `follow` leads to.
fn spelling(
    statements: &[Range<usize>],
    src: &str,
    names: &[&str],
    follow: Option<&HashSet<&str>>,
) -> Vec<Range<usize>> {
    let mut taker = Taker::new(statements, src.as_bytes(), follow);
    for name in names {
        taker.ask(name);
    }
    taker.finish()
}

/// The statements taken so far, and the names asked for.
struct Taker<'a, 's> {
    statements: &'a [Range<usize>],
    bytes: &'a [u8],
    follow: Option<&'a HashSet<&'s str>>,
    asked: HashSet<&'a str>,
    taken: Vec<bool>,
    /// Taken statements whose awaits are not yet followed.
    pending: Vec<usize>,
}

impl<'a, 's: 'a> Taker<'a, 's> {
    fn new(
        statements: &'a [Range<usize>],
        bytes: &'a [u8],
        follow: Option<&'a HashSet<&'s str>>,
    ) -> Self {
        Taker {
            statements,
            bytes,
            follow,
            asked: HashSet::new(),
            taken: vec![false; statements.len()],
            pending: Vec::new(),
        }
    }

    /// Takes the statement that holds the byte `at`; `false` when none does.
    fn take_at(&mut self, at: usize) -> bool {
        let i = self.statements.partition_point(|s| s.end <= at);
        if self.statements.get(i).is_none_or(|s| s.start > at) {
            return false;
        }
        if !self.taken[i] {
            self.taken[i] = true;
            self.pending.push(i);
        }
        true
    }

    /// Takes every statement that spells `name` as a word (an identifier is one), once.
    fn ask(&mut self, name: &'a str) {
        if name.is_empty() || !self.asked.insert(name) {
            return;
        }
        let bytes = self.bytes;
        for at in memchr::memmem::find_iter(bytes, name.as_bytes()) {
            let end = at + name.len();
            let alone =
                (at == 0 || !is_word(bytes[at - 1])) && bytes.get(end).is_none_or(|&b| !is_word(b));
            if alone {
                self.take_at(at);
            }
        }
    }

    /// Follows the awaits of the statements taken to the names `follow` holds, and gives the
    /// ranges taken, in source order.
    fn finish(mut self) -> Vec<Range<usize>> {
        while let Some(i) = self.pending.pop() {
            let Some(follow) = self.follow else {
                break;
            };
            for name in awaited_names(&self.bytes[self.statements[i].clone()]) {
                if let Some(&name) = std::str::from_utf8(name).ok().and_then(|n| follow.get(n)) {
                    self.ask(name);
                }
            }
        }
        (self.statements.iter().zip(&self.taken))
            .filter(|(_, t)| **t)
            .map(|(s, _)| s.clone())
            .collect()
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The first word after each `await` of `text`, past spaces, line breaks, `(`, line
/// continuations and comments: the name an awaited call may be made on.
fn awaited_names(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    memchr::memmem::find_iter(text, b"await").filter_map(move |at| {
        let end = at + b"await".len();
        let alone =
            (at == 0 || !is_word(text[at - 1])) && text.get(end).is_none_or(|&b| !is_word(b));
        if !alone {
            return None;
        }
        let mut i = end;
        while let Some(&b) = text.get(i) {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'(' | b'\\' => i += 1,
                b'#' => i += memchr::memchr(b'\n', &text[i..]).unwrap_or(text.len() - i),
                _ => break,
            }
        }
        let word = text[i..].iter().take_while(|&&b| is_word(b)).count();
        (word > 0).then(|| &text[i..i + word])
    })
}

/// The names `C` of each `name = C(` the text spells at column 0 (a module-level instance).
pub(crate) fn classes_made_at_top_level<'a>(
    src: &'a str,
    name: &'a str,
) -> impl Iterator<Item = String> + 'a {
    let line = format!("\n{name}");
    let first = src.starts_with(name).then_some(0);
    let found = memchr::memmem::find_iter(src.as_bytes(), line.as_bytes())
        .map(|at| at + 1)
        .collect::<Vec<_>>();
    first.into_iter().chain(found).filter_map(move |at| {
        let rest = src[at + name.len()..].trim_start_matches([' ', '\t']);
        let value = rest.strip_prefix('=').filter(|v| !v.starts_with('='))?;
        let value = value.trim_start_matches([' ', '\t']);
        let class: String = (value.chars())
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!class.is_empty() && value[class.len()..].starts_with('(')).then_some(class)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::ops::Range;

    use tree_sitter::Node;

    use super::Statements;
    use crate::scan::source::SourceFile;
    use crate::scan::syntax::{new_parser, parse, text, walk};

    /// Each node of `root` as (kind, range), the module's own node aside.
    fn nodes(root: Node) -> Vec<(String, Range<usize>)> {
        let mut all = Vec::new();
        walk(root, |n| {
            if n != root {
                all.push((n.kind().to_owned(), n.byte_range()));
            }
            true
        });
        all
    }

    /// The narrow parse for `names` holds every statement that spells one, each parsed as the
    /// whole file parses it; returns the names of the statements taken, by their first line.
    fn agrees(src: &str, names: &[&str], follow: Option<&HashSet<&str>>) -> Vec<String> {
        let source = SourceFile::new(src);
        let whole = parse(&mut new_parser(), src, None).expect("parses");
        let narrow = Statements::of(src.as_bytes())
            .parse_spelling(&source, names, follow)
            .expect("a narrow tree");
        let root = narrow.root_node();
        let mut cursor = root.walk();
        let taken: Vec<Range<usize>> = root.children(&mut cursor).map(|c| c.byte_range()).collect();
        let within = |r: &Range<usize>| taken.iter().any(|t| t.start <= r.start && r.end <= t.end);
        let expected: Vec<_> = nodes(whole.root_node())
            .into_iter()
            .filter(|(_, r)| within(r))
            .collect();
        assert_eq!(nodes(root), expected, "{src}");
        // Every spelling of a name in code is in a statement taken.
        walk(whole.root_node(), |n| {
            if n.kind() == "identifier" && names.contains(&text(n, src)) {
                assert!(
                    within(&n.byte_range()),
                    "{src}: {:?} left out",
                    n.byte_range()
                );
            }
            true
        });
        let line = |r: &Range<usize>| src[r.clone()].lines().next().unwrap_or("").to_owned();
        taken.iter().map(line).collect()
    }

    #[test]
    fn decorators_stay_with_their_definition() {
        let src =
            "import x\n@x.wrap\n@other(\n  f,\n)\nasync def f():\n    pass\n\ndef g():\n    pass\n";
        assert_eq!(agrees(src, &["f"], None), ["@x.wrap"]);
    }

    #[test]
    fn type_checking_and_try_blocks_are_whole_statements() {
        let src = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from m import f\nelse:\n    f = None\ntry:\n    from n import g\nexcept ImportError:\n    g = f\nfinally:\n    pass\nasync def h():\n    pass\n";
        assert_eq!(agrees(src, &["f"], None), ["if TYPE_CHECKING:", "try:"]);
        assert_eq!(agrees(src, &["g"], None), ["try:"]);
    }

    #[test]
    fn a_name_bound_twice_or_deleted_is_taken_each_time() {
        let src = "async def f():\n    pass\n\nx = 1\nf = other\ndel f\ndef g():\n    global f\n    f = 2\n";
        assert_eq!(
            agrees(src, &["f"], None),
            ["async def f():", "f = other", "del f", "def g():"]
        );
    }

    #[test]
    fn column_0_text_in_strings_and_brackets_starts_no_statement() {
        let src = "doc = \"\"\"\nf = 1\n\"\"\"\nitems = [\nf,\n]\nline = 1 + \\\nf\nasync def f():\n    pass\n";
        assert_eq!(
            agrees(src, &["f"], None),
            [
                "doc = \"\"\"",
                "items = [",
                "line = 1 + \\",
                "async def f():"
            ]
        );
    }

    #[test]
    fn a_part_of_a_word_is_no_spelling() {
        let src = "fx = 1\nasync def f():\n    pass\n";
        assert_eq!(agrees(src, &["f"], None), ["async def f():"]);
    }

    #[test]
    fn awaits_are_followed_to_the_functions_they_reach() {
        let src = "async def f():\n    await (  # why\n        g)()\n\nasync def g():\n    await h()\n\nasync def h():\n    pass\n\nasync def k():\n    pass\n";
        let defined: HashSet<&str> = ["f", "g", "h", "k"].into();
        assert_eq!(
            agrees(src, &["f"], Some(&defined)),
            ["async def f():", "async def g():", "async def h():"]
        );
        let holding = Statements::of(src.as_bytes())
            .parse_holding(
                &SourceFile::new(src),
                src.find("async def g").unwrap_or(0),
                &defined,
            )
            .expect("a narrow tree");
        assert_eq!(holding.root_node().named_child_count(), 2);
    }

    #[test]
    fn a_name_nothing_spells_gives_no_tree() {
        let src = "x = 1\n";
        assert!(
            Statements::of(src.as_bytes())
                .parse_spelling(&SourceFile::new(src), &["f"], None)
                .is_none()
        );
    }
}
