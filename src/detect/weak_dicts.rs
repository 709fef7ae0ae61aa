//! Tasks kept only as the values of a `weakref.WeakValueDictionary` (`weak-container`): such a
//! mapping holds as little as a `WeakSet`, so a keeper that stores its task only there
//! (`self._running[name] = create_task(...)`) keeps nothing, and the task can be collected
//! mid-run. A `WeakKeyDictionary` holds its keys as weakly: a task stored only as a key
//! (`self._owners[create_task(...)] = name`) keeps nothing either ([`only_as_weak_key`]).
//!
//! Believed as [`super::weak`] believes a `WeakSet`: every assignment of the holder in the
//! module (the class, the function) makes a `WeakValueDictionary()`, and the task reaches it
//! directly or through a local read only to store it there (or to add a done callback).

use tree_sitter::Node;

use super::task_site::{Reference, TaskSite};
use crate::scan::syntax::{strip_parens, text};

use crate::scan::contracts::{WEAK_KEY_MAKERS, WEAK_VALUE_MAKERS as MAKERS};

/// Whether the source names a weak mapping at all (most files never do).
pub fn named(src: &str) -> bool {
    memchr::memmem::find(src.as_bytes(), b"WeakValueDictionary(").is_some()
        || memchr::memmem::find(src.as_bytes(), b"WeakKeyDictionary(").is_some()
}

/// The statement's expression, the local it binds and the mapping, when the site's task is kept
/// only as a key of a weak-keyed mapping: `holder[<call>] = value`, or `task = <call>` whose
/// every later read is `holder[task] = value` or a done callback's registration.
/// `made_by(holder, makers)` says whether every assignment of the holder starts with one of them.
pub fn only_as_weak_key<'t>(
    site: &TaskSite<'t>,
    src: &str,
    made_by: &dyn Fn(&str, &[&str]) -> bool,
) -> Option<(Node<'t>, Option<Node<'t>>)> {
    // A key is kept in its mapping's collection (`Collection`), as a value is.
    let keyed = matches!(site.reference, Reference::Passed | Reference::Collection);
    if !(keyed || site.reference == Reference::Local) || !named(src) {
        return None;
    }
    let expr = strip_parens(site.statement.named_child(0)?);
    if site.statement.kind() != "expression_statement" || expr.kind() != "assignment" {
        return None;
    }
    let left = expr.child_by_field_name("left")?;
    let right = expr.child_by_field_name("right").map(strip_parens)?;
    match left.kind() {
        "subscript" if keyed => {
            let key = left.child_by_field_name("subscript").map(strip_parens)?;
            let holder = compact(text(left.child_by_field_name("value")?, src));
            (key == site.call && made_by(&holder, &WEAK_KEY_MAKERS)).then_some((expr, None))
        }
        "identifier" if right == site.call && site.local.as_deref() == Some(text(left, src)) => {
            let holder = only_stored_as_key(site, text(left, src), src)?;
            made_by(&holder, &WEAK_KEY_MAKERS).then_some((expr, Some(left)))
        }
        _ => None,
    }
}

/// The one mapping every read of `local` after the statement, in its function, stores it in as
/// a key (`holder[local] = value`), the done callback's registrations aside.
fn only_stored_as_key(site: &TaskSite, local: &str, src: &str) -> Option<String> {
    let mut holder: Option<String> = None;
    let every = every_later_read(site, local, src, |line, rest_of_line| {
        // `holder[local] = value` alone on its line, the value not naming the local again.
        let stored = line.strip_suffix('[').filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        });
        match (stored, rest_of_line.strip_prefix("]=")) {
            (Some(h), Some(value))
                if !value.is_empty() && !value.starts_with('=') && !value.contains(local) =>
            {
                let same = holder.as_deref().is_none_or(|before| before == h);
                holder = Some(h.to_owned());
                same
            }
            _ => false,
        }
    });
    every.then_some(holder).flatten()
}

/// The statement's expression and the local it binds, when the site's task is kept only as a
/// value of a weak mapping: `holder[key] = <call>`, or `task = <call>` whose every later read
/// is `holder[key] = task` or a done callback's registration.
/// `only_made_by(makers)` says whether every assignment of the holder starts with one of them
/// (`weak::only_made_by`, handed in).
pub fn only_in_weak_dict<'t>(
    site: &TaskSite<'t>,
    holder: &str,
    src: &str,
    only_made_by: &dyn Fn(&[&str]) -> bool,
) -> Option<(Node<'t>, Option<Node<'t>>)> {
    if site.reference != Reference::Collection || !named(src) {
        return None;
    }
    let expr = strip_parens(site.statement.named_child(0)?);
    if site.statement.kind() != "expression_statement" || expr.kind() != "assignment" {
        return None;
    }
    let left = expr.child_by_field_name("left")?;
    let right = expr.child_by_field_name("right").map(strip_parens)?;
    if right != site.call || !only_made_by(&MAKERS) {
        return None;
    }
    match left.kind() {
        "subscript" => {
            let value = left.child_by_field_name("value")?;
            (compact(text(value, src)) == holder).then_some((expr, None))
        }
        "identifier" if site.local.as_deref() == Some(text(left, src)) => {
            only_stored(site, text(left, src), holder, src).then_some((expr, Some(left)))
        }
        _ => None,
    }
}

/// Every read of `local` after the statement, in its function, is `holder[...] = local` or a
/// done callback's registration, and there is one such store.
fn only_stored(site: &TaskSite, local: &str, holder: &str, src: &str) -> bool {
    let mut stored = false;
    let every = every_later_read(site, local, src, |line, rest_of_line| {
        let store = line.starts_with(&format!("{holder}[")) && line.ends_with("]=");
        stored |= store && rest_of_line.is_empty();
        store && rest_of_line.is_empty()
    });
    every && stored
}

/// Whether `store` accepts every read of `local` after the site's statement, in its function,
/// other than a done callback's registration: it is handed the read's line before it and the
/// rest of that line after it, both without spaces. No enclosing function: never.
pub fn every_later_read(
    site: &TaskSite,
    local: &str,
    src: &str,
    mut store: impl FnMut(&str, &str) -> bool,
) -> bool {
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let Some(function) = function else {
        return false;
    };
    let rest = (src.get(site.statement.end_byte()..function.end_byte())).unwrap_or("");
    let word = |c: char| c.is_alphanumeric() || c == '_';
    for (at, _) in rest.match_indices(local) {
        let (before, after) = (&rest[..at], &rest[at + local.len()..]);
        // Another name, or the attribute of another object (`self.task`).
        if before
            .chars()
            .next_back()
            .is_some_and(|c| word(c) || c == '.')
            || after.starts_with(word)
        {
            continue;
        }
        if after.trim_start().starts_with(".add_done_callback(") {
            continue;
        }
        let line = compact(before.rsplit('\n').next().unwrap_or(""));
        let rest_of_line = compact(after.split('\n').next().unwrap_or("").trim_end());
        if !store(&line, &rest_of_line) {
            return false;
        }
    }
    true
}

/// The code without spaces and tabs.
fn compact(code: &str) -> String {
    code.chars().filter(|c| !matches!(c, ' ' | '\t')).collect()
}
