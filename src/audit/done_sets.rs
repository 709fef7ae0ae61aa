//! What a function does with the sets `asyncio.wait` returns, read off its text (exam35j class
//! 4, AutoRecon's `run` and `scan_target`): `done, pending = await asyncio.wait(...)` binds
//! both names (no read); `for t in done:` whose body only tests `t` for membership, takes it
//! out of a holder or cancels it reads no task's outcome; and `while pending: done, pending =
//! await asyncio.wait(pending, ...)` with no way out of the loop but its test waits until
//! `pending` is empty, so it leaves no task pending, whatever its timeout.

/// Whether the name at `at..end` of `code` is a target of a tuple assignment that starts its
/// line (`done, pending = ...`, `(done, _) = ...`): a binding, not a read.
pub(super) fn tuple_target(code: &[u8], at: usize, end: usize) -> bool {
    let line = memchr::memrchr(b'\n', &code[..at]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &code[end..]).map_or(code.len(), |i| end + i);
    let names = |text: &[u8]| {
        text.iter().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b',' | b' ' | b'\t' | b'(' | b'[')
        })
    };
    let ahead = &code[line..at];
    let after = &code[end..line_end];
    let Some(eq) = memchr::memchr(b'=', after) else {
        return false;
    };
    let targets = after[..eq].trim_ascii_end();
    let targets = targets
        .strip_suffix(b")")
        .or_else(|| targets.strip_suffix(b"]"))
        .unwrap_or(targets);
    let tuple = ahead.contains(&b',') || targets.contains(&b',');
    tuple
        && names(ahead)
        && names(targets)
        && !matches!(after.get(eq + 1), Some(b'='))
        && !matches!(
            eq.checked_sub(1).map(|i| after[i]),
            Some(b'!' | b'<' | b'>')
        )
}

/// Whether the name at `at..end` of `code` is the iterable of `for <t> in <name>:` whose body
/// names `t` only to test it for membership (`if t in pending`), to take it out of a holder
/// (`pending.remove(t)`, `.discard(t)`) or to cancel or poll it: no task's outcome is read.
pub(super) fn loop_reads_nothing(code: &[u8], at: usize, end: usize) -> bool {
    let line = memchr::memrchr(b'\n', &code[..at]).map_or(0, |i| i + 1);
    let header = &code[line..at];
    let Some(var) = (header.trim_ascii())
        .strip_prefix(b"for ")
        .and_then(|h| h.strip_suffix(b"in"))
        .map(<[u8]>::trim_ascii)
        .filter(|v| !v.is_empty() && v.iter().all(|b| is_word(*b)))
    else {
        return false;
    };
    let rest = &code[end..];
    let newline = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    if rest[..newline].trim_ascii() != b":" {
        return false;
    }
    let body = block_after(code, end + newline, indent(header));
    let body = &code[body];
    let uses: Vec<usize> = words(body, var).collect();
    !uses.is_empty()
        && uses.into_iter().all(|i| {
            let after = &body[i + var.len()..];
            let squeezed: Vec<u8> = (after.iter().take(16).copied())
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            let inspected = [&b".cancel()"[..], b".done()", b".cancelled()"]
                .iter()
                .any(|m| squeezed.starts_with(m));
            let ahead: Vec<u8> = (body[..i].iter().rev().take(24).copied())
                .filter(|b| !b.is_ascii_whitespace())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let taken_out = (ahead.ends_with(b".remove(") || ahead.ends_with(b".discard("))
                && after.trim_ascii_start().starts_with(b")");
            inspected || taken_out || super::membership::only_tested(body, i, i + var.len())
        })
}

/// Whether the `wait(` at `start` of `code` is the statement `<done>, <pending> = await
/// ...wait(...)` directly in the body of `while <pending>:`, a loop with no `break` of its own
/// and no `return`: it ends only when `pending` is empty, every task waited for to its end.
pub(super) fn drained(code: &[u8], start: usize) -> bool {
    let line = memchr::memrchr(b'\n', &code[..start]).map_or(0, |i| i + 1);
    let head = &code[line..start];
    let Some(eq) = memchr::memchr(b'=', head) else {
        return false;
    };
    let targets = head[..eq].trim_ascii();
    let targets = targets
        .strip_prefix(b"(")
        .and_then(|t| t.strip_suffix(b")"))
        .unwrap_or(targets);
    let Some(pending) = targets
        .split(|b| *b == b',')
        .nth(1)
        .map(<[u8]>::trim_ascii)
        .filter(|p| !p.is_empty() && p.iter().all(|b| is_word(*b)) && *p != b"_")
    else {
        return false;
    };
    let own = indent(head);
    // The loop header: the nearest line above indented less than the wait.
    let mut end = line;
    let header = loop {
        let Some(stop) = end.checked_sub(1) else {
            return false;
        };
        let from = memchr::memrchr(b'\n', &code[..stop]).map_or(0, |i| i + 1);
        let text = &code[from..stop];
        end = from;
        let code_line = !text.trim_ascii().is_empty() && !text.trim_ascii_start().starts_with(b"#");
        if code_line && indent(text) < own {
            break (from, text);
        }
    };
    let (from, text) = header;
    let test = text.trim_ascii();
    let Some(name) = test
        .strip_prefix(b"while ")
        .and_then(|t| t.strip_suffix(b":"))
        .map(<[u8]>::trim_ascii)
    else {
        return false;
    };
    if name != pending {
        return false;
    }
    let body = block_after(code, from + text.len(), indent(text));
    !leaves(&code[body], own)
}

