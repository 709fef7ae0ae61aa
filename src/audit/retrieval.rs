//! Whether what waits for a task looks at its exception: an `await`, a `gather`, a read of its
//! `result()` do; a `wait` whose done set is dropped does not (see [`super::waits`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::context::Context;
use super::facts::Facts;
use super::fate::Exceptions;
use super::waits::in_blind_wait;
use crate::detect::task_site::TaskSite;

/// Whether the task of an `awaited` site is waited for only by `wait` calls that drop their
/// done set: the call is one's argument, or its local (a name, or a list it is added to) is
/// read in its function only by such waits and by additions of other tasks.
pub(super) fn awaited_blind(site: &TaskSite, context: &mut Context) -> bool {
    let src = context.source.text;
    if in_blind_wait(site.call, src) {
        return true;
    }
    let innermost = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let function = site.closure_frame.as_ref().or(innermost);
    let (Some(local), Some(body)) = (
        site.local.as_deref(),
        function.and_then(|f| f.child_by_field_name("body")),
    ) else {
        return false;
    };
    let Some(code) = src.get(body.start_byte()..body.end_byte()) else {
        return false;
    };
    // The binding and the addition of this task are not reads.
    let (from, to) = (
        site.statement
            .start_byte()
            .saturating_sub(body.start_byte()),
        site.statement.end_byte().saturating_sub(body.start_byte()),
    );
    // The waits the task can be in: after its statement, or in a loop around it (exam35j class
    // 4: a task added after a loop whose done set is read is waited for only by the waits
    // after it).
    let loops: Vec<Range<usize>> = std::iter::successors(site.statement.parent(), |n| n.parent())
        .take_while(|n| n.id() != body.id())
        .filter(|n| matches!(n.kind(), "for_statement" | "while_statement"))
        .map(|n| n.start_byte().saturating_sub(body.start_byte())..n.end_byte() - body.start_byte())
        .collect();
    let reaches = |at: usize| at >= to || loops.iter().any(|l| l.contains(&at));
    // Read once per function body, however many of its tasks ask.
    let facts = context.facts(&(body.start_byte()..body.end_byte()));
    let seen = match seen_by(local, facts, reaches) {
        None => seen(local, facts),
        found => found,
    };
    // The waits it cannot be in read nothing of it.
    let code = code.as_bytes();
    let unreached: Vec<Range<usize>> = (facts.gathers.get(local).into_iter().flatten())
        .filter(|at| !reaches(**at))
        .filter_map(|at| {
            let open = *at + memchr::memchr(b'(', code.get(*at..)?)?;
            Some(*at..super::names::closing(code, open))
        })
        .collect();
    seen == Some(false) && !read_otherwise(local, code, facts, from..to, &unreached)
}

/// [`seen`] with only the waits `reaches` allows: `None` when no such wait waits for it.
fn seen_by(holder: &str, facts: &Facts, reaches: impl Fn(usize) -> bool) -> Option<bool> {
    let gathers = facts.gathers.get(holder)?;
    let reached: Vec<usize> = gathers.iter().copied().filter(|at| reaches(*at)).collect();
    if reached.is_empty() || reached.len() == gathers.len() {
        return None;
    }
    let blind = |at: &usize| facts.blind.iter().any(|(start, _)| start == at);
    if facts.awaits.contains_key(holder) || facts.results.contains_key(holder) {
        return Some(true);
    }
    Some(!reached.iter().all(blind) || seen_in_loops(holder, facts))
}

/// Whether what waits for `holder` looks at its exception: `Some(true)` when it is awaited,
/// gathered, waited for by a `wait` whose done set may be read, or its result or exception
/// read (of it, or of each element in a loop); `Some(false)` when only `wait` calls that drop
/// their done set wait for it; `None` when nothing waits for it.
pub(super) fn seen(holder: &str, facts: &Facts) -> Option<bool> {
    let gathers = facts.gathers.get(holder).map_or(&[][..], Vec::as_slice);
    let blind = |at: &usize| facts.blind.iter().any(|(start, _)| start == at);
    let mut seen = facts.awaits.contains_key(holder)
        || facts.results.contains_key(holder)
        || gathers.iter().any(|at| !blind(at));
    seen |= seen_in_loops(holder, facts);
    match (seen, gathers.is_empty()) {
        (true, _) => Some(true),
        (false, false) => Some(false),
        (false, true) => None,
    }
}

