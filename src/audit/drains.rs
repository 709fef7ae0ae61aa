//! Shutdowns of a holder written through its elements rather than its name: `while q:
//! q.popleft().cancel()`, `t = d.pop(k)` then `t.cancel()`, a local list made of its values then
//! cancelled or gathered, and a wait by polling (`while not self._t.done(): await sleep(...)`).
//! Read off the text of the holder's scope, as [`super::facts`] are.

use super::facts::Facts;
use super::fate::Shutdown;
use super::shutdown::{Found, shutdown_of};

/// What `text` does to `holder` through its elements: the shutdown and the offset (in `text`)
/// of its cancel, or else its wait.
pub(super) fn drained(holder: &str, text: &str) -> (Shutdown, Option<usize>) {
    let mut found = Found::default();
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Spelled once, not for each line (a class's every line was five `format!`s).
    let taken = TAKEN.map(|m| format!("{holder}{m}"));
    let assigned = format!("={holder}");
    let poll = poll_line(holder);
    for (i, line) in lines.iter().enumerate() {
        let code: String = line.split_whitespace().collect();
        // Every shape below spells the holder.
        if !code.contains(holder) {
            offset += line.len();
            continue;
        }
        // `q.popleft().cancel()`, `d.pop(k).cancel()`: the element taken out and cancelled.
        let popped = (taken.iter()).any(|m| code.contains(m.as_str()) && starts(&code, holder));
        if popped && code.contains(").cancel(") && !code.contains(&assigned) {
            found.add(Shutdown::Cancelled, Some(offset));
        }
        if let Some(var) = element_local(&taken, &code) {
            // `t = d.pop(k)` (or `:=`), then `t.cancel()` a few lines on.
            let near = lines[i..].iter().take(4).map(|l| l.replace(' ', ""));
            if near.clone().any(|l| l.contains(&format!("{var}.cancel("))) {
                found.add(Shutdown::Cancelled, Some(offset));
            }
        }
        if let Some(var) = list_of(holder, &code) {
            // A local list of its values: what the following lines do to it, it does to them.
            let indent = line.len() - line.trim_start().len();
            let rest: String = (lines[i + 1..].iter())
                .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent)
                .copied()
                .collect();
            let (shutdown, at) = shutdown_of(&var, &Facts::read(rest.as_bytes()));
            found.add(shutdown, at.map(|_| offset));
        }
        if polls(&poll, &code, lines.get(i + 1).copied().unwrap_or_default()) {
            found.add(Shutdown::Awaited, Some(offset));
        }
        offset += line.len();
    }
    found.shutdown()
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
        let kept = "        t = self._t.pop(k)\n        self._other[k] = t\n";
        assert_eq!(drained("self._t", kept).0, Shutdown::None);
    }
}
