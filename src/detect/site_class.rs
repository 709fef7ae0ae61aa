//! The class a site's method belongs to, read where the site's `self` (or `cls`) is that
//! class's instance: the never-suspends proofs of `self.m()` ([`super::first_step_method`],
//! [`super::first_step_elements`]) and the waits on a future of `self`
//! ([`super::future_wait`]).

use tree_sitter::Node;

use super::scope::{Binding, binding, bound_anywhere};
use crate::scan::syntax::text;

/// The class the site's method belongs to: the innermost function around the call is written
/// directly in a module-level class, takes the receiver first, is no `staticmethod`, and does
/// not bind the receiver again; a function nested in it that binds no such name is a closure
/// over that receiver (a sync callback `def on_message(msg)`), read as the method.
pub(super) fn class_of<'t>(enclosing: &[Node<'t>], receiver: &str, src: &str) -> Option<Node<'t>> {
    let mut enclosing = enclosing;
    while let [.., outer, inner] = enclosing
        && outer.kind() == "function_definition"
        && inner.kind() == "function_definition"
        && !bound_anywhere(*inner, receiver, src)
    {
        enclosing = &enclosing[..enclosing.len() - 1];
    }
    let [.., class, method] = enclosing else {
        return None;
    };
    if method.kind() != "function_definition" || class.kind() != "class_definition" {
        return None;
    }
    let first = method
        .child_by_field_name("parameters")?
        .named_child(0)
        .map(|p| match p.kind() {
            "typed_parameter" => p.named_child(0),
            _ => Some(p),
        })??;
    if first.kind() != "identifier" || text(first, src) != receiver {
        return None;
    }
    let mut holder = method.parent()?;
    if holder.kind() == "decorated_definition" {
        if decorators(holder, src).any(|d| d == "staticmethod") {
            return None;
        }
        holder = holder.parent()?;
    }
    let mut outer = class.parent()?;
    if outer.kind() == "decorated_definition" {
        outer = outer.parent()?;
    }
    let direct = holder.parent() == Some(*class) && outer.kind() == "module";
    let body = method.child_by_field_name("body")?;
    (direct && binding(body, receiver, src) == Binding::None).then_some(*class)
}

/// The last names of a decorated definition's decorators (`abc.abstractmethod` →
/// `abstractmethod`).
fn decorators<'s>(decorated: Node, src: &'s str) -> impl Iterator<Item = &'s str> {
    let mut names = Vec::new();
    for i in 0..decorated.named_child_count() {
        let Some(d) = decorated
            .named_child(i as u32)
            .filter(|d| d.kind() == "decorator")
        else {
            continue;
        };
        let Some(mut e) = d.named_child(0) else {
            continue;
        };
        if e.kind() == "call" {
            let Some(function) = e.child_by_field_name("function") else {
                continue;
            };
            e = function;
        }
        names.extend(super::callee::last_name(e, src));
    }
    names.into_iter()
}
