//! Whether a task's coroutine is `<event>.wait()` of an asyncio `Event`, the receiver read
//! through the module's imports as [`super::asyncio_queues`] reads `Queue`: `asyncio.Event()`,
//! `aio.Event()` after `import asyncio as aio`, `Event()` after `from asyncio import Event` (or
//! `as E`). What the audit asks before it reads the task's exception by the contract table's
//! `EVENT_WAIT`.
//!
//! The receiver is proved by the one binding it reaches ([`super::bound_once`]): a call of the
//! class itself (`asyncio.Event().wait()`), a local (or a local of a function around it) bound
//! once to one, `self._e` bound once in `__init__` to one, or a parameter annotated with the
//! class (`e: asyncio.Event`, `e: Event | None`, `Optional[Event]`: the class the code says it
//! holds). A `threading.Event`, another library's `Event`, a name that any other import binds,
//! or an attribute of another object proves nothing.

use std::collections::HashSet;

use tree_sitter::Node;

use super::bound_once::{instance_value, reached};
use super::imports::AsyncioNames;
use crate::scan::contracts::EVENT_CLASS;
use crate::scan::syntax::{first_element, strip_parens, text};

/// The names of a module that reach asyncio's `Event` class.
#[derive(Debug, Default)]
pub struct EventNames {
    /// Names bound to the asyncio module: `<module>.Event` is its class.
    modules: HashSet<String>,
    /// Local names of the class itself.
    classes: HashSet<String>,
}

impl EventNames {
    /// The names a module's imports give, read from its text alone. A text that never spells
    /// `Event` makes none.
    pub fn of_text(src: &str) -> Self {
        if !src.contains(EVENT_CLASS) {
            return EventNames::default();
        }
        let names = AsyncioNames::of_import_lines(src);
        EventNames {
            classes: (names.events)
                .difference(&names.imported_otherwise)
                .cloned()
                .collect(),
            modules: names.modules,
        }
    }

    /// Whether `node` names asyncio's `Event` class: `Event`, `asyncio.Event`.
    fn names_class(&self, node: Node, src: &str) -> bool {
        let node = strip_parens(node);
        match node.kind() {
            "identifier" => self.classes.contains(text(node, src)),
            "attribute" => {
                let (Some(object), Some(attribute)) = (
                    node.child_by_field_name("object").map(strip_parens),
                    node.child_by_field_name("attribute"),
                ) else {
                    return false;
                };
                text(attribute, src) == EVENT_CLASS
                    && object.kind() == "identifier"
                    && self.modules.contains(text(object, src))
            }
            _ => false,
        }
    }

    /// Whether `value` makes a new asyncio `Event`: a call of the class.
    fn makes_event(&self, value: Node, src: &str) -> bool {
        let value = strip_parens(value);
        value.kind() == "call"
            && (value.child_by_field_name("function")).is_some_and(|f| self.names_class(f, src))
    }

    /// Whether an annotation says asyncio's `Event`: the class, or the class or `None`.
    fn annotates_event(&self, annotation: Node, src: &str) -> bool {
        let annotation = match annotation.kind() {
            "type" => annotation.named_child(0).map(strip_parens),
            _ => Some(strip_parens(annotation)),
        };
        let Some(annotation) = annotation else {
            return false;
        };
        let none_or_event = |n: Node| n.kind() == "none" || self.names_class(n, src);
        match annotation.kind() {
            "binary_operator" => {
                let sides = [
                    annotation.child_by_field_name("left"),
                    annotation.child_by_field_name("right"),
                ];
                let operator = annotation.child_by_field_name("operator");
                operator.is_some_and(|o| text(o, src) == "|")
                    && sides.iter().all(|s| s.is_some_and(none_or_event))
                    && sides.iter().any(|s| s.is_some_and(|s| s.kind() != "none"))
            }
            // `typing.Optional[asyncio.Event]`.
            "subscript" => {
                let optional = (annotation.child_by_field_name("value"))
                    .is_some_and(|v| is_optional(text(v, src)));
                let mut cursor = annotation.walk();
                let inner: Vec<Node> = annotation
                    .children_by_field_name("subscript", &mut cursor)
                    .collect();
                optional && matches!(inner[..], [one] if self.names_class(one, src))
            }
            // `Optional[Event]`: a generic type, whose parameters are types.
            "generic_type" => {
                let optional =
                    (annotation.named_child(0)).is_some_and(|v| is_optional(text(v, src)));
                let Some(parameters) = annotation.named_child(1) else {
                    return false;
                };
                let mut cursor = parameters.walk();
                let inner: Vec<Node> = parameters.named_children(&mut cursor).collect();
                optional && matches!(inner[..], [one] if self.annotates_event(one, src))
            }
            _ => self.names_class(annotation, src),
        }
    }
}

/// `Optional`, as spelled through `typing`.
fn is_optional(spelled: &str) -> bool {
    matches!(spelled, "Optional" | "typing.Optional")
}

/// When `coroutine`, the argument a task creator is handed, is `<receiver>.wait()` and the code
/// proves the receiver an asyncio `Event`: how, in words for the evidence. `enclosing` are the
/// functions and classes around the call, outermost first. `names` gives the module's
/// [`EventNames`], asked only for a `.wait()` (a parse of the import lines: most sites are not).
pub fn waited_event(
    coroutine: Node,
    enclosing: &[Node],
    src: &str,
    names: impl FnOnce() -> EventNames,
) -> Option<String> {
    let call = strip_parens(coroutine);
    let function = (call.kind() == "call")
        .then(|| call.child_by_field_name("function"))
        .flatten()
        .map(strip_parens)?;
    let no_arguments = call
        .child_by_field_name("arguments")
        .is_some_and(|a| first_element(a).is_none());
    let is_wait = function.kind() == "attribute"
        && (function.child_by_field_name("attribute")).is_some_and(|a| text(a, src) == "wait");
    if !no_arguments || !is_wait {
        return None;
    }
    let receiver = function.child_by_field_name("object").map(strip_parens)?;
    let spelled = text(receiver, src);
    let names = names();
    match receiver.kind() {
        "call" if names.makes_event(receiver, src) => {
            Some(format!("it waits for a new `{spelled}`"))
        }
        "identifier" => match reached(enclosing, spelled, src)? {
            Ok(value) if names.makes_event(value, src) => Some(format!(
                "`{spelled}` is bound to `{}`",
                text(strip_parens(value), src)
            )),
            Err(annotation) if names.annotates_event(annotation, src) => Some(format!(
                "`{spelled}` is a parameter annotated `{}`",
                text(annotation, src)
            )),
            _ => None,
        },
        "attribute" => {
            let method = (enclosing.iter().rev()).find(|d| d.kind() == "function_definition")?;
            let value = instance_value(receiver, *method, src)?;
            (names.makes_event(value, src)).then(|| {
                format!(
                    "`{spelled}` is bound to `{}` in `__init__`, and nowhere else",
                    text(strip_parens(value), src)
                )
            })
        }
        _ => None,
    }
}
