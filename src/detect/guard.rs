//! A method that binds a task to an attribute only in some state of its object (`if self._ws
//! is not None: return`, `if not self.is_closing: self._t = create_task(...)`) guards the
//! rebinding through that state, even when it never reads the attribute itself.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// Whether an `if` around `target` (in `method`), or one at the top of `method` before it that
/// returns or raises, tests an attribute of the method's first parameter.
pub(super) fn guarded_by_state(target: Node, method: Node, src: &str) -> bool {
    let Some(owner) = first_parameter(method, src) else {
        return false;
    };
    let tests_owner =
        |condition: Option<Node>| condition.is_some_and(|c| reads_attribute_of(c, owner, src));
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

/// Whether `node` reads `owner.<attribute>` anywhere in it.
fn reads_attribute_of(node: Node, owner: &str, src: &str) -> bool {
    let mut found = false;
    crate::scan::syntax::walk(node, |n| {
        found |= n.kind() == "attribute"
            && n.child_by_field_name("object")
                .map(strip_parens)
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == owner);
        !found
    });
    found
}
