//! `asyncio.wait` returns at its timeout, or at the first task done (`FIRST_COMPLETED`,
//! `FIRST_EXCEPTION`), with the other tasks still pending, and does not cancel them (asyncio's
//! documentation: "Unlike `wait_for()`, `wait()` does not cancel the futures when a timeout
//! occurs"). Where the function then drops the pending set (`_`, or a name it only tests:
//! `if len(pending) != 0: raise ...`) and reads the tasks' own local nowhere else, those tasks
//! run on held by nothing once the frame ends.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::names::{closing, pattern};
use crate::detect::callee::last_name;
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
    let Some(local) = site.local.as_deref() else {
        return inline_left_pending(site, src);
    };
    let Waits {
        base,
        code,
        from,
        waits,
    } = waits_over(site, local, src)?;
    for Wait { start, open, close } in waits {
        let pending_dropped = drops_pending(code, start, close);
        // Read nowhere else after it is bound: nothing cancels, keeps or awaits them otherwise
        // (`stack.callback(t.cancel)`, `self._pending.add(t)`).
        let only_waited =
            words(&code[from..], local.as_bytes()).all(|at| (open..close).contains(&(from + at)));
        if pending_dropped && only_waited {
            return Some(base + start);
        }
    }
    None
}

/// The same for a task kept only in a list or set of the function (`cleanup_tasks.append(task)`,
/// then `await asyncio.wait(cleanup_tasks, timeout=30.0)`): where a `wait` over that holder may
/// return with its tasks pending and drop them, the holder being read after the site only to
/// add tasks, to test its size, or in that wait, and the task's own local only to be added.
pub(super) fn holder_left_pending(site: &TaskSite, src: &str) -> Option<usize> {
    let holder = site.holder.as_deref()?;
    if !site.in_local_container
        || !holder
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let Waits {
        base,
        code,
        from,
        waits,
    } = waits_over(site, holder, src)?;
    let after = &code[from..];
    let added = |at: usize, len: usize| {
        let ahead: Vec<u8> = (after[..at].iter().rev().take(40).copied())
            .filter(|b| !b.is_ascii_whitespace())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let rest = after[at + len..].trim_ascii_start();
        let into = |method: &str| ahead.ends_with(format!("{holder}.{method}(").as_bytes());
        (into("append") || into("add")) && rest.starts_with(b")")
    };
    let local_only_added = site
        .local
        .as_deref()
        .is_none_or(|local| words(after, local.as_bytes()).all(|at| added(at, local.len())));
    if !local_only_added {
        return None;
    }
    for Wait { start, open, close } in waits {
        let only_waited = words(after, holder.as_bytes()).all(|at| {
            let rest = after[at + holder.len()..].trim_ascii_start();
            (open..close).contains(&(from + at))
                || only_tested(after, at, holder.len())
                || rest.starts_with(b".append(")
                || rest.starts_with(b".add(")
        });
        if only_waited && drops_pending(code, start, close) {
            return Some(base + start);
        }
    }
    None
}

/// Where (an offset in `src`) the function cancels the tasks a `wait` over the site's local
/// leaves pending at its timeout or first completion, and returns without awaiting them: the
/// pending set is read only by `for t in pending: t.cancel()` (or tested). asyncio's contract:
/// `cancel()` only asks; the task runs on until its next step, unawaited (aioice's
/// `done, pending = await asyncio.wait(tasks, timeout=t)`, then `for task in pending:
/// task.cancel()` and `return`).
pub(super) fn cancelled_pending(site: &TaskSite, src: &str) -> Option<usize> {
    let Some(local) = site.local.as_deref() else {
        return inline_cancelled_pending(site, src);
    };
    let Waits {
        base,
        code,
        from,
        waits,
    } = waits_over(site, local, src)?;
    only_cancelled(base, code, &waits).or_else(|| cancelled_itself(base, code, from, &waits, local))
}

