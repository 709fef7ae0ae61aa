//! Partial parsing: the parts of a file that detection needs, given the logical lines that hold
//! possible sites. tree-sitter parses them as one document (`Parser::set_included_ranges`); the
//! rest of the file is never looked at.
//!
//! Kept: every import at module level; every module-level statement that imports asyncio in an
//! indented block or calls a `get_*_loop()`; and for each site, the outermost function holding it
//! (so its scope, and every scope around a nested function, is complete) with the header lines of
//! the classes and compound statements around that function. A site outside any function asks
//! for a full parse instead, and so does a header that cannot stand alone (`else:`), through
//! the syntax error of the partial parse.

use std::ops::Range;

use crate::scan::lexer::TokenKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    Def,
    Class,
    Import,
    Other,
}

/// One logical line (a statement, or a compound statement's header), as the lexer saw it.
#[derive(Debug, Clone, Copy)]
pub struct LogicalLine {
    /// Offset of its first token.
    pub start: usize,
    /// Offset just past its last token.
    pub end: usize,
    /// Width of its indentation, in bytes.
    pub indent: usize,
    pub head: Head,
    pub names_asyncio: bool,
    pub calls_loop_getter: bool,
    /// Spells `create_task` or `ensure_future` (or calls `run_coroutine_threadsafe`).
    pub mentions_task: bool,
    /// Calls `call_soon_threadsafe`, `call_soon` or `run_coroutine_threadsafe`.
    pub hands_off: bool,
}

/// The module-level function and class definitions (from their first decorator, or `def`,
/// `async def`, `class` at column 0, to the last line of their body) whose text holds `needle`,
/// read off the tokens so that a `def` in a string is none; `None` when the lexer cannot tell.
/// What a parse of these ranges gives is a module of those definitions; one with a syntax
/// error must be parsed whole instead.
pub fn top_level_blocks_holding(src: &[u8], needle: &[u8]) -> Option<Vec<Range<usize>>> {
    let blocks = top_level_blocks(src)?;
    let holds = |r: &Range<usize>| memchr::memmem::find(&src[r.clone()], needle).is_some();
    Some(blocks.into_iter().filter(holds).collect())
}

/// Every module-level function and class definition of the file (see
/// [`top_level_blocks_holding`]), in source order; `None` when the lexer cannot tell.
pub fn top_level_blocks(src: &[u8]) -> Option<Vec<Range<usize>>> {
    let lexed = crate::scan::lexer::lex(src).ok()?;
    Some(top_level_blocks_lexed(src, &lexed))
}

/// [`top_level_blocks`] from the tokens of `src`, lexed before.
pub fn top_level_blocks_lexed(src: &[u8], lexed: &crate::scan::lexer::Lexed) -> Vec<Range<usize>> {
    let at_column_0 = |i: usize| {
        let first = lexed.line(i)[0];
        first.start == 0 || src.get(first.start - 1) == Some(&b'\n')
    };
    let first_word = |i: usize| {
        let words: Vec<&[u8]> = lexed.line(i).iter().take(2).map(|t| t.text(src)).collect();
        match words.as_slice() {
            [b"def" | b"class", ..] | [b"async", b"def"] => Some(true),
            [b"@", ..] => Some(false),
            _ => None,
        }
    };
    let mut ranges = Vec::new();
    let mut decorated: Option<usize> = None;
    let mut i = 0;
    while i < lexed.lines.len() {
        let mut end = i + 1;
        while end < lexed.lines.len() && !at_column_0(end) {
            end += 1;
        }
        match (at_column_0(i), first_word(i)) {
            // A decorator: its definition starts here.
            (true, Some(false)) => {
                decorated.get_or_insert(lexed.line(i)[0].start);
            }
            (true, Some(true)) => {
                let start = decorated.take().unwrap_or(lexed.line(i)[0].start);
                let stop = lexed.line(end - 1).last().map_or(start, |t| t.end);
                ranges.push(start..stop);
            }
            _ => decorated = None,
        }
        i = end;
    }
    ranges
}

