//! A method that binds a task to an attribute only in some state of its object, a state it
//! sets itself (`if self._ws is not None: return` ... `self._ws = ...`; `if not
//! self.is_closing: self._closing = True`), guards the rebinding through that state, even
//! when it never reads the task's attribute itself.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// Whether an `if` around `target` (in `method`), or one at the top of `method` before it that
/// returns or raises, tests an attribute of the method's first parameter that the method
/// itself assigns (a flag it checks and sets; `is_closing` stands for `_closing`).
pub(super) fn guarded_by_state(target: Node, method: Node, src: &str) -> bool {
    let Some(owner) = first_parameter(method, src) else {
        return false;
    };
    let set = attributes_of(method, owner, src, true);
    if set.is_empty() {
        return false;
    }
    let tests_owner = |condition: Option<Node>| {
        condition
            .is_some_and(|c| (attributes_of(c, owner, src, false).iter()).any(|a| set.contains(a)))
    };
    // An `if` (or `elif`) whose branch holds the binding.
    let mut node = target;
    while let Some(parent) = node.parent() {
        if parent.id() == method.id() {
            break;
        }
        if matches!(parent.kind(), "if_statement" | "elif_clause")
            && parent.child_by_field_name("condition").map(|c| c.id()) != Some(node.id())
            && tests_owner(parent.child_by_field_name("condition"))
        {
            return true;
        }
        node = parent;
    }
    // An early exit at the top of the body: `if self._ws is not None: return`.
    let Some(body) = method.child_by_field_name("body") else {
        return false;
    };
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        if statement.start_byte() >= target.start_byte() {
            break;
        }
        let exits = statement
            .child_by_field_name("consequence")
            .and_then(|block| {
                let count = u32::try_from(block.named_child_count()).ok()?;
                block.named_child(count.checked_sub(1)?)
            })
            .is_some_and(|last| matches!(last.kind(), "return_statement" | "raise_statement"));
        if statement.kind() == "if_statement"
            && exits
            && tests_owner(statement.child_by_field_name("condition"))
        {
            return true;
        }
    }
    false
}

/// The name of the method's first parameter (`self`), if it is a plain one.
fn first_parameter<'s>(method: Node, src: &'s str) -> Option<&'s str> {
    let parameters = method.child_by_field_name("parameters")?;
    let first = parameters.named_child(0)?;
    (first.kind() == "identifier").then(|| text(first, src))
}

/// The stems of the attributes of `owner` in `node`: all that it reads, or (`assigned`) the
/// targets of its assignments.
fn attributes_of<'s>(node: Node, owner: &str, src: &'s str, assigned: bool) -> Vec<&'s str> {
    let mut found = Vec::new();
    crate::scan::syntax::walk(node, |n| {
        let target = n.parent().filter(|p| {
            matches!(p.kind(), "assignment" | "augmented_assignment")
                && p.child_by_field_name("left").map(|l| l.id()) == Some(n.id())
        });
        if n.kind() == "attribute"
            && (!assigned || target.is_some())
            && n.child_by_field_name("object")
                .map(strip_parens)
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == owner)
            && let Some(attribute) = n.child_by_field_name("attribute")
        {
            found.push(stem(text(attribute, src)));
        }
        true
    });
    found
}

/// An attribute's name without its leading underscores and an `is_` prefix: `is_closing`, a
/// property, reads the `_closing` its class sets.
fn stem(name: &str) -> &str {
    let name = name.trim_start_matches('_');
    name.strip_prefix("is_").unwrap_or(name)
}
