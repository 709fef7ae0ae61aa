//! The attribute a class declares for a task, reused as its keeper (issue 36's eleventh exam,
//! MuseHeart-MusicBot: `self.message_updater_task: Optional[asyncio.Task] = None` in `__init__`,
//! `self.message_updater_task.cancel()` in three methods, and the task itself made bare,
//! `self.bot.loop.create_task(self.message_updater())`, so the cancels never reached it). The
//! maintainers bound the task to the attribute; so does the fix, in every strategy.
//!
//! Only where the code proves the attribute is meant for this site's task:
//! - it is declared in the class: `None` in `__init__`, or a class-level `None` or annotation
//!   (an annotation, if any, names a `Task` or `Future`);
//! - it is cancelled somewhere in the file (`<x>.<attribute>.cancel()`);
//! - it is named after the site's coroutine function (`message_updater` → `message_updater_task`);
//! - nothing in the file assigns it anything but `None`;
//! - the class makes a task of that coroutine function at exactly one place, this site, which is
//!   a statement of its own, in no loop of its method.
//!
//! Otherwise the site keeps its task as before.

use tree_sitter::Node;

use super::framework::{coroutine_call, task_name};
use super::mechanism::{definition, method_in_scope};
use crate::detect::{Dropped, Shape};
use crate::scan::asyncio_api::TASK_FUNCTIONS;
use crate::scan::syntax::{root_of, statements, strip_parens, text, walk, written};

/// `self.<attribute>` for the site, where the class declares that attribute for its task.
pub(super) fn declared_attribute(site: &Dropped, src: &str) -> Option<String> {
    if site.shape() != Shape::Call || site.placement.import_time {
        return None;
    }
    let (method, class, receiver) = method_in_scope(site, src)?;
    if in_loop(site.stmt, method) {
        return None;
    }
    let function = task_name(coroutine_call(site)?, src)?;
    let attribute = declared(class, src, &function)?;
    let tasks_of_function = count_tasks_of(class, src, &function);
    let assigned = only_none_assigned(root_of(class), src, &attribute);
    let cancelled = cancelled(root_of(class), src, &attribute);
    (tasks_of_function == 1 && assigned && cancelled).then(|| format!("{receiver}.{attribute}"))
}

/// The attribute named after `function` (`<function>_task`, with or without leading
/// underscores) that the class declares: `self.<attribute> = None` in `__init__`, or a
/// class-level `None` or annotation.
fn declared(class: Node, src: &str, function: &str) -> Option<String> {
    let named = |name: &str| name.trim_start_matches('_') == format!("{function}_task");
    let body = class.child_by_field_name("body")?;
    for stmt in statements(body) {
        let def = definition(stmt);
        if let Some((name, _)) = none_or_annotated(def, src).filter(|(n, _)| named(n)) {
            return Some(name.to_owned());
        }
        let is_init = def.kind() == "function_definition"
            && def
                .child_by_field_name("name")
                .is_some_and(|n| text(n, src) == "__init__");
        if !is_init {
            continue;
        }
        let receiver = crate::scan::params::first_parameter(def, src)?;
        let block = def.child_by_field_name("body")?;
        for inner in statements(block) {
            let Some((target, value)) = none_or_annotated(inner, src) else {
                continue;
            };
            let Some(name) = target.strip_prefix(&format!("{receiver}.")) else {
                continue;
            };
            // Declared with a value: only `None` says it waits for its task.
            if named(name) && value.is_some_and(|v| v.kind() == "none") {
                return Some(name.to_owned());
            }
        }
    }
    None
}

/// `target = None`, `target: T = None` or `target: T` (a `T` that names a task type): the
/// target's text and the value, if any.
fn none_or_annotated<'t, 's>(stmt: Node<'t>, src: &'s str) -> Option<(&'s str, Option<Node<'t>>)> {
    let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    let value = assignment.child_by_field_name("right").map(strip_parens);
    if value.is_some_and(|v| v.kind() != "none") {
        return None;
    }
    let annotation = assignment.child_by_field_name("type").map(|t| text(t, src));
    // Annotated, the type must be a task's (`Optional[asyncio.Task]`, `Task[None] | None`).
    if annotation.is_some_and(|t| !t.contains("Task") && !t.contains("Future")) {
        return None;
    }
    if value.is_none() && annotation.is_none() {
        return None;
    }
    matches!(left.kind(), "identifier" | "attribute").then(|| (text(left, src), value))
}

/// Calls in the class that make a task of a call of `function` (`create_task(self.f())`).
fn count_tasks_of(class: Node, src: &str, function: &str) -> usize {
    let mut count = 0;
    walk(class, |node| {
        if node.kind() == "call" {
            let callee = node.child_by_field_name("function").map(|f| text(f, src));
            let makes_task = callee
                .and_then(|c| c.rsplit('.').next())
                .is_some_and(|last| TASK_FUNCTIONS.contains(&last));
            let coroutine = node
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|a| a.kind() == "call");
            if makes_task && coroutine.and_then(|c| task_name(c, src)).as_deref() == Some(function)
            {
                count += 1;
            }
        }
        true
    });
    count
}

/// Every `<x>.<attribute>` the file writes is assigned `None`.
fn only_none_assigned(root: Node, src: &str, attribute: &str) -> bool {
    let mut only_none = true;
    walk(root, |node| {
        if only_none && is_attribute(node, src, attribute) && written(node) {
            let parent = node.parent();
            only_none = parent.is_some_and(|p| {
                p.kind() == "assignment"
                    && p.child_by_field_name("right")
                        .is_some_and(|r| strip_parens(r).kind() == "none")
            });
        }
        only_none
    });
    only_none
}

/// `<x>.<attribute>.cancel()` somewhere in the file.
fn cancelled(root: Node, src: &str, attribute: &str) -> bool {
    let mut found = false;
    walk(root, |node| {
        if !found && is_attribute(node, src, attribute) {
            let method = node
                .parent()
                .filter(|p| p.kind() == "attribute")
                .and_then(|p| p.child_by_field_name("attribute"));
            let called = node
                .parent()
                .and_then(|p| p.parent())
                .is_some_and(|c| c.kind() == "call");
            found = called && method.is_some_and(|m| text(m, src) == "cancel");
        }
        !found
    });
    found
}

fn is_attribute(node: Node, src: &str, attribute: &str) -> bool {
    node.kind() == "attribute"
        && node
            .child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == attribute)
}

/// Whether a loop of the method (or of a function in it) holds the statement: each pass would
/// replace the task before.
fn in_loop(stmt: Node, method: Node) -> bool {
    let mut up = stmt.parent();
    while let Some(node) = up {
        if node.id() == method.id() {
            return false;
        }
        if matches!(node.kind(), "for_statement" | "while_statement") {
            return true;
        }
        up = node.parent();
    }
    false
}
