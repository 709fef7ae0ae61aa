//! `await tg.create_task(c())` where the group's class is a `TaskGroup` subclass whose own
//! `create_task` is an `async def` (pulsefire's semaphore group, issue 35, exam35v): the await
//! runs the method's coroutine, whose result is the task the group keeps; it does not await
//! the task. asyncio's own `TaskGroup.create_task` is a plain method: awaiting what it returns
//! awaits the task.

use tree_sitter::Node;

use super::facts::Facts;
use crate::scan::syntax::{outside_parens, strip_parens, text};

/// Whether the site's call (`tg.create_task(...)`, awaited where it stands) is the async
/// `create_task` of the class, of this file or imported from a module of the run, that an
/// `async with C(...) as tg:` around it binds the group's name to.
pub(super) fn async_create(call: Node, src: &str, facts: &Facts) -> bool {
    let awaited = outside_parens(call)
        .parent()
        .is_some_and(|p| p.kind() == "await");
    let receiver = call
        .child_by_field_name("function")
        .and_then(|f| f.child_by_field_name("object"))
        .map(strip_parens)
        .filter(|r| r.kind() == "identifier");
    let Some(receiver) = receiver.filter(|_| awaited) else {
        return false;
    };
    let Some(class) = bound_class(call, text(receiver, src), src) else {
        return false;
    };
    // `asyncio.TaskGroup`, or a dotted path: no class the checked code's text shows.
    if class.contains('.') {
        return false;
    }
    if let Some(own) = defines_async(src, &class) {
        return own;
    }
    let imported = facts.factories.quiet.class_spelling(&class, "create_task");
    imported.is_some_and(|found| defines_async(&found.module.text, &found.name) == Some(true))
}

/// The class `C` of the nearest `async with C(...) as name:` around `at`, as spelled.
fn bound_class(at: Node, name: &str, src: &str) -> Option<String> {
    let mut node = at;
    while let Some(parent) = node.parent() {
        node = parent;
        if matches!(node.kind(), "function_definition" | "class_definition") {
            return None;
        }
        if node.kind() != "with_statement" {
            continue;
        }
        let mut found = None;
        crate::scan::syntax::walk(node, |n| {
            if n.kind() == "block" {
                return false;
            }
            let alias = n.child_by_field_name("alias").map(|a| text(a, src).trim());
            let value = n.named_child(0).map(strip_parens);
            if n.kind() == "as_pattern"
                && alias == Some(name)
                && let Some(function) = value
                    .filter(|v| v.kind() == "call")
                    .and_then(|v| v.child_by_field_name("function"))
            {
                found = Some(text(function, src).split_whitespace().collect());
            }
            found.is_none()
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether `class`, defined at the top level of `text`, has its own `async def create_task`
/// (and no plain `def create_task`); `None` when the text defines no such class.
fn defines_async(text: &str, class: &str) -> Option<bool> {
    let mut lines = text.lines();
    lines.find(|line| {
        line.strip_prefix("class ")
            .and_then(|rest| rest.strip_prefix(class))
            .is_some_and(|rest| rest.starts_with(['(', ':']))
    })?;
    let (mut is_async, mut plain) = (false, false);
    for line in lines {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if body.len() == line.len() {
            break;
        }
        is_async |= body.starts_with("async def create_task(")
            || body.starts_with("async def create_task[");
        plain |= body.starts_with("def create_task(") || body.starts_with("def create_task[");
    }
    Some(is_async && !plain)
}
