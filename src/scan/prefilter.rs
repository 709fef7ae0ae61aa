//! Which files are worth parsing, and how much of each. Parsing is where the time goes, so:
//!
//! 1. a byte search drops every file that never spells `create_task` or `ensure_future` as a
//!    whole name (so Home Assistant's `async_create_task` does not count);
//! 2. a lexical pass ([`crate::scan::lexer`]) keeps only mentions where a dropped task can stand: at the
//!    start of a statement (possibly inside `(`, `[` or `{`, or after `;` or a suite's `:`), after
//!    `name =` or `name: T =`, or in a boolean or conditional expression. `await x.create_task()`,
//!    arguments, `self.task = …` and `tasks[k] = …` are passed over, and so are receivers that
//!    cannot be asyncio or an event loop (`tg.`, `self.`, `hass.`), and `name = …` when the
//!    function visibly reads `name` again (the test of each mention is `possible_site`'s);
//! 3. [`crate::scan::partial`] picks the parts of the file that detection needs.
//!
//! It is conservative: when in doubt it asks for more parsing, never less. A test runs every
//! fixture, generated module and the corpus with it switched off and compares the findings.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::packed::{Config, Searcher};

use crate::scan::asyncio_api::{
    TASK_FUNCTIONS, THREADSAFE_RUNNER, is_handoff_method, is_loop_getter,
};
use crate::scan::lexer::{Confused, Lexed, Token, TokenKind, lex};
use crate::scan::partial::{self, Head, LogicalLine};
use crate::scan::possible_site::{
    FunctionReads, Receivers, adding_statements, binds_attribute_again, is_mention, site_possible,
};
use crate::scan::{weak_sets, whole_words};

/// The two calls that run the loop inside the caller's frame (see `project::loop_runners`).
pub const RUNS_THE_LOOP: [&str; 2] = ["run_until_complete(", "run_forever("];

/// The words the first look searches for, all in one pass over the bytes (a search per word
/// was a quarter of `check`'s time): the task functions, `run_coroutine_threadsafe` (its future
/// dropped, its task is: `threadsafe-handoff`), `Task` (for `Task(`, `Task as ` and
/// `TaskGroup(`), the words of a file-level silencing comment, `WeakSet(` and
/// `set_task_factory(` and the two calls that run the loop; and for the walk's notes (each was
/// a search of its own over every file): a loop getter's call, `current_task(` and `async def`.
static WORDS: LazyLock<Option<Searcher>> = LazyLock::new(|| {
    Config::new()
        .builder()
        .extend([
            TASK_FUNCTIONS[0],
            TASK_FUNCTIONS[1],
            THREADSAFE_RUNNER,
            "Task",
            "file-ignore",
            "noqa",
            "WeakSet(",
            "set_task_factory(",
            "WeakValueDictionary(",
            "WeakKeyDictionary(",
            "temporalio",
            "pyee",
            RUNS_THE_LOOP[0],
            RUNS_THE_LOOP[1],
            // ruff reads `noqa` in any case after `# ruff:` (`# ruff: NOQA`).
            "ruff",
            "flake8",
            "_event_loop()",
            "current_task(",
            // `async def` after its `as` (checked at the match): `asyn` would make every
            // `asyncio` a candidate the search must verify (+9.4M instructions on the corpus
            // against +6.1M).
            "ync def",
        ])
        .build()
});

/// What the one pass found (a few flags: kept with a file's bytes, it spares a second pass).
#[derive(Default, Clone, Copy)]
pub struct Words {
    /// A task function, `run_coroutine_threadsafe`, `Task(` (called without a space, as every
    /// formatter writes it: a file that names `Task` only in annotations is not lexed for it) or
    /// `Task as `, as a whole word.
    needle: bool,
    /// A creator only the audit lists (see `describe`): `TaskGroup(` or `run_coroutine_threadsafe`.
    audited: bool,
    /// `spawn = asyncio.create_task`: the alias can drop tasks under any name.
    aliased: bool,
    /// `from asyncio import create_task as spawn`, or `from asyncio import Task as T` (a whole
    /// word: not `except MyTask as e`): an alias when the module is asyncio's
    /// ([`whole_words::aliases_asyncio`]).
    import_alias: bool,
    /// A file-level `# ruff: noqa`, `# flake8: noqa` or `# ruff: file-ignore[...]` may silence
    /// every site, wherever it stands: a partial parse would not see it.
    may_silence: bool,
    /// A `WeakSet(`: a task added to one is dropped however the statement looks (see
    /// `detect::weak`); where one may hold a task ([`weak_sets`]), only a whole parse shows it.
    weak_set: bool,
    /// A `set_task_factory(`, which may keep tasks the file drops (see `detect::loop_factory`):
    /// only a whole parse shows it, where it is handed a name ([`whole_words::factory_may_be_set`]).
    loop_factory: bool,
    /// `temporalio`: a workflow engine's loop (`detect::engine_loops`), which the class shows.
    engine: bool,
    /// `pyee`: an emitter's class (`detect::emitters`), which the assignments that make it show,
    /// asked only of a lambda a registration takes ([`whole_words::lambda_may_be_registered`]).
    emitter: bool,
    /// A task function spelled anywhere, or a word ending in the `e` that may start
    /// `ensure_future` (`file-ignore`, `run_coroutine_threadsafe`): only then can a search for
    /// the task functions alone find one.
    pub(super) creators: bool,
    /// `run_until_complete(` or `run_forever(`: the file may define a function that runs the
    /// loop (see `project::loop_runners`).
    pub(super) runs_the_loop: bool,
    /// `_event_loop()`: the file may bind a module global to a loop (see
    /// `project::module_loops`).
    pub(super) loop_getter: bool,
    /// `current_task(`: a coroutine may store its own task (see `scan::current_task`).
    pub(super) current_task: bool,
    /// `async def`: the file may define a coroutine that never suspends (see
    /// `scan::quiet_candidates`).
    pub(super) async_def: bool,
}

