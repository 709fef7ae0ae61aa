//! The calls a holder is handed to: `await helper(..., holder)`, and a coroutine a new task
//! runs: `asyncio.create_task(self._stop(ws, task))` runs `_stop`'s body as surely as `await
//! self._stop(ws, task)` does, only later. What that body does to what it is handed (cancels
//! it, awaits it) is done to the holders among the arguments.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::names::{pattern, squeeze};

static SPAWN: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b(?:create_task|ensure_future)\b"));
/// The call of the coroutine function, right after the spawn's parenthesis (on the next lines
/// too, as Black splits it).
static CALLED: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^\s*\(\s*((?:\w+\s*\.\s*)*)(\w+)\s*\("));

/// A call a holder is handed to: `await helper(..., holder, ...)`.
#[derive(Debug, Clone)]
pub struct Handed {
    /// The helper's own name (`cancel_and_wait` in `aio.cancel_and_wait(...)`).
    pub function: String,
    /// Called on `self` or `cls`: a method of the class.
    pub on_self: bool,
    /// The offset of the `await` (or of the spawn).
    pub at: usize,
    /// Which positional argument the holder is, when it is one whole argument.
    pub index: Option<usize>,
}

/// Each coroutine function a spawn on `line` (at `base` in `text`) calls: who is handed the
/// arguments (at the offset of the spawn), and the offset of the call's parenthesis.
pub(super) fn spawned(text: &[u8], line: &[u8], base: usize) -> Vec<(Handed, usize)> {
    let mut found = Vec::new();
    for spawn in SPAWN.find_iter(line) {
        let after = base + spawn.end();
        let Some(c) = text.get(after..).and_then(|rest| CALLED.captures(rest)) else {
            continue;
        };
        let (Some(on), Some(function), Some(whole)) = (c.get(1), c.get(2), c.get(0)) else {
            continue;
        };
        let on = squeeze(on.as_bytes());
        let handed = Handed {
            function: String::from_utf8_lossy(function.as_bytes()).into_owned(),
            on_self: on == "self." || on == "cls.",
            at: base + spawn.start(),
            index: None,
        };
        found.push((handed, after + whole.end() - 1));
    }
    found
}
