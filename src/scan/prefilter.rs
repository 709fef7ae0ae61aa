//! Which files are worth parsing, and how much of each. Parsing is where the time goes, so:
//!
//! 1. a byte search drops every file that never spells `create_task` or `ensure_future` as a
//!    whole name (so Home Assistant's `async_create_task` does not count);
//! 2. a lexical pass ([`crate::scan::lexer`]) keeps only mentions where a dropped task can stand: at the
//!    start of a statement (possibly inside `(`, `[` or `{`, or after `;` or a suite's `:`), after
//!    `name =` or `name: T =`, or in a boolean or conditional expression. `await x.create_task()`,
//!    arguments, `self.task = …` and `tasks[k] = …` are passed over, and so are receivers that
//!    cannot be asyncio or an event loop (`tg.`, `self.`, `hass.`), and `name = …` when the
//!    function visibly reads `name` again;
//! 3. [`crate::scan::partial`] picks the parts of the file that detection needs.
//!
//! It is conservative: when in doubt it asks for more parsing, never less. A test runs every
//! fixture, generated module and the corpus with it switched off and compares the findings.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::scan::asyncio_api::{
    TASK_FUNCTIONS, THREADSAFE_RUNNER, is_handoff_method, is_loop_getter, is_task_function,
};
use crate::scan::lexer::{Confused, Lexed, Token, TokenKind, lex};
use crate::scan::partial::{self, Head, LogicalLine};

static NEEDLES: LazyLock<[Finder<'static>; 3]> = LazyLock::new(|| {
    [
        Finder::new(TASK_FUNCTIONS[0]),
        Finder::new(TASK_FUNCTIONS[1]),
        // Its future dropped, its task is (`threadsafe-handoff`).
        Finder::new(THREADSAFE_RUNNER),
    ]
});
/// `from asyncio import create_task as spawn`: the alias can drop tasks under any name.
static ALIASES: LazyLock<[Finder<'static>; 2]> = LazyLock::new(|| {
    [
        Finder::new("create_task as"),
        Finder::new("ensure_future as"),
    ]
});

/// The creators only the audit lists (see `describe`).
/// (`Task(` and `TaskGroup(` called without a space, as every formatter writes them: a file
/// that names `Task` only in annotations is not lexed for it).
static AUDITED: LazyLock<[Finder<'static>; 3]> = LazyLock::new(|| {
    [
        Finder::new("Task("),
        Finder::new("TaskGroup("),
        Finder::new("run_coroutine_threadsafe"),
    ]
});

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
    examine_for(bytes, false, &[])
}

/// Like [`examine`] (or [`examine_all`] with `every_mention`), where the lines that spell one of
/// the `extra` names (the project's task factories) are kept whatever stands around them: the
/// parts of the file around every mention of a factory.
pub fn examine_with(bytes: &[u8], every_mention: bool, extra: &[&[u8]]) -> Verdict {
    examine_for(bytes, every_mention, extra)
}

/// For the audit, which lists every task and not only dropped ones: the parts of the file
/// around every mention of a task function.
pub fn examine_all(bytes: &[u8]) -> Verdict {
    examine_for(bytes, true, &[])
}

