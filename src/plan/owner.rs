//! `owner`: in a method of a class whose `__init__` can safely take a new attribute, the set
//! lives on the instance and is created at the start of `__init__`; everywhere else the module
//! set is used.
//!
//! A task that outlives its object (started as the object's use ends, or handed the
//! object's own resources to release: `outlived.rs`), and one whose code, all in view, holds
//! nothing of the object (`unused_owner.rs`), is kept in the module set.
//!
//! Not eligible: classes built by a base that owns the fields (NamedTuple, TypedDict, pydantic,
//! msgspec, Enum, Protocol), and static or class methods. A class that a decorator or metaclass
//! builds, or whose `__init__` is decorated, only where its `__init__` already binds an
//! attribute the class does not declare and its methods read (dataclasses and attrs generate
//! theirs); one without an `__init__` of its own gets the set in the `__init__` it inherits
//! from a base of the same file ([`home`]). `__slots__` is extended when it is a literal list
//! or tuple of strings.

use tree_sitter::Node;

use super::keeper::{Keeper, OwnedSet, SET_NAME};
use super::mechanism::{definition, enclosing_method, method_in_scope};
use super::model::{ModulePlan, Planner};
use super::outlived::outlives_owner;
use super::unused_owner::{class_starts_own_tasks, task_holds_nothing_of_object};
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
        if task_holds_nothing_of_object(site, receiver, src)
            && !class_starts_own_tasks(class, receiver, src)
        {
            return Keeper::Set(module.module_set());
        }
        let Some(Home {
            class: at,
            init,
            slots,
        }) = home(class, src, 0)
        else {
            return Keeper::Set(module.module_set());
        };
        // An instance the project builds only for one call dies with the call, its set too,
        // while a task that holds nothing of it runs on.
        if super::per_call::no_owner_per_call(site, (class, receiver), module) {
            return Keeper::Set(module.module_set());
        }
        // A singleton's `__init__` runs again on its one instance.
        let file = (module.source, module.singletons);
        if !super::reentry::instance_set_holds((class, at, init), site.stmt, file) {
            return Keeper::Set(module.module_set());
        }
        let class = at;
        if let Some(owned) = module.owners.iter().find(|o| o.class.id() == class.id()) {
            return Keeper::Set(format!("{receiver}.{}", owned.name));
        }
        let name = fresh_named(SET_NAME, class, src);
        // A base whose `__init__` this one runs first and that gets the set already owns it
        // for this class too: a set of the same name here would be a dead line.
        let own = Home { class, init, slots };
        let bases = std::iter::successors(base_home(&own, src), |h| base_home(h, src)).take(8);
        for base in bases {
            let owned = (module.owners.iter()).find(|o| o.class.id() == base.class.id());
            if let Some(owned) = owned.filter(|o| o.name == name) {
                return Keeper::Set(format!("{receiver}.{}", owned.name));
            }
        }
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

/// Where a class's instances get their set: the `__init__` they run and the class that
/// defines it (the class itself, or a base of the same file it inherits `__init__` from).
pub(super) struct Home<'t> {
    pub(super) class: Node<'t>,
    init: Node<'t>,
    slots: Option<Node<'t>>,
}

