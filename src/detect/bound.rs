//! Whether a name is bound where Python looks it up from a use: in a function around the use
//! (a parameter, or a binding in its own body), or at module level. A receiver named `loop`
//! that nothing binds there (ruff's RUF006 fixture: `loop.create_task(...)` in a function that
//! never binds `loop`, in a module that never does) is no proven event loop.

use tree_sitter::Node;

use super::imports::{binds, spells};
use crate::scan::syntax::{text, walk};

/// `name`, used at `node`, is bound in a scope the use can see.
pub fn bound_in_scope(node: Node, name: &str, src: &str) -> bool {
    let mut scope = node;
    while let Some(up) = scope.parent() {
        scope = up;
        let parameters = scope.child_by_field_name("parameters");
        let seen = match scope.kind() {
            "function_definition" | "lambda" => {
                parameters.is_some_and(|p| spells(p, name, src))
                    || scope
                        .child_by_field_name("body")
                        .is_some_and(|b| binds_in(b, name, src))
            }
            // A class body's names (seen from the class body itself: merely cautious).
            "class_definition" => scope
                .child_by_field_name("body")
                .is_some_and(|b| binds_in(b, name, src)),
            "module" => binds_in(scope, name, src),
            _ => false,
        };
        if seen {
            return true;
        }
    }
    false
}

/// `name` is bound in the scope's own code (a nested `def` or `class` of that name too).
fn binds_in(scope: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    walk(scope, |n| {
        let nested = matches!(n.kind(), "function_definition" | "class_definition");
        let named = n
            .child_by_field_name("name")
            .is_some_and(|d| text(d, src) == name);
        found |= (nested && named) || (n.kind() != "lambda" && binds(n, name, src).is_some());
        !found && !nested && n.kind() != "lambda"
    });
    found
}
