//! `owner`: in a method of a class whose `__init__` can safely take a new attribute, the set
//! lives on the instance and is created at the start of `__init__`; everywhere else the module
//! set is used.
//!
//! A task that outlives its object (started as the object's use ends, or handed the
//! object's own resources to release: `outlived.rs`), and one whose code, all in view, holds
//! nothing of the object (`unused_owner.rs`), is kept in the module set.
//!
//! Not eligible: decorated classes (dataclasses, attrs), classes built by a metaclass or base
//! that owns the fields (NamedTuple, TypedDict, pydantic, msgspec, Enum, Protocol), classes
//! without their own `__init__`, and static or class methods. `__slots__` is extended when it is
//! a literal list or tuple of strings.

use tree_sitter::Node;

use super::keeper::{Keeper, OwnedSet, SET_NAME};
use super::mechanism::{definition, enclosing_method, method_in_scope};
use super::model::{ModulePlan, Planner};
use super::outlived::outlives_owner;
use super::unused_owner::task_holds_nothing_of_object;
use crate::detect::Dropped;
use crate::detect::scope::fresh;
use crate::scan::params::first_parameter;
use crate::scan::syntax::{statements, text};

pub struct Owner;

/// Base classes whose fields are declared, not assigned in `__init__`.
const FIELD_OWNING_BASES: &[&str] = &[
    "NamedTuple",
    "TypedDict",
    "BaseModel",
    "BaseSettings",
    "Struct",
    "Enum",
    "IntEnum",
    "StrEnum",
    "Flag",
    "Protocol",
];

impl Planner for Owner {
    fn keeper<'t>(&self, site: &Dropped<'t>, module: &mut ModulePlan<'_, '_, 't>) -> Keeper {
        let src = module.source.text;
        let Some((class, receiver)) = method_around(site, src) else {
            return Keeper::Set(module.module_set());
        };
        // A set on an object the task outlives would be freed with it.
        if outlives_owner(site, src) {
            return Keeper::Set(module.module_set());
        }
        // A task whose code holds nothing of the object may outlive it: no set on the object.
        if task_holds_nothing_of_object(site, receiver, src) {
            return Keeper::Set(module.module_set());
        }
        if let Some(owned) = module.owners.iter().find(|o| o.class.id() == class.id()) {
            return Keeper::Set(format!("{receiver}.{}", owned.name));
        }
        match eligible(class, src) {
            Some((init, slots)) => {
                let name = fresh_attribute(class, src);
                let keeper = Keeper::Set(format!("{receiver}.{name}"));
                module.owners.push(OwnedSet {
                    class,
                    name,
                    init,
                    slots,
                    concurrent: false,
                });
                keeper
            }
            None => Keeper::Set(module.module_set()),
        }
    }
}

/// The class and receiver of the method around the site: the method that holds it, or the one
/// around the closures that do (a closure sees the method's `self`, so its task goes to the same
/// set as the method's own), unless one of them takes a parameter of that name or the method
/// ends its object's use (`close`, `__aexit__`: the task outlives it).
fn method_around<'t, 's>(site: &Dropped<'t>, src: &'s str) -> Option<(Node<'t>, &'s str)> {
    if let Some(found) = enclosing_method(site, src) {
        return Some(found);
    }
    let (method, class, receiver) = method_in_scope(site, src)?;
    let ending = (method.child_by_field_name("name"))
        .is_some_and(|n| super::outlived::ENDING_METHODS.contains(&text(n, src)));
    (!ending).then_some((class, receiver))
}