/// The `__init__` a class's instances run, where a new attribute can be added safely.
///
/// Its own plain `__init__`, in a class no decorator or metaclass builds; where one does (or
/// decorates `__init__`), only an `__init__` that already binds, as a statement of its own
/// body, an attribute the class body does not declare and another method reads: the instance
/// takes new attributes (no slots or frozen fields stop it) and the body runs before the
/// methods do. A class without an `__init__` runs its first base's (the next in its method
/// resolution order), which gets the set where that base is a class of the same file, eligible
/// itself.
pub(super) fn home<'t>(class: Node<'t>, src: &str, depth: usize) -> Option<Home<'t>> {
    let decorated = class
        .parent()
        .is_some_and(|p| p.kind() == "decorated_definition");
    let bases = class.child_by_field_name("superclasses");
    let mut built = decorated;
    if let Some(bases) = bases {
        let mut cursor = bases.walk();
        if (bases.named_children(&mut cursor)).any(|base| owns_fields(base, src)) {
            return None;
        }
        built |= text(bases, src).contains("metaclass");
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
            let plain = def.child(0).is_some_and(|c| text(c, src) == "def")
                && first_parameter(def, src).is_some();
            if !plain || init.is_some() {
                return None;
            }
            built |= stmt.kind() != "function_definition";
            init = Some(def);
        }
        if text(stmt, src).starts_with("__slots__") {
            slots = Some(literal_slots(stmt)?);
        }
    }
    match init {
        Some(init) if !built || takes_new_attributes(class, init, src) => {
            Some(Home { class, init, slots })
        }
        Some(_) => None,
        // The base's `__init__` runs; a slotted class has no room for it there.
        None if !built && slots.is_none() && depth < 8 => {
            let base = (bases?.named_child(0)).filter(|b| b.kind() == "identifier")?;
            home(module_class(class, text(base, src), src)?, src, depth + 1)
        }
        None => None,
    }
}

/// The home of the base whose `__init__` a home's own runs first (`super().__init__(...)` as
/// its first statement but for a docstring and plain stores: nothing before it can reach the
/// instance's set), where that base is a class of the same file that can take a set.
pub(super) fn base_home<'t>(own: &Home<'t>, src: &str) -> Option<Home<'t>> {
    let receiver = first_parameter(own.init, src)?;
    let body = own.init.child_by_field_name("body")?;
    let base = (own
        .class
        .child_by_field_name("superclasses")?
        .named_child(0))
    .filter(|b| b.kind() == "identifier")?;
    let base_name = text(base, src);
    for stmt in statements(body) {
        let code: String = text(stmt, src).split_whitespace().collect();
        let call = code
            .strip_prefix("super().__init__(")
            .or_else(|| code.strip_prefix(&format!("{base_name}.__init__({receiver}")));
        if call.is_some() && stmt.kind() == "expression_statement" {
            return home(module_class(own.class, base_name, src)?, src, 1);
        }
        let mut plain = matches!(stmt.kind(), "expression_statement" | "pass_statement");
        crate::scan::syntax::walk(stmt, |n| {
            plain &= !matches!(n.kind(), "call" | "await" | "lambda");
            plain
        });
        if !plain {
            return None;
        }
    }
    None
}

/// The one top-level class of the module named `name`, if no other top-level statement binds
/// the name.
fn module_class<'t>(class: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let mut root = class;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let mut found = None;
    for stmt in statements(root) {
        let def = definition(stmt);
        let named = |n: Node| text(n, src) == name;
        match def.kind() {
            "class_definition" | "function_definition"
                if def.child_by_field_name("name").is_some_and(named) =>
            {
                if found.is_some() || def.kind() != "class_definition" {
                    return None;
                }
                found = Some(def);
            }
            "expression_statement" | "import_statement" | "import_from_statement"
                if crate::scan::words::whole(text(stmt, src), name)
                    .next()
                    .is_some() =>
            {
                let binds = stmt.kind() != "expression_statement"
                    || stmt.named_child(0).is_some_and(|a| {
                        a.kind() == "assignment"
                            && a.child_by_field_name("left").is_some_and(|l| {
                                crate::scan::words::whole(text(l, src), name)
                                    .next()
                                    .is_some()
                            })
                    });
                if binds {
                    return None;
                }
            }
            _ => {}
        }
    }
    found.filter(|c| c.start_byte() < class.start_byte())
}

