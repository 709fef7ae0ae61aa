//! Keepers on another object: a site in a method of a class whose `__init__` binds an attribute
//! to an instance of a class with a keeper method (`self.registry = Registry()`, where
//! `Registry.background(self, coro)` makes a task of `coro` and keeps it) calls that method:
//! `asyncio.create_task(work())` → `self.registry.background(work())`.
//!
//! Only where the attribute surely holds such an instance when the site runs: it is bound once,
//! by a statement of `__init__` itself (not under an `if` or `try`), to a call of the class (or
//! to a parameter annotated with the class: `def __init__(self, mass: Mass)`), and
//! written nowhere else in the module (no other assignment, `del`, nor its name in a string, as
//! `setattr` needs); a site in `__init__` comes after the binding. The class is the module's own
//! (defined once at its top level, undecorated or a dataclass) or imported at the module's top
//! level from another checked file, and the method is a plain one defined in its body.

use tree_sitter::Node;

use super::keeper::Keeper;
use super::keeper_function::keeper_function;
use super::mechanism::{definition, enclosing_method, function_keepers, method_body_uses_receiver};
use crate::detect::Dropped;
use crate::project::keepers::{ImportedKeeper, KeeperDef};
use crate::scan::params::first_parameter;
use crate::scan::syntax::{split_alias, statements, strip_parens, text, written};
use crate::settings::Takes;

/// The module functions and the methods of its classes that take a coroutine and keep the task
/// they make of it, for the files that import them.
pub fn coroutine_keepers(root: Node, src: &str) -> Vec<KeeperDef> {
    let mut keepers = function_keepers(root, src);
    keepers.extend(class_keepers(root, src));
    keepers
}

/// The attributes of the module's classes' instances that hold an object with a keeper method,
/// and the keeper methods its classes inherit.
#[derive(Debug, Default)]
pub struct Holders<'t> {
    held: Vec<Holder<'t>>,
    inherited: Vec<(Node<'t>, Vec<KeeperDef>)>,
}

impl<'t> Holders<'t> {
    /// Looked for only where there is a keeper class: the module's, or one it imports.
    pub fn find(root: Node<'t>, src: &str, imported: &[ImportedKeeper]) -> Self {
        let local = class_keepers(root, src);
        match local.is_empty() && imported.iter().all(|i| i.keeper.class.is_none()) {
            true => Holders::default(),
            false => Holders {
                held: holders(root, src, &local, imported),
                inherited: inherited(root, src, &local, imported),
            },
        }
    }

    /// `self.registry.background`, for a site in a method of a class that holds one; else
    /// `self._run_task`, a keeper method the class inherits.
    pub fn keeper_for(&self, site: &Dropped, src: &str) -> Option<Keeper> {
        let (class, receiver) = enclosing_method(site, src)?;
        let held = (self.held.iter()).find_map(|h| h.keeper_for(class, receiver, site, src));
        let inherited = || {
            let (_, methods) = self.inherited.iter().find(|(c, _)| c.id() == class.id())?;
            let method = (methods.iter())
                .find(|m| super::spawn::spawnable(site, src, &m.keywords, m.returns))?;
            Some(format!("{receiver}.{}", method.function))
        };
        held.or_else(inherited).map(Keeper::Spawn)
    }
}

/// The module's top-level classes whose first base is a keeper class (the module's own, or one
/// its imports bring in, its name bound once), with the keeper methods they do not define
/// themselves: `class Room(Base)`, `Base._run_task(self, coro)` defined in `base.py`.
fn inherited<'t>(
    root: Node<'t>,
    src: &str,
    local: &[KeeperDef],
    imported: &[ImportedKeeper],
) -> Vec<(Node<'t>, Vec<KeeperDef>)> {
    let mut found = Vec::new();
    for stmt in statements(root) {
        let class = definition(stmt);
        let (Some(bases), Some(body)) = (
            class.child_by_field_name("superclasses"),
            class.child_by_field_name("body"),
        ) else {
            continue;
        };
        // The first base comes first in the order methods are looked up in.
        let first = bases
            .named_child(0)
            .filter(|b| b.kind() != "keyword_argument");
        let Some(base) = first.map(|b| text(b, src)) else {
            continue;
        };
        let overridden = |m: &KeeperDef| {
            statements(body)
                .iter()
                .any(|s| defines(*s, src, &m.function))
        };
        let methods: Vec<KeeperDef> = methods_of(root, src, base, local, imported)
            .into_iter()
            .filter(|m| !overridden(m))
            .collect();
        // Its own `__init__` must run the base's, which may create what the keeper uses.
        let init = init_of(class, src).map(|init| text(init, src).replace(char::is_whitespace, ""));
        let runs_base = init.is_none_or(|init| {
            init.contains("super().__init__(") || init.contains(&format!("{base}.__init__("))
        });
        if class.kind() == "class_definition" && runs_base && !methods.is_empty() {
            found.push((class, methods));
        }
    }
    found
}

