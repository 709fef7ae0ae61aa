//! The never-suspends rule of [`super::first_step`] across files: the coroutine the task runs
//! is defined in another module of the checked code, which the file imports.
//!
//! - A module function (`from pkg.mod import f`, `import pkg.mod as m; m.f()`): the module's
//!   one binding of `f` is an undecorated `async def` whose body never suspends.
//! - A method of a module's singleton (`from pkg.mod import obj; obj.m()`): `pkg.mod` binds
//!   `obj` once, at its top level, to `C()`, where `C` is a class of that module with no base
//!   (but `object`) and no metaclass, whose own `m` is an undecorated `async def` whose body
//!   never suspends; a `__new__`, if `C` has one, returns only `C.__new__(cls)`'s instance (kept
//!   on `cls` as a singleton) or `None`. A subclass cannot replace an instance already made, so,
//!   unlike `self.m()` ([`super::first_step_method`]), the method is known: the task is kept.
//! - A coroutine method called on a module's class itself (`from pkg.mod import C; C.m()`,
//!   ocpp-server's `OCPPMetrics.record_zero_energy_stopped(...)`): `C` is a class of that module
//!   with no base (but `object`), no metaclass and no decorator, and its own `m` (a
//!   `staticmethod`, `classmethod` or plain `async def`) never suspends. The attribute is
//!   looked up on `C` itself, not on an instance: no subclass is involved, and the task is kept.
//!
//! No proof (the drop stays): a star import, an import that names more than one module of the
//! run or one outside it, a name the file binds again, an attribute `.f`/`.m` either file
//! assigns, a `setattr`, `__getattribute__`, `__dict__` or `__class__` in the module.

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::bound_once::{assignments_in_text, first_parameter};
use super::facts::Facts;
use super::scope::{Binding, binding, bindings_of, declared_global};
use super::suspends::{Quiet, is_plain_coroutine, kept_by, quiet};
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::project::quiet_coroutines::{QuietModule, QuietRef};
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{enclosing_function, first_element, strip_parens, text, walk};

/// Marks the dropped sites whose coroutine, defined in another module, never suspends as kept
/// until they are done.
pub fn mark(source: &SourceFile, facts: &Facts, sites: &mut [TaskSite]) {
    let quiet_refs = &facts.factories.quiet;
    if quiet_refs.is_empty() {
        return;
    }
    let src = source.text;
    // The file's statements that spell the name a call starts with, parsed for its bindings
    // (the tree may hold only the parts around the sites).
    let mut statements = None;
    for site in sites.iter_mut() {
        let (spelled, factory) = match site.verdict.dropped_by_asyncio() {
            true => (coroutine_called(site, src), None),
            false => match handed_to_factory(site, facts, src) {
                Some((spelled, factory)) => (Some(spelled), Some(factory)),
                None => continue,
            },
        };
        let Some(spelled) = spelled else {
            continue;
        };
        let reached = match quiet_refs.get(&spelled) {
            Some(reference) if !reference.singleton && !reference.class => Some((reference, None)),
            _ => spelled.rsplit_once('.').and_then(|(object, method)| {
                (quiet_refs.get(object))
                    .filter(|r| r.singleton || r.class)
                    .map(|r| (r, Some(method.to_owned())))
            }),
        };
        let Some((reference, method)) = reached else {
            continue;
        };
        // The proof first: it is made once per module and name, and most callees suspend,
        // while the importing file's whole parse is made per file.
        let Some(by) = proof(&reference, method.as_deref()) else {
            continue;
        };
        let statements = statements.get_or_insert_with(|| Statements::of_source(source));
        let first = spelled.split('.').next().unwrap_or(&spelled);
        let Some(tree) = statements.parse_spelling(source, &[first], None) else {
            continue;
        };
        if !kept_as_imported(tree.root_node(), &spelled, src) {
            continue;
        }
        let by = match factory {
            Some(factory) => format!(
                "{by}; the task factory `{}` ({}:{}) runs the coroutine it is handed as it is",
                factory.name, factory.display, factory.line
            ),
            None => by,
        };
        site.verdict = Verdict::Kept { by: Some(by) };
        site.reference = Reference::Passed;
        site.finishes_at_once = true;
    }
}

