//! How a holder is shut down: the cancels and waits of it in a block of text, and what a
//! helper it is handed to does to its parameters (`await cancel_all(self._a, self._b)`, `await
//! self._stop(task)`), read from the helper's own body when the file has it.

use std::sync::LazyLock;

use regex::Regex;

use super::facts::{Facts, Handed};
use super::fate::Shutdown;

/// The cancel and the wait found so far, as offsets: several places (the owner's class and the
/// classes joined with it, a helper) each add what the others lack.
#[derive(Clone, Copy, Default)]
pub(super) struct Found {
    cancel: Option<usize>,
    awaited: Option<usize>,
}

impl Found {
    /// Adds one place's shutdown, its offset made absolute; the first cancel and wait stay.
    pub(super) fn add(&mut self, shutdown: Shutdown, at: Option<usize>) {
        if matches!(
            shutdown,
            Shutdown::CancelledAndAwaited | Shutdown::Cancelled
        ) {
            self.cancel = self.cancel.or(at);
        }
        if matches!(shutdown, Shutdown::CancelledAndAwaited | Shutdown::Awaited) {
            self.awaited = self.awaited.or(at);
        }
    }

    pub(super) fn complete(&self) -> bool {
        self.cancel.is_some() && self.awaited.is_some()
    }

    /// The shutdown, and the offset that cancels (or else awaits).
    pub(super) fn shutdown(&self) -> (Shutdown, Option<usize>) {
        match (self.cancel, self.awaited) {
            (Some(c), Some(_)) => (Shutdown::CancelledAndAwaited, Some(c)),
            (Some(c), None) => (Shutdown::Cancelled, Some(c)),
            (None, Some(a)) => (Shutdown::Awaited, Some(a)),
            (None, None) => (Shutdown::None, None),
        }
    }
}

/// What the helper a holder is handed to does to it: its body's cancels and waits of the
/// parameter the holder is bound to (any parameter, when where it goes is not known), at the
/// offset of the call. A body that is not at hand (imported) is judged by the helper's name:
/// one that says it cancels (`cancel_and_wait`) cancels and waits. `None` when it does neither.
pub(super) fn by_helper(handed: &Handed, body: Option<&str>) -> Option<(Shutdown, usize)> {
    let Some(def) = body else {
        let named = handed.function.to_ascii_lowercase();
        let cancels = named.contains("cancel") && !named.contains("uncancel");
        return cancels.then_some((Shutdown::CancelledAndAwaited, handed.at));
    };
    let facts = Facts::read(def.as_bytes());
    let parameters = parameters(def);
    let bound: Vec<&str> = match handed.index {
        Some(i) => parameters
            .iter()
            .enumerate()
            .rev()
            .find(|(p, (_, star))| *p == i || (*star && *p <= i))
            .map(|(_, (name, _))| vec![*name])
            .unwrap_or_default(),
        None => parameters.iter().map(|(name, _)| *name).collect(),
    };
    // A wait of what the body makes of its parameter (`pending = [t for t in tasks if not
    // t.done()]`, then `await asyncio.wait(pending)`): the rule `fix --drain-on-shutdown`
    // calls a project's own helper by.
    let squeezed: String = def.split_whitespace().collect();
    let waits =
        squeezed.contains("await") && (squeezed.contains("gather(") || squeezed.contains("wait("));
    let mut found = Found::default();
    for name in bound {
        let (shutdown, _) = shutdown_of(name, &facts);
        let cancels = matches!(
            shutdown,
            Shutdown::Cancelled | Shutdown::CancelledAndAwaited
        );
        let shutdown = match shutdown {
            Shutdown::Cancelled if waits => Shutdown::CancelledAndAwaited,
            other => other,
        };
        found.add(shutdown, Some(handed.at));
        if cancels && found.complete() {
            break;
        }
    }
    match found.shutdown() {
        (Shutdown::None, _) | (_, None) => None,
        (shutdown, Some(at)) => Some((shutdown, at)),
    }
}