/// The methods of the module's top-level classes that take a coroutine and keep its task, for
/// the objects that hold an instance of one.
fn class_keepers(root: Node, src: &str) -> Vec<KeeperDef> {
    let mut found = Vec::new();
    for stmt in statements(root) {
        let class = definition(stmt);
        let decorated = stmt.kind() == "decorated_definition";
        if class.kind() != "class_definition" || (decorated && !dataclass(stmt, src)) {
            continue;
        }
        let (Some(name), Some(body)) = (
            class.child_by_field_name("name"),
            class.child_by_field_name("body"),
        ) else {
            continue;
        };
        let name = text(name, src);
        if top_level_bindings(root, src, name) != 1 {
            continue; // defined twice, or rebound: which class a call makes is unclear
        }
        let methods = statements(body);
        let plain = methods.iter().filter(|m| m.kind() == "function_definition");
        for def in plain {
            let Some(receiver) = first_parameter(*def, src) else {
                continue;
            };
            let Some(keeper) = keeper_function(*def, src, Some(receiver)) else {
                continue;
            };
            let defined_once = methods
                .iter()
                .filter(|m| defines(**m, src, &keeper.name))
                .count()
                == 1;
            if keeper.takes == Takes::Coroutine
                && defined_once
                && method_body_uses_receiver(*def, src, receiver)
            {
                found.push(KeeperDef {
                    function: keeper.name,
                    class: Some(name.to_owned()),
                    returns: keeper.returns,
                    keywords: keeper.keywords,
                });
            }
        }
    }
    found
}

/// `@dataclass`, `@dataclass(...)`, `@dataclasses.dataclass...`: the class itself, with its
/// methods, is what the decorator returns.
fn dataclass(decorated: Node, src: &str) -> bool {
    let mut cursor = decorated.walk();
    let decorators: Vec<Node> = decorated
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "decorator")
        .collect();
    decorators.iter().all(|d| {
        let name = text(*d, src).trim_start_matches('@').trim_start();
        let name = name.split('(').next().unwrap_or("").trim();
        matches!(name, "dataclass" | "dataclasses.dataclass")
    })
}

/// Whether `stmt` (of a class body or a module) binds `name`.
fn defines(stmt: Node, src: &str, name: &str) -> bool {
    let def = definition(stmt);
    match def.kind() {
        "function_definition" | "class_definition" => def
            .child_by_field_name("name")
            .is_some_and(|n| text(n, src) == name),
        "expression_statement" => {
            let assigned = def.named_child(0).filter(|n| n.kind() == "assignment");
            let left = assigned.and_then(|a| a.child_by_field_name("left"));
            left.is_some_and(|l| text(l, src).split(',').any(|t| t.trim() == name))
        }
        "import_statement" | "import_from_statement" => {
            let mut cursor = def.walk();
            let names: Vec<Node> = def.children_by_field_name("name", &mut cursor).collect();
            names.into_iter().any(|n| {
                let (dotted, alias) = split_alias(n, src);
                let local = alias.unwrap_or_else(|| match def.kind() {
                    "import_statement" => dotted.split('.').next().unwrap_or(dotted),
                    _ => dotted,
                });
                local == name
            })
        }
        _ => false,
    }
}

/// How many top-level statements of the module bind `name`.
fn top_level_bindings(root: Node, src: &str, name: &str) -> usize {
    let stmts = statements(root);
    stmts.into_iter().filter(|s| defines(*s, src, name)).count()
}

/// An attribute of the instances of a class that holds an instance of a keeper class.
#[derive(Debug)]
struct Holder<'t> {
    /// The class whose methods can use it, and its `__init__`.
    class: Node<'t>,
    init: Node<'t>,
    attribute: String,
    /// The end of its binding: a site in `__init__` can use it only after.
    bound_at: usize,
    /// The keeper class's methods.
    methods: Vec<KeeperDef>,
}

impl Holder<'_> {
    /// The keeper for a site in `class` (a method of it, whose receiver is `receiver`), if the
    /// attribute is bound there and one of the methods can take the site.
    fn keeper_for(&self, class: Node, receiver: &str, site: &Dropped, src: &str) -> Option<String> {
        let in_init = site.placement.scope.id() == self.init.id();
        if class.id() != self.class.id() || (in_init && site.stmt.start_byte() < self.bound_at) {
            return None;
        }
        let method = self
            .methods
            .iter()
            .find(|m| super::spawn::spawnable(site, src, &m.keywords, m.returns))?;
        Some(format!("{receiver}.{}.{}", self.attribute, method.function))
    }
}