fn examine_for(bytes: &[u8], every_mention: bool, extra: &[&[u8]]) -> Verdict {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let whole_word = |finder: &Finder| {
        finder
            .find_iter(bytes)
            .any(|at| at == 0 || !is_identifier_byte(bytes[at - 1]))
    };
    let audited = || every_mention && AUDITED.iter().any(whole_word);
    if !NEEDLES.iter().any(whole_word) && !audited() && extra.is_empty() {
        return Verdict::Skip;
    }
    if ALIASES.iter().any(|f| f.find(bytes).is_some()) {
        return Verdict::Full;
    }
    match scan(bytes, every_mention, extra) {
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

fn scan(src: &[u8], every_mention: bool, extra: &[&[u8]]) -> Result<Scan, Confused> {
    let lexed = lex(src)?;
    let (mut tabs, mut spaces) = (false, false);
    let mut lines = Vec::with_capacity(lexed.lines.len());
    let mut receivers = Receivers::default();
    // Detection wants `asyncio` imported; assuming it is costs next to nothing.
    receivers.names.insert(b"asyncio");
    let mut mentioned = Vec::new();
    // Lines that name an `extra` name: candidates whatever stands around it.
    let mut forced = Vec::new();
    for i in 0..lexed.lines.len() {
        let tokens = lexed.line(i);
        let line = describe(src, tokens, every_mention);
        let indentation = &src[line.start - line.indent..line.start];
        tabs |= indentation.contains(&b'\t');
        spaces |= indentation.contains(&b' ');
        receivers.learn(&line, tokens, src);
        let names_extra = !extra.is_empty()
            && line.head != Head::Import
            && tokens
                .iter()
                .any(|t| t.kind == TokenKind::Name && extra.contains(&t.text(src)));
        if names_extra {
            forced.push(i);
        } else if line.mentions_task {
            mentioned.push(i);
        }
        lines.push(line);
    }
    // A line is a candidate while any of its possible sites may drop its task. The names each
    // function reads are gathered once, so many assignments in one function stay linear.
    let mut reads = FunctionReads::default();
    let candidates = mentioned
        .into_iter()
        .filter(|&i| {
            if every_mention {
                // `from asyncio import create_task` names a creator; it creates nothing (but
                // `import asyncio; asyncio.create_task(f())` does).
                let chained = || {
                    lexed
                        .line(i)
                        .iter()
                        .any(|t| t.kind == TokenKind::Op && t.text(src) == b";")
                };
                return lines[i].head != Head::Import || chained();
            }
            // `loop.call_soon_threadsafe(loop.create_task, coro)` drops its task on the loop's
            // thread; so does `asyncio.run_coroutine_threadsafe(...)` as a statement.
            if lines[i].hands_off {
                return true;
            }
            let tokens = lexed.line(i);
            let adding = adding_statements(tokens, src);
            let mut mentions = tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| is_mention(t, src));
            mentions.any(|(m, _)| {
                adding.iter().any(|r| r.contains(&m))
                    || site_possible(tokens, m, src, &receivers)
                        .is_some_and(|site| !reads.read_later(src, &lexed, &lines, i, site))
            })
        })
        .collect();
    let mut candidates: Vec<usize> = candidates;
    if !forced.is_empty() {
        candidates.extend(forced);
        candidates.sort_unstable();
    }
    Ok(Scan {
        lines,
        candidates,
        mixed_indentation: tabs && spaces,
    })
}

/// Names that may stand before `.create_task` / `.ensure_future` in a task-creating call besides
/// loop-named ones: aliases of asyncio and `asyncio.tasks`, and names bound from a loop getter.
/// A superset: any name after `as` in an asyncio import, any name assigned on a getter's line.
#[derive(Default)]
struct Receivers<'s> {
    names: HashSet<&'s [u8]>,
}

impl<'s> Receivers<'s> {
    fn learn(&mut self, line: &LogicalLine, tokens: &[Token], src: &'s [u8]) {
        let names = tokens.iter().filter(|t| t.kind == TokenKind::Name);
        if line.head == Head::Import && line.names_asyncio {
            self.names.extend([&b"asyncio"[..], b"tasks"]);
            let mut after_as = false;
            for token in names {
                if after_as {
                    self.names.insert(token.text(src));
                }
                after_as = token.text(src) == b"as";
            }
        } else if line.calls_loop_getter {
            let assign = tokens
                .iter()
                .position(|t| t.kind == TokenKind::Assign && t.depth == 0);
            let targets = tokens[..assign.unwrap_or(0)]
                .iter()
                .filter(|t| t.kind == TokenKind::Name);
            self.names.extend(targets.map(|t| t.text(src)));
        }
    }

    fn contains(&self, name: &[u8]) -> bool {
        self.names.contains(name)
    }
}

fn loop_named(name: &[u8]) -> bool {
    name == b"loop" || name.ends_with(b"_loop")
}