/// Whether `init`'s own statements bind `self.<attr>` for an attribute the class body does not
/// declare (`attr: T`, `attr = ...`) and another method of the class reads.
fn takes_new_attributes(class: Node, init: Node, src: &str) -> bool {
    let (Some(receiver), Some(body), Some(class_body)) = (
        first_parameter(init, src),
        init.child_by_field_name("body"),
        class.child_by_field_name("body"),
    ) else {
        return false;
    };
    let members = statements(class_body);
    let declared = |attr: &str| {
        members.iter().any(|stmt| {
            let target = stmt
                .named_child(0)
                .filter(|n| n.kind() == "assignment")
                .and_then(|a| a.child_by_field_name("left"));
            target.is_some_and(|t| text(t, src) == attr)
        })
    };
    let read_elsewhere = |attr: &str| {
        members.iter().map(|s| definition(*s)).any(|def| {
            def.kind() == "function_definition"
                && def.id() != init.id()
                && first_parameter(def, src).is_some_and(|me| {
                    let body = def.child_by_field_name("body").map_or("", |b| text(b, src));
                    crate::scan::words::whole(body, &format!("{me}.{attr}"))
                        .next()
                        .is_some()
                })
        })
    };
    statements(body).iter().any(|stmt| {
        let left = stmt
            .named_child(0)
            .filter(|n| n.kind() == "assignment")
            .and_then(|a| a.child_by_field_name("left"))
            .filter(|l| l.kind() == "attribute");
        let attr = left.and_then(|l| {
            let object = l.child_by_field_name("object")?;
            (text(object, src) == receiver)
                .then(|| l.child_by_field_name("attribute"))
                .flatten()
        });
        attr.is_some_and(|a| {
            let attr = text(a, src);
            !declared(attr) && read_elsewhere(attr)
        })
    })
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
    let homes: Vec<Option<usize>> = (sites.iter())
        .map(|site| {
            let (class, _) = method_around(site, src)?;
            owned_index(class, src, &module.owners)
        })
        .collect();
    for (index, owned) in module.owners.iter_mut().enumerate() {
        if owned.name != module_set {
            continue;
        }
        let class = owned.class;
        let free = OWNED_NAMES
            .iter()
            .find(|n| fresh_named(n, class, src) == **n);
        owned.name = fresh_named(free.unwrap_or(&OWNED_NAMES[0]), class, src);
        for ((site, keeper), home) in sites.iter().zip(keepers.iter_mut()).zip(&homes) {
            let Some((_, receiver)) = method_around(site, src) else {
                continue;
            };
            if *home == Some(index) && *keeper == Keeper::Set(format!("{receiver}.{module_set}")) {
                *keeper = Keeper::Set(format!("{receiver}.{}", owned.name));
            }
        }
    }
}

/// The set the fix gives the instances of a class (an index into `owners`): the one of the
/// class whose `__init__` they run, or of a base that `__init__` runs first (see
/// [`Owner`]'s keeper).
pub(super) fn owned_index(class: Node, src: &str, owners: &[OwnedSet]) -> Option<usize> {
    let own = home(class, src, 0)?;
    std::iter::successors(Some(own), |h| base_home(h, src))
        .take(9)
        .find_map(|h| owners.iter().position(|o| o.class.id() == h.class.id()))
}

/// The instance set's name where the module set has the usual one: the first the class does
/// not use.
const OWNED_NAMES: [&str; 3] = ["_tasks", "_running_tasks", "_pending_tasks"];

/// `base`, or a numbered variant where the class, or a class of the file that runs its
/// `__init__` (inherited, or first thing in its own) and so shares the set, already has that
/// name ([`super::set_name`]).
fn fresh_named(base: &str, class: Node, src: &str) -> String {
    let mut root = class;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let shares = |c: Node| {
        home(c, src, 0).is_some_and(|own| {
            std::iter::successors(Some(own), |h| base_home(h, src))
                .take(9)
                .any(|h| h.class.id() == class.id())
        })
    };
    let sharing: Vec<Node> = std::iter::once(class)
        .chain(
            statements(root)
                .into_iter()
                .map(definition)
                .filter(|c| c.kind() == "class_definition" && c.id() != class.id() && shares(*c)),
        )
        .collect();
    fresh(base, |name| super::set_name::taken(name, &sharing, src))
}