pub(super) fn words(bytes: &[u8]) -> Words {
    words_with(bytes, &mut |_| {})
}

/// [`words`], handing `async_def` the offset after each `async def` it finds (the walk keeps the
/// names it defines, from this one pass: see `scan::method_defs::async_def_name`).
pub(super) fn words_with(bytes: &[u8], async_def: &mut impl FnMut(usize)) -> Words {
    let mut found = Words::default();
    let Some(searcher) = WORDS.as_ref() else {
        // Never: the patterns are fixed. Look at everything, to be safe.
        return Words {
            needle: true,
            audited: true,
            aliased: true,
            import_alias: true,
            may_silence: true,
            weak_set: true,
            loop_factory: true,
            engine: true,
            emitter: true,
            creators: true,
            runs_the_loop: true,
            loop_getter: true,
            current_task: true,
            async_def: true,
        };
    };
    for m in searcher.find_iter(bytes) {
        let (at, end) = (m.start(), m.end());
        let whole = at == 0 || !is_identifier_byte(bytes[at - 1]);
        let after = &bytes[end..];
        found.creators |= matches!(m.pattern().as_usize(), 0 | 1 | 2 | 4);
        match m.pattern().as_usize() {
            0 | 1 => {
                found.needle |= whole;
                found.import_alias |= after.starts_with(b" as");
                found.aliased |= whole && binds_alias(bytes, at, end);
            }
            2 => {
                found.needle |= whole;
                found.audited |= whole;
            }
            3 if whole => {
                if after.starts_with(b"(") {
                    found.needle = true;
                } else if after.starts_with(b" as ") {
                    found.needle = true;
                    found.import_alias = true;
                } else if after.starts_with(b"Group(") {
                    found.audited = true;
                }
            }
            4 => found.may_silence = true,
            6 | 8 | 9 => found.weak_set = true,
            // A workflow engine's loop (`detect::engine_loops`): the class shows it; a pyee
            // emitter's class (`detect::emitters`): the assignments that make it show it.
            7 => found.loop_factory = true,
            10 => found.engine = true,
            11 => found.emitter = true,
            12 | 13 => found.runs_the_loop = true,
            14 | 15 => found.may_silence |= noqa_after_colon(after),
            5 => {
                let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
                let before = &bytes[start..at];
                found.may_silence |= memchr::memmem::find(before, b"ruff").is_some()
                    || memchr::memmem::find(before, b"flake8").is_some();
            }
            16 => found.loop_getter = true,
            17 => found.current_task = true,
            18 => {
                if bytes[..at].ends_with(b"as") {
                    found.async_def = true;
                    async_def(end);
                }
                // `async deflake8`, `async defile-ignore`: the word after hidden, as read
                // alone it may silence the file (and `ensure_future` end in its `e`).
                if after.starts_with(b"lake8") || after.starts_with(b"ile-ignore") {
                    found.may_silence = true;
                    found.creators = true;
                }
            }
            _ => {}
        }
    }
    found
}

/// `\s*:\s*noqa`, `noqa` in any case: what follows `ruff` or `flake8` in a file-level
/// directive.
fn noqa_after_colon(after: &[u8]) -> bool {
    let skip = |b: &[u8]| -> usize { b.iter().take_while(|c| c.is_ascii_whitespace()).count() };
    let after = &after[skip(after)..];
    let Some(after) = after.strip_prefix(b":") else {
        return false;
    };
    let after = &after[skip(after)..];
    after
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"noqa"))
}

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
    examine_with(bytes, false, &[])
}