/// The names each function reads, and those it binds more than once (`name = ...` twice: a
/// task kept in it may be lost to the second binding), by the line of its `def`: computed on
/// first use.
#[derive(Default)]
struct FunctionReads<'s> {
    by_def: std::collections::HashMap<usize, NameUses<'s>>,
    /// [`partial::headers`] of the file's lines, computed on first use.
    headers: Option<Vec<Option<usize>>>,
}

/// The names a function reads, and those it binds more than once.
#[derive(Default)]
struct NameUses<'s> {
    reads: HashSet<&'s [u8]>,
    rebound: HashSet<&'s [u8]>,
}

impl<'s> FunctionReads<'s> {
    /// `name = <task>` whose function visibly reads `name` again (anywhere in it: the order of
    /// statements is not followed, which is merely cautious) and binds it only once.
    fn read_later(
        &mut self,
        src: &'s [u8],
        lexed: &Lexed,
        lines: &[LogicalLine],
        line: usize,
        site: Site,
    ) -> bool {
        let Site::Assigned(target) = site else {
            return false;
        };
        let name = lexed.line(line)[target].text(src);
        if name == b"_" {
            return false; // `case _:` is no read to the parser
        }
        // The innermost function holding the line: its def line, then its block.
        let headers = self.headers.get_or_insert_with(|| partial::headers(lines));
        let Some(def) = partial::enclosing_def(lines, headers, line) else {
            return false;
        };
        let uses = self.by_def.entry(def).or_insert_with(|| {
            let last = partial::block_end(lines, def);
            let tokens = &lexed.tokens[lexed.lines[def].start..lexed.lines[last].end];
            let reads = (0..tokens.len())
                .filter(|&i| is_read(tokens, i, src))
                .map(|i| tokens[i].text(src))
                .collect();
            let mut bound = HashSet::new();
            let mut rebound = HashSet::new();
            for i in (0..tokens.len()).filter(|&i| is_plain_store(tokens, i, src)) {
                let name = tokens[i].text(src);
                if !bound.insert(name) {
                    rebound.insert(name);
                }
            }
            NameUses { reads, rebound }
        });
        uses.reads.contains(name) && !uses.rebound.contains(name)
    }
}

/// The name token `tokens[i]` is read: not an attribute (`x.name`), not the target of
/// `name = …` or `name: T = …` (a lambda parameter or `match name:` is left out too, which is
/// merely cautious), and not `name.add_done_callback(…)`, which keeps nothing alive (the
/// `callback-only` kind).
fn is_read(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    let next = tokens.get(i + 1);
    let after_dot = i > 0 && tokens[i - 1].is_op(src, b'.');
    let stored = next.is_some_and(|n| n.kind == TokenKind::Assign);
    let annotated = next.is_some_and(|n| n.is_op(src, b':') && n.depth == 0);
    let callback = next.is_some_and(|n| n.is_op(src, b'.'))
        && tokens
            .get(i + 2)
            .is_some_and(|t| token_is(t, src, b"add_done_callback"));
    tokens[i].kind == TokenKind::Name && !after_dot && !stored && !annotated && !callback
}

/// The token ranges of the line's statements that add to a plain name (`tasks.append(...)`): a
/// task created anywhere in their arguments may go into a container that dies with its function
/// (`dying-container`; the inventory decides). One pass over the line.
fn adding_statements(tokens: &[Token], src: &[u8]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in 0..=tokens.len() {
        let boundary = end == tokens.len()
            || ((tokens[end].is_op(src, b';') || tokens[end].is_op(src, b':'))
                && tokens[end].depth == 0);
        if !boundary {
            continue;
        }
        let head = &tokens[start..end];
        let adds = head.len() > 4
            && head[0].kind == TokenKind::Name
            && head[1].is_op(src, b'.')
            && head[2].kind == TokenKind::Name
            && ADDING.contains(&head[2].text(src))
            && head[3].is_op(src, b'(');
        if adds {
            ranges.push(start..end);
        }
        start = end + 1;
    }
    ranges
}

