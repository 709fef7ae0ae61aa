//! Shutdowns of a holder written through its elements rather than its name: `while q:
//! q.popleft().cancel()`, `t = d.pop(k)` then `t.cancel()`, a local list made of its values then
//! cancelled or gathered, and a wait by polling (`while not self._t.done(): await sleep(...)`).
//! Read off the text of the holder's scope, as [`super::facts`] are.
//!
//! An element taken out before it is cancelled (`d.pop(k)`, `del d[k]`, `s.remove(t)`, then
//! `t.cancel()`) and not awaited after is noted apart: `cancel()` only schedules the task's
//! wake-up (the loop's handle holds it until the `CancelledError` is thrown in), but what the
//! task does after that (a `finally` that awaits) is held by nothing once it is out.

use super::class_lines::{Squeezed, offsets};
use super::facts::Facts;
use super::fate::Shutdown;
use super::shutdown::{Found, shutdown_of};

/// What `text` does to `holder` through its elements: the shutdown and the offset (in `text`)
/// of its cancel, or else its wait.
/// (`squeezed` is `text`'s lines without their whitespace.)
pub(super) fn drained(holder: &str, text: &str, squeezed: &Squeezed) -> (Shutdown, Option<usize>) {
    let mut found = Found::default();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let offsets = offsets(&lines);
    // Spelled once, not for each line (a class's every line was five `format!`s).
    let taken = TAKEN.map(|m| format!("{holder}{m}"));
    let read = [".get(", "["].map(|m| format!("{holder}{m}"));
    let assigned = format!("={holder}");
    let poll = poll_line(holder);
    // Every shape below spells the holder: only its lines are read.
    for i in squeezed.lines_spelling(holder) {
        let (Some(line), Some(&offset)) = (lines.get(i), offsets.get(i)) else {
            continue;
        };
        let code = squeezed.line(i);
        // `q.popleft().cancel()`, `d.pop(k).cancel()`: the element taken out and cancelled.
        let popped = (taken.iter()).any(|m| code.contains(m.as_str()) && starts(code, holder));
        if popped && code.contains(").cancel(") && !code.contains(&assigned) {
            found.add(Shutdown::Cancelled, Some(offset));
        }
        // `t = d.pop(k)` (or `:=`), or `d.remove(t)` / `del d[k]` after `t = d[k]`, or left
        // in (`t = d.get(k)`, `t = d[k]`), then `t.cancel()` a few lines on.
        let element = element_local(&taken, code)
            .or_else(|| removed(holder, code, &lines[..i]))
            .or_else(|| element_local(&read, code));
        if let Some(var) = element {
            let near = lines[i..].iter().take(4).map(|l| l.replace(' ', ""));
            if near.clone().any(|l| l.contains(&format!("{var}.cancel("))) {
                found.add(Shutdown::Cancelled, Some(offset));
                // And awaited after, in the same block (`await asyncio.gather(t, ...)`).
                let (shutdown, _) =
                    shutdown_of(&var, &Facts::read(block_after(&lines, i).as_bytes()));
                if matches!(shutdown, Shutdown::Awaited | Shutdown::CancelledAndAwaited) {
                    found.add(Shutdown::Awaited, Some(offset));
                }
            }
        }
        if let Some(var) = list_of(holder, code) {
            // A local list of its values: what the following lines do to it, it does to them.
            let indent = line.len() - line.trim_start().len();
            let rest: String = (lines[i + 1..].iter())
                .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent)
                .copied()
                .collect();
            let (shutdown, at) = shutdown_of(&var, &Facts::read(rest.as_bytes()));
            found.add(shutdown, at.map(|_| offset));
        }
        if polls(&poll, code, lines.get(i + 1).copied().unwrap_or_default()) {
            found.add(Shutdown::Awaited, Some(offset));
        }
    }
    found.shutdown()
}

