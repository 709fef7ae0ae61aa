//! A task handed to a helper that only looks at its state (podman-compose's nested
//! `_task_cancelled(task)`, which calls `task.cancelled()` and `task.cancelling()`): the call
//! reads no exception, as `t.cancelled()` in place does not.

use super::names::{DEF, function_end};

/// The methods that look at a task's state without its outcome.
pub(super) const INSPECTIONS: [&str; 4] = [".cancel()", ".done()", ".cancelled()", ".cancelling()"];

/// Whether the use of a task that `ahead` (the line's text before it) and `after` (the text
/// after it) surround is `helper(task)`, a one-argument call of a `def` in `code` whose body
/// names its one parameter only to call an inspection on it.
pub(super) fn by_helper(code: &[u8], ahead: &[u8], after: &[u8]) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let Some(call) = ahead.trim_ascii_end().strip_suffix(b"(") else {
        return false;
    };
    let call = call.trim_ascii_end();
    let name_at = call.iter().rposition(|b| !word(b)).map_or(0, |i| i + 1);
    let name = &call[name_at..];
    if name.is_empty()
        || call[..name_at].ends_with(b".")
        || !after.trim_ascii_start().starts_with(b")")
    {
        return false;
    }
    let Some(def) = DEF
        .captures_iter(code)
        .find_map(|c| (c.get(1)?.as_bytes() == name).then(|| c.get(0).map(|m| m.start()))?)
    else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(code) else {
        return false;
    };
    let body = text.get(def..function_end(text, def)).unwrap_or_default();
    let parameters = super::shutdown::parameters(body);
    let [(parameter, false)] = parameters[..] else {
        return false;
    };
    let Some(colon) = body.find(":\n").or_else(|| body.find(":\r\n")) else {
        return false;
    };
    let inner = &body.as_bytes()[colon..];
    let uses: Vec<usize> = memchr::memmem::find_iter(inner, parameter.as_bytes())
        .filter(|&i| {
            !i.checked_sub(1)
                .map(|j| &inner[j])
                .is_some_and(|b| word(b) || *b == b'.')
                && !inner.get(i + parameter.len()).is_some_and(word)
        })
        .collect();
    !uses.is_empty()
        && uses.into_iter().all(|i| {
            let squeezed: Vec<u8> = (inner[i + parameter.len()..].iter().take(16).copied())
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            INSPECTIONS
                .iter()
                .any(|m| squeezed.starts_with(m.as_bytes()))
        })
}