/// `name = …` (not `obj.name = …`): a binding the inventory follows for `rebound`.
fn is_plain_store(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    let after_dot = i > 0 && tokens[i - 1].is_op(src, b'.');
    tokens[i].kind == TokenKind::Name
        && !after_dot
        && tokens
            .get(i + 1)
            .is_some_and(|n| n.kind == TokenKind::Assign && n.depth == 0)
}

/// Words that can stand before a suite's colon, where a name would stand before an annotation's.
fn is_keyword(word: &[u8]) -> bool {
    matches!(
        word,
        b"else"
            | b"try"
            | b"finally"
            | b"lambda"
            | b"if"
            | b"elif"
            | b"while"
            | b"for"
            | b"with"
            | b"except"
            | b"def"
            | b"class"
            | b"match"
            | b"case"
    )
}

/// The methods that put their argument into a container (as the inventory's `ADDING`).
const ADDING: [&[u8]; 8] = [
    b"add",
    b"append",
    b"appendleft",
    b"insert",
    b"put_nowait",
    b"setdefault",
    b"extend",
    b"update",
];

fn token_is(token: &Token, src: &[u8], text: &[u8]) -> bool {
    token.kind == TokenKind::Name && token.text(src) == text
}

fn is_mention(token: &Token, src: &[u8]) -> bool {
    token.kind == TokenKind::Name && is_task_function(token.text(src))
}

/// What the partial-parse planner needs to know of one logical line, in one pass over its tokens.
fn describe(src: &[u8], tokens: &[Token], every_creator: bool) -> LogicalLine {
    let first = tokens[0];
    let line_start = memchr::memrchr(b'\n', &src[..first.start]).map_or(0, |i| i + 1);
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
    let mut line = LogicalLine {
        start: first.start,
        end: tokens[tokens.len() - 1].end,
        indent: first.start - line_start,
        head,
        names_asyncio: false,
        calls_loop_getter: false,
        mentions_task: false,
        hands_off: false,
    };
    for (i, token) in tokens.iter().enumerate() {
        if token.kind != TokenKind::Name {
            continue;
        }
        let called = || {
            tokens
                .get(i + 1)
                .is_some_and(|t| t.kind == TokenKind::Op && t.text(src) == b"(")
        };
        if matches!(token.end - token.start, 9 | 20 | 24) {
            let name = token.text(src);
            if name == THREADSAFE_RUNNER.as_bytes() && called() {
                line.mentions_task = true;
                line.hands_off = true;
            } else if is_handoff_method(name) && called() {
                line.hands_off = true;
            }
        }
        // Rule out by length before comparing bytes: most names are none of these.
        match token.end - token.start {
            7 => line.names_asyncio |= token.text(src) == b"asyncio",
            11 | 13 => line.mentions_task |= is_mention(token, src),
            // The audit also lists `asyncio.Task(...)` and task groups' tasks: only where they
            // are called, not in annotations nor in `class TaskGroup(`.
            4 | 9 if every_creator && line.head == Head::Other => {
                line.mentions_task |= called() && matches!(token.text(src), b"Task" | b"TaskGroup");
            }
            14 | 16 => line.calls_loop_getter |= is_loop_getter(token.text(src)),
            _ => {}
        }
    }
    line
}

/// How a possible site stands in its statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Site {
    /// The task is the statement's value (or an element of it).
    Statement,
    /// `name = <task>`: the token index of `name`.
    Assigned(usize),
}

