//! A task that signals its own end: its coroutine, a method of the class, sets a future or an
//! `asyncio.Event` as its last step: one it is handed (`self.run(ready, self._done)`, then
//! `done.set_result(...)`) or an attribute of its own object (`self._closed.set()` in the
//! `finally` around its whole body), with nothing after it but the `except` and `finally`
//! clauses of a `try` around it, and in no loop. Where the class awaits that signal (`await
//! self._done`, `await self._closed.wait()`) and nothing else in it sets the signal, it waits
//! until the task has run to its end: a wait for the task, as `await task` is, that reads none
//! of its exceptions.

use std::ops::Range;

use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::scan::syntax::{strip_parens, text};

/// The method of the class the site's coroutine runs (`self.run(...)`), and its positional
/// arguments that are attributes (`self._done`), by their index.
pub(super) fn coroutine_method<'s>(
    site: &TaskSite,
    src: &'s str,
) -> Option<(&'s str, Vec<(usize, &'s str)>)> {
    let coroutine = site
        .call
        .child_by_field_name("arguments")
        .and_then(|a| a.named_child(0))
        .map(strip_parens)
        .filter(|c| c.kind() == "call")?;
    let function = coroutine.child_by_field_name("function")?;
    let object = function.child_by_field_name("object")?;
    if !matches!(text(object, src), "self" | "cls") {
        return None;
    }
    let method = text(function.child_by_field_name("attribute")?, src);
    let arguments = coroutine.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let attributes = (arguments.named_children(&mut cursor))
        // Positional only: a keyword's parameter is its name, a splat's is unknown.
        .take_while(|a| {
            !matches!(
                a.kind(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        })
        .enumerate()
        .filter(|(_, a)| a.kind() == "attribute")
        .map(|(i, a): (usize, Node)| (i, text(a, src)))
        .collect();
    Some((method, attributes))
}

/// Where a scope of `scopes` awaits a signal that the coroutine's `def` (its text) sets as its
/// last step: one of `attributes` (the site's coroutine's arguments), through the parameter it
/// is bound to, or an attribute of `self` the `def` sets itself. The offset of that `await`.
pub(super) fn awaited_signal(
    attributes: &[(usize, &str)],
    def: &str,
    src: &str,
    scopes: &[Range<usize>],
) -> Option<usize> {
    let parameters = super::shutdown::parameters(def);
    let handed = attributes.iter().filter_map(|(i, future)| {
        let (parameter, star) = parameters.get(*i)?;
        (!*star).then_some((*future, *parameter))
    });
    let own = own_signals(def).into_iter().map(|name| (name, name));
    let candidates: Vec<(&str, &str)> = handed.chain(own).collect();
    candidates.into_iter().find_map(|(future, set_as)| {
        if !sets_as_last_step(def, set_as) || set_elsewhere(future, def, src, scopes) {
            return None;
        }
        scopes.iter().find_map(|s| awaited_in(src, s, future))
    })
}

/// The attributes of `self` the `def` sets (`self._closed.set()`, `self._done.set_result(x)`).
fn own_signals(def: &str) -> Vec<&str> {
    let mut found: Vec<&str> = def
        .lines()
        .filter_map(|line| {
            let code = line.trim_start().strip_prefix("self.")?;
            let name = code.len() - code.trim_start_matches(is_word).len();
            let rest = &code[name..];
            (name > 0 && SETTERS.iter().any(|s| rest.starts_with(s)))
                .then(|| &line.trim_start()[..5 + name])
        })
        .collect();
    found.dedup();
    found
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// What sets a future (`set_result`) or an event (`set`), spelt right after its name.
const SETTERS: [&str; 2] = [".set_result(", ".set("];

/// Whether `future` is set anywhere in `scopes` outside the `def` (whose text is `def`): then
/// its being set says nothing of the task's end.
fn set_elsewhere(future: &str, def: &str, src: &str, scopes: &[Range<usize>]) -> bool {
    let inside = src.find(def).map_or(0..0, |start| start..start + def.len());
    scopes.iter().any(|scope| {
        let text = src.get(scope.clone()).unwrap_or_default();
        SETTERS.iter().any(|setter| {
            let call = format!("{future}{setter}");
            text.match_indices(&call).any(|(at, _)| {
                let at = scope.start + at;
                let whole = at == 0 || !src[..at].ends_with(is_word);
                whole && !inside.contains(&at)
            })
        })
    })
}

/// Whether `def` (a function's text) ends by setting `name` (`name.set_result(...)`,
/// `name.set()`): a statement of its own, in no loop, after which, at its indentation or
/// less, only `except` and `finally` clauses (and their bodies) follow.
fn sets_as_last_step(def: &str, name: &str) -> bool {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let lines: Vec<&str> = def.lines().collect();
    let sets = |l: &&str| {
        let code = l.trim_start();
        SETTERS
            .iter()
            .any(|setter| code.starts_with(&format!("{name}{setter}")))
    };
    let Some(at) = lines.iter().rposition(sets) else {
        return false;
    };
    let own = indent(lines[at]);
    // A loop around it may set it again, and goes on after it.
    let mut depth = own;
    for line in lines.get(1..at).unwrap_or_default().iter().rev() {
        let code = line.trim_start();
        if code.is_empty() || code.starts_with('#') || indent(line) >= depth {
            continue;
        }
        depth = indent(line);
        let header = code.strip_prefix("async ").unwrap_or(code);
        if header.starts_with("for ") || header.starts_with("while ") {
            return false;
        }
    }
    let mut clause: Option<usize> = None;
    for line in &lines[at + 1..] {
        let code = line.trim_start();
        if code.is_empty() || code.starts_with('#') {
            continue;
        }
        let depth = indent(line);
        if depth > own || clause.is_some_and(|c| depth > c) {
            // The call's own lines, or a clause's body.
            continue;
        }
        if depth < own && (code.starts_with("finally") || code.starts_with("except")) {
            clause = Some(depth);
            continue;
        }
        return false;
    }
    true
}

/// Where `await <future>` (or `await <event>.wait()`) stands in the scope `scope` of `src`,
/// `future` a whole name there.
fn awaited_in(src: &str, scope: &Range<usize>, future: &str) -> Option<usize> {
    let text = src.get(scope.clone())?;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find("await")) {
        let at = from + found;
        from = at + 5;
        let before = at.checked_sub(1).map(|i| text.as_bytes()[i]);
        let rest = text.get(from..).unwrap_or_default();
        let spaced = rest.trim_start();
        if before.is_some_and(word) || spaced.len() == rest.len() {
            continue;
        }
        let after = spaced.get(future.len()..).unwrap_or_default();
        // `await event.wait()`: an event's own wait.
        let waits = after.trim_start().starts_with(".wait()");
        let ends = !after.bytes().next().is_some_and(|b| word(b) || b == b'.');
        if spaced.starts_with(future) && (ends || waits) {
            return Some(scope.start + at);
        }
    }
    None
}
