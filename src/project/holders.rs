//! What a store into a holder keeps: the holder is made as a plain container (a set, list,
//! dict, deque) or as a weak one (`WeakSet`, `WeakValueDictionary`, `WeakKeyDictionary`), which
//! holds nothing; one made any other way, or bound to both, proves nothing (see
//! [`super::handling`]).

use tree_sitter::Node;

use crate::scan::syntax::{text, walk};

/// How strongly a holder keeps what is stored in it.
pub(super) enum Made {
    Strong,
    Weak,
}

/// How the holder is bound in `scope` (its class, or the module's top level): every binding
/// a container of one known strength.
pub(super) fn made_as(holder: &str, scope: Node, module: bool, src: &str) -> Option<Made> {
    let mut made = Vec::new();
    walk(scope, |node| {
        if node.kind() == "assignment"
            && let Some(left) = node.child_by_field_name("left")
            && text(left, src) == holder
        {
            made.push(node.child_by_field_name("right").map(|r| container(r, src)));
        }
        // A module's name is bound at its top level only.
        !module || matches!(node.kind(), "module" | "expression_statement")
    });
    let strengths: Vec<Option<bool>> = made.into_iter().map(|m| m.flatten()).collect();
    match strengths.first().copied().flatten() {
        Some(weak) if strengths.iter().all(|s| *s == Some(weak)) => {
            Some(if weak { Made::Weak } else { Made::Strong })
        }
        _ => None,
    }
}

/// Whether an expression makes a weak container (`Some(true)`), a plain one (`Some(false)`),
/// or something else.
fn container(value: Node, src: &str) -> Option<bool> {
    match value.kind() {
        "set" | "list" | "dictionary" => Some(false),
        "call" => {
            let function = text(value.child_by_field_name("function")?, src);
            let name = function.rsplit('.').next().unwrap_or(function);
            match name {
                "set" | "list" | "dict" | "deque" | "OrderedDict" | "defaultdict" => Some(false),
                "WeakSet" | "WeakValueDictionary" | "WeakKeyDictionary" => Some(true),
                _ => None,
            }
        }
        _ => None,
    }
}
