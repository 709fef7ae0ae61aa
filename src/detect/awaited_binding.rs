//! A binding the method awaits at once cannot replace a live task: `self.task =
//! ensure_future(...)` followed by `await self.task`. The frame that bound the task awaits it
//! until it is done; a later binding, in the same method's next pass or in another call of it
//! while this one waits, drops the attribute's reference only, and the awaiting frame still
//! holds the task (the language: an `await`'s operand is held by the suspended frame) and reads
//! its outcome.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// Whether the statement right after the one that binds `target` (an attribute) awaits the
/// same attribute: `await self.x`, `y = await self.x`, `return await self.x`.
pub(super) fn awaited_next(target: Node, src: &str) -> bool {
    let Some(assignment) = target.parent().filter(|p| p.kind() == "assignment") else {
        return false;
    };
    let Some(statement) = assignment
        .parent()
        .filter(|p| p.kind() == "expression_statement")
    else {
        return false;
    };
    let mut next = statement.next_named_sibling();
    while let Some(n) = next.filter(|n| n.kind() == "comment") {
        next = n.next_named_sibling();
    }
    let Some(next) = next else {
        return false;
    };
    let value = match next.kind() {
        "expression_statement" | "return_statement" => next.named_child(0),
        _ => None,
    };
    let value = match value {
        Some(v) if v.kind() == "assignment" => v.child_by_field_name("right"),
        v => v,
    };
    let wanted = text(target, src);
    value.map(strip_parens).is_some_and(|v| {
        v.kind() == "await"
            && v.named_child(0)
                .map(strip_parens)
                .is_some_and(|a| a.kind() == "attribute" && text(a, src) == wanted)
    })
}
