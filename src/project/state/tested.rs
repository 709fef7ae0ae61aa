//! The tests of a function's state on the way to a point of it (see [`super`]).

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// A test of the function's state on the way to a point of it.
pub struct Guard<'t> {
    pub condition: Node<'t>,
    /// An early exit at the top of the body (`if self._x: return`): the way goes on where the
    /// test is false. Otherwise an `if` (or `elif`) around the point, which stands in its
    /// consequence (`in_consequence`) or in an `elif` or `else` after it.
    pub exits: bool,
    pub in_consequence: bool,
}

/// The tests on the way to `at` in `function`: each `if` or `elif` around it (not in its
/// condition), then each `if` at the top of the body before it whose block ends in a `return`
/// or `raise`.
pub fn guards<'t>(at: Node<'t>, function: Node<'t>) -> Vec<Guard<'t>> {
    let mut found = Vec::new();
    let mut child = at;
    while let Some(parent) = child.parent().filter(|p| p.id() != function.id()) {
        if matches!(parent.kind(), "if_statement" | "elif_clause")
            && let Some(condition) = parent.child_by_field_name("condition")
            && condition.id() != child.id()
        {
            found.push(Guard {
                condition,
                exits: false,
                in_consequence: parent.child_by_field_name("consequence") == Some(child),
            });
        }
        child = parent;
    }
    let Some(body) = function.child_by_field_name("body") else {
        return found;
    };
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        if statement.start_byte() >= at.start_byte() {
            break;
        }
        let exits = (statement.child_by_field_name("consequence"))
            .and_then(|block| block.named_children(&mut block.walk()).last())
            .is_some_and(|last| matches!(last.kind(), "return_statement" | "raise_statement"));
        if statement.kind() == "if_statement"
            && exits
            && let Some(condition) = statement.child_by_field_name("condition")
        {
            found.push(Guard {
                condition,
                exits: true,
                in_consequence: false,
            });
        }
    }
    found
}

/// `self.x`: `x`.
pub(super) fn self_attribute<'s>(node: Node, src: &'s str) -> Option<&'s str> {
    let object = node.child_by_field_name("object").map(strip_parens);
    (node.kind() == "attribute" && object.is_some_and(|o| text(o, src) == "self"))
        .then(|| node.child_by_field_name("attribute"))
        .flatten()
        .map(|a| text(a, src))
}
