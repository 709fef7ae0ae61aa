//! A task whose coroutine never suspends is never lost: `create_task` (and `ensure_future`,
//! `Task(...)`, `run_coroutine_threadsafe`) schedules the task's first step with
//! `loop.call_soon`, and the loop's ready queue holds that handle, and so the task, until the
//! step runs. A coroutine function whose own body has no `await`, `async for` or `async with`
//! returns in that step: nothing can collect the task while it is pending, whatever its
//! statement does with it and whatever ruff's RUF006 says.
//!
//! The proof reads the definition the call reaches, in this file only: the one `async def` of
//! that name in the nearest scope that binds it (a nested function, or the module's), bound
//! there by nothing else, undecorated (or `staticmethod`/`classmethod`). A method on the object
//! itself (`self.m()`) whose every definition in the file never suspends is `unknown`, not
//! kept: a subclass in another file may override it (see [`super::first_step_method`]).

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::scope::{Binding, binding, declared_global};
use super::suspends::{is_plain_coroutine, suspends};
use super::task_site::{Creator, Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{first_element, strip_parens, text};

/// Marks the dropped sites whose coroutine never suspends as kept until they are done.
pub fn mark(source: &SourceFile, sites: &mut [TaskSite]) {
    let src = source.text;
    // The module's binding of a name is the same for every site that calls it.
    let mut module = HashMap::new();
    let mut defined = None;
    let mut methods = super::first_step_method::Proofs::default();
    for site in sites.iter_mut() {
        // A project's own task factory (even one named `create_task`) may do anything with
        // the coroutine: only asyncio's creators are read.
        match &site.verdict {
            Verdict::Dropped(Some(drop)) if drop.factory.is_some() => continue,
            Verdict::Dropped(_) => {}
            _ => continue,
        }
        let Some(reached) = reached_definition(site, src, &mut module, &mut defined) else {
            continue;
        };
        let (name, definition) = match reached {
            Reached::Function(name, definition) => (name, definition),
            Reached::Method(called) => {
                let enclosing = &site.enclosing;
                if let Some(why) = super::first_step_method::unknown_reason(
                    called,
                    enclosing,
                    source,
                    &mut methods,
                ) {
                    // Whatever another file does, this file proves no drop.
                    site.verdict = Verdict::Unknown(why);
                    site.finishes_at_once = true;
                }
                continue;
            }
        };
        if suspends(definition) {
            continue;
        }
        let line = definition.start_position().row + 1;
        site.verdict = Verdict::Kept {
            by: Some(format!(
                "asyncio: its coroutine `{name}` (line {line}) never suspends: it finishes in \
                 its first step, which the loop holds"
            )),
        };
        site.reference = Reference::Passed;
        site.finishes_at_once = true;
    }
}

/// What the coroutine call handed to the creator reaches.
enum Reached<'t> {
    /// A name's one definition in the scope it resolves to.
    Function(String, Node<'t>),
    /// A method on an object, `obj.m` (see [`super::first_step_method`]).
    Method(Node<'t>),
}

/// The coroutine function the site's task runs, when the call hands it a direct call of a
/// name this file defines once in the scope the name resolves to; or the method it calls.
fn reached_definition<'t>(
    site: &TaskSite<'t>,
    src: &'t str,
    module: &mut HashMap<String, Option<Node<'t>>>,
    defined: &mut Option<HashSet<&'t str>>,
) -> Option<Reached<'t>> {
    if !matches!(
        site.creator,
        Creator::Task | Creator::TaskClass | Creator::Threadsafe
    ) {
        return None;
    }
    let function = strip_parens(site.call.child_by_field_name("function")?);
    // Only asyncio's own creators take the coroutine first; a configured or project task
    // function may do anything with it.
    let callee = super::callee::last_name(function, src)?;
    if !matches!(
        callee,
        "create_task" | "ensure_future" | "Task" | "run_coroutine_threadsafe"
    ) {
        return None;
    }
    let argument = strip_parens(
        first_element(site.call.child_by_field_name("arguments")?)
            .filter(|a| a.kind() != "keyword_argument")?,
    );
    if argument.kind() != "call" {
        return None;
    }
    let called = strip_parens(argument.child_by_field_name("function")?);
    if called.kind() == "attribute" {
        return Some(Reached::Method(called));
    }
    if called.kind() != "identifier" {
        return None;
    }
    let name = text(called, src);
    // Only a name the file defines with `def` can reach a definition here: the scope walks
    // below are skipped for the common call of an imported or unknown function.
    if !defined
        .get_or_insert_with(|| super::first_step_method::def_names(src))
        .contains(name)
    {
        return None;
    }
    // The nearest function scope that binds the name, else the module's (class bodies are no
    // scope for the functions nested in them).
    let functions = site
        .enclosing
        .iter()
        .rev()
        .filter(|s| s.kind() == "function_definition");
    for scope in functions {
        match binding(*scope, name, src) {
            Binding::None => continue,
            Binding::Definition(definition) if is_plain_coroutine(definition, src) => {
                return Some(Reached::Function(name.to_owned(), definition));
            }
            _ => return None,
        }
    }
    let root = crate::scan::syntax::root_of(site.call);
    let definition = *module.entry(name.to_owned()).or_insert_with(|| {
        match binding(root, name, src) {
            // `global name` in a function may bind it anew.
            Binding::Definition(definition)
                if is_plain_coroutine(definition, src) && !declared_global(root, name, src) =>
            {
                Some(definition)
            }
            _ => None,
        }
    });
    definition.map(|definition| Reached::Function(name.to_owned(), definition))
}