/// Can the mention at `tokens[mention]` be a task that its statement drops?
fn site_possible(
    tokens: &[Token],
    mention: usize,
    src: &[u8],
    receivers: &Receivers,
) -> Option<Site> {
    let opens = |i: usize| is_opening(tokens, i, src);
    let boundary = |i: usize| is_boundary(tokens, i, src);
    if !receiver_plausible(tokens, mention, src, receivers) {
        return None;
    }
    let Some(k) = chain_start(tokens, mention, src) else {
        return Some(Site::Statement);
    };
    let Some(before) = k.checked_sub(1) else {
        return Some(Site::Statement); // the statement starts with the call
    };
    if boundary(before) {
        return Some(Site::Statement);
    }
    if opens(before) {
        // `(create_task(...))` or `[create_task(x) for x in xs]` as a statement.
        let mut q = before;
        while q > 0 && opens(q - 1) {
            q -= 1;
        }
        return (q == 0 || boundary(q - 1)).then_some(Site::Statement);
    }
    let token = tokens[before];
    match token.kind {
        TokenKind::Assign if token.depth == 0 => assigned(tokens, before, src),
        TokenKind::Name if matches!(token.text(src), b"and" | b"or" | b"if" | b"else" | b"not") => {
            Some(Site::Statement)
        }
        _ => None,
    }
}

/// `tokens[i]` opens a bracket.
#[inline]
fn is_opening(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    let is_op = |op: u8| tokens[i].is_op(src, op);
    is_op(b'(') || is_op(b'[') || is_op(b'{')
}

/// `tokens[i]` ends a statement or a suite's header (`;` or `:` outside brackets).
#[inline]
fn is_boundary(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    (tokens[i].is_op(src, b';') || tokens[i].is_op(src, b':')) && tokens[i].depth == 0
}

/// The receiver of the mention at `tokens[mention]`, if it has one, can be asyncio or an event
/// loop: `tg.create_task`, `self.create_task`, `hass.create_task` and
/// `self._task_group.create_task` cannot.
fn receiver_plausible(tokens: &[Token], mention: usize, src: &[u8], receivers: &Receivers) -> bool {
    let is_op = |i: usize, op: u8| tokens[i].is_op(src, op);
    if mention < 2 || !is_op(mention - 1, b'.') {
        return true;
    }
    let receiver = mention - 2;
    let token = tokens[receiver];
    let attribute = receiver >= 1 && is_op(receiver - 1, b'.');
    let create_task = token_is(&tokens[mention], src, b"create_task");
    match token.kind {
        TokenKind::Name => {
            let name = token.text(src);
            (attribute && name == b"tasks")
                || (create_task && loop_named(name))
                || (!attribute && receivers.contains(name))
        }
        // `asyncio.get_running_loop().create_task`, or a parenthesised receiver.
        TokenKind::Op if create_task && is_op(receiver, b')') => {
            let depth = token.depth;
            match (0..receiver)
                .rev()
                .find(|&o| is_op(o, b'(') && tokens[o].depth == depth)
            {
                Some(open) if open >= 1 && tokens[open - 1].kind == TokenKind::Name => {
                    is_loop_getter(tokens[open - 1].text(src))
                }
                _ => true,
            }
        }
        _ => false,
    }
}

