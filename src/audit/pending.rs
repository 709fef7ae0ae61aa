//! `asyncio.wait` returns at its timeout, or at the first task done (`FIRST_COMPLETED`,
//! `FIRST_EXCEPTION`), with the other tasks still pending, and does not cancel them (asyncio's
//! documentation: "Unlike `wait_for()`, `wait()` does not cancel the futures when a timeout
//! occurs"). Where the function then drops the pending set (`_`, or a name it only tests:
//! `if len(pending) != 0: raise ...`) and reads the tasks' own local nowhere else, those tasks
//! run on held by nothing once the frame ends.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::names::{closing, pattern};
use crate::detect::task_site::TaskSite;

static WAIT: LazyLock<Regex> = LazyLock::new(|| pattern(r"\bwait[ \t]*\("));

/// What comes before `wait(` on its line: `await asyncio.`, or `done, pending = await `, whose
/// second target (the pending set) is captured.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^[ \t]*(?:[(\[]?[ \t]*\w+[ \t]*,[ \t]*(\w+)[ \t]*[)\]]?[ \t]*=[ \t]*)?await[ \t]+(?:\w+[ \t]*\.[ \t]*)*$",
    )
});

/// Where (an offset in `src`) a `wait` over the site's local may return with its tasks still
/// pending and drop them: the pending set is dropped or only tested, and the local is read
/// nowhere after its binding but in that wait.
pub(super) fn left_pending(site: &TaskSite, src: &str) -> Option<usize> {
    let local = site.local.as_deref()?;
    let innermost = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let body = site
        .closure_frame
        .as_ref()
        .or(innermost)?
        .child_by_field_name("body")?;
    let code = src.get(body.start_byte()..body.end_byte())?.as_bytes();
    let from = site.statement.end_byte().saturating_sub(body.start_byte());
    for found in WAIT.find_iter(code).filter(|m| m.start() >= from) {
        let open = found.end() - 1;
        let close = closing(code, open);
        let arguments = code.get(open..close).unwrap_or_default();
        if words(arguments, local.as_bytes()).next().is_none() || !may_return_early(arguments) {
            continue;
        }
        let line = memchr::memrchr(b'\n', &code[..found.start()]).map_or(0, |i| i + 1);
        let Some(before) = BEFORE.captures(&code[line..found.start()]) else {
            continue;
        };
        let after = code.get(close..).unwrap_or_default();
        let pending_dropped = match before.get(1).map(|p| p.as_bytes()) {
            None | Some(b"_") => true,
            Some(pending) => words(after, pending).all(|at| only_tested(after, at, pending.len())),
        };
        // Read nowhere else after it is bound: nothing cancels, keeps or awaits them otherwise
        // (`stack.callback(t.cancel)`, `self._pending.add(t)`).
        let only_waited =
            words(&code[from..], local.as_bytes()).all(|at| (open..close).contains(&(from + at)));
        if pending_dropped && only_waited {
            return Some(body.start_byte() + found.start());
        }
    }
    None
}

/// Whether the arguments of a `wait(...)` let it return with tasks pending: a `timeout` other
/// than `None`, or a `return_when` that is not `ALL_COMPLETED`.
fn may_return_early(arguments: &[u8]) -> bool {
    let timeout = memchr::memmem::find_iter(arguments, b"timeout").any(|at| {
        let rest = arguments[at + 7..].trim_ascii_start();
        rest.strip_prefix(b"=")
            .is_some_and(|value| !value.trim_ascii_start().starts_with(b"None"))
    });
    let first = [&b"FIRST_COMPLETED"[..], b"FIRST_EXCEPTION"]
        .iter()
        .any(|w| memchr::memmem::find(arguments, w).is_some());
    timeout || first
}

/// Where `name` stands in `text` as a whole name (not an attribute, not part of a longer one).
fn words<'a>(text: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    memchr::memmem::find_iter(text, name).filter(move |&i| {
        let before = i.checked_sub(1).and_then(|j| text.get(j));
        !before.is_some_and(|b| word(b) || *b == b'.')
            && !text.get(i + name.len()).is_some_and(word)
    })
}

/// Whether the name at `at` (`len` long) is only tested for its size: `len(name)`, `if name:`,
/// `if not name:`.
fn only_tested(text: &[u8], at: usize, len: usize) -> bool {
    let ahead = text[..at].trim_ascii_end();
    let after = text[at + len..].trim_ascii_start();
    (ahead.ends_with(b"len(") && after.starts_with(b")"))
        || ([&b"if"[..], b"not", b"elif", b"while"].iter())
            .any(|w| ahead.ends_with(w) && after.starts_with(b":"))
}

#[cfg(test)]
mod tests {
    use super::may_return_early;

    #[test]
    fn a_wait_returns_early_at_its_timeout_or_first_completion() {
        assert!(may_return_early(b"(ts, timeout=timeout)"));
        assert!(may_return_early(
            b"(ts, return_when=asyncio.FIRST_COMPLETED)"
        ));
        assert!(!may_return_early(b"(ts, timeout=None)"));
        assert!(!may_return_early(
            b"(ts, return_when=asyncio.ALL_COMPLETED)"
        ));
        assert!(!may_return_early(b"(ts)"));
    }
}