/// The attributes of the module's top-level classes that hold an instance of a keeper class:
/// one of `local` (the module's, from [`class_keepers`]) or of `imported` (through the module's
/// top-level imports).
fn holders<'t>(
    root: Node<'t>,
    src: &str,
    local: &[KeeperDef],
    imported: &[ImportedKeeper],
) -> Vec<Holder<'t>> {
    let mut found = Vec::new();
    for stmt in statements(root) {
        let class = definition(stmt);
        if class.kind() != "class_definition" {
            continue;
        }
        let Some(init) = init_of(class, src) else {
            continue;
        };
        let Some(receiver) = first_parameter(init, src) else {
            continue;
        };
        let body = init.child_by_field_name("body");
        let stmts = body.map(statements).unwrap_or_default();
        for (at, inner) in stmts.iter().copied().enumerate() {
            let bound = bound_to_call(inner, src).or_else(|| bound_to_parameter(inner, init, src));
            let Some((target, callee)) = bound else {
                continue;
            };
            if may_return(&stmts[..at], src) {
                continue;
            }
            let Some(attribute) = (target.child_by_field_name("object"))
                .filter(|o| text(*o, src) == receiver)
                .and(target.child_by_field_name("attribute"))
                .map(|a| text(a, src))
            else {
                continue;
            };
            let methods = methods_of(root, src, callee, local, imported);
            if methods.is_empty() || !written_only_at(root, src, attribute, target, class) {
                continue;
            }
            found.push(Holder {
                class,
                init,
                attribute: attribute.to_owned(),
                bound_at: inner.end_byte(),
                methods,
            });
        }
    }
    found
}

/// Whether `class`'s `__init__` binds `attribute` of its instance by a statement of its own (not
/// under an `if` or `try`), before the site when the site is in `__init__` (`keep-with =
/// "self.registry.spawn"`, whose object's class the project declares).
pub fn bound_in_init(class: Node, attribute: &str, site: &Dropped, src: &str) -> bool {
    let Some(init) = init_of(class, src) else {
        return false;
    };
    let receiver = first_parameter(init, src);
    let body = init.child_by_field_name("body");
    let in_init = site.placement.scope.id() == init.id();
    let stmts = body.map(statements).unwrap_or_default();
    stmts.iter().enumerate().any(|(at, stmt)| {
        let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment");
        let target = assignment.and_then(|a| a.child_by_field_name("left"));
        let bound = target.filter(|t| t.kind() == "attribute").is_some_and(|t| {
            let object = t.child_by_field_name("object").map(|o| text(o, src));
            let name = t.child_by_field_name("attribute").map(|a| text(a, src));
            object.is_some() && object == receiver && name == Some(attribute)
        });
        bound
            && !may_return(&stmts[..at], src)
            && (!in_init || stmt.end_byte() <= site.stmt.start_byte())
    })
}

/// Whether any of `stmts` (of `__init__`, before a binding) may return before the binding: it
/// spells `return` anywhere (a nested function's too, to keep it simple).
fn may_return(stmts: &[Node], src: &str) -> bool {
    stmts.iter().any(|stmt| {
        let code = text(*stmt, src);
        code.match_indices("return").any(|(at, word)| {
            let before = code[..at].chars().next_back();
            let after = code[at + word.len()..].chars().next();
            let part = |c: Option<char>| c.is_some_and(|c| c == '_' || c.is_alphanumeric());
            !part(before) && !part(after)
        })
    })
}

/// The class's one `__init__`, a plain method.
pub(super) fn init_of<'t>(class: Node<'t>, src: &str) -> Option<Node<'t>> {
    let body = class.child_by_field_name("body")?;
    let stmts = statements(body);
    let inits: Vec<&Node> = stmts
        .iter()
        .filter(|s| defines(**s, src, "__init__"))
        .collect();
    match inits.as_slice() {
        [init] if init.kind() == "function_definition" => Some(**init),
        _ => None,
    }
}

/// `self.registry = Registry(...)` (or `self.registry: Registry = reg.Registry(...)`): the
/// target and the callee's text.
fn bound_to_call<'t, 's>(stmt: Node<'t>, src: &'s str) -> Option<(Node<'t>, &'s str)> {
    let assignment = (stmt.kind() == "expression_statement")
        .then(|| stmt.named_child(0))
        .flatten()
        .filter(|n| n.kind() == "assignment")?;
    let target = assignment.child_by_field_name("left")?;
    let call = strip_parens(assignment.child_by_field_name("right")?);
    let callee = call.child_by_field_name("function")?;
    let named = matches!(callee.kind(), "identifier" | "attribute")
        && text(callee, src)
            .chars()
            .all(|c| c == '_' || c == '.' || c.is_alphanumeric());
    (target.kind() == "attribute" && call.kind() == "call" && named)
        .then(|| (target, text(callee, src)))
}