/// Whether the `def` whose text starts `def` is a method: its first parameter is `self` or
/// `cls`.
pub(super) fn takes_self(def: &str) -> bool {
    let first = def.split_once('(').map_or("", |(_, rest)| rest);
    let first = first
        .split([',', ')', ':', '='])
        .next()
        .unwrap_or_default()
        .trim();
    matches!(first, "self" | "cls")
}

/// The parameters of the `def` whose text starts `def` (its signature up to the closing
/// parenthesis): each name, and whether it takes the rest (`*tasks`), without `self` or
/// `cls`, and none after a bare `*` or past `**`.
pub(super) fn parameters(def: &str) -> Vec<(&str, bool)> {
    let Some(open) = def.find('(') else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let pieces = super::names::pieces(def.as_bytes(), open);
    for (i, piece) in pieces.iter().enumerate() {
        let piece = std::str::from_utf8(piece).unwrap_or_default();
        let name = piece.split([':', '=']).next().unwrap_or_default().trim();
        if i == 0 && matches!(name, "self" | "cls") || name == "/" {
            continue;
        }
        if name == "*" || name.starts_with("**") {
            break;
        }
        let (name, star) = match name.strip_prefix('*') {
            Some(rest) => (rest.trim(), true),
            None => (name, false),
        };
        if name.is_empty() || !name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric()) {
            break;
        }
        found.push((name, star));
        if star {
            break;
        }
    }
    found
}

/// How the holder is shut down in its block: a `.cancel()` of it or of its elements, and an
/// `await` / `gather` / `wait` of it or of its elements, with the offset that cancels (or
/// else awaits) it.
pub(super) fn shutdown_of(holder: &str, facts: &Facts) -> (Shutdown, Option<usize>) {
    let earliest = |found: Option<&Vec<usize>>| found.and_then(|v| v.iter().min().copied());
    let mut cancel = earliest(facts.cancels.get(holder));
    let mut awaited = [facts.awaits.get(holder), facts.gathers.get(holder)]
        .into_iter()
        .filter_map(earliest)
        .min();
    // `for t in self._tasks: t.cancel()` / `await t`, and `[t.cancel() for t in …]`: the
    // element's name, a few lines around the loop.
    for (var, name, start, end) in &facts.loops {
        if name != holder {
            continue;
        }
        let near = |at: &&usize| **at + 200 >= *start && **at <= end + 400;
        let after = |at: &&usize| **at >= *end && **at <= end + 400;
        if let Some(&at) = facts.cancels.get(var).and_then(|v| v.iter().find(near)) {
            cancel = Some(cancel.map_or(at, |c| c.min(at)));
        }
        if let Some(&at) = facts.awaits.get(var).and_then(|v| v.iter().find(after)) {
            awaited = Some(awaited.map_or(at, |a| a.min(at)));
        }
        // `for t in holder: t.cancel(); to_wait.append(t)`, then `await asyncio.wait(to_wait)`:
        // the list's wait waits for each element.
        for (list, _, put) in (facts.appended.iter()).filter(|(_, e, at)| e == var && after(&at)) {
            let later = |found: Option<&Vec<usize>>| {
                found.and_then(|v| v.iter().find(|a| *a > put).copied())
            };
            if let Some(at) = later(facts.gathers.get(list)).or(later(facts.awaits.get(list))) {
                awaited = Some(awaited.map_or(at, |a| a.min(at)));
            }
        }
    }
    match (cancel, awaited) {
        (Some(c), Some(_)) => (Shutdown::CancelledAndAwaited, Some(c)),
        (Some(c), None) => (Shutdown::Cancelled, Some(c)),
        (None, Some(a)) => (Shutdown::Awaited, Some(a)),
        (None, None) => (Shutdown::None, None),
    }
}

/// What is handed to helpers of the holder itself, and of the element of each loop over it,
/// right after the loop's header (`for t in list(self._tasks): await self.cancel(t)`: each
/// task goes to `cancel`, whose body then says what it does to it).
pub(super) fn handed_with_elements(holder: &str, facts: &Facts) -> Option<Vec<Handed>> {
    let mut handed = facts.handed.get(holder).cloned().unwrap_or_default();
    for (var, name, _, end) in &facts.loops {
        if name != holder {
            continue;
        }
        let after = |by: &&Handed| by.at >= *end && by.at <= end + 400;
        let uses = facts.handed.get(var).into_iter().flatten();
        handed.extend(uses.filter(after).cloned());
    }
    (!handed.is_empty()).then_some(handed)
}

