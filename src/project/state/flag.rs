//! A flag a method checks and sets itself (see [`super`]): a method that binds a task to an
//! attribute only in some state of its object, a state it sets itself (`if self._ws is not None:
//! return` ... `self._ws = ...`; `if not self.is_closing: self._closing = True`), guards the
//! rebinding through that state, even when it never reads the task's attribute itself.

use tree_sitter::Node;

use crate::scan::params::first_parameter;
use crate::scan::syntax::{strip_parens, text};

/// Whether an `if` around `target` (in `method`), or one at the top of `method` before it that
/// returns or raises, tests an attribute of the method's first parameter that the method
/// itself assigns (a flag it checks and sets; `is_closing` stands for `_closing`).
pub fn guarded_by_state(target: Node, method: Node, src: &str) -> bool {
    let Some(owner) = first_parameter(method, src) else {
        return false;
    };
    let set = attributes_of(method, owner, src, true);
    if set.is_empty() {
        return false;
    }
    let tests_owner =
        |c: Node| (attributes_of(c, owner, src, false).iter()).any(|a| set.contains(a));
    let guards = super::tested::guards(target, method);
    guards.iter().any(|guard| tests_owner(guard.condition))
}

/// The stems of the attributes of `owner` in `node`: all that it reads, or (`assigned`) the
/// targets of its assignments.
fn attributes_of<'s>(node: Node, owner: &str, src: &'s str, assigned: bool) -> Vec<&'s str> {
    let mut found = Vec::new();
    // An assignment's target is asked for last, of an attribute of `owner` only: a node's
    // parent is a walk down from the root in tree-sitter (a tenth of detection when asked of
    // every node).
    let target = |n: Node| {
        n.parent().is_some_and(|p| {
            matches!(p.kind(), "assignment" | "augmented_assignment")
                && p.child_by_field_name("left").map(|l| l.id()) == Some(n.id())
        })
    };
    crate::scan::syntax::walk(node, |n| {
        if n.kind() == "attribute"
            && n.child_by_field_name("object")
                .map(strip_parens)
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == owner)
            && (!assigned || target(n))
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