/// Where `text` takes an element out of `holder` and then cancels it (see the module's words)
/// with nothing after that awaits it: the offset of the line that takes it out.
/// (`squeezed` is `text`'s lines without their whitespace.)
pub(super) fn taken_before_cancel(holder: &str, text: &str, squeezed: &Squeezed) -> Option<usize> {
    let taken = TAKEN.map(|m| format!("{holder}{m}"));
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let offsets = offsets(&lines);
    for i in squeezed.lines_spelling(holder) {
        let Some(&at) = offsets.get(i) else {
            continue;
        };
        let code = squeezed.line(i);
        let popped = (taken.iter()).any(|m| code.contains(m.as_str()) && starts(code, holder));
        if popped && code.contains(").cancel(") && !code.contains(&format!("={holder}")) {
            return Some(at);
        }
        let Some(var) = element_local(&taken, code).or_else(|| removed(holder, code, &lines[..i]))
        else {
            continue;
        };
        let near = lines[i..].iter().take(4).map(|l| l.replace(' ', ""));
        if !near.clone().any(|l| l.contains(&format!("{var}.cancel("))) {
            continue;
        }
        // An await of it in the rest of the block, or a helper handed it, waits for its
        // cleanup.
        let facts = Facts::read(block_after(&lines, i).as_bytes());
        let (shutdown, _) = shutdown_of(&var, &facts);
        let handed = facts.handed.contains_key(&var);
        if !matches!(shutdown, Shutdown::Awaited | Shutdown::CancelledAndAwaited) && !handed {
            return Some(at);
        }
    }
    None
}

/// The lines after line `i` of `lines` in the block line `i` is in (at its indentation or
/// deeper).
fn block_after(lines: &[&str], i: usize) -> String {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let own = lines.get(i).map_or(0, |l| indent(l));
    (lines.get(i + 1..).unwrap_or_default().iter())
        .take_while(|l| l.trim().is_empty() || indent(l) >= own)
        .copied()
        .collect()
}

/// `d.remove(t)`, `d.discard(t)`, or `del d[k]` after `t = d[k]` on one of the few lines
/// before (`before`): the local `t` the element taken out is in (`code` without its spaces).
fn removed(holder: &str, code: &str, before: &[&str]) -> Option<String> {
    let plain = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_alphanumeric() || c == '_');
    for method in [".remove(", ".discard("] {
        let call = format!("{holder}{method}");
        if let Some(var) = code
            .strip_prefix(call.as_str())
            .and_then(|r| r.strip_suffix(')'))
        {
            return plain(var).then(|| var.to_owned());
        }
    }
    let key = code
        .strip_prefix(&format!("del{holder}["))?
        .strip_suffix(']')?;
    let read = format!("={holder}[{key}]");
    before.iter().rev().take(4).find_map(|l| {
        let l: String = l.split_whitespace().collect();
        let var = l.strip_suffix(read.as_str())?;
        plain(var).then(|| var.to_owned())
    })
}

/// Whether `text` waits for `holder` by polling it: `while not holder.done():` whose next line
/// awaits (a sleep). It waits, but reads no exception.
pub(super) fn polled(holder: &str, text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let poll = poll_line(holder);
    (0..lines.len()).any(|i| {
        let code: String = lines[i].split_whitespace().collect();
        polls(&poll, &code, lines.get(i + 1).copied().unwrap_or_default())
    })
}

/// `code` spells `holder` where no word or `.` goes before it (`self._t`, not `x.self._t`).
fn starts(code: &str, holder: &str) -> bool {
    code.match_indices(holder).any(|(at, _)| {
        !(code[..at].chars().last()).is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
    })
}

/// The ways an element is taken out of a holder (after its name).
const TAKEN: [&str; 3] = [".popleft()", ".pop(", ".popitem()"];

/// `while not holder.done():`, without its spaces.
fn poll_line(holder: &str) -> String {
    format!("whilenot{holder}.done():")
}

/// `code` is [`poll_line`]'s `poll`, and the next line awaits.
fn polls(poll: &str, code: &str, next: &str) -> bool {
    code == poll && next.trim_start().starts_with("await ")
}

