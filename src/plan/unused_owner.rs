//! A task whose code holds nothing of the object its method runs on: the object is no owner.
//!
//! Where the task's coroutine is a call of a function the method defines for it (a closure),
//! the whole of the task's code is in view: the closure's body and the call's arguments. When
//! neither names the method's receiver, the task holds nothing of the object, so the object's
//! lifetime says nothing about the task's: an object made for one call (a command's context, a
//! request) is dropped when the call returns, its set with it, while the task still runs (a
//! response deleted after a delay: hikari-lightbulb's `Context.respond`). The module set, which
//! lives as long as the program, keeps it. A coroutine from elsewhere (`self._run()`, a
//! coroutine object made before) is not decided here: its code is not all in view.
//!
//! A class that starts tasks of its own methods (`create_task(self._subscribe())`) keeps them on
//! the instance, which therefore lives as long as they do: a closure's task in another of its
//! methods goes there too, one keeper for the class (the twentieth exam, chat-sdk-python).

use tree_sitter::Node;

use crate::detect::Dropped;
use crate::scan::syntax::{enclosing_function, first_element, strip_parens, text, walk};

/// Whether the site's task is a closure of its method that names nothing of `receiver`.
pub(super) fn task_holds_nothing_of_object(site: &Dropped, receiver: &str, src: &str) -> bool {
    let coroutine = (site.call.child_by_field_name("arguments"))
        .and_then(first_element)
        .map(strip_parens);
    let Some(coroutine) = coroutine.filter(|c| c.kind() == "call") else {
        return false;
    };
    let function = coroutine.child_by_field_name("function");
    let Some(function) = function.filter(|f| f.kind() == "identifier") else {
        return false;
    };
    let Some(closure) = closure_named(site.placement.scope, text(function, src), src) else {
        return false;
    };
    let arguments = coroutine.child_by_field_name("arguments");
    !names(closure, receiver, src) && !arguments.is_some_and(|a| names(a, receiver, src))
}

/// Whether the class starts a task of a method of `receiver` (`create_task(self._run())`).
pub(super) fn class_starts_own_tasks(class: Node, receiver: &str, src: &str) -> bool {
    let mut found = false;
    walk(class, |node| {
        let function = node.child_by_field_name("function").map(|f| text(f, src));
        let spawns = node.kind() == "call"
            && function.is_some_and(|f| f.ends_with("create_task") || f.ends_with("ensure_future"));
        let coroutine = (node.child_by_field_name("arguments"))
            .filter(|_| spawns)
            .and_then(first_element)
            .map(strip_parens)
            .filter(|c| c.kind() == "call")
            .and_then(|c| c.child_by_field_name("function"))
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.child_by_field_name("object"));
        found |= coroutine.is_some_and(|o| o.kind() == "identifier" && text(o, src) == receiver);
        !found
    });
    found
}

/// The function `name` defined in `scope` or in a function around it, up to the method: the
/// nearest one, as Python resolves the name (not one nested deeper, which is not in scope).
fn closure_named<'t>(scope: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let mut function = Some(scope);
    while let Some(current) = function.filter(|f| f.kind() == "function_definition") {
        let body = current.child_by_field_name("body")?;
        let mut found = None;
        walk(body, |node| {
            if node.kind() == "function_definition"
                && node.child_by_field_name("name").map(|n| text(n, src)) == Some(name)
            {
                found = found.or(Some(node));
            }
            // Only this function's own definitions: not those of functions nested in it.
            node == body || !matches!(node.kind(), "function_definition" | "class_definition")
        });
        if found.is_some() {
            return found;
        }
        function = enclosing_function(current, &["class_definition"]);
    }
    None
}

/// Whether `receiver` is named anywhere under `node` (a nested function sees it too).
fn names(node: Node, receiver: &str, src: &str) -> bool {
    let mut found = false;
    walk(node, |n| {
        found |= n.kind() == "identifier" && text(n, src) == receiver;
        !found
    });
    found
}