/// The first of `waits` that drops its pending set, after which the function reads the local
/// only to cancel it (`if not t.done(): t.cancel()`, or each of a list's tasks: `for t in
/// loops: t.done() or t.cancel()`; nothing between its binding and the wait):
/// the offset of that cancel in the source. The same reading of asyncio's contract as a
/// pending set only cancelled ([`only_cancelled`]).
fn cancelled_itself(
    base: usize,
    code: &[u8],
    from: usize,
    waits: &[Wait],
    local: &str,
) -> Option<usize> {
    let name = local.as_bytes();
    // Up to the name's next binding: what follows is another task's.
    let end = words(&code[from..], name)
        .map(|at| from + at)
        .find(|&at| {
            let line = memchr::memrchr(b'\n', &code[..at]).map_or(0, |i| i + 1);
            let after = code[at + name.len()..].trim_ascii_start();
            code[line..at].trim_ascii().is_empty()
                && (after.starts_with(b"=") && !after.starts_with(b"==") || after.starts_with(b":"))
        })
        .unwrap_or(code.len());
    for wait in waits.iter().filter(|w| w.close <= end) {
        if !drops_pending(code, wait.start, wait.close) {
            continue;
        }
        let mut cancel = None;
        let only_cancelled = words(&code[from..end], name).all(|at| {
            let at = from + at;
            if (wait.open..wait.close).contains(&at) {
                return true;
            }
            let rest = code.get(at + name.len()..).unwrap_or_default();
            if at < wait.close {
                return false;
            }
            if rest.starts_with(b".cancel()") {
                cancel = cancel.or(Some(at));
                return true;
            }
            // `for t in loops: t.done() or t.cancel()`: each of the list's tasks cancelled.
            if let Some(each) = cancels_each(code, at, name.len()) {
                cancel = cancel.or(Some(each));
                return true;
            }
            rest.starts_with(b".done()") || rest.starts_with(b".cancelled()")
        });
        if let Some(at) = cancel.filter(|_| only_cancelled) {
            return Some(base + at);
        }
    }
    None
}

/// A task made inline in the arguments of a `wait(...)` that may return early, whose pending
/// set the function only cancels (`_, pending = await asyncio.wait([ensure_future(a()),
/// ensure_future(b())], return_when=FIRST_COMPLETED)`, then `for fut in pending:
/// fut.cancel()`): the same reading as for a local's tasks, read in the function's body.
fn inline_cancelled_pending(site: &TaskSite, src: &str) -> Option<usize> {
    let (start, open, close) = inline_wait(site, src)?;
    let innermost = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let body = innermost?.child_by_field_name("body")?;
    let base = body.start_byte();
    let code = src.get(base..body.end_byte())?.as_bytes();
    let wait = Wait {
        start: start.checked_sub(base)?,
        open: open.checked_sub(base)?,
        close: close.checked_sub(base)?,
    };
    only_cancelled(base, code, &[wait])
}

/// The first of `waits` (in `code`, from `base` in the source) whose named pending set is
/// only cancelled, each task in a loop over it: the offset of that cancel in the source.
fn only_cancelled(base: usize, code: &[u8], waits: &[Wait]) -> Option<usize> {
    for &Wait { start, close, .. } in waits {
        let line = memchr::memrchr(b'\n', &code[..start]).map_or(0, |i| i + 1);
        let Some(pending) = BEFORE
            .captures(&code[line..start])
            .and_then(|c| c.get(1))
            .map(|p| p.as_bytes())
            .filter(|p| *p != b"_")
        else {
            continue;
        };
        let after = code.get(close..).unwrap_or_default();
        let mut cancel = None;
        let only_cancelled = words(after, pending).all(|at| {
            if only_tested(after, at, pending.len())
                || in_comment_line(after, at)
                || membership_test(after, at, pending.len())
            {
                return true;
            }
            let found = cancels_each(after, at, pending.len());
            cancel = cancel.or(found);
            found.is_some()
        });
        if let Some(at) = cancel.filter(|_| only_cancelled) {
            return Some(base + close + at);
        }
    }
    None
}

/// The name at `at` in `text` (`len` long) is the right side of a membership test of an
/// `if` (`if other in pending:`): it keeps nothing and cancels nothing.
fn membership_test(text: &[u8], at: usize, len: usize) -> bool {
    let Some(before) = text[..at].trim_ascii_end().strip_suffix(b"in") else {
        return false;
    };
    let line = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let head = before[line..].trim_ascii_start();
    before.last().is_some_and(u8::is_ascii_whitespace)
        && (head.starts_with(b"if ") || head.starts_with(b"elif "))
        && text[at + len..].trim_ascii_start().starts_with(b":")
}

/// `at` stands on a line that is a comment (`# cancel all pending futures`): no read.
fn in_comment_line(text: &[u8], at: usize) -> bool {
    let line = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    text[line..at].trim_ascii_start().starts_with(b"#")
}

/// A `wait` call over a site's local, after its binding: offsets in the function body's bytes.
#[derive(Clone, Copy)]
struct Wait {
    start: usize,
    open: usize,
    close: usize,
}

/// The function body the site's local lives in (from `base` in `src`), where its binding ends
/// in it (`from`), and the `wait` calls after that over the local that may return with tasks
/// still pending (a timeout or a first completion).
struct Waits<'s> {
    base: usize,
    code: &'s [u8],
    from: usize,
    waits: Vec<Wait>,
}

