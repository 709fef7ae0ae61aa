//! `await asyncio.wait([...])` waits for its tasks but never looks at their exceptions: when
//! its done set is dropped too, CPython still logs "Task exception was never retrieved".
//! Only a wait whose done set is provably dropped is blind; one whose done set is read in any
//! way may look at the exceptions, and counts as retrieving them.

use std::sync::LazyLock;

use regex::bytes::Regex;
use tree_sitter::Node;

use super::names::{closing, function_end, pattern};
use crate::detect::callee::last_name;

/// What comes before `wait(` on its line: `await asyncio.`, or `loop.run_until_complete(` (which
/// returns what the wait returns), after `_ = ` (never read: the whole result dropped), `name = `
/// (the whole result, captured) or `done, pending = ` (the done set, captured); group 2 is the
/// `run_until_complete(` whose parenthesis closes right after the wait's.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^[ \t]*(?:[(\[]?[ \t]*(\w+)[ \t]*(?:,[^=\n]*)?=[ \t]*)?(?:await[ \t]+|((?:\w+(?:[ \t]*\(\))?[ \t]*\.[ \t]*)+run_until_complete[ \t]*\([ \t]*))(?:\w+[ \t]*\.[ \t]*)*$",
    )
});

/// Whether the `wait(` call at `at` in `text` (its parenthesis at `open`) is a statement of its
/// own whose done set is dropped: `await asyncio.wait(ts)`,
/// `loop.run_until_complete(asyncio.wait(ts))`, `_, pending = await asyncio.wait(ts)`, or a
/// done set (or whole result) the function never reads again.
pub fn blind(text: &[u8], at: usize, open: usize) -> bool {
    let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    let Some(before) = BEFORE.captures(&text[start..at]) else {
        return false;
    };
    let mut close = closing(text, open);
    if before.get(2).is_some() {
        // `run_until_complete(` must close right after the wait, its one argument.
        let rest = text.get(close..).unwrap_or_default();
        let Some(outer) = rest.iter().position(|b| !b.is_ascii_whitespace()) else {
            return false;
        };
        if rest[outer] != b')' {
            return false;
        }
        close += outer + 1;
    }
    let end = memchr::memchr(b'\n', &text[close..]).map_or(text.len(), |i| close + i);
    let rest = text[close..end].trim_ascii();
    if !(rest.is_empty() || rest.starts_with(b"#")) {
        return false;
    }
    match before.get(1).map(|done| done.as_bytes()) {
        None | Some(b"_") => true,
        Some(done) => !read_after(text, start, end, done),
    }
}

