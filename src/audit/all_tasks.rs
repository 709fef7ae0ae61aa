//! A wait for every task of the loop but the waiting one: `pending = {t for t in
//! asyncio.all_tasks() if t is not current}` (`current = asyncio.current_task()`), then `await
//! asyncio.wait(pending)` or `gather(*pending)`. asyncio's `all_tasks()` returns every task of
//! the running loop that is not done, so every task a holder keeps is waited for there. A wait
//! that returns at a first completion or exception (`return_when=`) waits for all only in a
//! `while True:` loop that leaves only once nothing is pending (`if not pending: return`).
//! Read off the text of the holder's scope, as [`super::facts`] are.

use std::sync::LazyLock;

use regex::Regex;

use super::fate::Exceptions;

/// `pending = {t for t in asyncio.all_tasks() if t is not current}`.
static ALL_BUT_CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^([ \t]*)(\w+)[ \t]*=[ \t]*\{[ \t]*(\w+)[ \t]+for[ \t]+(\w+)[ \t]+in[ \t]+asyncio[ \t]*\.[ \t]*all_tasks\(\)[ \t]+if[ \t]+(\w+)[ \t]+is[ \t]+not[ \t]+(\w+)[ \t]*\}",
    )
    .expect("valid pattern")
});

/// The wait: `done, _ = await asyncio.wait(pending, ...)` or `await asyncio.gather(*pending)`.
static WAIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?:(\w+)[ \t]*,[^=\n]*=[ \t]*)?(?:\w+[ \t]*=[ \t]*)?await[ \t]+asyncio[ \t]*\.[ \t]*(wait|gather)\([ \t]*\*?(\w+)[ \t]*([^)]*)\)",
    )
    .expect("valid pattern")
});

/// Where `text` waits for every other task of the loop (the offset of its wait), and whether
/// it reads the exceptions of the tasks it waits for: `gather` raises the first; a `wait`'s
/// done set read by a loop that logs or reads each one's `exception()`.
pub(super) fn all_waited(text: &str) -> Option<(usize, Exceptions)> {
    // Most scopes never spell it: no pattern to run.
    memchr::memmem::find(text.as_bytes(), b"all_tasks()")?;
    let all = ALL_BUT_CURRENT.captures_iter(text).find(|c| {
        let same = c.get(3).map(|m| m.as_str()) == c.get(4).map(|m| m.as_str())
            && c.get(4).map(|m| m.as_str()) == c.get(5).map(|m| m.as_str());
        let current = c.get(6).map_or("", |m| m.as_str());
        let bound = Regex::new(&format!(
            r"\b{}[ \t]*=[ \t]*asyncio[ \t]*\.[ \t]*current_task\(\)",
            regex::escape(current)
        ));
        same && bound.is_ok_and(|b| b.is_match(text))
    })?;
    let (indent, pending, from) = (
        all.get(1)?.as_str(),
        all.get(2)?.as_str(),
        all.get(0)?.end(),
    );
    let rest = text.get(from..)?;
    let wait = WAIT
        .captures_iter(rest)
        .find(|c| c.get(3).is_some_and(|p| p.as_str() == pending))?;
    let whole = wait.get(0)?;
    let first = wait
        .get(4)
        .is_some_and(|a| a.as_str().contains("return_when"));
    if first && !until_none_pending(text.get(..from)?, rest, indent, pending) {
        return None;
    }
    let after = rest.get(whole.end()..).unwrap_or_default();
    let exceptions = match (wait.get(2).map(|m| m.as_str()), wait.get(1)) {
        (Some("gather"), _) => Exceptions::Retrieved,
        (_, Some(done)) if after.contains(&format!(" in {}:", done.as_str())) => {
            super::retrieval::callback_reads(after)
        }
        _ => Exceptions::NotRetrieved,
    };
    Some((from + whole.start(), exceptions))
}

/// The binding of `pending` is in a `while True:` loop (indented less than `indent`, the
/// binding's) that is left by `if not pending:` then `return` or `break`.
fn until_none_pending(before: &str, rest: &str, indent: &str, pending: &str) -> bool {
    let looped = before.lines().rev().any(|line| {
        let own = line.len() - line.trim_start().len();
        own < indent.len() && line.trim() == "while True:"
    });
    let test = format!("if not {pending}:");
    let mut lines = rest.lines().map(str::trim).filter(|l| !l.is_empty());
    let left = std::iter::from_fn(|| lines.next()).collect::<Vec<_>>();
    let leaves = left
        .windows(2)
        .any(|w| w[0] == test && matches!(w[1], "return" | "break"));
    looped && leaves
}

#[cfg(test)]
mod tests {
    use super::all_waited;
    use crate::audit::fate::Exceptions;

    #[test]
    fn a_wait_for_every_other_task_waits_for_the_holders() {
        let drain = "async def drain(spawned):\n    current = asyncio.current_task()\n    while True:\n        pending = {t for t in asyncio.all_tasks() if t is not current}\n        if not pending:\n            return\n        done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)\n        for task in done:\n            exc = task.exception()\n            if exc is not None:\n                logger.error(\"failed\", exc_info=exc)\n";
        assert_eq!(all_waited(drain).map(|w| w.1), Some(Exceptions::Logged));
        // Once, at the first exception: other tasks may still be pending.
        let once = drain.replace("    while True:\n", "    if True:\n");
        assert_eq!(all_waited(&once), None);
        let all = "async def drain():\n    current = asyncio.current_task()\n    pending = {t for t in asyncio.all_tasks() if t is not current}\n    await asyncio.wait(pending)\n";
        assert_eq!(all_waited(all).map(|w| w.1), Some(Exceptions::NotRetrieved));
        let unbound = all.replace("current = asyncio.current_task()", "current = None");
        assert_eq!(all_waited(&unbound), None);
    }
}