/// `t = holder.pop(k)`, `if t := holder.pop(k, None):`: the local the element is taken into
/// (the line without its spaces; `taken`: the holder's name followed by each of [`TAKEN`]).
fn element_local(taken: &[String], code: &str) -> Option<String> {
    let code = code.strip_prefix("if").unwrap_or(code);
    let (var, value) = code.split_once(":=").or_else(|| code.split_once('='))?;
    let taken = taken.iter().any(|m| value.starts_with(m.as_str()));
    // `_, t = holder.popitem()`: a dict's `popitem()` returns the pair (key, value).
    let var = match var.split_once(',') {
        Some((_, value_name)) if value.contains(".popitem()") => value_name,
        _ => var,
    };
    let plain = !var.is_empty() && var.chars().all(|c| c.is_alphanumeric() || c == '_');
    (taken && plain).then(|| var.to_owned())
}

/// `tasks = [t for t in [a, *holder.values()] if t]`, `tasks = list(holder)`: a local list
/// made of the holder's elements (the line without its spaces).
fn list_of(holder: &str, code: &str) -> Option<String> {
    let (var, value) = code.split_once('=')?;
    let plain = !var.is_empty() && var.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !plain || value.starts_with('=') {
        return None;
    }
    let made = value.starts_with('[')
        || ["list(", "tuple(", "set("]
            .iter()
            .any(|m| value.starts_with(m));
    let of = [
        format!("*{holder}"),
        format!("in{holder}"),
        format!("({holder})"),
        format!("({holder}.values())"),
    ];
    let of = of.iter().any(|o| super::emptied::mentions(value, o));
    (made && of).then(|| var.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The scope's squeezed lines, as the audit's context makes them once.
    fn drained(holder: &str, text: &str) -> (Shutdown, Option<usize>) {
        super::drained(holder, text, &Squeezed::of(text))
    }

    fn taken_before_cancel(holder: &str, text: &str) -> Option<usize> {
        super::taken_before_cancel(holder, text, &Squeezed::of(text))
    }

    #[test]
    fn shutdowns_through_the_elements() {
        let deque = "        while running:\n            running.popleft().cancel()\n";
        assert_eq!(drained("running", deque).0, Shutdown::Cancelled);
        let popped = "        task = self._t.pop(k, None)\n        if task and not task.done():\n            task.cancel()\n";
        assert_eq!(drained("self._t", popped).0, Shutdown::Cancelled);
        let walrus = "        if t := self._t.pop(k, None):\n            t.cancel()\n";
        assert_eq!(drained("self._t", walrus).0, Shutdown::Cancelled);
        let listed = "        tasks = [t for t in [self._c, *self._i.values()] if t]\n        self._i.clear()\n        for task in tasks:\n            task.cancel()\n        await asyncio.gather(*tasks, return_exceptions=True)\n";
        assert_eq!(drained("self._i", listed).0, Shutdown::CancelledAndAwaited);
        let polling = "        while not self._t.done():\n            await asyncio.sleep(0.1)\n";
        assert_eq!(drained("self._t", polling).0, Shutdown::Awaited);
        assert!(polled("self._t", polling));
        let other =
            "        tasks = list(self._ids)\n        for t in tasks:\n            t.cancel()\n";
        assert_eq!(drained("self._i", other).0, Shutdown::None);
        let got = "        t = self._t.get(k)\n        if t is not None:\n            t.cancel()\n";
        assert_eq!(drained("self._t", got).0, Shutdown::Cancelled);
        assert_eq!(taken_before_cancel("self._t", got), None);
        let kept = "        t = self._t.pop(k)\n        self._other[k] = t\n";
        assert_eq!(drained("self._t", kept).0, Shutdown::None);
        let removed = "        self._s.remove(t)\n        t.cancel()\n";
        assert_eq!(drained("self._s", removed).0, Shutdown::Cancelled);
        assert_eq!(taken_before_cancel("self._s", removed), Some(0));
        let deleted = "        t = self._d[k]\n        del self._d[k]\n        t.cancel()\n";
        assert_eq!(drained("self._d", deleted).0, Shutdown::Cancelled);
        assert_eq!(taken_before_cancel("self._d", deleted), Some(23));
        assert_eq!(taken_before_cancel("self._t", popped), Some(0));
        let pair = "        while self._t:\n            _, f = self._t.popitem()\n            f.cancel()\n";
        assert_eq!(drained("self._t", pair).0, Shutdown::Cancelled);
        let awaited = "        t = self._t.pop(k)\n        t.cancel()\n        await t\n";
        assert_eq!(taken_before_cancel("self._t", awaited), None);
    }
}