/// The parts of a file to parse so that each of `offsets` (places a name is spelt) is read in
/// its context: in a function, the outermost function holding it with the header lines of the
/// statements around that function (as [`ranges`] keeps for a site); elsewhere, the smallest
/// statement around it (see [`Around::statement`]). Only a name right after one of the tokens
/// `after` (`.` for an attribute, `def` for a definition) is asked about; a place in a string
/// (an f-string's field) is kept, and one outside every token (a comment) holds no code and
/// needs nothing. Byte ranges; `None` when the lexer cannot tell.
pub fn statements_around(
    src: &[u8],
    offsets: &[usize],
    after: &[&[u8]],
) -> Option<Vec<Range<usize>>> {
    let lexed = crate::scan::lexer::lex(src).ok()?;
    let mut first_words = Vec::with_capacity(lexed.lines.len());
    let lines: Vec<LogicalLine> = (0..lexed.lines.len())
        .map(|i| {
            let tokens = lexed.line(i);
            let word = |k: usize| tokens.get(k).map(|t| t.text(src));
            let head = match (word(0), word(1)) {
                (Some(b"def"), _) | (Some(b"async"), Some(b"def")) => Head::Def,
                (Some(b"class"), _) => Head::Class,
                _ => Head::Other,
            };
            first_words.push(match word(0) {
                Some(b"@") => Opens::Decorator,
                Some(b"elif" | b"else" | b"except" | b"finally") => Opens::Clause,
                Some(b"try") => Opens::Try,
                _ => Opens::Statement,
            });
            let start = tokens.first().map_or(0, |t| t.start);
            let line_start = memchr::memrchr(b'\n', &src[..start]).map_or(0, |i| i + 1);
            LogicalLine {
                start,
                end: tokens.last().map_or(start, |t| t.end),
                indent: start - line_start,
                head,
                names_asyncio: false,
                calls_loop_getter: false,
                mentions_task: false,
                hands_off: false,
            }
        })
        .collect();
    let around = Around {
        src,
        blocks: Blocks::new(&lines),
        opens: first_words,
    };
    let mut keep = Vec::new();
    let tokens = &lexed.tokens;
    for &at in offsets {
        let Some(k) = tokens.partition_point(|t| t.start <= at).checked_sub(1) else {
            continue;
        };
        let token = &tokens[k];
        let asked = |k: usize| after.contains(&tokens[k].text(src));
        if at >= token.end
            || (token.kind == TokenKind::Name && !k.checked_sub(1).is_some_and(asked))
        {
            continue;
        }
        let Some(i) = lines.partition_point(|l| l.start <= at).checked_sub(1) else {
            continue;
        };
        let unit = match around.blocks.unit(i, true) {
            Some(unit) => unit,
            None => around.statement(i)?,
        };
        for (first, last) in unit {
            keep.push(around.standing(first, last)?);
        }
    }
    keep.sort_unstable();
    keep.dedup();
    Some(
        (merge(&lines, keep).into_iter())
            .map(|(first, last)| line_range(src, &lines, first, last))
            .collect(),
    )
}

/// How a logical line begins, for the statement around a place outside any function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opens {
    /// `@`: the definition after it is its statement.
    Decorator,
    /// `elif`, `else`, `except`, `finally`: part of the statement before it.
    Clause,
    /// `try`: a statement whose first line cannot stand without a handler.
    Try,
    Statement,
}

/// The statements of a file around places outside any function.
struct Around<'a> {
    src: &'a [u8],
    blocks: Blocks<'a>,
    opens: Vec<Opens>,
}

impl Around<'_> {
    /// `lines[first..=last]`, or where that is a header line alone that cannot stand without
    /// the rest of its statement (`else:`, `except E:`, `try:`), the whole module-level
    /// statement around it: with the lone header the parts do not parse, and the file was then
    /// parsed whole (anyio's backend, 112 KB, for a method under `else:` in the callers' pass).
    fn standing(&self, first: usize, last: usize) -> Option<(usize, usize)> {
        if first != last || !matches!(self.opens[first], Opens::Clause | Opens::Try) {
            return Some((first, last));
        }
        let lines = self.blocks.lines;
        let mut first = (0..=first).rev().find(|&j| lines[j].indent == 0)?;
        while self.opens[first] == Opens::Clause {
            first = (0..first).rev().find(|&j| lines[j].indent == 0)?;
        }
        let mut last = self.blocks.block_end(first);
        while last + 1 < lines.len()
            && lines[last + 1].indent == 0
            && self.opens[last + 1] == Opens::Clause
        {
            last = self.blocks.block_end(last + 1);
        }
        Some((first, last))
    }

    /// The smallest statement holding `lines[i]` that parses alone, with the headers around it:
    /// in a class body, the statement of the body that holds it; elsewhere its module-level
    /// statement; a decorator's, the definition it decorates; a clause's, its whole compound
    /// statement. In a class body the simple statements before it that may cancel something
    /// are kept too: the callers' pass reads a cancel just before a call
    /// ([`crate::project::callers`]), and a class body is a block.
    fn statement(&self, i: usize) -> Option<Vec<(usize, usize)>> {
        let lines = self.blocks.lines;
        let chain: Vec<usize> = std::iter::once(i).chain(self.blocks.headers(i)?).collect();
        let class = chain.iter().position(|&h| lines[h].head == Head::Class);
        let at = match class {
            Some(k) => k.saturating_sub(1),
            None => chain.len() - 1,
        };
        let mut first = chain[at];
        let indent = lines[first].indent;
        // A clause belongs to the statement it continues.
        while self.opens[first] == Opens::Clause {
            first = (0..first).rev().find(|&j| lines[j].indent <= indent)?;
        }
        let mut last = first;
        while self.opens[last] == Opens::Decorator && last + 1 < lines.len() {
            last += 1;
        }
        last = self.blocks.block_end(last);
        while last + 1 < lines.len()
            && lines[last + 1].indent == indent
            && self.opens[last + 1] == Opens::Clause
        {
            last = self.blocks.block_end(last + 1);
        }
        let mut keep = vec![(first, last)];
        keep.extend(chain[at + 1..].iter().map(|&h| (h, h)));
        if let Some(&body) = class.and_then(|k| chain.get(k)).filter(|&&c| c < first) {
            let cancels = (body + 1..first).filter(|&j| {
                lines[j].indent == indent
                    && self.blocks.block_end(j) == j
                    && memchr::memmem::find(&self.src[lines[j].start..lines[j].end], b"cancel")
                        .is_some()
            });
            keep.extend(cancels.map(|j| (j, j)));
        }
        Some(keep)
    }
}

