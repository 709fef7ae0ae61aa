//! A task that signals its own end: its coroutine, a method of the class, is handed a future
//! (`self.run(ready, self._done)`) and sets it as its last step (`done.set_result(...)`, with
//! nothing after it but the `except` and `finally` clauses of a `try` around it). Where the
//! class awaits that future (`await self._done`), it waits until the task has run to its end:
//! a wait for the task, as `await task` is, that reads none of its exceptions.

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

/// Where a scope of `scopes` awaits one of `attributes` (the site's coroutine's arguments)
/// that the coroutine's `def` (its text) sets as its last step: the offset of that `await`.
pub(super) fn awaited_signal(
    attributes: &[(usize, &str)],
    def: &str,
    src: &str,
    scopes: &[Range<usize>],
) -> Option<usize> {
    let parameters = super::shutdown::parameters(def);
    attributes.iter().find_map(|(i, future)| {
        let (parameter, star) = parameters.get(*i)?;
        if *star || !sets_as_last_step(def, parameter) {
            return None;
        }
        scopes.iter().find_map(|s| awaited_in(src, s, future))
    })
}

/// Whether `def` (a function's text) ends by `parameter.set_result(...)`: a statement of its
/// own after which, at its indentation or less, only `except` and `finally` clauses (and
/// their bodies) follow.
fn sets_as_last_step(def: &str, parameter: &str) -> bool {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let lines: Vec<&str> = def.lines().collect();
    let call = format!("{parameter}.set_result(");
    let Some(at) = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with(&call))
    else {
        return false;
    };
    let own = indent(lines[at]);
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

/// Where `await <future>` stands in the scope `scope` of `src`, `future` a whole name there.
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
        let after = spaced.as_bytes().get(future.len());
        if spaced.starts_with(future) && !after.is_some_and(|b| word(*b) || *b == b'.') {
            return Some(scope.start + at);
        }
    }
    None
}
