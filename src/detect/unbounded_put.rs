//! `await q.put(x)` that never suspends: `q` is proved an asyncio queue made unbounded
//! (`scan::ready_queue::is_unbounded_queue`; the contract is `UNBOUNDED_PUT` there), by the one
//! binding the name reaches. The queue's class is read through the module's imports
//! ([`super::asyncio_queues`]: `asyncio.Queue()`, or `Queue()` after `from asyncio import
//! Queue`). Two bindings are read, no others:
//!
//! - a local of the coroutine, bound once in it (no parameter, `global`, `nonlocal`, nested
//!   function or second assignment binds the name) to `asyncio.Queue()`;
//! - `self._q`, where `self` is the method's first parameter, bound once in the `__init__` of
//!   the method's class to `asyncio.Queue()`, and assigned nowhere else in the file (by the text:
//!   any `._q =`, `._q:`, augmented or tuple assignment, or a `setattr` that quotes the name).
//!
//! Anything else (a parameter, a module global, an attribute of another object, a queue of
//! another library) may be bounded and full: the `await` suspends.

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::scope::{Binding, binding, bindings_of};
use crate::scan::ready_queue::is_unbounded_queue;
use crate::scan::syntax::{strip_parens, text};

/// Whether `awaited` (an `await` in `definition`'s body) awaits `put` on a queue proved
/// unbounded; `queues` are the names of the module that make asyncio's queues.
pub fn is_unbounded_put(awaited: Node, definition: Node, src: &str, queues: &QueueNames) -> bool {
    let Some(call) = awaited.named_child(0).map(strip_parens) else {
        return false;
    };
    let Some(function) = call
        .child_by_field_name("function")
        .filter(|_| call.kind() == "call")
        .map(strip_parens)
    else {
        return false;
    };
    let is_put = function.kind() == "attribute"
        && function
            .child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == "put");
    let Some(queue) = function
        .child_by_field_name("object")
        .filter(|_| is_put)
        .map(strip_parens)
    else {
        return false;
    };
    match queue.kind() {
        "identifier" => local_queue(definition, text(queue, src), src, queues),
        "attribute" => instance_queue(queue, definition, src, queues),
        _ => false,
    }
}

/// `name` is bound once in `definition`, by an assignment of its own body to an unbounded queue.
fn local_queue(definition: Node, name: &str, src: &str, queues: &QueueNames) -> bool {
    let [one] = bindings_of(definition, name, src)[..] else {
        return false;
    };
    let Some(assignment) = one.parent().filter(|p| p.kind() == "assignment") else {
        return false;
    };
    own_body(assignment, definition)
        && assignment.child_by_field_name("left") == Some(one)
        && (assignment.child_by_field_name("right"))
            .is_some_and(|r| is_unbounded_queue(r, src, |f| queues.makes_queue(f, src)))
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

/// `self._q`, bound once in the class's `__init__` to an unbounded queue and nowhere else.
fn instance_queue(attribute: Node, definition: Node, src: &str, queues: &QueueNames) -> bool {
    let (Some(receiver), Some(name)) = (
        attribute.child_by_field_name("object").map(strip_parens),
        attribute.child_by_field_name("attribute"),
    ) else {
        return false;
    };
    let name = text(name, src);
    let Some(own) = first_parameter(definition, src) else {
        return false;
    };
    if receiver.kind() != "identifier"
        || text(receiver, src) != own
        || bindings_of(definition, own, src).len() != 1
    {
        return false;
    }
    // The method sits in a class body, undecorated (a `staticmethod`'s first parameter is no
    // instance).
    let Some(class) = (definition.parent())
        .filter(|b| b.kind() == "block")
        .and_then(|b| b.parent())
        .filter(|c| c.kind() == "class_definition")
    else {
        return false;
    };
    let Binding::Definition(init) = binding(class, "__init__", src) else {
        return false;
    };
    if init
        .parent()
        .is_some_and(|p| p.kind() == "decorated_definition")
        || assignments_in_text(src.as_bytes(), name) != 1
    {
        return false;
    }
    let Some(this) = first_parameter(init, src) else {
        return false;
    };
    let mut proved = false;
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
            proved = (node.child_by_field_name("right"))
                .is_some_and(|r| is_unbounded_queue(r, src, |f| queues.makes_queue(f, src)));
        }
        !proved
    });
    proved && bindings_of(init, this, src).len() == 1
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
            || (operator == 0 && rest.starts_with(b":"))
            || (rest.starts_with(b",") && rest[..line_end].contains(&b'='))
    });
    let quoted =
        |q: &str| memchr::memmem::find(bytes, format!("{q}{name}{q}").as_bytes()).is_some();
    let set = memchr::memmem::find(bytes, b"setattr").is_some() && (quoted("\"") || quoted("'"));
    assigned.count() + if set { 2 } else { 0 }
}