/// The last line of the block that `lines[i]` opens (`i` itself if it opens none).
pub fn block_end(lines: &[LogicalLine], i: usize) -> usize {
    let mut j = i + 1;
    while j < lines.len() && lines[j].indent > lines[i].indent {
        j += 1;
    }
    j - 1
}

/// Each line's header: the nearest earlier line indented less, in one pass (looking it up per
/// line would cost the function's length every time).
pub fn headers(lines: &[LogicalLine]) -> Vec<Option<usize>> {
    let mut header = Vec::with_capacity(lines.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        while open.last().is_some_and(|&h| lines[h].indent >= line.indent) {
            open.pop();
        }
        header.push(open.last().copied());
        open.push(i);
    }
    header
}

/// The innermost `def` line whose function holds `lines[i]` (`i` itself for a one-line `def`),
/// up the chain of [`headers`].
pub fn enclosing_def(lines: &[LogicalLine], headers: &[Option<usize>], i: usize) -> Option<usize> {
    let mut at = Some(i);
    while let Some(j) = at {
        if lines.get(j)?.head == Head::Def {
            return Some(j);
        }
        at = headers.get(j).copied().flatten();
    }
    None
}

/// Byte ranges to parse, or `None` for the whole file.
pub fn ranges(src: &[u8], lines: &[LogicalLine], sites: &[usize]) -> Option<Vec<Range<usize>>> {
    let blocks = Blocks::new(lines);
    let mut keep = blocks.module_context()?;
    for &site in sites {
        keep.extend(blocks.unit(site, true)?);
    }
    keep.sort_unstable();
    Some(
        merge(lines, keep)
            .into_iter()
            .map(|(first, last)| line_range(src, lines, first, last))
            .collect(),
    )
}

/// The block structure of a file's logical lines: each line's header and the last line of the
/// block each line opens, computed once.
struct Blocks<'a> {
    lines: &'a [LogicalLine],
    header: Vec<Option<usize>>,
    ends: Vec<usize>,
}