/// Walks back from the mention at `tokens[mention]` over its receiver chain
/// (`ctx.get().loop.create_task`, `a[0].loop.create_task`) to the token the chain starts at;
/// `None` when a bracket in the chain is not opened on the line.
fn chain_start(tokens: &[Token], mention: usize, src: &[u8]) -> Option<usize> {
    let is_op = |i: usize, op: u8| tokens[i].is_op(src, op);
    let opens = |i: usize| is_opening(tokens, i, src);
    let mut k = mention;
    while k > 0 {
        let prev = k - 1;
        if is_op(prev, b'.') && k >= 2 {
            let element = k - 2;
            match tokens[element].kind {
                TokenKind::Name | TokenKind::Str => k = element,
                _ if is_op(element, b')') || is_op(element, b']') => {
                    let depth = tokens[element].depth;
                    k = (0..element)
                        .rev()
                        .find(|&o| opens(o) && tokens[o].depth == depth)?;
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
    Some(k)
}

/// The site of a task assigned by the `=` at `tokens[assign]` (outside brackets): the token
/// index of the name bound, when it is a plain name.
fn assigned(tokens: &[Token], assign: usize, src: &[u8]) -> Option<Site> {
    let is_op = |i: usize, op: u8| tokens[i].is_op(src, op);
    let boundary = |i: usize| is_boundary(tokens, i, src);
    // `name: T = …` with a one-word annotation: the target is `name`, not `T` (a suite's colon,
    // `else: t = …`, follows a keyword instead).
    let annotated = assign >= 3
        && is_op(assign - 2, b':')
        && tokens[assign - 2].depth == 0
        && tokens[assign - 1].kind == TokenKind::Name
        && tokens[assign - 3].kind == TokenKind::Name
        && !is_keyword(tokens[assign - 3].text(src))
        && (assign == 3 || boundary(assign - 4));
    if annotated {
        return Some(Site::Assigned(assign - 3));
    }
    // `name = …`, or `name: T = …`; not `obj.attr = …` or `items[k] = …`.
    let plain = assign >= 1
        && tokens[assign - 1].kind == TokenKind::Name
        && (assign < 2 || !is_op(assign - 2, b'.'));
    if plain {
        return Some(Site::Assigned(assign - 1));
    }
    (1..assign)
        .find(|&c| {
            is_op(c, b':')
                && tokens[c].depth == 0
                && tokens[c - 1].kind == TokenKind::Name
                && (c == 1 || boundary(c - 2))
        })
        .map(|c| Site::Assigned(c - 1))
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
            "def f(tasks: list[Task]):\n    t: Task = asyncio.create_task(x())\n",
            "flag and asyncio.create_task(x())\n",
            "a() if flag else asyncio.create_task(x())\n",
            "x = f'{y}'; a[0].loop.create_task(x())\n",
            "def f():\n    t = asyncio.create_task(x()); asyncio.create_task(y())\n    await t\n",
            "import asyncio as aio\naio.create_task(x())\n",
            "import asyncio.tasks as t\nt.ensure_future(x())\n",
            "import asyncio\nasyncio.tasks.create_task(x())\n",
            "import asyncio\nlp = asyncio.get_running_loop()\nlp.create_task(x())\n",
            "import asyncio\n(loop).create_task(x())\nself.client.loop.create_task(x())\n",
            "def f():\n    t = asyncio.create_task(x())\n    self.t = 1\n    g(t=2)\n    t = 3\n",
            "def f():\n    t = asyncio.create_task(x())\n    print(f'{t}')\n",
            "def f():\n    _ = asyncio.create_task(x())\n    match y:\n        case _:\n            pass\n",
            "def f(loop):\n    loop.call_soon_threadsafe(loop.create_task, x())\n",
            "def f(loop):\n    loop.call_soon(asyncio.ensure_future, x())\n",
            "asyncio.run_coroutine_threadsafe(x(), loop)\n",
            "tasks.append(asyncio.create_task(x()))\n",
            "def f():\n    t = asyncio.create_task(x())\n    t = asyncio.create_task(y())\n    await t\n",
        ] {
            assert!(possible(code), "{code}");
        }
    }

    #[test]
    fn passes_over_mentions_that_cannot_be_dropped() {
        for code in [
            "await asyncio.create_task(x())\n",
            "return asyncio.create_task(x())\n",
            "self._task = asyncio.create_task(x())\n",
            "registry[k] = asyncio.create_task(x())\n",
            "f(task=asyncio.create_task(x()))\n",
            "hass.async_create_task(x())\n",
            "s = 'asyncio.create_task(x())'\n",
            "# asyncio.create_task(x())\n",
            "x = f\"{asyncio.create_task(y)}\"\n",
            "tasks = [asyncio.create_task(x) for x in y]\n",
            "import asyncio\nasync with asyncio.TaskGroup() as tg:\n    tg.create_task(x())\n",
            "import asyncio\nself.create_task(x())\nhass.create_task(x())\nself._task_group.create_task(x())\n",
            "import asyncio\nfoo().create_task(x())\nitems[0].create_task(x())\n",
            "def f():\n    t = asyncio.create_task(x())\n    await t\n",
            "def f():\n    t: asyncio.Task = asyncio.create_task(x())\n    return t\n",
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
