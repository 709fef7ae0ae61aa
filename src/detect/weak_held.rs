//! Tasks whose only holder besides their function's caller, or besides nothing, is a weak
//! container. By the `weakref` contract (`scan::contracts`) a `WeakSet` holds no reference to
//! its elements and a `WeakValueDictionary` none to its values, so:
//! - `t = create_task(coro); self.tasks.add(t); return t` keeps the task nowhere: the function
//!   returns a task nothing else holds, and its callers decide its fate, as for any factory
//!   ([`weakly_held_and_returned`]; hail's `BackgroundTaskManager.ensure_future`);
//! - `self.workers = WeakSet([create_task(w()) for _ in range(n)])` holds none of the tasks the
//!   comprehension makes: each is dropped ([`made_into_weak_set`]).
//!
//! Believed only where the file shows it, as for `weak-container`: every assignment of the
//! holder (in its class, module or function) makes a weak container.

use tree_sitter::Node;

use super::task_site::{Reference, TaskSite};
use super::weak_dicts::every_later_read;
use crate::scan::contracts::WEAK_VALUE_MAKERS;
use crate::scan::syntax::{strip_parens, text};

/// The makers of a `WeakSet`.
pub const WEAK_SET_MAKERS: [&str; 2] = ["weakref.WeakSet(", "WeakSet("];

/// Whether the site's task is bound to a local (`t = <call>`) whose every later read is a store
/// into `holder`, a weak set (`holder.add(t)`) or a weak mapping's value (`holder[k] = t`), a
/// done callback's registration or `return t`, with at least one store and one return, and no
/// function or lambda after it in its function that could close over the local.
/// `made_by(makers)` says whether every assignment of the holder starts with one of them.
pub fn weakly_held_and_returned(
    site: &TaskSite,
    holder: &str,
    src: &str,
    made_by: &dyn Fn(&[&str]) -> bool,
) -> bool {
    if site.reference != Reference::Collection || site.statement.kind() != "expression_statement" {
        return false;
    }
    let Some(expr) = site.statement.named_child(0).map(strip_parens) else {
        return false;
    };
    let (Some(left), Some(right)) = (
        expr.child_by_field_name("left"),
        expr.child_by_field_name("right").map(strip_parens),
    ) else {
        return false;
    };
    let local = text(left, src);
    if expr.kind() != "assignment"
        || left.kind() != "identifier"
        || right != site.call
        || site.local.as_deref() != Some(local)
        || closes_over_after(site, src)
    {
        return false;
    }
    let weak_set = made_by(&WEAK_SET_MAKERS);
    let weak_values = !weak_set && made_by(&WEAK_VALUE_MAKERS);
    if !weak_set && !weak_values {
        return false;
    }
    let (mut stored, mut returned) = (false, false);
    let every = every_later_read(site, local, src, |line, rest_of_line| {
        if line == "return" && rest_of_line.is_empty() {
            returned = true;
            return true;
        }
        let store = if weak_set {
            line == format!("{holder}.add(") && rest_of_line == ")"
        } else {
            line.starts_with(&format!("{holder}["))
                && line.ends_with("]=")
                && rest_of_line.is_empty()
        };
        stored |= store;
        store
    });
    every && stored && returned
}

/// Returned, and held only weakly: a factory, whose callers own the task.
pub fn leave_to_callers(site: &mut TaskSite) {
    site.reference = Reference::Returned;
    site.weakly_held = site.holder.take();
    (site.owner, site.owner_scope) = (None, None);
    site.factory_return = Some(site.statement);
}

/// A `def` or `lambda` after the site's statement in its function: it may close over the local.
fn closes_over_after(site: &TaskSite, src: &str) -> bool {
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let Some(function) = function else {
        return true;
    };
    let rest = (src.get(site.statement.end_byte()..function.end_byte())).unwrap_or("");
    crate::scan::words::whole(rest, "def").next().is_some()
        || crate::scan::words::whole(rest, "lambda").next().is_some()
}

/// The statement around the call when it is an element of a comprehension (list, set or
/// generator) that is the only argument of a `WeakSet(...)` call: the set holds none of the
/// tasks, and nothing else is handed them. The call's statement is returned for the report.
pub fn made_into_weak_set<'t>(call: Node<'t>, src: &str) -> bool {
    let Some(comprehension) = call.parent() else {
        return false;
    };
    let body = comprehension.child_by_field_name("body").map(strip_parens);
    if !matches!(
        comprehension.kind(),
        "list_comprehension" | "set_comprehension" | "generator_expression"
    ) || body != Some(call)
    {
        return false;
    }
    // `WeakSet(x for x in ...)`: the generator is the argument list itself.
    let arguments = match comprehension.parent() {
        Some(p) if p.kind() == "argument_list" => p,
        Some(p) if p.kind() == "call" && comprehension.kind() == "generator_expression" => {
            return weak_set_call(p, src);
        }
        _ => return false,
    };
    arguments.named_child_count() == 1 && arguments.parent().is_some_and(|c| weak_set_call(c, src))
}

fn weak_set_call(call: Node, src: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let function = text(function, src);
    call.kind() == "call"
        && WEAK_SET_MAKERS
            .iter()
            .any(|m| m.strip_suffix('(') == Some(function))
}