impl<'a> Blocks<'a> {
    fn new(lines: &'a [LogicalLine]) -> Self {
        // Each line's header and each block's last line, in one pass each.
        let header = headers(lines);
        let mut ends = vec![0; lines.len()];
        let mut pending: Vec<usize> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            while pending
                .last()
                .is_some_and(|&h| lines[h].indent >= line.indent)
            {
                if let Some(h) = pending.pop() {
                    ends[h] = i - 1;
                }
            }
            pending.push(i);
        }
        for h in pending {
            ends[h] = lines.len() - 1;
        }
        Blocks {
            lines,
            header,
            ends,
        }
    }

    fn block_end(&self, i: usize) -> usize {
        self.ends[i]
    }

    /// The lines whose blocks hold `lines[i]`, innermost first.
    fn headers(&self, i: usize) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        let mut j = i;
        while self.lines[j].indent > 0 {
            j = self.header[j]?;
            found.push(j);
        }
        Some(found)
    }

    /// The module-level statement holding `lines[i]`, kept for context. Functions and classes in
    /// it are whole; but a task mention in module-level code would be code whose reads span the
    /// module: parse it all then.
    fn top_level(&self, i: usize) -> Option<(usize, usize)> {
        let lines = self.lines;
        let first = (0..=i).rev().find(|&a| lines[a].indent == 0)?;
        let last = self.block_end(first);
        for l in first..=last {
            if lines[l].mentions_task && lines[l].head != Head::Import {
                let enclosed = self
                    .headers(l)?
                    .iter()
                    .chain(std::iter::once(&l))
                    .any(|&h| matches!(lines[h].head, Head::Def | Head::Class));
                if !enclosed {
                    return None;
                }
            }
        }
        Some((first, last))
    }

    /// What to keep for `lines[i]` to be read in full context: the outermost function holding
    /// it with the headers of the classes around that function, or else (`in_function_only` not
    /// set) its module-level statement. `None` asks for a full parse.
    fn unit(&self, i: usize, in_function_only: bool) -> Option<Vec<(usize, usize)>> {
        let headers = self.headers(i)?;
        let function = std::iter::once(i)
            .chain(headers.iter().copied())
            .rfind(|&h| self.lines[h].head == Head::Def);
        let Some(function) = function else {
            return if in_function_only {
                None
            } else {
                Some(vec![self.top_level(i)?])
            };
        };
        let mut keep = vec![(function, self.block_end(function))];
        // The headers around the function (`class C:`, `if WINDOWS:`). One that cannot stand
        // alone (`else:`, `try:` without its handlers) makes the partial parse fail, and the
        // file is then parsed whole.
        for &header in headers.iter().filter(|&&h| h < function) {
            keep.push((header, header));
        }
        Some(keep)
    }

    /// What every partial parse keeps, sites or not: the module's imports, and the binding of a
    /// receiver that may stand for asyncio or a loop.
    fn module_context(&self) -> Option<Vec<(usize, usize)>> {
        let lines = self.lines;
        let mut keep: Vec<(usize, usize)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.indent == 0 && line.head == Head::Import {
                keep.push((i, i));
            } else if line.head == Head::Import && line.names_asyncio {
                // Imports count wherever they are.
                keep.extend(self.unit(i, false)?);
            } else if line.calls_loop_getter {
                // `lp = asyncio.get_running_loop()` outside any function binds for the whole module.
                let in_function = self.headers(i)?.iter().any(|&h| lines[h].head == Head::Def);
                if !in_function {
                    keep.push(self.top_level(i)?);
                }
            }
        }
        Some(keep)
    }
}

/// The sorted spans of lines in `keep`, merged where they touch or overlap. Many small ranges
/// cost tree-sitter more than the bytes between them: a short gap that holds no task mention is
/// bridged too (it could add context, never a finding).
fn merge(lines: &[LogicalLine], keep: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    const BRIDGE: usize = 1024;
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (first, last) in keep {
        if let Some(previous) = merged.last_mut() {
            let gap = previous.1 + 1..first;
            let bridgeable = gap.is_empty()
                || (!lines[gap.clone()].iter().any(|l| l.mentions_task)
                    && lines[first].start - lines[previous.1].end < BRIDGE);
            if first <= previous.1 + 1 || bridgeable {
                previous.1 = previous.1.max(last);
                continue;
            }
        }
        merged.push((first, last));
    }
    merged
}

/// The bytes of the physical lines that `lines[first..=last]` stand on, newline included.
fn line_range(src: &[u8], lines: &[LogicalLine], first: usize, last: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &src[..lines[first].start]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &src[lines[last].end..])
        .map_or(src.len(), |i| lines[last].end + i + 1);
    start..end
}

#[cfg(test)]
mod tests {
    use super::{statements_around, top_level_blocks_holding};

