//! Whether a coroutine function's own body may suspend, read off its definition: what the
//! never-suspends rule ([`super::first_step`], [`super::first_step_method`]) proves a task by.

use tree_sitter::Node;

use crate::scan::syntax::{text, walk_with_ancestors};

/// An `async def` that is a coroutine function as written: no decorator that may wrap it
/// (`staticmethod` and `classmethod` return the function itself).
pub fn is_plain_coroutine(definition: Node, src: &str) -> bool {
    let mut cursor = definition.walk();
    let is_async = (definition.children(&mut cursor)).any(|c| c.kind() == "async");
    if !is_async || definition.kind() != "function_definition" {
        return false;
    }
    let Some(decorated) = (definition.parent()).filter(|p| p.kind() == "decorated_definition")
    else {
        return true;
    };
    (0..decorated.named_child_count())
        .filter_map(|i| decorated.named_child(i as u32))
        .filter(|d| d.kind() == "decorator")
        .all(|d| {
            d.named_child(0).is_some_and(|e| {
                e.kind() == "identifier" && matches!(text(e, src), "staticmethod" | "classmethod")
            })
        })
}

/// Whether the coroutine's own body may suspend: an `await`, `async for`, `async with` (or an
/// async comprehension), nested functions' and lambdas' bodies aside; a `yield` makes it an
/// async generator, no proof either.
pub fn suspends(definition: Node) -> bool {
    let Some(body) = definition.child_by_field_name("body") else {
        return true;
    };
    let mut found = false;
    walk_with_ancestors(body, |node, _, _| {
        match node.kind() {
            "await" | "yield" | "async" => found = true,
            // Their bodies run in another frame; their defaults and decorators run here.
            "function_definition" | "lambda" => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if node.child_by_field_name("body") != Some(child) && suspends_in(child) {
                        found = true;
                    }
                }
                return false;
            }
            _ => {}
        }
        !found
    });
    found
}

/// Whether an expression (a nested function's default or parameter list) awaits.
fn suspends_in(node: Node) -> bool {
    let mut found = false;
    walk_with_ancestors(node, |n, _, _| {
        if matches!(n.kind(), "await" | "yield") {
            found = true;
        }
        !found && n.kind() != "lambda"
    });
    found
}
