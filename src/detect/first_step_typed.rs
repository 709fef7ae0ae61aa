//! The never-suspends rule of [`super::first_step_method`] on a receiver other than `self`
//! (issue 35, exam35j's centrifuge-python): `asyncio.ensure_future(sub._schedule_resubscribe())`
//! where `sub: "Subscription"` is a parameter, or `self._client._resubscribe(self)` where the
//! class binds `self._client: Optional[Client]`. The receiver's class is read as the audit's
//! callers read it ([`crate::project::receivers`], [`crate::project::attributes`]): a parameter
//! annotated with one class and never bound again, a local every binding of which calls one
//! class, an attribute of `self` its class's bindings annotate or make, a local every binding of
//! which takes an element of one such attribute the class annotates as a mapping (`sub =
//! self._subs.get(channel)`, or `.pop(channel, None)`, where `self._subs: Dict[str,
//! Subscription]`). The class must be one module-level class of the site's own file (or, for an
//! await the proof follows, one another module defines: [`super::first_step_awaited_import`]); the
//! proof is then the one `self.m()` has, with the same reading of overrides (an object
//! annotated `C` may be of a subclass of `C`).
//!
//! Where the class is not shown (no annotation, a library's class), nothing changes: the drop
//! stays.

use tree_sitter::Node;

use super::scope::bindings_of;
use crate::project::attributes::Attributes;
use crate::project::receiver_made::made_just_before;
use crate::project::receivers::{Known, class_at};
use crate::scan::syntax::{enclosing_function, strip_parens, text};

/// Whether `receiver` is a shape whose class may be read: a name (not `self` or `cls`, read by
/// the caller), or an attribute of `self`.
pub fn may_know(receiver: Node, src: &str) -> bool {
    match receiver.kind() {
        "identifier" => true,
        "attribute" => receiver
            .child_by_field_name("object")
            .map(strip_parens)
            .is_some_and(|o| o.kind() == "identifier" && text(o, src) == "self"),
        _ => false,
    }
}

/// Where the module-level class the receiver is known to be starts in the file (the proof
/// reads the class's name there).
pub fn class_start(receiver: Node, src: &str) -> Option<usize> {
    read_class(receiver, src, |known| {
        crate::project::ancestors::class_start(src.as_bytes(), &known.class)
    })
}

/// The first class the code says `receiver` is of that `accept` takes, and what it makes of
/// it: a name's bindings, an element of a mapping, the statement just before, the whole file's
/// module-level binding; an attribute of `self` by its class's bindings.
pub fn read_class<T>(
    receiver: Node,
    src: &str,
    mut accept: impl FnMut(Known) -> Option<T>,
) -> Option<T> {
    match receiver.kind() {
        // `sub = self._subs.get(k)` reads as a call of `get`, which is no class of the file.
        "identifier" => (class_at(receiver, src).and_then(&mut accept))
            .or_else(|| element_class(receiver, src).and_then(&mut accept))
            .or_else(|| made_just_before(receiver, src).and_then(&mut accept))
            // A module-level binding the parts parsed around the sites left out.
            .or_else(|| {
                super::module_receiver::class_in_whole_file(receiver, src).and_then(&mut accept)
            }),
        _ => Attributes::new(src).class_of(receiver).and_then(accept),
    }
}

/// The class of a local every binding of which, in the function around the receiver, takes an
/// element of one attribute of `self` (`self._subs.get(k)`, `self._subs[k]`) that its class
/// annotates as a mapping of one class.
fn element_class(receiver: Node, src: &str) -> Option<Known> {
    let name = text(receiver, src);
    let mut at = receiver.parent();
    let function = loop {
        let node = at?;
        match node.kind() {
            "lambda" | "class_definition" => return None,
            "function_definition" => break node,
            _ => {}
        }
        at = node.parent();
    };
    let bound = bindings_of(function, name, src);
    let mut mapping: Option<Node> = None;
    for identifier in &bound {
        let assignment = identifier.parent().filter(|p| p.kind() == "assignment")?;
        let left = assignment.child_by_field_name("left")?;
        let right = strip_parens(assignment.child_by_field_name("right")?);
        // In a nested function, or not the whole target: no such binding.
        if left != *identifier || enclosing_function(*identifier, &[]) != Some(function) {
            return None;
        }
        let held = element_of(right, src)?;
        match mapping {
            Some(m) if text(m, src) != text(held, src) => return None,
            _ => mapping = Some(held),
        }
    }
    Attributes::new(src).value_class_of(mapping?)
}

/// The mapping `value` takes an element of: `m` of `m.get(k)` or `m.pop(k)` (one argument, or
/// a default of `None`) or of `m[k]`, when `m` is an attribute of `self`. A `None` the default
/// gives proves as much as an element: `None.m()` raises before any `await` suspends.
fn element_of<'t>(value: Node<'t>, src: &str) -> Option<Node<'t>> {
    let held = match value.kind() {
        "subscript" => value.child_by_field_name("value")?,
        "call" => {
            let function = strip_parens(value.child_by_field_name("function")?);
            let arguments = value.child_by_field_name("arguments")?;
            let mut cursor = arguments.walk();
            let given: Vec<Node> = (arguments.named_children(&mut cursor))
                .filter(|a| a.kind() != "comment")
                .collect();
            let default_none = |n: &Node| n.kind() == "none";
            let plain = |n: &Node| {
                !matches!(
                    n.kind(),
                    "keyword_argument" | "list_splat" | "dictionary_splat"
                )
            };
            let takes_one = match given.as_slice() {
                [key] => plain(key),
                [key, default] => plain(key) && default_none(default),
                _ => false,
            };
            let is_get = function.kind() == "attribute"
                && function
                    .child_by_field_name("attribute")
                    .is_some_and(|a| matches!(text(a, src), "get" | "pop"));
            (is_get && takes_one).then_some(())?;
            function.child_by_field_name("object")?
        }
        _ => return None,
    };
    let held = strip_parens(held);
    may_know(held, src)
        .then_some(held)
        .filter(|h| h.kind() == "attribute")
}
