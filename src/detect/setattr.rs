//! `setattr(obj, "name", value)` with a plain string for the name is the language's attribute
//! assignment `obj.name = value`: the task is kept by that attribute, as written.

use tree_sitter::Node;

use super::arguments::literal;
use crate::project::summaries::Value;
use crate::scan::syntax::{outside_parens, strip_parens, text};

/// `call` is `setattr(obj, "name", value)` (three positional arguments, the name a plain string
/// that is an identifier) and `value` its third argument: the attribute it binds, written
/// `obj.name` (whitespace left out).
pub(super) fn setattr_target(call: Node, value: Node, src: &str) -> Option<String> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "identifier" || text(function, src) != "setattr" {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let items: Vec<Node> = arguments
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let [object, name, third] = items[..] else {
        return None;
    };
    if third.id() != outside_parens(value).id() && strip_parens(third).id() != value.id() {
        return None;
    }
    attribute_written(object, name, src)
}

/// The `setattr(obj, "name", value)` call whose third argument `child` is (`parent` its
/// argument list, `call` the call around it).
pub(super) fn setattr_call<'t>(
    parent: Node,
    call: Option<Node<'t>>,
    child: Node,
    src: &str,
) -> Option<Node<'t>> {
    let call = call.filter(|_| parent.kind() == "argument_list")?;
    setattr_target(call, child, src).map(|_| call)
}

/// The attribute `setattr(obj, "name", task)` (`call`) binds, written `obj.name`.
pub(super) fn written_by_setattr(call: Node, src: &str) -> Option<String> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let third = (arguments.named_children(&mut cursor))
        .filter(|n| n.kind() != "comment")
        .nth(2)?;
    setattr_target(call, third, src)
}

/// `obj.name` for the object and name arguments of `setattr`, when the name is a plain string
/// that is an identifier.
fn attribute_written(object: Node, name: Node, src: &str) -> Option<String> {
    let object = strip_parens(object);
    if !matches!(object.kind(), "identifier" | "attribute") {
        return None;
    }
    let Value::Str(name) = literal(name, src) else {
        return None;
    };
    let identifier = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !identifier {
        return None;
    }
    let object: String = text(object, src).split_whitespace().collect();
    Some(format!("{object}.{name}"))
}