/// Whether a loop over `holder` awaits or reads the result of each element.
fn seen_in_loops(holder: &str, facts: &Facts) -> bool {
    (facts.loops.iter()).any(|(var, name, start, end)| {
        // A comprehension's element comes before its `for`; a statement's body under it.
        let near = |at: &usize| match facts.statement_loops.get(start) {
            Some(body_end) => at > end && at < body_end,
            None => *at + 200 >= *start && *at <= end + 400,
        };
        name == holder
            && [facts.awaits.get(var), facts.results.get(var)]
                .into_iter()
                .flatten()
                .any(|found| found.iter().any(near))
    })
}

static READS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\.\s*(?:exception|result)\s*\(\s*\)").expect("valid pattern")
});
static LOGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)(?i)\b\w*(?:log|logger|logging)\w*\s*\.\s*(?:exception|error|warning|warn|critical|info|debug|log)\s*\(|\btraceback\s*\.\s*print_exc(?:eption)?\s*\(",
    )
    .expect("valid pattern")
});
/// `exc = t.exception()`, `exc: BaseException | None = t.exception()`, `if e :=
/// t.exception():`, `error = None if t.cancelled() else t.exception()`: the name the exception
/// is bound to (what `result()` returns is not one).
static BOUND_READ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)([A-Za-z_][\w.]*)\s*(?::=|(?::[^=\n]*)?=)[^=\n][^\n]*\.\s*exception\s*\(\s*\)",
    )
    .expect("valid pattern")
});
static EXCEPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\.\s*exception\s*\(\s*\)").expect("valid pattern"));
static EXCEPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)(?m)^[ \t]*except\b").expect("valid pattern"));

/// What a done callback's body does with the task's outcome: `retrieved` when it reads
/// `result()` or `exception()`, `logged` when it also logs what it read: a log call in an
/// `except` clause after the read (the exception `result()` raised), or one whose arguments
/// hold `exception()`, the name its value is bound to, or `exc_info`. A log call of something
/// else (`logger.debug("got %d", len(items))`) does not log the exception.
pub(super) fn callback_reads(body: &str) -> Exceptions {
    let body = body.as_bytes();
    let Some(read) = READS.find(body) else {
        return Exceptions::NotRetrieved;
    };
    let bound: Vec<&[u8]> = (BOUND_READ.captures_iter(body))
        .filter_map(|c| c.get(1))
        .map(|m| m.as_bytes())
        .collect();
    let handlers: Vec<usize> = (EXCEPT.find_iter(body))
        .map(|m| m.start())
        .filter(|at| *at > read.start())
        .collect();
    // The clause a log call is in: the last `except` before it.
    let handler = |log: usize| handlers.iter().rev().find(|at| **at < log).copied();
    let logged = LOGS.find_iter(body).any(|log| {
        let arguments = &body[log.end()..arguments_end(body, log.end())];
        handler(log.start()).is_some_and(|at| logs_every_one(body, at, log.start()))
            || EXCEPTION.is_match(arguments)
            || memchr::memmem::find(arguments, b"exc_info").is_some()
            || bound.iter().any(|name| holds_word(arguments, name))
    });
    match logged {
        true => Exceptions::Logged,
        false => Exceptions::Retrieved,
    }
}