    fn parts<'a>(src: &'a str, needle: &str) -> Vec<&'a str> {
        let ranges =
            top_level_blocks_holding(src.as_bytes(), needle.as_bytes()).unwrap_or_default();
        ranges.into_iter().map(|r| &src[r]).collect()
    }

    #[test]
    fn only_module_functions_and_classes_that_hold_the_needle() {
        let src = "import asyncio\n\
                   \n\
                   @decorated\n\
                   def spawn(coro):\n    t = asyncio.create_task(coro)\n    t.add_done_callback(_BG.discard)\n\
                   \n\
                   def other():\n    pass\n\
                   class C:\n    def spawn(self, coro):\n        t.add_done_callback(x)\n\
                   async def later():\n    # comment\n    t.add_done_callback(y)\n";
        let found = parts(src, "add_done_callback(");
        assert_eq!(found.len(), 3, "{found:?}");
        // With its decorator: a decorated keeper may not be what its body says.
        assert!(found[0].starts_with("@decorated\ndef spawn(coro):"));
        assert!(found[0].ends_with("_BG.discard)"));
        assert!(found[1].starts_with("class C:") && found[1].ends_with("(x)"));
        assert!(found[2].starts_with("async def later():") && found[2].ends_with("(y)"));
    }

    #[test]
    fn a_def_in_a_string_is_none() {
        let src = "\"\"\"\ndef spawn(coro):\n    t.add_done_callback(_BG.discard)\n\"\"\"\n";
        assert!(parts(src, "add_done_callback(").is_empty());
    }

    #[test]
    fn the_function_or_the_statement_around_each_place() {
        let src = "import x\n\nclass C:\n    def a(self):\n        self.start()\n\n\
                   \x20   def b(self):\n        pass\n\nstart = 1\n";
        let at = src.find(".start").unwrap() + 1;
        let kept = |offsets: &[usize]| -> String {
            let ranges = statements_around(src.as_bytes(), offsets, &[b"."]).unwrap();
            ranges.iter().map(|r| &src[r.clone()]).collect()
        };
        assert_eq!(
            kept(&[at]),
            "class C:\n    def a(self):\n        self.start()\n"
        );
        // Module-level code: its statement; a bare name is no attribute.
        let module = src.rfind("start").unwrap();
        assert_eq!(kept(&[module]), "");
        let src = "x.start = 1\n";
        let ranges = statements_around(src.as_bytes(), &[2], &[b"."]).unwrap();
        assert_eq!(ranges, vec![0..src.len()]);
    }

    #[test]
    fn a_header_that_cannot_stand_alone_takes_its_whole_statement() {
        let src = "import x\n\nif NEW:\n    from a import Runner\nelse:\n    import b\n\n\
                   \x20   class Runner:\n        def run(self):\n            self.start()\n\n\
                   try:\n    def go():\n        y.start()\nexcept E:\n    pass\n\nz = 1\n";
        let kept = |needle: &str| -> String {
            let at = src.find(needle).unwrap() + 1;
            let ranges = statements_around(src.as_bytes(), &[at], &[b"."]).unwrap();
            ranges.iter().map(|r| &src[r.clone()]).collect()
        };
        let whole_if = &src[src.find("if NEW").unwrap()..src.find("try:").unwrap()];
        assert_eq!(
            kept(".start()\n\ntry"),
            whole_if.trim_end_matches('\n').to_owned() + "\n"
        );
        let whole_try = &src[src.find("try:").unwrap()..src.find("z = 1").unwrap()];
        assert_eq!(
            kept(".start()\nexcept"),
            whole_try.trim_end_matches('\n').to_owned() + "\n"
        );
        // Each parses alone.
        for needle in [".start()\n\ntry", ".start()\nexcept"] {
            let at = src.find(needle).unwrap() + 1;
            let ranges = statements_around(src.as_bytes(), &[at], &[b"."]).unwrap();
            let source = crate::scan::source::SourceFile::new(src);
            let mut parser = crate::scan::syntax::new_parser();
            let tree = crate::scan::syntax::parse_ranges(&mut parser, &source, &ranges).unwrap();
            assert!(!tree.root_node().has_error(), "{needle:?}");
        }
    }

    #[test]
    fn a_class_body_statement_a_decorator_and_a_clause() {
        let src = "class C:\n    x._t.cancel()\n    y = 2\n    x.start()\n\n\
                   \x20   def m(self):\n        pass\n\n\
                   @app.start()\ndef f():\n    pass\n\n\
                   try:\n    pass\nexcept E:\n    app.start()\nfinally:\n    pass\n\n\
                   z = 1\n# start\n";
        let kept = |needle: &str| -> Vec<String> {
            let at = src.find(needle).unwrap() + needle.find("start").unwrap();
            let ranges = statements_around(src.as_bytes(), &[at], &[b"."]).unwrap();
            ranges.iter().map(|r| src[r.clone()].to_owned()).collect()
        };
        assert_eq!(
            kept("x.start").concat(),
            "class C:\n    x._t.cancel()\n    y = 2\n    x.start()\n"
        );
        assert_eq!(
            kept("@app.start").concat(),
            "@app.start()\ndef f():\n    pass\n"
        );
        assert_eq!(
            kept("app.start()\nfinally").concat(),
            "try:\n    pass\nexcept E:\n    app.start()\nfinally:\n    pass\n"
        );
        // A comment holds no code.
        assert!(kept("# start").is_empty());
    }
}