/// Whether a loop body (its statements at `own` indentation) has a `return`, or a `break` not
/// inside a nested loop: a way out with tasks still pending.
fn leaves(body: &[u8], own: usize) -> bool {
    // The indentation of the loops nested in the body, innermost last.
    let mut nested: Vec<usize> = Vec::new();
    for line in body.split(|b| *b == b'\n') {
        let code = line.trim_ascii_start();
        if code.is_empty() || code.starts_with(b"#") {
            continue;
        }
        let at = indent(line);
        while nested.last().is_some_and(|n| *n >= at) {
            nested.pop();
        }
        let first = code.split(|b| !is_word(*b)).next().unwrap_or_default();
        match first {
            b"return" => return true,
            b"break" if nested.is_empty() => return true,
            b"for" | b"while" | b"def" if at >= own => nested.push(at),
            b"async" if at >= own && !code.starts_with(b"async with") => nested.push(at),
            _ => {}
        }
    }
    false
}

/// The byte range of the block under the line that ends at `line_end`: the lines after it
/// indented more than `own` (blank ones too).
fn block_after(code: &[u8], line_end: usize, own: usize) -> std::ops::Range<usize> {
    let start = (line_end + 1).min(code.len());
    let mut end = start;
    for line in code[start..].split(|b| *b == b'\n') {
        if !line.trim_ascii().is_empty() && indent(line) <= own {
            break;
        }
        end = (end + line.len() + 1).min(code.len());
    }
    start..end
}

fn indent(line: &[u8]) -> usize {
    line.iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where `name` stands in `text` as a whole name (not an attribute, not part of a longer one).
fn words<'a>(text: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(text, name).filter(move |&i| {
        let before = i.checked_sub(1).map(|j| text[j]);
        !before.is_some_and(|b| is_word(b) || b == b'.')
            && !text.get(i + name.len()).is_some_and(|b| is_word(*b))
    })
}

#[cfg(test)]
mod tests {
    use super::{drained, loop_reads_nothing, tuple_target};

    fn at(text: &str, name: &str) -> (usize, usize) {
        let i = text.find(name).unwrap();
        (i, i + name.len())
    }

    #[test]
    fn a_tuple_target_is_bound_not_read() {
        let text = "    done, pending = await asyncio.wait(pending)\n";
        let (s, e) = at(text, "pending");
        assert!(tuple_target(text.as_bytes(), s, e));
        let (s, e) = at(text, "done");
        assert!(tuple_target(text.as_bytes(), s, e));
        assert!(!tuple_target(b"    pending == other\n", 4, 11));
        assert!(!tuple_target(b"    x, y = f(pending)\n", 13, 20));
        assert!(!tuple_target(b"    keep(done, x)\n", 9, 13));
    }

    #[test]
    fn a_loop_that_only_tests_membership_reads_no_task() {
        let text =
            "for task in done:\n    if task in pending:\n        pending.remove(task)\nx = 1\n";
        let (s, e) = at(text, "done");
        assert!(loop_reads_nothing(text.as_bytes(), s, e));
        let read = "for task in done:\n    if task in pending:\n        print(task.result())\n";
        let (s, e) = at(read, "done");
        assert!(!loop_reads_nothing(read.as_bytes(), s, e));
    }

    #[test]
    fn a_wait_repeated_until_its_pending_set_is_empty_leaves_none() {
        let text = "while pending:\n    done, pending = await asyncio.wait(pending, timeout=1)\n\nfor t in pending:\n    t.cancel()\n";
        assert!(drained(text.as_bytes(), text.find("wait(").unwrap()));
        let broken = "while pending:\n    done, pending = await asyncio.wait(pending, timeout=1)\n    if late():\n        break\n";
        assert!(!drained(broken.as_bytes(), broken.find("wait(").unwrap()));
        let nested = "while pending:\n    done, pending = await asyncio.wait(pending, timeout=1)\n    for t in done:\n        if t:\n            break\n";
        assert!(drained(nested.as_bytes(), nested.find("wait(").unwrap()));
        let other = "while running:\n    done, pending = await asyncio.wait(pending, timeout=1)\n";
        assert!(!drained(other.as_bytes(), other.find("wait(").unwrap()));
    }
}
