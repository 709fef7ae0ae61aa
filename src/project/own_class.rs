//! An object made by a classmethod of its class (`t = Tournament.from_info(...)`, where
//! `from_info` is a `@classmethod` that returns `cls(...)`): the language makes `cls` the class
//! the method is called on, so the object is of that class, as `t = Tournament(...)` is. Read
//! only where another reading asks (the audit's holder of another class), not in the walk.

use tree_sitter::Node;

use crate::scan::syntax::{self, strip_parens, text};

/// `(C, m)` when every binding of `object` (a name) in the function around it is `object =
/// C.m(...)`, of one `C.m`.
pub fn classmethod_made(object: Node, src: &str) -> Option<(String, String)> {
    let object = strip_parens(object);
    if object.kind() != "identifier" {
        return None;
    }
    let name = text(object, src);
    let mut scope = object.parent()?;
    while scope.kind() != "function_definition" {
        scope = scope.parent()?;
    }
    let body = scope.child_by_field_name("body")?;
    let mut callees = Vec::new();
    let mut other = false;
    syntax::walk(body, |node| {
        if node != body && matches!(node.kind(), "function_definition" | "class_definition") {
            return false;
        }
        let target = match node.kind() {
            // A comprehension's `for` binds in the comprehension's own scope.
            "assignment" | "augmented_assignment" | "for_statement" => {
                node.child_by_field_name("left")
            }
            "named_expression" => node.child_by_field_name("name"),
            "as_pattern_target" | "global_statement" | "nonlocal_statement" => Some(node),
            _ => None,
        };
        let Some(target) = target else {
            return true;
        };
        let words = text(target, src).split(|c: char| !(c.is_alphanumeric() || c == '_'));
        if target.kind() == "identifier" && text(target, src) == name {
            let callee = (node.kind() == "assignment")
                .then(|| node.child_by_field_name("right"))
                .flatten()
                .map(strip_parens)
                .filter(|v| v.kind() == "call")
                .and_then(|v| v.child_by_field_name("function"));
            match callee {
                Some(c) => callees.push(text(c, src)),
                None => other = true,
            }
        } else if !matches!(target.kind(), "attribute" | "subscript")
            && words.into_iter().any(|w| w == name)
        {
            other = true;
        }
        true
    });
    let first = *callees.first()?;
    if other || callees.iter().any(|c| *c != first) {
        return None;
    }
    let (class, method) = first.split_once('.')?;
    let plain = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_');
    (plain(class) && plain(method)).then(|| (class.to_owned(), method.to_owned()))
}

/// Whether `src` defines `class` with a `@classmethod` (not `async`, no `yield`) `method`
/// every `return` of which is `cls(...)` or `class(...)`.
pub fn returns_own_class(src: &str, class: &str, method: &str) -> bool {
    let Some(tree) = syntax::new_parser().parse(src, None) else {
        return false;
    };
    let mut found = false;
    syntax::walk(tree.root_node(), |node| {
        if found {
            return false;
        }
        if node.kind() != "class_definition"
            || node.child_by_field_name("name").map(|n| text(n, src)) != Some(class)
        {
            return true;
        }
        let Some(body) = node.child_by_field_name("body") else {
            return false;
        };
        let mut cursor = body.walk();
        found = body.named_children(&mut cursor).any(|d| {
            d.kind() == "decorated_definition"
                && classmethod(d, src)
                && d.child_by_field_name("definition")
                    .is_some_and(|f| named(f, method, src) && returns_cls(f, class, src))
        });
        false
    });
    found
}

fn classmethod(decorated: Node, src: &str) -> bool {
    let mut cursor = decorated.walk();
    decorated
        .named_children(&mut cursor)
        .any(|d| d.kind() == "decorator" && text(d, src).trim() == "@classmethod")
}

fn named(function: Node, method: &str, src: &str) -> bool {
    function.kind() == "function_definition"
        && function.child(0).is_some_and(|c| c.kind() != "async")
        && function.child_by_field_name("name").map(|n| text(n, src)) == Some(method)
}

/// Every `return` of `function` (not of a nested one) is `cls(...)` or `class(...)`, and there
/// is one; no `yield` makes it a generator.
fn returns_cls(function: Node, class: &str, src: &str) -> bool {
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    let (mut returns, mut all) = (0, true);
    syntax::walk(body, |node| {
        match node.kind() {
            "function_definition" | "class_definition" | "lambda" => return false,
            "yield" => all = false,
            "return_statement" => {
                returns += 1;
                let made = node
                    .named_child(0)
                    .map(strip_parens)
                    .filter(|v| v.kind() == "call")
                    .and_then(|v| v.child_by_field_name("function"))
                    .is_some_and(|f| matches!(text(f, src), "cls") || text(f, src) == class);
                all &= made;
            }
            _ => {}
        }
        true
    });
    all && returns > 0
}