/// Whether the log call at `log` stands in the block of the `except` clause at `handler`, on
/// every path through it: a log under an `if` there logs only the exceptions it selects (pytchat
/// keeps one class in `self.exception` unlogged), and one after the clause's block is none of
/// its.
fn logs_every_one(body: &[u8], handler: usize, log: usize) -> bool {
    let indent = |line: &[u8]| {
        line.iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let start = |at: usize| memchr::memrchr(b'\n', &body[..at]).map_or(0, |n| n + 1);
    let (except, logged) = (start(handler), start(log));
    if logged <= except {
        return false;
    }
    let outer = indent(&body[except..]);
    let depth = indent(&body[logged..]);
    if depth <= outer {
        return false;
    }
    let between = body[except..logged].split(|b| *b == b'\n').skip(1);
    let lines = between.filter(|l| !l.trim_ascii().is_empty());
    const BRANCHES: [&[u8]; 7] = [b"if", b"elif", b"else", b"for", b"while", b"match", b"case"];
    lines.into_iter().all(|line| {
        let at = indent(line);
        let head = &line[at..];
        let branch = BRANCHES.iter().any(|w| {
            head.starts_with(w)
                && head
                    .get(w.len())
                    .is_some_and(|b| matches!(b, b' ' | b':' | b'('))
        });
        at > outer && !(branch && at < depth)
    })
}

/// Where the arguments of a call whose `(` ends at `from` end: at its closing parenthesis, or
/// at the end of `text`.
fn arguments_end(text: &[u8], from: usize) -> usize {
    let mut depth = 1usize;
    for (i, b) in text.iter().enumerate().skip(from) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Whether `name` (dotted or not) stands in `text` as a whole name, not part of a longer one.
fn holds_word(text: &[u8], name: &[u8]) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    memchr::memmem::find_iter(text, name).any(|i| {
        let before = i.checked_sub(1).and_then(|j| text.get(j));
        !before.is_some_and(|b| word(b) || *b == b'.')
            && !text.get(i + name.len()).is_some_and(word)
    })
}

/// Whether `local` is read in `code` other than where a blind `wait` waits for it, a task is
/// added to it or it is bound (`binding` is the site's own statement): handed on, returned or
/// iterated, it may reach code that looks at its exception.
fn read_otherwise(
    local: &str,
    code: &[u8],
    facts: &Facts,
    binding: Range<usize>,
    unreached: &[Range<usize>],
) -> bool {
    // Adding a task, or taking one out (`remove` and `discard` return nothing), reads none.
    const ADDS: [&str; 6] = [
        ".append(",
        ".add(",
        ".extend(",
        ".insert(",
        ".remove(",
        ".discard(",
    ];
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    memchr::memmem::find_iter(code, local.as_bytes()).any(|i| {
        let end = i + local.len();
        let before = i.checked_sub(1).map(|j| code[j]);
        if before.is_some_and(|b| word(b) || b == b'.') || code.get(end).is_some_and(|b| word(*b)) {
            return false;
        }
        let waited = facts.blind.iter().any(|(s, e)| (*s..*e).contains(&i))
            || unreached.iter().any(|r| r.contains(&i));
        // A binding starts its statement: `tasks = []`, `tasks: list[Task] = []` (not `for t
        // in tasks:`, a read).
        let line = memchr::memrchr(b'\n', &code[..i]).map_or(0, |n| n + 1);
        let after = code[end..].trim_ascii_start();
        let bound = code[line..i].trim_ascii().is_empty()
            && (after.starts_with(b"=") && !after.starts_with(b"==") || after.starts_with(b":"))
            || binding.contains(&i)
            || super::done_sets::tuple_target(code, i, end);
        let squeezed: Vec<u8> = (code[end..].iter().take(16).copied())
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let adds = ADDS.iter().any(|a| squeezed.starts_with(a.as_bytes()));
        // `if tasks:`, `if not tasks:`, `len(tasks)`: a test of its size reads no task.
        let ahead = code[line..i].trim_ascii_end();
        let tested = ["if", "elif", "while", "not", "len("]
            .iter()
            .any(|w| ahead.ends_with(w.as_bytes()) && starts_word(ahead, ahead.len() - w.len()))
            && (after.starts_with(b":") || after.starts_with(b")"));
        // `t.cancel()`, `t.done()`, `t.cancelled()` look at no exception.
        let inspected = [".cancel()", ".done()", ".cancelled()"]
            .iter()
            .any(|m| squeezed.starts_with(m.as_bytes()));
        !waited
            && !adds
            && !bound
            && !tested
            && !inspected
            && !only_inspected_in_loop(code, line, i, end)
            && !super::membership::only_tested(code, i, end)
            && !in_text(&code[line..i])
            && !held_while_waiting(local, code, facts, i)
    })
}

/// Whether the read of the local at `at..end` is the header of `for t in local:` whose body
/// (the lines indented under it) names `t` only to call `t.cancel()`, `t.done()` or
/// `t.cancelled()`: a loop that cancels each task looks at no exception.
fn only_inspected_in_loop(code: &[u8], line: usize, at: usize, end: usize) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let header = &code[line..at];
    let indent = header.len() - header.trim_ascii_start().len();
    let Some(var) = (header.trim_ascii())
        .strip_prefix(b"for ")
        .and_then(|h| h.strip_suffix(b"in"))
        .map(<[u8]>::trim_ascii)
        .filter(|v| !v.is_empty() && v.iter().all(word))
    else {
        return false;
    };
    let rest = &code[end..];
    let Some(newline) = memchr::memchr(b'\n', rest) else {
        return false;
    };
    if rest[..newline].trim_ascii() != b":" {
        return false;
    }
    let mut body = Vec::new();
    for text in rest[newline + 1..].split(|b| *b == b'\n') {
        let code_part = text.trim_ascii_start();
        if code_part.is_empty() {
            continue;
        }
        if text.len() - code_part.len() <= indent {
            break;
        }
        body.push(code_part);
    }
    let named = |line: &&[u8]| memchr::memmem::find(line, var).is_some();
    body.iter().any(named)
        && body.iter().all(|line| {
            memchr::memmem::find_iter(line, var).all(|i| {
                let before = i.checked_sub(1).map(|j| &line[j]);
                let after = &line[i + var.len()..];
                if before.is_some_and(|b| word(b) || *b == b'.') || after.first().is_some_and(word)
                {
                    return true;
                }
                let squeezed: Vec<u8> = (after.iter().take(16).copied())
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                (super::inspected::INSPECTIONS.iter()).any(|m| squeezed.starts_with(m.as_bytes()))
                    || super::inspected::by_helper(code, &line[..i], after)
            })
        })
}

