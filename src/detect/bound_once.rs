//! The one value a name a function reads is bound to, proved by the one binding it reaches:
//! what `await q.put(x)` asks of a queue ([`super::unbounded_put`]) and the audit asks of the
//! event a task waits for ([`super::asyncio_events`]). Read, no others:
//!
//! - a local of the function, bound once in it (no parameter, `global`, `nonlocal`, nested
//!   function or second assignment binds the name), by an assignment of its own body;
//! - `self._x`, where `self` is the method's first parameter, bound once in the `__init__` of
//!   the method's class, and assigned nowhere else in the file (by the text: any `._x =`,
//!   `._x:`, augmented or tuple assignment, or a `setattr` that quotes the name);
//! - a parameter of the function (or of a function around it, for a name the inner one does not
//!   bind), bound by nothing else, with its annotation: the class the code says it holds.

use tree_sitter::Node;

use super::scope::{Binding, binding, bindings_of, bound_anywhere};
use crate::scan::syntax::{strip_parens, text};

/// The value of `name`'s one binding in `definition`: an assignment of its own body.
pub(super) fn local_value<'t>(definition: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let [one] = bindings_of(definition, name, src)[..] else {
        return None;
    };
    let assignment = one.parent().filter(|p| p.kind() == "assignment")?;
    (own_body(assignment, definition) && assignment.child_by_field_name("left") == Some(one))
        .then(|| assignment.child_by_field_name("right"))
        .flatten()
}

/// What binds `name` where `enclosing` (the functions and classes around a read of it,
/// outermost first) reads it: the innermost function that binds it, and there either the value
/// of its one assignment ([`local_value`]) or, `Err`, the annotation of the parameter that is
/// its one binding. `None` for a name no function around binds (a global) or binds otherwise.
pub(super) fn reached<'t>(
    enclosing: &[Node<'t>],
    name: &str,
    src: &str,
) -> Option<Result<Node<'t>, Node<'t>>> {
    let function = (enclosing.iter().rev())
        .filter(|d| d.kind() == "function_definition")
        .find(|d| bound_anywhere(**d, name, src))?;
    if let Some(value) = local_value(*function, name, src) {
        return Some(Ok(value));
    }
    let [one] = bindings_of(*function, name, src)[..] else {
        return None;
    };
    let parameter = one
        .parent()
        .filter(|p| matches!(p.kind(), "typed_parameter" | "typed_default_parameter"))?;
    let parameters = function.child_by_field_name("parameters")?;
    (parameter.parent() == Some(parameters))
        .then(|| parameter.child_by_field_name("type"))
        .flatten()
        .map(Err)
}

/// Whether `node` is in `definition`'s own body, not in a nested function or lambda.
fn own_body(node: Node, definition: Node) -> bool {
    let mut at = node.parent();
    while let Some(n) = at {
        if n == definition {
            return true;
        }
        if matches!(n.kind(), "function_definition" | "lambda") {
            return false;
        }
        at = n.parent();
    }
    false
}

/// The value of `self._x` (`attribute`, read in `definition`), bound once in the class's
/// `__init__` and nowhere else.
pub(super) fn instance_value<'t>(
    attribute: Node<'t>,
    definition: Node<'t>,
    src: &str,
) -> Option<Node<'t>> {
    let receiver = attribute.child_by_field_name("object").map(strip_parens)?;
    let name = text(attribute.child_by_field_name("attribute")?, src);
    let own = first_parameter(definition, src)?;
    if receiver.kind() != "identifier"
        || text(receiver, src) != own
        || bindings_of(definition, own, src).len() != 1
    {
        return None;
    }
    // The method sits in a class body, undecorated (a `staticmethod`'s first parameter is no
    // instance).
    let class = (definition.parent())
        .filter(|b| b.kind() == "block")
        .and_then(|b| b.parent())
        .filter(|c| c.kind() == "class_definition")?;
    let Binding::Definition(init) = binding(class, "__init__", src) else {
        return None;
    };
    if init
        .parent()
        .is_some_and(|p| p.kind() == "decorated_definition")
        || assignments_in_text(src.as_bytes(), name) != 1
    {
        return None;
    }
    let this = first_parameter(init, src)?;
    let mut value = None;
    crate::scan::syntax::walk(init, |node| {
        if node.kind() == "assignment"
            && own_body(node, init)
            && let Some(left) = node.child_by_field_name("left").map(strip_parens)
            && left.kind() == "attribute"
            && left
                .child_by_field_name("attribute")
                .is_some_and(|a| text(a, src) == name)
            && left
                .child_by_field_name("object")
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == this)
        {
            value = node.child_by_field_name("right");
        }
        value.is_none()
    });
    value.filter(|_| bindings_of(init, this, src).len() == 1)
}

/// The name of a function's first parameter, when it is a plain one.
pub(super) fn first_parameter<'s>(definition: Node, src: &'s str) -> Option<&'s str> {
    let parameters = definition.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let first = parameters.named_children(&mut cursor).next()?;
    (first.kind() == "identifier").then(|| text(first, src))
}

/// How many times the text may assign an attribute `name`: `.name =`, `.name:` (annotated), an
/// augmented assignment, `.name,` on a line with a later `=` (a tuple target); a `setattr`
/// that quotes the name counts as many.
pub(super) fn assignments_in_text(bytes: &[u8], name: &str) -> usize {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    let dotted = format!(".{name}");
    let assigned = memchr::memmem::find_iter(bytes, dotted.as_bytes()).filter(|&at| {
        let rest = &bytes[at + dotted.len()..];
        if rest.first().is_some_and(word) {
            return false;
        }
        let rest = rest.trim_ascii_start();
        let operator = rest
            .iter()
            .take_while(|b| b"+-*/%&|^@<>".contains(b))
            .count();
        let after = &rest[operator..];
        let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        (after.starts_with(b"=") && !after.starts_with(b"=="))
            // An annotation (`.x: int`), not the colon that ends a line (`async with self.x:`).
            || (operator == 0
                && rest.starts_with(b":")
                && !rest[1..line_end].trim_ascii().is_empty()
                && !rest[1..line_end].trim_ascii().starts_with(b"#"))
            || (rest.starts_with(b",") && rest[..line_end].contains(&b'='))
    });
    let quoted =
        |q: &str| memchr::memmem::find(bytes, format!("{q}{name}{q}").as_bytes()).is_some();
    let set = memchr::memmem::find(bytes, b"setattr").is_some() && (quoted("\"") || quoted("'"));
    assigned.count() + if set { 2 } else { 0 }
}
