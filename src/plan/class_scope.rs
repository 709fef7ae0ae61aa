//! How a class's methods reach the class itself: the receivers its methods take (`self`, `cls`)
//! and its own name, and the classmethod that holds a site (its `cls`), for the sets a class
//! binds in its body (see `mechanism`).

use tree_sitter::Node;

use crate::scan::params::first_parameter;
use crate::scan::syntax::{statements, text};

/// The names a class's methods reach the class by: their receivers (`self`, `cls`) and the
/// class's own name.
pub(super) fn class_receivers(class: Node, body: Node, src: &str) -> Vec<String> {
    let mut receivers: Vec<String> = (class.child_by_field_name("name"))
        .map(|n| text(n, src).to_owned())
        .into_iter()
        .collect();
    for stmt in statements(body) {
        // The definition inside a decorated one.
        let def = (stmt.child_by_field_name("definition")).unwrap_or(stmt);
        let static_method = stmt.kind() == "decorated_definition"
            && text(stmt, src).trim_start().starts_with("@staticmethod");
        if def.kind() == "function_definition"
            && !static_method
            && let Some(receiver) = first_parameter(def, src)
            && !receivers.iter().any(|r| r == receiver)
        {
            receivers.push(receiver.to_owned());
        }
    }
    receivers
}

/// The class `function` is a `@classmethod` of, and its `cls` name.
pub(super) fn classmethod_of<'t, 's>(
    function: Node<'t>,
    src: &'s str,
) -> Option<(Node<'t>, &'s str)> {
    let outer = function
        .parent()
        .filter(|o| o.kind() == "decorated_definition")?;
    let mut cursor = outer.walk();
    let classmethod = (outer.named_children(&mut cursor))
        .filter(|d| d.kind() == "decorator")
        .any(|d| text(d, src).trim_start_matches('@').trim() == "classmethod");
    let class = outer
        .parent()?
        .parent()
        .filter(|c| c.kind() == "class_definition")?;
    let receiver = first_parameter(function, src)?;
    classmethod.then_some((class, receiver))
}
