//! Tasks kept only as the values of a `weakref.WeakValueDictionary` (`weak-container`): such a
//! mapping holds as little as a `WeakSet`, so a keeper that stores its task only there
//! (`self._running[name] = create_task(...)`) keeps nothing, and the task can be collected
//! mid-run. A `WeakKeyDictionary` holds its keys as weakly; a task stored as a key is found the
//! same way once something reads it as one (not yet: no such site was seen).
//!
//! Believed as [`super::weak`] believes a `WeakSet`: every assignment of the holder in the
//! module (the class, the function) makes a `WeakValueDictionary()`, and the task reaches it
//! directly or through a local read only to store it there (or to add a done callback).

use tree_sitter::Node;

use super::task_site::{Reference, TaskSite};
use crate::scan::syntax::{strip_parens, text};

/// How the module spells the maker of such a holder.
pub const MAKERS: [&str; 2] = ["weakref.WeakValueDictionary(", "WeakValueDictionary("];

/// Whether the source names a weak mapping at all (most files never do).
pub fn named(src: &str) -> bool {
    memchr::memmem::find(src.as_bytes(), b"WeakValueDictionary(").is_some()
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
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let Some(function) = function else {
        return false;
    };
    let rest = (src.get(site.statement.end_byte()..function.end_byte())).unwrap_or("");
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut stored = false;
    for (at, _) in rest.match_indices(local) {
        let (before, after) = (&rest[..at], &rest[at + local.len()..]);
        if before.chars().next_back().is_some_and(word) || after.starts_with(word) {
            continue;
        }
        if after.trim_start().starts_with(".add_done_callback(") {
            continue;
        }
        let line = compact(before.rsplit('\n').next().unwrap_or(""));
        let ends_line = after
            .split('\n')
            .next()
            .is_some_and(|r| r.trim().is_empty());
        if line.starts_with(&format!("{holder}[")) && line.ends_with("]=") && ends_line {
            stored = true;
            continue;
        }
        return false;
    }
    stored
}

/// The code without spaces and tabs.
fn compact(code: &str) -> String {
    code.chars().filter(|c| !matches!(c, ' ' | '\t')).collect()
}
