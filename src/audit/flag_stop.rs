//! A stop through the flag the task's loop tests: the task runs a method of its class whose
//! body loops on an attribute of `self` (`while self._runner:`), and another method of the
//! class sets that attribute to the value that ends the loop (`self._runner = None` in `stop`).
//! The owner does stop the task, but only when the coroutine next tests the flag: whether it
//! gets there (what it awaits inside the loop may never return) is for that body's awaits to
//! say, which the audit does not follow. So the shutdown is `unknown`, with the flag and the
//! loop named, never "none" (as for a sentinel on the task's queue, [`super::sentinel`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::context::Context;
use super::sentinel::Sentinel;
use crate::detect::task_site::TaskSite;

/// `while self.flag:` or `while not self.flag:` at the start of a line.
static LOOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*while[ \t]+(not[ \t]+)?self[ \t]*\.[ \t]*(\w+)[ \t]*:")
        .expect("valid pattern")
});

/// `self.flag = None` (or `False`, `True`), not a comparison.
static SET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"self[ \t]*\.[ \t]*(\w+)[ \t]*=[ \t]*(None|False|True)\b").expect("valid pattern")
});

/// A `def` line: its name.
static DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)").expect("valid pattern")
});

/// The flag the site's coroutine loops on, set to end the loop by another method of the
/// owner's class (in `scopes`): what was seen, as a sentinel's words.
pub(super) fn seen(
    site: &TaskSite,
    scopes: &[Range<usize>],
    context: &mut Context,
) -> Option<Sentinel> {
    let src = context.source.text;
    let (method, _) = super::signal::coroutine_method(site, src)?;
    let body = context.function_at(method)?;
    // The method of the owner's class (or of a class joined with it), not a namesake.
    if !scopes
        .iter()
        .any(|s| s.start <= body.start && body.end <= s.end)
    {
        return None;
    }
    let code = src.get(body.clone())?;
    let line = |at: usize| src[..at].matches('\n').count() + 1;
    for looped in LOOP.captures_iter(code) {
        let (Some(whole), Some(flag)) = (looped.get(0), looped.get(2)) else {
            continue;
        };
        let negated = looped.get(1).is_some();
        let Some(at) = set_to_end(flag.as_str(), negated, &body, scopes, src) else {
            continue;
        };
        let (flag, value) = (
            flag.as_str(),
            if negated { "True" } else { "a false value" },
        );
        let loop_line = line(body.start + whole.start());
        let set_line = line(at);
        return Some(Sentinel {
            at,
            evidence: format!(
                "how it is shut down is unknown: its owner sets `self.{flag}` to {value} (line \
                 {set_line}), which the task's coroutine `self.{method}` tests to loop (line \
                 {loop_line}); whether it returns then is for what it awaits in that loop to say"
            ),
            action: format!(
                "confirm that `self.{method}` returns once `self.{flag}` is set (line \
                 {set_line}), or cancel and await the task there, and retrieve its exception"
            ),
        });
    }
    None
}

/// Where a method of the class (not one that runs once per object, `__init__` or
/// `__post_init__`, before the task; nor the coroutine itself) sets `flag` to what ends `while [not] self.flag:`: the offset of the first.
fn set_to_end(
    flag: &str,
    negated: bool,
    coroutine: &Range<usize>,
    scopes: &[Range<usize>],
    src: &str,
) -> Option<usize> {
    for scope in scopes {
        let text = src.get(scope.clone())?;
        for set in SET.captures_iter(text) {
            let (Some(whole), Some(name), Some(value)) = (set.get(0), set.get(1), set.get(2))
            else {
                continue;
            };
            let ends = match value.as_str() {
                "True" => negated,
                _ => !negated,
            };
            let at = scope.start + whole.start();
            if name.as_str() != flag || !ends || coroutine.contains(&at) {
                continue;
            }
            let def = DEF.captures_iter(&text[..whole.start()]).last();
            let runs_first = def
                .and_then(|d| d.get(1))
                .is_some_and(|d| crate::project::callers::RUNS_ONCE.contains(&d.as_str()));
            if !runs_first {
                return Some(at);
            }
        }
    }
    None
}