/// A call as a whole statement, not awaited: `cancel_all(self._tasks)`, `self._stop(t)`.
static STATEMENT_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*((?:\w+[ \t]*\.[ \t]*)*)(\w+)[ \t]*\(([^\n]*)\)[ \t]*(?:#[^\n]*)?$")
        .expect("valid pattern")
});

/// Each call of `text` that is a whole statement on one line and hands `holder` over as one
/// whole positional argument (`cancel_all(self._tasks)`): a helper that runs at once (its
/// body decides, and only a plain `def`'s: calling an `async def` runs nothing).
pub(super) fn statement_calls(text: &str, holder: &str) -> Vec<Handed> {
    let mut found = Vec::new();
    // A match is one line, and hands a dotted `holder` over only if the line spells its last
    // name (whitespace may split `self . _tasks`, never a name): only those lines are searched
    // (every line for any other holder).
    let dotted =
        (holder.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b >= 0x80);
    let last = match holder.rsplit('.').next() {
        Some(last) if dotted => last,
        _ => "",
    };
    let mut next_line = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), last.as_bytes()) {
        if at < next_line {
            continue;
        }
        let start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        next_line = end + 1;
        found.extend(line_calls(&text[start..end], start, holder));
    }
    found
}

/// [`statement_calls`] on one line that starts at `offset`.
fn line_calls(text: &str, offset: usize, holder: &str) -> Vec<Handed> {
    let mut found = Vec::new();
    for c in STATEMENT_CALL.captures_iter(text) {
        let (Some(on), Some(function), Some(arguments), Some(whole)) =
            (c.get(1), c.get(2), c.get(3), c.get(0))
        else {
            continue;
        };
        let on: String = on.as_str().split_whitespace().collect();
        let pieces = super::cleanups::split_arguments(arguments.as_str()).unwrap_or_default();
        let index = (pieces.iter()).position(|p| p.trim_start_matches('*') == holder);
        if let Some(index) = index {
            found.push(Handed {
                function: function.as_str().to_owned(),
                on_self: on == "self." || on == "cls.",
                at: offset
                    + whole.start()
                    + (whole.as_str().len() - whole.as_str().trim_start().len()),
                index: Some(index),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{line_calls, parameters, statement_calls, takes_self};

    /// Searching only the lines that spell the holder's last name finds what the pattern finds
    /// over the whole text.
    #[test]
    fn the_lines_that_spell_the_holder_give_what_the_whole_text_gives() {
        let text = "def stop(self):\n    cancel_all(self._tasks)\n    self . _halt( *self . _tasks , 1)  # x\n\
                    \tx = f(self._tasks)\n  g(a, (self._tasks), self._tasks)\r\n  h(tasks)\nh()\n  k(tasks, [1, 2])";
        let key = |h: &super::super::handed::Handed| (h.function.clone(), h.on_self, h.at, h.index);
        for holder in ["self._tasks", "tasks", "", "x[0]", "self._t"] {
            let lines: Vec<_> = statement_calls(text, holder).iter().map(key).collect();
            let whole: Vec<_> = line_calls(text, 0, holder).iter().map(key).collect();
            assert_eq!(lines, whole, "{holder}");
        }
        // `cancel_all(self._tasks)` and `self . _halt(*self . _tasks, 1)`.
        assert_eq!(statement_calls(text, "self._tasks").len(), 2);
    }

    #[test]
    fn a_helpers_parameters_leave_out_self_and_stop_at_the_rest() {
        let method = "async def _halt(\n    self, task: asyncio.Task, *, timeout=1\n) -> None:";
        assert_eq!(parameters(method), [("task", false)]);
        assert!(takes_self(method));
        let rest = "async def stop_all(first, *tasks: Task, **kw):";
        assert_eq!(parameters(rest), [("first", false), ("tasks", true)]);
        assert!(!takes_self(rest));
    }
}