/// Like [`examine`] (or [`examine_all`] with `every_mention`), where the lines that spell one of
/// the `extra` names (the project's task factories) are kept whatever stands around them: the
/// parts of the file around every mention of a factory.
pub fn examine_with(bytes: &[u8], every_mention: bool, extra: &[&[u8]]) -> Verdict {
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let lexed = std::cell::OnceCell::new();
    let lexed = || lexed.get_or_init(|| lex(text)).as_ref().map_err(|c| *c);
    examine_words(text, &words(text), lexed, every_mention, extra)
}

/// For the audit, which lists every task and not only dropped ones: the parts of the file
/// around every mention of a task function.
pub fn examine_all(bytes: &[u8]) -> Verdict {
    examine_with(bytes, true, &[])
}

/// Whether the one pass found a word that the lexer must look at.
pub(super) fn mentioned(words: &Words, every_mention: bool) -> bool {
    words.needle || (every_mention && words.audited)
}

/// [`examine_with`] of `bytes` (after their BOM) with the `words` of its one pass; `lexed`
/// gives their tokens, asked for only when the words leave the question open (a file's triage
/// lexes it once, however many verdicts are asked of it).
pub(super) fn examine_words<'l>(
    bytes: &[u8],
    words: &Words,
    lexed: impl FnOnce() -> Result<&'l Lexed, Confused>,
    every_mention: bool,
    extra: &[&[u8]],
) -> Verdict {
    if !mentioned(words, every_mention) && extra.is_empty() {
        return Verdict::Skip;
    }
    let sets_a_factory = || words.loop_factory && whole_words::factory_may_be_set(bytes);
    if words.aliased || words.may_silence || (words.needle && (words.engine || sets_a_factory())) {
        return Verdict::Full;
    }
    let weak_sets = words.weak_set && words.needle;
    // The words below ask for a whole parse only where the tokens show they may matter.
    let whole = |lexed: &Lexed| {
        (words.import_alias && whole_words::aliases_asyncio(bytes, lexed))
            || (words.emitter
                && words.needle
                && whole_words::lambda_may_be_registered(bytes, lexed))
    };
    match lexed().map(|lexed| (whole(lexed), lexed)) {
        Err(Confused) => Verdict::Full,
        Ok((true, _)) => Verdict::Full,
        Ok((false, lexed)) => match scan(bytes, lexed, every_mention, extra, weak_sets) {
            scan if scan.weak_set_holds_task || scan.attribute_bound_again => Verdict::Full,
            scan if scan.candidates.is_empty() => Verdict::Skip,
            scan if scan.mixed_indentation => Verdict::Full,
            scan => match partial::ranges(bytes, &scan.lines, &scan.candidates) {
                Some(ranges) => Verdict::Partial(ranges),
                None => Verdict::Full,
            },
        },
    }
}