/// A waiter call at the start of `run_until_complete`'s arguments.
static INNER_WAITER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^\(\s*(?:\w+\s*\.\s*)*(?:gather|wait|wait_for|shield)\s*\("));

/// `run_until_complete(asyncio.wait(ts))` (`word` the waiter's name, `arguments` from its
/// parenthesis): it waits as the inner waiter does, read on its own, so what it reads of `ts`
/// is that waiter's.
pub(super) fn runs_a_waiter(word: Option<&[u8]>, arguments: &[u8]) -> bool {
    word.is_some_and(|w| w.trim_ascii_end() == b"run_until_complete")
        && INNER_WAITER.is_match(arguments)
}

/// Whether `name` is read after `end` in the function around the line at `start`: the
/// nearest `def` above it indented less than it, to that function's end.
fn read_after(text: &[u8], start: usize, end: usize, name: &[u8]) -> bool {
    let Ok(src) = std::str::from_utf8(text) else {
        return true;
    };
    let indent = |line: &str| line.len() - line.trim_start().len();
    let own = src.get(start..end).map_or(0, indent);
    let mut def = None;
    let mut at = start;
    for line in src.get(..start).unwrap_or_default().lines().rev() {
        at -= (line.len() + 1).min(at);
        let code = line.trim_start();
        // A def that ended before the line (a nested one's sibling) is not around it.
        if (code.starts_with("def ") || code.starts_with("async def "))
            && indent(line) < own
            && function_end(src, at) > start
        {
            def = Some(at);
            break;
        }
    }
    let stop = def.map_or(src.len(), |d| function_end(src, d));
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let after = text.get(end..stop.max(end)).unwrap_or_default();
    // A read only a flag's path reaches is none on the default path.
    // A function's body read alone (its `def` line not in `text`) is read from its start.
    let function = src
        .get(def.unwrap_or(0)..stop)
        .map(|f| (def.unwrap_or(0), f));
    let flagged =
        |i: usize| function.is_some_and(|(d, f)| super::flagged::under_flag(f, end + i - d));
    memchr::memmem::find_iter(after, name).any(|i| {
        let before = i.checked_sub(1).map(|j| after[j]);
        !before.is_some_and(|b| word(b) || b == b'.')
            && !after.get(i + name.len()).is_some_and(|b| word(*b))
            && !sized(after, i, i + name.len())
            && !formatted(after, i, i + name.len())
            && !super::membership::only_tested(after, i, i + name.len())
            && !super::done_sets::tuple_target(after, i, i + name.len())
            && !super::done_sets::loop_reads_nothing(after, i, i + name.len())
            && !flagged(i)
    })
}

/// Whether the name at `start..end` of `text` is only printed, `sys.exit(rc)` or `print(rc)`:
/// a task's repr shows its exception without retrieving it (CPython
/// `base_futures._future_repr_info` reads `_exception`, and `__del__` still logs it).
fn formatted(text: &[u8], start: usize, end: usize) -> bool {
    let ahead = text[..start].trim_ascii_end();
    ahead.strip_suffix(b"(").is_some_and(|call| {
        let call = call.trim_ascii_end();
        let word = call
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'.')
            .count();
        matches!(&call[call.len() - word..], b"sys.exit" | b"print")
    }) && text[end..].trim_ascii_start().starts_with(b")")
}

/// Whether the name at `start..end` of `text` is only sized, `len(done)`: that reads no task.
fn sized(text: &[u8], start: usize, end: usize) -> bool {
    let ahead = text[..start].trim_ascii_end();
    ahead.strip_suffix(b"(").is_some_and(|call| {
        let call = call.trim_ascii_end();
        call.ends_with(b"len")
            && !call[..call.len() - 3]
                .last()
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
    }) && text[end..].trim_ascii_start().starts_with(b")")
}

/// Whether the task `call` creates is an argument of a `wait(...)` that drops its done set
/// (`await asyncio.wait([create_task(a), ...])`).
pub fn in_blind_wait(call: Node, src: &str) -> bool {
    let mut node = call;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "call"
                if parent
                    .child_by_field_name("arguments")
                    .is_some_and(|a| a == node) =>
            {
                let waits = (parent.child_by_field_name("function"))
                    .and_then(|f| last_name(f, src))
                    .is_some_and(|name| name == "wait");
                let function = parent.child_by_field_name("function");
                return waits
                    && function.is_some_and(|f| {
                        blind(
                            src.as_bytes(),
                            f.end_byte().saturating_sub(4),
                            node.start_byte(),
                        )
                    });
            }
            "block" | "module" | "lambda" | "function_definition" => return false,
            _ => {}
        }
        node = parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::blind;

    fn blind_at(text: &str) -> bool {
        let at = text.find("wait(").unwrap();
        blind(text.as_bytes(), at, at + 4)
    }

    #[test]
    fn a_wait_is_blind_when_its_done_set_is_dropped() {
        assert!(blind_at("async def f(ts):\n    await asyncio.wait(ts)\n"));
        assert!(blind_at(
            "async def f(ts):\n    _ = await asyncio.wait(ts, timeout=1)\n"
        ));
        assert!(blind_at(
            "async def f(ts):\n    _, pending = await asyncio.wait(\n        ts, return_when=FIRST_EXCEPTION\n    )\n    for t in pending:\n        t.cancel()\n"
        ));
        assert!(blind_at(
            "async def f(ts):\n    done, pending = await asyncio.wait(ts)\n    return 1\n\nasync def g(done):\n    return done\n"
        ));
        // A class of the function that ends before the wait does not end the function.
        assert!(!blind_at(
            "async def f(ws):\n    class Frame:\n        def __init__(self):\n            pass\n\n    if ws:\n        if ts:\n            done, _ = await asyncio.wait(ts)\n            for t in done:\n                t.result()\n"
        ));
        // A done set only sized reads no task.
        assert!(blind_at(
            "async def f(ts, n):\n    done, not_done = await asyncio.wait(ts)\n    assert len(done) == n\n"
        ));
        assert!(!blind_at(
            "async def f(ts, n):\n    done, not_done = await asyncio.wait(ts)\n    assert my.len(done) == n\n"
        ));
        // The done set is read: its exceptions may be looked at.
        assert!(!blind_at(
            "async def f(ts):\n    done, _ = await asyncio.wait(ts)\n    for t in done:\n        t.result()\n"
        ));
        assert!(!blind_at(
            "async def f(ts):\n    result = await asyncio.wait(ts)\n    return result\n"
        ));
        assert!(!blind_at(
            "async def f(ts):\n    return await asyncio.wait(ts)\n"
        ));
        // `run_until_complete` returns what the wait returns: dropped or never read, blind.
        assert!(blind_at(
            "def f(loop, ts):\n    loop.run_until_complete(asyncio.wait(ts))\n"
        ));
        assert!(blind_at(
            "def f(ts):\n    asyncio.get_event_loop().run_until_complete(asyncio.wait(ts))\n"
        ));
        assert!(blind_at(
            "def f(loop, ts):\n    rc = loop.run_until_complete(asyncio.wait(ts))\n    sys.exit(rc)\n"
        ));
        assert!(!blind_at(
            "def f(loop, ts):\n    rc = loop.run_until_complete(asyncio.wait(ts))\n    return rc\n"
        ));
        assert!(!blind_at(
            "def f(loop, ts):\n    print(loop.run_until_complete(asyncio.wait(ts)))\n"
        ));
    }
}
