//! The never-suspends rule of [`super::first_step`] across files: the coroutine the task runs
//! is defined in another module of the checked code, which the file imports.
//!
//! - A module function (`from pkg.mod import f`, `import pkg.mod as m; m.f()`): the module's
//!   one binding of `f` is an undecorated `async def` whose body never suspends.
//! - A method of a module's singleton (`from pkg.mod import obj; obj.m()`): `pkg.mod` binds
//!   `obj` once, at its top level, to `C()`, where `C` is a class of that module with no base
//!   (but `object` or a standard one, [`super::first_step_bases`]) and no metaclass, whose own `m` is an undecorated `async def` whose body
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

use super::facts::Facts;
pub(super) use super::first_step_class::kept_as_imported;
use super::first_step_class::{class_method, quiet_in_module};
use super::scope::{Binding, binding, bindings_of, declared_global};
use super::suspends::{is_plain_coroutine, kept_by};
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::project::quiet_coroutines::{QuietModule, QuietRef};
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text};

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

/// `C`, a class of the module with no base but `object` or a standard one, no metaclass and a
/// `__new__` (if any) that makes `C`'s own instance, has its own `method`, which never suspends: every
/// instance `C()` makes runs that body. `instance` says which instance the call is on.
pub(super) fn class_method_proof(
    module: &QuietModule,
    root: Node,
    class_name: &str,
    method: &str,
    instance: &str,
) -> Option<String> {
    let (definition, how) = class_method(module, root, class_name, method)?;
    let line = definition.start_position().row + 1;
    Some(kept_by(
        &format!("{class_name}.{method}"),
        &format!("{}:{line}, {instance}", module.display),
        how,
    ))
}