fn waits_over<'s>(site: &TaskSite, local: &str, src: &'s str) -> Option<Waits<'s>> {
    let innermost = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let body = site
        .closure_frame
        .as_ref()
        .or(innermost)?
        .child_by_field_name("body")?;
    let code = src.get(body.start_byte()..body.end_byte())?.as_bytes();
    let from = site.statement.end_byte().saturating_sub(body.start_byte());
    let waits = (WAIT.find_iter(code).filter(|m| m.start() >= from))
        .filter_map(|found| {
            let open = found.end() - 1;
            let close = closing(code, open);
            let arguments = code.get(open..close).unwrap_or_default();
            let over = words(arguments, local.as_bytes()).next().is_some();
            // Repeated until its pending set is empty, it leaves none pending.
            let drained = super::done_sets::drained(code, found.start());
            (over && may_return_early(arguments) && !drained).then_some(Wait {
                start: found.start(),
                open,
                close,
            })
        })
        .collect();
    Some(Waits {
        base: body.start_byte(),
        code,
        from,
        waits,
    })
}

/// Where `for <t> in <name>:` at `at` in `text` cancels each `t` (`t.cancel()` on the next
/// line) and does nothing else with it, or a list comprehension of its own statement does
/// (`[t.cancel() for t in <name>]`): the offset of that cancel.
fn cancels_each(text: &[u8], at: usize, len: usize) -> Option<usize> {
    if let Some(at) = cancelled_in_comprehension(text, at, len) {
        return Some(at);
    }
    let ahead = text[..at].trim_ascii_end().strip_suffix(b"in")?;
    let line = memchr::memrchr(b'\n', ahead).map_or(0, |i| i + 1);
    let head = ahead[line..].trim_ascii();
    let item = head.strip_prefix(b"for")?.trim_ascii();
    if item.is_empty() || !item.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_') {
        return None;
    }
    let indent = |l: &[u8]| l.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let own = indent(&ahead[line..]);
    let rest = text[at + len..].trim_ascii_start().strip_prefix(b":")?;
    let next = rest.trim_ascii_start();
    // The loop's body: the lines below it indented more (blank ones too).
    let start = text.len() - rest.len();
    let mut end = start;
    for l in rest.split(|b| *b == b'\n').skip(1) {
        if !l.trim_ascii().is_empty() && indent(l) <= own {
            break;
        }
        end += l.len() + 1;
    }
    let body = text.get(start..end.min(text.len())).unwrap_or_default();
    let cancel = [item, &b".cancel()"[..]].concat();
    let cancels = memchr::memmem::find_iter(body, &cancel).count();
    // Besides the cancel, only a test of whether it is over (`t.done() or t.cancel()`).
    let only_cancelled = words(body, item).all(|at| {
        let rest = &body[at + item.len()..];
        [&b".cancel()"[..], b".done()", b".cancelled()"]
            .iter()
            .any(|call| rest.starts_with(call))
    });
    (cancels > 0 && only_cancelled).then(|| text.len() - next.len())
}

/// `[<t>.cancel() for <t> in <name>]` (or with `{}`, `()`), a statement on one line, `<name>`
/// at `at` in `text`: a comprehension run for its cancels, each of the set's tasks cancelled
/// and nothing else done with it (sphinx-autobuild's `[task.cancel() for task in pending]`).
/// The offset of the comprehension.
fn cancelled_in_comprehension(text: &[u8], at: usize, len: usize) -> Option<usize> {
    let ahead = text[..at].trim_ascii_end().strip_suffix(b"in")?;
    let line = memchr::memrchr(b'\n', ahead).map_or(0, |i| i + 1);
    let head = ahead[line..].trim_ascii();
    let (&open, inner) = head.split_first()?;
    let close = match open {
        b'[' => b']',
        b'{' => b'}',
        b'(' => b')',
        _ => return None,
    };
    let split = memchr::memmem::rfind(inner, b" for ")?;
    let item = inner[split + 5..].trim_ascii();
    let call = inner[..split].trim_ascii();
    let name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    if item.is_empty() || !item.iter().all(name) || call != [item, b".cancel()"].concat() {
        return None;
    }
    // Nothing after the closing bracket but a comment: the comprehension is the statement.
    let rest = text[at + len..].trim_ascii_start().strip_prefix(&[close])?;
    let rest = memchr::memchr(b'\n', rest)
        .map_or(rest, |i| &rest[..i])
        .trim_ascii();
    let indent = ahead[line..].len() - ahead[line..].trim_ascii_start().len();
    (rest.is_empty() || rest.starts_with(b"#")).then_some(line + indent)
}