/// The class's `__init__` and literal `__slots__`, if a new attribute can be added safely.
fn eligible<'t>(class: Node<'t>, src: &str) -> Option<(Node<'t>, Option<Node<'t>>)> {
    if class
        .parent()
        .is_some_and(|p| p.kind() == "decorated_definition")
    {
        return None;
    }
    if let Some(bases) = class.child_by_field_name("superclasses") {
        let mut cursor = bases.walk();
        let owning = (bases.named_children(&mut cursor)).any(|base| owns_fields(base, src));
        if owning || text(bases, src).contains("metaclass") {
            return None;
        }
    }
    let body = class.child_by_field_name("body")?;
    let mut init = None;
    let mut slots = None;
    for stmt in statements(body) {
        let def = definition(stmt);
        if def.kind() == "function_definition"
            && def
                .child_by_field_name("name")
                .is_some_and(|n| text(n, src) == "__init__")
        {
            let plain = stmt.kind() == "function_definition"
                && def.child(0).is_some_and(|c| text(c, src) == "def")
                && first_parameter(def, src).is_some();
            if !plain || init.is_some() {
                return None;
            }
            init = Some(def);
        }
        if text(stmt, src).starts_with("__slots__") {
            slots = Some(literal_slots(stmt)?);
        }
    }
    Some((init?, slots))
}

/// Whether a base class (`NamedTuple`, `typing.Protocol`, `Generic[T]`...) owns its fields.
/// asyncio's own classes (`asyncio.Protocol`, `asyncio.DatagramProtocol`) do not: their
/// subclasses are plain classes with an `__init__` of their own.
fn owns_fields(base: Node, src: &str) -> bool {
    let spelled = text(base, src);
    // `Protocol[T]`, `typing.Protocol`: the name before any subscript, and its qualifier.
    let name = spelled.split('[').next().unwrap_or_default().trim();
    let (qualifier, last) = name.rsplit_once('.').unwrap_or(("", name));
    if qualifier == "asyncio" || qualifier.starts_with("asyncio.") {
        return false;
    }
    FIELD_OWNING_BASES.contains(&last)
        || spelled
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| FIELD_OWNING_BASES.contains(&word) && base.kind() != "attribute")
}

/// The list or tuple of a `__slots__ = (...)` statement, when it is a literal.
fn literal_slots(stmt: Node) -> Option<Node> {
    let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
    let value = assignment.child_by_field_name("right")?;
    let literal = matches!(value.kind(), "tuple" | "list") && {
        let mut cursor = value.walk();
        value
            .named_children(&mut cursor)
            .all(|element| matches!(element.kind(), "string" | "comment"))
    };
    literal.then_some(value)
}

/// The instance sets the fix creates, renamed `_tasks` where the file also gets a module set of
/// their name: one name for two sets reads as one set.
pub(super) fn apart_from_module_set(
    sites: &[Dropped],
    keepers: &mut [Keeper],
    module: &mut ModulePlan,
) {
    let src = module.source.text;
    let Some((module_set, _)) = module.module_set.clone() else {
        return;
    };
    for owned in module.owners.iter_mut().filter(|o| o.name == module_set) {
        let class = owned.class;
        let free = OWNED_NAMES
            .iter()
            .find(|n| fresh_named(n, class, src) == **n);
        owned.name = fresh_named(free.unwrap_or(&OWNED_NAMES[0]), class, src);
        for (site, keeper) in sites.iter().zip(keepers.iter_mut()) {
            let Some((site_class, receiver)) = method_around(site, src) else {
                continue;
            };
            if site_class.id() == class.id()
                && *keeper == Keeper::Set(format!("{receiver}.{module_set}"))
            {
                *keeper = Keeper::Set(format!("{receiver}.{}", owned.name));
            }
        }
    }
}

/// The instance set's name where the module set has the usual one: the first the class does
/// not use.
const OWNED_NAMES: [&str; 3] = ["_tasks", "_running_tasks", "_pending_tasks"];

/// `_background_tasks`, or a numbered variant when the class already uses that name.
fn fresh_attribute(class: Node, src: &str) -> String {
    fresh_named(SET_NAME, class, src)
}

fn fresh_named(base: &str, class: Node, src: &str) -> String {
    let body = text(class, src);
    let used = |name: &str| {
        body.match_indices(name).any(|(at, _)| {
            let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !part(body[..at].chars().next_back()) && !part(body[at + name.len()..].chars().next())
        })
    };
    fresh(base, used)
}