/// Whether what follows `line` (a line's start, up to a name) is inside a string or a
/// comment: the name there is text, not a read (`logger.debug("waiting for %d tasks", ...)`).
/// A string that opened on an earlier line is not seen (the name counts as a read).
fn in_text(line: &[u8]) -> bool {
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for &b in line {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if b == b'\\' => escaped = true,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'#' => return true,
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None => {}
        }
    }
    quote.is_some()
}

/// Whether the read of `local` at `at` is `holder.add(local)` before a blind wait for it with
/// `holder.discard(local)` (or `remove`) after that wait, or that taking out itself: the holder
/// has the task only while the function waits for it (its readers see it pending), and taking
/// it out reads nothing of it.
fn held_while_waiting(local: &str, code: &[u8], facts: &Facts, at: usize) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let end = at + local.len();
    let Some(call) = code[..at].trim_ascii_end().strip_suffix(b"(") else {
        return false;
    };
    if !code[end..].trim_ascii_start().starts_with(b")") {
        return false;
    }
    let call = call.trim_ascii_end();
    let method_at = call.iter().rposition(|b| !word(b)).map_or(0, |i| i + 1);
    let Some(object) = call[..method_at].trim_ascii_end().strip_suffix(b".") else {
        return false;
    };
    let object = object.trim_ascii_end();
    let holder_at = (object.iter())
        .rposition(|b| !word(b) && *b != b'.')
        .map_or(0, |i| i + 1);
    let holder = String::from_utf8_lossy(&object[holder_at..]);
    let waits_after = |from: usize| facts.blind.iter().filter(move |(s, _)| *s >= from);
    match &call[method_at..] {
        b"discard" | b"remove" => facts.blind.iter().any(|(_, e)| *e <= at),
        b"add" | b"append" if !holder.is_empty() => {
            let taken_out = Regex::new(&format!(
                r"(?-u)(?:^|[^\w.]){}\s*\.\s*(?:discard|remove)\s*\(\s*{}\s*\)",
                regex::escape(&holder),
                regex::escape(local)
            ));
            taken_out.is_ok_and(|taken_out| {
                waits_after(end)
                    .any(|(_, e)| taken_out.is_match(code.get(*e..).unwrap_or_default()))
            })
        }
        _ => false,
    }
}