/// A task made inline in the arguments of a `wait(...)` that may return early and drops its
/// pending set (`await asyncio.wait([create_task(a()), create_task(sleep(t))],
/// return_when=FIRST_COMPLETED)` as a statement): nothing else ever held it, so the one not
/// done is left running, held by nothing. The same reading of asyncio's contract as for a
/// local's tasks ([`left_pending`]).
fn inline_left_pending(site: &TaskSite, src: &str) -> Option<usize> {
    let (start, _, close) = inline_wait(site, src)?;
    drops_pending(src.as_bytes(), start, close).then_some(start)
}

/// The `wait(...)` whose arguments make the site's task inline (in a list, set or tuple
/// there), if it may return early: the offsets of its `wait`, of its arguments' `(` and of
/// where they close.
fn inline_wait(site: &TaskSite, src: &str) -> Option<(usize, usize, usize)> {
    let mut node = site.call;
    let wait = loop {
        let parent = node.parent()?;
        match parent.kind() {
            "call" => {
                let function = parent.child_by_field_name("function")?;
                if last_name(function, src) == Some("wait") {
                    break parent;
                }
                // Inside another call (`wait(make(create_task(x)))`): that call decides.
                if parent.child_by_field_name("arguments") == Some(node) {
                    return None;
                }
            }
            "argument_list" | "list" | "set" | "tuple" | "parenthesized_expression" => {}
            _ => return None,
        }
        node = parent;
    };
    let arguments = wait.child_by_field_name("arguments")?;
    let code = src.as_bytes();
    let open = arguments.start_byte();
    let close = closing(code, open);
    let start = wait
        .child_by_field_name("function")?
        .end_byte()
        .checked_sub(4)?;
    let early = may_return_early(code.get(open..close).unwrap_or_default());
    (early && code.get(start..open) == Some(b"wait")).then_some((start, open, close))
}

/// Whether the `wait(` at `start` in `code` (its arguments closing at `close`) drops its
/// pending set: a statement of its own (`await asyncio.wait(...)`), a `_` pending target, or
/// one the code after only tests (`if pending:`, `len(pending)`).
fn drops_pending(code: &[u8], start: usize, close: usize) -> bool {
    let line = memchr::memrchr(b'\n', &code[..start]).map_or(0, |i| i + 1);
    let Some(before) = BEFORE.captures(&code[line..start]) else {
        return false;
    };
    let after = code.get(close..).unwrap_or_default();
    // `await asyncio.wait(...)` with more after it (`... or x`) is no statement of its own.
    let rest = memchr::memchr(b'\n', after).map_or(after, |i| &after[..i]);
    let rest = rest.trim_ascii();
    match before.get(1).map(|p| p.as_bytes()) {
        None => rest.is_empty() || rest.starts_with(b"#"),
        Some(b"_") => true,
        Some(pending) => words(after, pending).all(|at| only_tested(after, at, pending.len())),
    }
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
    use super::{cancels_each, may_return_early, membership_test};

    /// `cancels_each` at the first whole `pending` in `text`.
    fn each(text: &str) -> Option<usize> {
        let at = text.find("pending").expect("names pending");
        cancels_each(text.as_bytes(), at, "pending".len())
    }

    #[test]
    fn a_comprehension_of_its_own_cancels_each_task() {
        let text = "x\n        [task.cancel() for task in pending]\n";
        assert_eq!(each(text), Some(10));
        assert_eq!(each("[t.cancel() for t in pending]  # stop\n"), Some(0));
        assert_eq!(each("{t.cancel() for t in pending}"), Some(0));
        // Another call, another name, or more than the comprehension on its line.
        assert_eq!(each("[t.result() for t in pending]"), None);
        assert_eq!(each("[u.cancel() for t in pending]"), None);
        assert_eq!(each("[t.cancel() for t in pending] or x"), None);
        assert_eq!(each("x = [t.cancel() for t in pending]"), None);
    }

    #[test]
    fn a_membership_test_of_an_if_keeps_nothing() {
        let test = |text: &str| {
            let at = text.find("pending").expect("names pending");
            membership_test(text.as_bytes(), at, "pending".len())
        };
        assert!(test("        if other_task in pending:\n"));
        assert!(test("elif t not in pending:"));
        assert!(!test("for t in pending:"));
        assert!(!test("if keep(t in pending):"));
        assert!(!test("x = t in pending"));
    }

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
