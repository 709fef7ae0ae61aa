//! The prefilter's test of one mention of a task function among the tokens of its logical line:
//! can a task created there be dropped? Its receiver must be able to be asyncio or an event loop,
//! and it must stand where a statement drops its value (or as `name = …` whose function does not
//! visibly read `name` again, or in the arguments of `tasks.append(…)`).

use std::collections::HashSet;
use std::ops::Range;

use crate::scan::asyncio_api::{is_loop_getter, is_task_class, is_task_function};
use crate::scan::lexer::{Lexed, Token, TokenKind};
use crate::scan::partial::{self, Head, LogicalLine};

/// Names that may stand before `.create_task` / `.ensure_future` in a task-creating call besides
/// loop-named ones: aliases of asyncio and `asyncio.tasks`, and names bound from a loop getter.
/// A superset: any name after `as` in an asyncio import, any name assigned on a getter's line.
#[derive(Default)]
pub(super) struct Receivers<'s> {
    pub(super) names: HashSet<&'s [u8]>,
}

impl<'s> Receivers<'s> {
    pub(super) fn learn(&mut self, line: &LogicalLine, tokens: &[Token], src: &'s [u8]) {
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

/// The names each function reads, and those it binds more than once (`name = ...` twice, or
/// once and as a `for` target: a task kept in it may be lost to the second binding), by the line of its `def`: computed on
/// first use.
#[derive(Default)]
pub(super) struct FunctionReads<'s> {
    by_def: std::collections::HashMap<usize, NameUses<'s>>,
    /// [`partial::headers`] of the file's lines, computed on first use.
    headers: Option<Vec<Option<usize>>>,
}

/// The names a function reads, and those it binds more than once.
#[derive(Default)]
struct NameUses<'s> {
    reads: HashSet<&'s [u8]>,
    rebound: HashSet<&'s [u8]>,
    /// `add_done_callback(name.discard)` of a plain name: a local set that its tasks' callbacks
    /// may be all that reads (`dying-container`; the inventory decides).
    local_discard: bool,
}

impl<'s> FunctionReads<'s> {
    /// `name = <task>` whose function visibly reads `name` again (anywhere in it: the order of
    /// statements is not followed, which is merely cautious) and binds it only once.
    pub(super) fn read_later(
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
            let binds =
                |i: &usize| is_plain_store(tokens, *i, src) || is_loop_target(tokens, *i, src);
            for i in (0..tokens.len()).filter(binds) {
                let name = tokens[i].text(src);
                if !bound.insert(name) {
                    rebound.insert(name);
                }
            }
            let local_discard = (0..tokens.len()).any(|i| local_discard(tokens, i, src));
            NameUses {
                reads,
                rebound,
                local_discard,
            }
        });
        uses.reads.contains(name) && !uses.rebound.contains(name) && !uses.local_discard
    }
}

/// `add_done_callback(name.discard)` (or `.remove`) at `tokens[i]`, `name` a plain name.
fn local_discard(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    let Some(window) = tokens.get(i..i + 6) else {
        return false;
    };
    token_is(&window[0], src, b"add_done_callback")
        && window[1].is_op(src, b'(')
        && window[2].kind == TokenKind::Name
        && window[3].is_op(src, b'.')
        && (token_is(&window[4], src, b"discard") || token_is(&window[4], src, b"remove"))
        && window[5].is_op(src, b')')
}

/// The name token `tokens[i]` is read: not an attribute (`x.name`), not the target of
/// `name = …` or `name: T = …` (a lambda parameter or `match name:` is left out too, which is
/// merely cautious), not `name.add_done_callback(…)` nor `name.set_name(…)`, which keep
/// nothing alive (the `callback-only` and `unused-assignment` kinds), and not an identity test
/// against `None` (`name is not None`), which detection's `callback-only` reads as no read
/// either (`if name:` ends at its colon, as an annotation's name does).
fn is_read(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    let next = tokens.get(i + 1);
    let after_dot = i > 0 && tokens[i - 1].is_op(src, b'.');
    let stored = next.is_some_and(|n| n.kind == TokenKind::Assign);
    let annotated = next.is_some_and(|n| n.is_op(src, b':') && n.depth == 0);
    let callback = next.is_some_and(|n| n.is_op(src, b'.'))
        && tokens.get(i + 2).is_some_and(|t| {
            token_is(t, src, b"add_done_callback")
                || token_is(t, src, b"set_name")
                    && tokens.get(i + 3).is_some_and(|o| o.is_op(src, b'('))
        });
    tokens[i].kind == TokenKind::Name
        && !after_dot
        && !stored
        && !annotated
        && !callback
        && !tests_none(tokens, i, src)
}

/// `name is None`, `name is not None`, `None is name` or `None is not name` at the name
/// `tokens[i]`: looser than detection's test (a chained comparison passes here too), which
/// only lets more functions through to it.
fn tests_none(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    let word = |k: usize, text: &[u8]| tokens.get(k).is_some_and(|t| token_is(t, src, text));
    let after = i + 2 + usize::from(word(i + 2, b"not"));
    let before = |k: usize| i.checked_sub(k).is_some_and(|k| word(k, b"None"));
    (word(i + 1, b"is") && word(after, b"None"))
        || (i >= 1 && word(i - 1, b"is") && before(2))
        || (i >= 2 && word(i - 1, b"not") && word(i - 2, b"is") && before(3))
}