/// `self.mass = mass`, where `mass` is a parameter of `__init__` annotated with a class (`mass:
/// Mass`), or `self.mass: Mass = mass` of any parameter: the target and the class's name. What is handed in
/// is an instance of that class, as its annotation says.
fn bound_to_parameter<'t, 's>(
    stmt: Node<'t>,
    init: Node,
    src: &'s str,
) -> Option<(Node<'t>, &'s str)> {
    let assignment = (stmt.kind() == "expression_statement")
        .then(|| stmt.named_child(0))
        .flatten()
        .filter(|n| n.kind() == "assignment")?;
    let target = assignment.child_by_field_name("left")?;
    let value = assignment.child_by_field_name("right")?;
    if target.kind() != "attribute" || value.kind() != "identifier" {
        return None;
    }
    let parameters = init.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let parameter = parameters.named_children(&mut cursor).find(|p| {
        let name = match p.kind() {
            "identifier" => Some(*p),
            "typed_parameter" => p.named_child(0),
            _ => p.child_by_field_name("name"),
        };
        name.is_some_and(|n| text(n, src) == text(value, src))
    })?;
    let annotated = parameter.child_by_field_name("type");
    // `self.mass: Mass = mass` names the class on the attribute, for an unannotated parameter.
    let declared = assignment.child_by_field_name("type");
    let class = text(annotated.or(declared)?, src).trim_matches(|c| c == '"' || c == '\'');
    let named = class
        .chars()
        .all(|c| c == '_' || c == '.' || c.is_alphanumeric());
    named.then_some((target, class))
}

/// The keeper methods of the class a call of `callee` makes: the module's own class, or one
/// its imports bring in under that spelling (the name bound once at the top level).
fn methods_of(
    root: Node,
    src: &str,
    callee: &str,
    local: &[KeeperDef],
    imported: &[ImportedKeeper],
) -> Vec<KeeperDef> {
    let first = callee.split('.').next().unwrap_or(callee);
    if top_level_bindings(root, src, first) != 1 {
        return Vec::new();
    }
    let own = local.iter().filter(|k| k.class.as_deref() == Some(callee));
    let theirs = (imported.iter())
        .filter(|i| i.keeper.class.is_some() && i.spelling == callee)
        .map(|i| &i.keeper);
    own.chain(theirs).cloned().collect()
}

/// Whether the only write of an attribute named `attribute` in the module that may be of an
/// instance of `class` is `target` (a method of an unrelated class writes its own instances'),
/// and no string names it (as `setattr` and `delattr` would).
fn written_only_at(root: Node, src: &str, attribute: &str, target: Node, class: Node) -> bool {
    let module = text(root, src);
    if module.contains(&format!("\"{attribute}\"")) || module.contains(&format!("'{attribute}'")) {
        return false;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.kind() == "attribute"
            && node.id() != target.id()
            && node
                .child_by_field_name("attribute")
                .is_some_and(|a| text(a, src) == attribute)
            && written(node)
            && !of_unrelated_instance(node, class, src)
        {
            return false;
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return true;
            }
        }
    }
}

/// Whether `attribute` is `self.x` in a method of a class other than `class`, neither of which
/// names the other among its bases.
fn of_unrelated_instance(attribute: Node, class: Node, src: &str) -> bool {
    let mut function = attribute;
    while function.kind() != "function_definition" {
        match function.parent() {
            Some(parent) => function = parent,
            None => return false,
        }
    }
    let mut outer = function.parent();
    if outer.is_some_and(|o| o.kind() == "decorated_definition") {
        outer = outer.and_then(|o| o.parent());
    }
    let other = outer.and_then(|block| block.parent());
    let Some(other) = other.filter(|c| c.kind() == "class_definition") else {
        return false;
    };
    let receiver = first_parameter(function, src);
    let object = attribute
        .child_by_field_name("object")
        .map(|o| text(o, src));
    let name = |c: Node| c.child_by_field_name("name").map_or("", |n| text(n, src));
    let names_base = |c: Node, base: &str| {
        let bases = c
            .child_by_field_name("superclasses")
            .map_or("", |b| text(b, src));
        bases
            .split(|ch: char| !(ch == '_' || ch.is_alphanumeric()))
            .any(|word| word == base)
    };
    receiver.is_some()
        && object == receiver
        && other.id() != class.id()
        && !names_base(other, name(class))
        && !names_base(class, name(other))
}