/// Whether `at` starts a word of `text`.
fn starts_word(text: &[u8], at: usize) -> bool {
    at == 0
        || !text
            .get(at - 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// Whether the concurrent future `run_coroutine_threadsafe` returned, kept in a holder, has its
/// `result()` or `exception()` read where the holder is read (its shutdown, cancelled first
/// or not): `result()` blocks until the task is done and raises its exception, which a
/// `cancel()` of a task already failed does not replace (exam35i class 9, vector-python-sdk's
/// `EventHandler.close`).
pub(super) fn future_result_read(site: &TaskSite, context: &mut Context) -> bool {
    let Some(holder) = site.holder.as_deref() else {
        return false;
    };
    site.creator == crate::detect::task_site::Creator::Threadsafe
        && (context.scopes(site).iter()).any(|s| context.facts(s).results.contains_key(holder))
}

/// Where the owner blocks on that concurrent future's `result()` (switchio's `_stop`:
/// `self._entry_fut.result(10)`): it returns only once the task is done, so it waits for it
/// as an `await` does. The offset is absolute; `None` when no scope reads it.
pub(super) fn future_result_at(site: &TaskSite, context: &mut Context) -> Option<usize> {
    let holder = site.holder.as_deref()?;
    if site.creator != crate::detect::task_site::Creator::Threadsafe {
        return None;
    }
    (context.scopes(site).iter()).find_map(|s| {
        let found = context.facts(s).results.get(holder)?;
        found.iter().min().map(|at| s.start + at)
    })
}

#[cfg(test)]
mod tests {
    use super::{Exceptions, Facts, callback_reads, read_otherwise};

    fn other_reads(code: &str) -> bool {
        read_otherwise(
            "tasks",
            code.as_bytes(),
            &Facts::read(code.as_bytes()),
            0..0,
            &[],
        )
    }

    #[test]
    fn only_a_blind_wait_additions_and_bindings_leave_a_local_unread() {
        let waited = "tasks: list = []\ntasks.append(t)\nawait asyncio.wait(tasks)\n";
        assert!(!other_reads(waited));
        let iterated = "tasks = []\nawait asyncio.wait(tasks)\nfor t in tasks:\n    pass\n";
        assert!(other_reads(iterated));
        let tested = "tasks = []\nif not tasks:\n    return\nif len(tasks) > 1:\n    await asyncio.wait(tasks)\n";
        assert!(!other_reads(tested));
        let returned = "tasks = []\nawait asyncio.wait(tasks)\nreturn tasks\n";
        assert!(other_reads(returned));
        // Added to a holder only while the wait runs: taken out after it.
        let held = "self._held.add(tasks)\nawait asyncio.wait(tasks)\nself._held.discard(tasks)\n";
        assert!(!other_reads(held));
        let kept = "self._held.add(tasks)\nawait asyncio.wait(tasks)\n";
        assert!(other_reads(kept));
        let other =
            "self._held.add(tasks)\nawait asyncio.wait(tasks)\nself._other.discard(tasks)\n";
        assert!(other_reads(other));
        // A loop that only cancels each task reads none of them.
        let cancelled = "for t in tasks:\n    t.cancel()\nawait asyncio.wait(tasks)\n";
        assert!(!other_reads(cancelled));
        let read = "for t in tasks:\n    t.cancel()\n    print(t)\nawait asyncio.wait(tasks)\n";
        assert!(other_reads(read));
    }

    #[test]
    fn a_callback_logs_the_exception_only_when_it_logs_what_it_read() {
        let unrelated = "def cb(self, t):\n    self.items = t.result()\n    log.debug(\"got %d\", len(self.items[0]))\n    logger.info(\"done\")\n";
        assert_eq!(callback_reads(unrelated), Exceptions::Retrieved);
        let named = "def cb(t):\n    exc = t.exception()\n    if exc:\n        log.error(\"failed: %s\", exc)\n";
        assert_eq!(callback_reads(named), Exceptions::Logged);
        let chosen = "def cb(t):\n    error: Final = None if t.cancelled() else t.exception()\n    if error is not None:\n        log.warning(\"failed: %s\", error)\n";
        assert_eq!(callback_reads(chosen), Exceptions::Logged);
        let walrus = "def cb(t):\n    if e := t.exception():\n        logger.warning(e)\n";
        assert_eq!(callback_reads(walrus), Exceptions::Logged);
        let handler = "def cb(t):\n    try:\n        t.result()\n    except Exception:\n        logger.exception(\"failed\")\n";
        assert_eq!(callback_reads(handler), Exceptions::Logged);
        // One class of exception kept, the others logged: not every one is logged.
        let chosen_class = "def cb(self):\n    try:\n        self.t.result()\n    except Exception as e:\n        self.exception = e\n        if not isinstance(e, ParseError):\n            log.error(f\"{e}\")\n    log.info(\"finished\")\n";
        assert_eq!(callback_reads(chosen_class), Exceptions::Retrieved);
        let after = "def cb(t):\n    try:\n        t.result()\n    except Exception:\n        pass\n    logger.info(\"finished\")\n";
        assert_eq!(callback_reads(after), Exceptions::Retrieved);
        let before = "def cb(t):\n    logger.info(\"finished\")\n    t.result()\n";
        assert_eq!(callback_reads(before), Exceptions::Retrieved);
        assert_eq!(
            callback_reads("lambda t: log.error(t.exception())"),
            Exceptions::Logged
        );
        let exc_info = "def cb(t):\n    x = t.exception()\n    log.error(\"failed\", exc_info=x)\n";
        assert_eq!(callback_reads(exc_info), Exceptions::Logged);
        assert_eq!(
            callback_reads("def cb(t):\n    log.info(t)\n"),
            Exceptions::NotRetrieved
        );
    }
}
