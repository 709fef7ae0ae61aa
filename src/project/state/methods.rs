//! The methods of a class a statement calls (see [`super`]).

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// The name of a definition (`?` where it has none).
pub fn definition_name<'s>(definition: Node, src: &'s str) -> &'s str {
    definition
        .child_by_field_name("name")
        .map_or("?", |n| text(n, src))
}

/// `statement` is `await o.m(...)` or `o.m(...)`: whether it is awaited, `o` and `m`.
pub(crate) fn invoked<'s>(statement: Node, src: &'s str) -> Option<(bool, &'s str, &'s str)> {
    if statement.kind() != "expression_statement" {
        return None;
    }
    let expression = statement.named_child(0).map(strip_parens)?;
    let (awaited, invoked) = match expression.kind() {
        "await" => (true, expression.named_child(0).map(strip_parens)?),
        _ => (false, expression),
    };
    let function = (invoked.kind() == "call")
        .then(|| invoked.child_by_field_name("function"))
        .flatten()
        .filter(|f| f.kind() == "attribute")?;
    let object = text(function.child_by_field_name("object")?, src);
    let name = text(function.child_by_field_name("attribute")?, src);
    Some((awaited, object, name))
}

/// The method `name` defined in the body of the class around `node`.
pub(crate) fn method_of_class<'t>(node: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let mut class = node.parent();
    while let Some(c) = class.filter(|c| c.kind() != "class_definition") {
        class = c.parent();
    }
    let body = class?.child_by_field_name("body")?;
    let mut cursor = body.walk();
    body.named_children(&mut cursor).find_map(|child| {
        let function = match child.kind() {
            "decorated_definition" => child.child_by_field_name("definition")?,
            _ => child,
        };
        (function.kind() == "function_definition"
            && function.child_by_field_name("name").map(|n| text(n, src)) == Some(name))
        .then_some(function)
    })
}