/// A site dropped through a project's task factory that hands its positional parameter, as it
/// is, to asyncio's own creator ([`crate::project::factories::Factory::hands_on`]): the
/// coroutine call the site passes there, as written, and the factory.
fn handed_to_factory<'f>(
    site: &TaskSite,
    facts: &'f Facts,
    src: &str,
) -> Option<(String, &'f crate::project::factories::FactoryRef)> {
    let factory = facts.factories.refs.get(site.verdict.drop()?.factory?)?;
    let at = factory.hands_on.filter(|_| factory.returns.is_none())?;
    let arguments = site.call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let positional: Vec<Node> = (arguments.named_children(&mut cursor))
        .filter(|a| a.kind() != "comment")
        .take_while(|a| {
            !matches!(
                a.kind(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        })
        .collect();
    let argument = strip_parens(*positional.get(at)?);
    if argument.kind() != "call" {
        return None;
    }
    let called = strip_parens(argument.child_by_field_name("function")?);
    Some((spelled(called, src)?, factory))
}

/// The callee of the coroutine call handed to asyncio's own creator, as written (`f`, `m.f`,
/// `obj.m`), whitespace removed.
pub(super) fn coroutine_called(site: &TaskSite, src: &str) -> Option<String> {
    spelled(super::first_step::coroutine_call(site, src)?, src)
}

/// A callee as written (`f`, `m.f`, `obj.m`), whitespace removed; `None` unless it is made of
/// names and attributes of names only.
fn spelled(called: Node, src: &str) -> Option<String> {
    if !matches!(called.kind(), "identifier" | "attribute") {
        return None;
    }
    let spelled: String = text(called, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Only names and attributes of names: no call, subscript or parenthesis on the way.
    let plain = spelled
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'));
    plain.then_some(spelled)
}

/// The name `spelled` starts with is bound once in the file, by an import, and the file
/// assigns no attribute of the last name (which would replace the function or the method).
pub(super) fn kept_as_imported(root: Node, spelled: &str, src: &str) -> bool {
    let first = spelled.split('.').next().unwrap_or(spelled);
    let [one] = bindings_of(root, first, src)[..] else {
        return false;
    };
    let mut at = one.parent();
    let mut imported = false;
    while let Some(node) = at {
        if matches!(node.kind(), "import_statement" | "import_from_statement") {
            imported = true;
            break;
        }
        at = node.parent();
    }
    let last = spelled.rsplit('.').next().unwrap_or(spelled);
    imported && (last == spelled || assignments_in_text(src.as_bytes(), last) == 0)
}

/// The evidence that the coroutine never suspends, proved once per module and name.
fn proof(reference: &QuietRef, method: Option<&str>) -> Option<String> {
    let key = match method {
        // The class's own method on the class itself, apart from an instance's.
        Some(method) if reference.class => format!("{}::{method}", reference.name),
        Some(method) => format!("{}.{method}", reference.name),
        None => reference.name.clone(),
    };
    reference.module.proof(&key, |module| {
        let src: &str = &module.text;
        // A function's proof reads only the statements that spell its name; a singleton's
        // reads names found on the way (its class, the attribute `__new__` keeps it on).
        let tree =
            match method {
                None if !src.starts_with('\u{feff}') => Statements::of(src.as_bytes())
                    .parse_spelling(&SourceFile::new(src), &[&reference.name], None),
                _ => {
                    let mut parser = crate::scan::syntax::new_parser();
                    crate::scan::syntax::parse(&mut parser, src, None)
                }
            };
        let tree = tree.filter(|t| !t.root_node().has_error())?;
        let root = tree.root_node();
        match method {
            None => function_proof(module, root, &reference.name),
            Some(method) if reference.class => {
                let on = format!("called on the class `{}` itself", reference.name);
                class_method_proof(module, root, &reference.name, method, &on)
            }
            Some(method) => singleton_proof(module, root, &reference.name, method),
        }
    })
}

/// The module's one binding of `name` is a plain `async def` that never suspends.
fn function_proof(module: &QuietModule, root: Node, name: &str) -> Option<String> {
    let src: &str = &module.text;
    let Binding::Definition(definition) = binding(root, name, src) else {
        return None;
    };
    if !is_plain_coroutine(definition, src) || declared_global(root, name, src) {
        return None;
    }
    let how = quiet_in_module(definition, src)?;
    let line = definition.start_position().row + 1;
    Some(kept_by(name, &format!("{}:{line}", module.display), how))
}

/// [`quiet`] of a definition in another module, whose queue names (a parse of its import
/// lines) are read only where the definition spells `sleep` or `put`: only an await of one of
/// these can be told from the others by them (6 parses, 113M of the large tree's `check`).
fn quiet_in_module(definition: Node, src: &str) -> Option<Quiet> {
    let spelled = |word: &str| text(definition, src).contains(word);
    let queues = match spelled("sleep") || spelled("put") {
        true => QueueNames::of_text(src),
        false => QueueNames::default(),
    };
    quiet(definition, src, &queues)
}

/// `object = C()`, once, at the module's top level, and `C`'s own `method` never suspends.
fn singleton_proof(module: &QuietModule, root: Node, object: &str, method: &str) -> Option<String> {
    let (one, class_name) = top_level_instance(root, object, &module.text)?;
    let display = &module.display;
    let made_at = one.start_position().row + 1;
    let instance = format!("on the module's one instance `{object}`, {display}:{made_at}");
    class_method_proof(module, root, class_name, method, &instance)
}

/// The one binding of `object` in the module, `object = C(...)` at its top level, and `C`.
pub(super) fn top_level_instance<'t, 's>(
    root: Node<'t>,
    object: &str,
    src: &'s str,
) -> Option<(Node<'t>, &'s str)> {
    let [one] = bindings_of(root, object, src)[..] else {
        return None;
    };
    let assignment = one.parent().filter(|p| p.kind() == "assignment")?;
    let top_level = (assignment.parent())
        .filter(|s| s.kind() == "expression_statement")
        .and_then(|s| s.parent())
        .is_some_and(|m| m.kind() == "module");
    let made = strip_parens(assignment.child_by_field_name("right")?);
    let class_name = made
        .child_by_field_name("function")
        .filter(|f| made.kind() == "call" && f.kind() == "identifier")
        .map(|f| text(f, src))?;
    let left = assignment.child_by_field_name("left") == Some(one);
    (top_level && left).then_some((one, class_name))
}

/// `C`, a class of the module with no base but `object`, no metaclass and a `__new__` (if
/// any) that makes `C`'s own instance, has its own `method`, which never suspends: every
/// instance `C()` makes runs that body. `instance` says which instance the call is on.
pub(super) fn class_method_proof(
    module: &QuietModule,
    root: Node,
    class_name: &str,
    method: &str,
    instance: &str,
) -> Option<String> {
    let src: &str = &module.text;
    let bytes = src.as_bytes();
    let replaceable = ["__getattribute__", "__dict__", "__class__"]
        .iter()
        .any(|w| memchr::memmem::find(bytes, w.as_bytes()).is_some());
    if replaceable || assignments_in_text(bytes, method) != 0 {
        return None;
    }
    let Binding::Definition(class) = binding(root, class_name, src) else {
        return None;
    };
    if class.kind() != "class_definition"
        || class
            .parent()
            .is_some_and(|p| p.kind() == "decorated_definition")
        || declared_global(root, class_name, src)
        || !plain_bases(class, src)
    {
        return None;
    }
    let Binding::Definition(definition) = binding(class, method, src) else {
        return None;
    };
    if !is_plain_coroutine(definition, src) {
        return None;
    }
    match binding(class, "__new__", src) {
        Binding::None => {}
        Binding::Definition(new) if singleton_new(new, class, root, src) => {}
        _ => return None,
    }
    let how = quiet_in_module(definition, src)?;
    let line = definition.start_position().row + 1;
    Some(kept_by(
        &format!("{class_name}.{method}"),
        &format!("{}:{line}, {instance}", module.display),
        how,
    ))
}

/// No base but `object`, and no keyword (a metaclass may make anything of the call).
fn plain_bases(class: Node, src: &str) -> bool {
    let Some(bases) = class.child_by_field_name("superclasses") else {
        return true;
    };
    let mut cursor = bases.walk();
    let named = bases.named_children(&mut cursor);
    named
        .filter(|b| b.kind() != "comment")
        .all(|b| b.kind() == "identifier" && text(b, src) == "object")
}

/// A `__new__` that returns only an instance made by `X.__new__(cls)`, directly or kept on
/// `cls.A` (a class attribute that the module sets only to `None` or to such an instance), or
/// nothing: `C()` is then an instance of `C` (or `None`, whose method call raises before any
/// task is made).
fn singleton_new(new: Node, class: Node, root: Node, src: &str) -> bool {
    let Some(cls) = first_parameter(new, src) else {
        return false;
    };
    if bindings_of(new, cls, src).len() != 1 {
        return false;
    }
    let made_here = |value: Node, within: Node| {
        let value = strip_parens(value);
        value.kind() == "call"
            && within == new
            && value
                .child_by_field_name("function")
                .filter(|f| f.kind() == "attribute")
                .and_then(|f| f.child_by_field_name("attribute"))
                .is_some_and(|a| text(a, src) == "__new__")
            && value
                .child_by_field_name("arguments")
                .and_then(first_element)
                .is_some_and(|a| a.kind() == "identifier" && text(a, src) == cls)
    };
    let mut kept_on: Option<&str> = None;
    let mut fine = true;
    walk(new, |node| {
        if matches!(
            node.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) && node != new
        {
            return false;
        }
        if node.kind() == "return_statement"
            && let Some(value) = node.named_child(0).map(strip_parens)
        {
            let on_cls = (value.kind() == "attribute")
                .then(|| {
                    let object = value.child_by_field_name("object")?;
                    let name = value.child_by_field_name("attribute")?;
                    (object.kind() == "identifier" && text(object, src) == cls)
                        .then(|| text(name, src))
                })
                .flatten();
            match on_cls {
                Some(name) if kept_on.is_none_or(|k| k == name) => kept_on = Some(name),
                _ => fine &= made_here(value, new),
            }
        }
        fine
    });
    let Some(attribute) = kept_on.filter(|_| fine) else {
        return fine;
    };
    // Every binding of the attribute: `None`, or the instance `__new__` makes.
    let mut bindings = 0;
    walk(root, |node| {
        if node.kind() != "assignment" || !fine {
            return fine;
        }
        let Some(left) = node.child_by_field_name("left").map(strip_parens) else {
            return true;
        };
        let (is_attribute, in_class_body) = match left.kind() {
            "attribute" => (
                left.child_by_field_name("attribute")
                    .is_some_and(|a| text(a, src) == attribute),
                false,
            ),
            "identifier" if text(left, src) == attribute => (false, in_body_of(node, class)),
            _ => (false, false),
        };
        if !is_attribute && !in_class_body {
            return true;
        }
        bindings += usize::from(is_attribute);
        let within = enclosing_function(node, &[]).unwrap_or(root);
        fine &= (node.child_by_field_name("right"))
            .map(strip_parens)
            .is_some_and(|r| r.kind() == "none" || made_here(r, within));
        true
    });
    fine && assignments_in_text(src.as_bytes(), attribute) == bindings
}

/// Whether the statement `node` is directly in `class`'s body.
fn in_body_of(node: Node, class: Node) -> bool {
    (node.parent())
        .filter(|s| s.kind() == "expression_statement")
        .and_then(|s| s.parent())
        .filter(|b| b.kind() == "block")
        .and_then(|b| b.parent())
        == Some(class)
}