/// The creator's name at `at..end` is assigned, not called, on its line: `spawn =
/// asyncio.create_task` (or `loop.create_task`) binds an alias any later line may call.
fn binds_alias(bytes: &[u8], at: usize, end: usize) -> bool {
    let next = bytes[end..]
        .iter()
        .copied()
        .find(|&b| !matches!(b, b' ' | b'\t'));
    if !matches!(next, None | Some(b'\n' | b'\r' | b'#' | b';')) {
        return false;
    }
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let chain = |b: &u8| is_identifier_byte(*b) || matches!(b, b'.' | b'(' | b')' | b' ' | b'\t');
    let before = &bytes[start..at];
    let kept = before.len() - before.iter().rev().take_while(|&b| chain(b)).count();
    match &before[..kept] {
        [.., other, b'='] => !matches!(*other, b'=' | b'!' | b'<' | b'>' | b':'),
        _ => false,
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
    /// A weak set of the file may hold a task (asked only when the file spells `WeakSet(`).
    weak_set_holds_task: bool,
    /// `self.t = create_task(...)` then `self.t = …` on the next line: whether the first task is
    /// lost there is read in the whole file (see `detect::replaced`).
    attribute_bound_again: bool,
}

fn scan(src: &[u8], lexed: &Lexed, every_mention: bool, extra: &[&[u8]], weak_sets: bool) -> Scan {
    let weak_set_holds_task = weak_sets && weak_sets::may_hold_a_task(src, lexed, extra);
    let (mut tabs, mut spaces) = (false, false);
    let mut lines = Vec::with_capacity(lexed.lines.len());
    let mut receivers = Receivers::default();
    // Detection wants `asyncio` imported; assuming it is costs next to nothing.
    receivers.names.insert(b"asyncio");
    let mut mentioned = Vec::new();
    // Lines that name an `extra` name: candidates whatever stands around it.
    let mut forced = Vec::new();
    let mut attribute_bound_again = false;
    for i in 0..lexed.lines.len() {
        let tokens = lexed.line(i);
        let line = describe(src, tokens, every_mention);
        attribute_bound_again |= line.mentions_task
            && i + 1 < lexed.lines.len()
            && binds_attribute_again(tokens, lexed.line(i + 1), src);
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
                .filter(|&(m, _)| is_mention(tokens, m, src));
            mentions.any(|(m, _)| {
                adding.iter().any(|r| r.contains(&m))
                    || site_possible(tokens, m, src, &receivers)
                        .is_some_and(|site| !reads.read_later(src, lexed, &lines, i, site))
            })
        })
        .collect();
    let mut candidates: Vec<usize> = candidates;
    if !forced.is_empty() {
        candidates.extend(forced);
        candidates.sort_unstable();
    }
    Scan {
        lines,
        candidates,
        mixed_indentation: tabs && spaces,
        weak_set_holds_task,
        attribute_bound_again,
    }
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
        // `call_soon`, `call_soon_threadsafe`, `run_coroutine_threadsafe`, `call_later`,
        // `call_at`.
        if matches!(token.end - token.start, 7 | 9 | 10 | 20 | 24) {
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
            11 | 13 => line.mentions_task |= is_mention(tokens, i, src),
            // `asyncio.Task(...)` creates a task; the audit also lists task groups' tasks: only
            // where they are called, not in annotations nor in `class TaskGroup(`.
            4 if line.head == Head::Other => line.mentions_task |= is_mention(tokens, i, src),
            9 if every_creator && line.head == Head::Other => {
                line.mentions_task |= called() && token.text(src) == b"TaskGroup";
            }
            14 | 16 => line.calls_loop_getter |= is_loop_getter(token.text(src)),
            _ => {}
        }
    }
    line
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
            "def f():\n    a: int = 1; t: asyncio.Task = asyncio.create_task(x())\n    print(a)\n",
            "def f(y):\n    _ = [asyncio.create_task(x) for x in y]\n",
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
            "asyncio.Task(x())\n",
            "def f():\n    t = asyncio.Task(x(), name='t')\n",
            "from asyncio import Task\nTask(x())\n",
            "from asyncio import Task as T\ndef f():\n    T(x())\n",
            "def f(loop):\n    loop.call_later(5, lambda: asyncio.ensure_future(x()))\n",
            "def f(task):\n    task.add_done_callback(lambda _: asyncio.create_task(x()))\n",
            "e.on('a', lambda *_, **k: (asyncio.create_task(x())))\n",
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
            "def f(y):\n    t = [asyncio.create_task(x) for x in y]\n    await asyncio.gather(*t)\n",
            "def f():\n    t: asyncio.Task = asyncio.create_task(x())\n    return t\n",
            "def f(t: asyncio.Task[None]) -> set[asyncio.Task]:\n    isinstance(t, asyncio.Task)\n",
            "import asyncio\nclass Task(Base):\n    pass\n",
            "import asyncio\ndef f():\n    await asyncio.Task(x())\n    self.t = asyncio.Task(x())\n",
            "import asyncio\ndef f():\n    tg.Task(x())\n",
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
        for alias in [
            "spawn = asyncio.create_task\ndef f():\n    spawn(x())\n",
            "def f(loop):\n    start = loop.create_task  # c\n    start(x())\n",
        ] {
            assert_eq!(examine(alias.as_bytes()), Verdict::Full, "{alias}");
        }
        let silenced = "def f():\n    asyncio.create_task(x())\n# ruff: noqa: RUF006\n";
        assert_eq!(examine(silenced.as_bytes()), Verdict::Full);
        let upper = "def f():\n    asyncio.create_task(x())\n# ruff : NoQA: RUF006\n";
        assert_eq!(examine(upper.as_bytes()), Verdict::Full);
    }

    #[test]
    fn a_weak_set_that_may_hold_a_task_gets_a_full_parse() {
        let site = "async def go():\n    asyncio.create_task(w())\n";
        // A task is added to the set: `detect::weak` needs the whole file.
        for holder in [
            "class A:\n    def __init__(self):\n        self._tasks = weakref.WeakSet()\n    def f(self):\n        self._tasks.add(asyncio.ensure_future(w()))\n",
            "_tasks: WeakSet[Task] = WeakSet()\ndef f():\n    t = asyncio.create_task(w())\n    _tasks .add (t)\n",
        ] {
            let code = format!("{holder}{site}");
            assert_eq!(examine(code.as_bytes()), Verdict::Full, "{code}");
        }
        // A weak set of other objects, or one never added to: the parts around the sites.
        for holder in [
            "class A:\n    _instances = weakref.WeakSet()\n    def f(self):\n        A._instances.add(self)\n",
            "_conns = WeakSet()\ndef f(c):\n    _conns.discard(c)\n    padd(c)\n",
        ] {
            let code = format!("{holder}{site}");
            assert!(
                matches!(examine(code.as_bytes()), Verdict::Partial(_)),
                "{code}"
            );
        }
    }
}