/// The token ranges of the line's statements that add to a plain name (`tasks.append(...)`): a
/// task created anywhere in their arguments may go into a container that dies with its function
/// (`dying-container`; the inventory decides). One pass over the line.
pub(super) fn adding_statements(tokens: &[Token], src: &[u8]) -> Vec<Range<usize>> {
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

/// `obj.attr = …` bound again by the next logical line, `obj.attr = …`: the first task may be
/// lost there (`rebound` of an attribute), which detection reads in the whole file (whether the
/// second value runs code is the definitions' to say).
pub(super) fn binds_attribute_again(tokens: &[Token], next: &[Token], src: &[u8]) -> bool {
    let target = |t: &[Token]| {
        (t.len() > 4
            && t[0].kind == TokenKind::Name
            && t[1].is_op(src, b'.')
            && t[2].kind == TokenKind::Name
            && t[3].kind == TokenKind::Assign
            && t[3].depth == 0)
            .then(|| (t[0].text(src), t[2].text(src)))
    };
    target(tokens).is_some() && target(tokens) == target(next)
}

/// `for name in …`: a binding too, whose loop body reads the loop's value, not a task bound to
/// `name` before (the inventory's `read_binding`).
fn is_loop_target(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    i > 0
        && token_is(&tokens[i - 1], src, b"for")
        && tokens.get(i + 1).is_some_and(|n| token_is(n, src, b"in"))
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

/// `tokens[i]` names a task function, or calls `Task` (`asyncio.Task(coro)`; `Task` in an
/// annotation creates nothing).
pub(super) fn is_mention(tokens: &[Token], i: usize, src: &[u8]) -> bool {
    let token = &tokens[i];
    token.kind == TokenKind::Name
        && (is_task_function(token.text(src))
            || (is_task_class(token.text(src))
                && tokens.get(i + 1).is_some_and(|t| t.is_op(src, b'('))))
}

/// How a possible site stands in its statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Site {
    /// The task is the statement's value (or an element of it).
    Statement,
    /// `name = <task>`: the token index of `name`.
    Assigned(usize),
}

/// Can the mention at `tokens[mention]` be a task that its statement drops?
pub(super) fn site_possible(
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
    if in_a_wait_that_may_return_first(tokens, mention, src) {
        return Some(Site::Statement);
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
        let lambda =
            q > 0 && tokens[q - 1].is_op(src, b':') && ends_lambda_head(tokens, q - 1, src);
        if q == 0 || boundary(q - 1) || lambda {
            return Some(Site::Statement);
        }
        // `_ = [create_task(x) for x in xs]` in a function: a list that may never be read.
        let assign = tokens[q - 1];
        let indented = tokens[0].start > 0 && matches!(src[tokens[0].start - 1], b' ' | b'\t');
        return (assign.kind == TokenKind::Assign && assign.depth == 0 && indented)
            .then(|| assigned(tokens, q - 1, src))
            .flatten();
    }
    // `lambda: create_task(...)` returns the task to whoever calls the lambda, which may drop
    // it (`loop.call_later(5, lambda: ...)`): detection decides.
    if tokens[before].is_op(src, b':') && ends_lambda_head(tokens, before, src) {
        return Some(Site::Statement);
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

/// `await asyncio.wait([..., create_task(...)], timeout=5)` as a statement, the mention inside
/// its brackets: pending when the wait returns, the task comes back only in the result, which
/// the statement drops (detection decides).
fn in_a_wait_that_may_return_first(tokens: &[Token], mention: usize, src: &[u8]) -> bool {
    let calls_wait = tokens.windows(2).any(|pair| {
        token_is(&pair[0], src, b"wait") && pair[1].is_op(src, b'(') && pair[1].depth == 0
    });
    tokens.first().is_some_and(|t| token_is(t, src, b"await"))
        && calls_wait
        && tokens[mention].depth > 0
        && (tokens.iter()).any(|t| token_is(t, src, b"timeout") || token_is(t, src, b"return_when"))
}

/// The `:` at `tokens[colon]` ends a lambda's parameters: a `lambda` comes before it at its
/// depth, inside the same brackets.
fn ends_lambda_head(tokens: &[Token], colon: usize, src: &[u8]) -> bool {
    let depth = tokens[colon].depth;
    tokens[..colon]
        .iter()
        .rev()
        .take_while(|t| t.depth >= depth)
        .any(|t| t.depth == depth && token_is(t, src, b"lambda"))
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
                // `self.aioloop = asyncio.get_running_loop()` names the attribute too: a
                // loop's `create_task` on it (detection reads the class's bindings).
                || ((!attribute || create_task) && receivers.contains(name))
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
    // The colon nearest the `=`: `a: int = 1; t: asyncio.Task = …` binds `t`, not `a`.
    (1..assign)
        .rev()
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
    use crate::scan::prefilter::{Verdict, examine};

    fn possible(code: &str) -> bool {
        examine(code.as_bytes()) != Verdict::Skip
    }

    #[test]
    fn a_test_against_none_is_no_read_of_the_local() {
        let callback = "        t.add_done_callback(cb)\n";
        for test in ["t is not None", "t is None", "None is not t", "t"] {
            let code =
                format!("def f():\n    t = asyncio.create_task(x())\n    if {test}:\n{callback}");
            assert!(possible(&code), "{code}");
        }
        // Near misses: a read that keeps the task, or a comparison that is no identity test.
        for (test, then) in [
            ("t is not None", "        self._t = t\n"),
            ("t is not None", "        await t\n"),
            ("t == None", callback),
            ("t is not NoneType", callback),
        ] {
            let code =
                format!("def f():\n    t = asyncio.create_task(x())\n    if {test}:\n{then}");
            assert!(!possible(&code), "{code}");
        }
    }
}
