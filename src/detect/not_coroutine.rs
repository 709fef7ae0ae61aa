//! `asyncio.create_task(f())` where `f` is a plain function makes no task: the call runs `f`
//! in place, and `create_task` (or `ensure_future`, `Task(...)`) raises `TypeError` on what it
//! returns, which is no coroutine (CPython `Lib/asyncio/tasks.py`: `Task.__init__` "a coroutine
//! was expected", `ensure_future` "An asyncio.Future, a coroutine or an awaitable is
//! required"). The statement drops nothing, so `check` is silent; the audit names the bug.
//!
//! The proof reads the definition the call reaches as the never-suspends rule does
//! ([`super::first_step`]), in this file only: the one binding of the name in the nearest scope
//! that binds it (a nested function, or the module's), a `def` that is not `async`, carries no
//! decorator (which may return anything), holds no `yield` (a generator is a coroutine to
//! asyncio before 3.12) and returns nothing a coroutine could be: every `return` is bare or
//! of a literal.

use std::collections::HashMap;

use tree_sitter::Node;

use super::first_step_text::def_spellings;
use super::scope::{Binding, binding, declared_global};
use super::task_site::{Creator, NeverRuns, TaskSite};
use super::verdict::Verdict;
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{root_of, strip_parens, text, walk};

/// Marks the dropped sites whose coroutine argument is a plain function's result.
pub fn mark(source: &SourceFile, sites: &mut [TaskSite]) {
    let src = source.text;
    // The tree may hold only the parts around the sites: the file's statements that spell
    // the name are parsed for its module binding.
    let mut whole: Option<Statements> = None;
    // Whether the file spells a plain `def` of the name, by name: asked once, not once per
    // site (a file of ten thousand `create_task(work())` would read itself that often).
    let mut spelt_plain: HashMap<&str, bool> = HashMap::new();
    for site in sites.iter_mut() {
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        let Some(called) = called_name(site, src) else {
            continue;
        };
        let plain_spelt = *spelt_plain.entry(called).or_insert_with(|| {
            (def_spellings(src.as_bytes(), called).iter()).any(|&(_, is_async)| !is_async)
        });
        // Most names are imported or defined `async`: no walk for them.
        if !plain_spelt {
            continue;
        }
        let Some(line) = plain_definition(site, called, source, &mut whole) else {
            continue;
        };
        let creator = site
            .call
            .child_by_field_name("function")
            .and_then(|f| super::callee::last_name(strip_parens(f), src))
            .unwrap_or("create_task");
        site.verdict = Verdict::Kept {
            by: Some(format!(
                "not a coroutine: `{creator}` raises TypeError: `{called}` (line {line}) is a \
                 plain `def`, so the call runs it in place and hands `{creator}` what it \
                 returns; no task is made"
            )),
        };
        site.never_runs = Some(NeverRuns::NotACoroutine);
    }
}

/// The name the site's creator is handed a direct call of: `create_task(f(...))`. The
/// thread-safe creator is left to its own kind.
fn called_name<'s>(site: &TaskSite, src: &'s str) -> Option<&'s str> {
    if site.creator == Creator::Threadsafe {
        return None;
    }
    let called = super::first_step::coroutine_call(site, src)?;
    (called.kind() == "identifier").then(|| text(called, src))
}

/// The line of the plain `def` the name resolves to from the site, if it is one.
fn plain_definition(
    site: &TaskSite,
    name: &str,
    source: &SourceFile,
    whole: &mut Option<Statements>,
) -> Option<usize> {
    let src = source.text;
    let functions = site
        .enclosing
        .iter()
        .rev()
        .filter(|s| s.kind() == "function_definition");
    for scope in functions {
        match binding(*scope, name, src) {
            Binding::None => continue,
            Binding::Definition(definition) => return plain(definition),
            Binding::Other => return None,
        }
    }
    let root = root_of(site.call);
    match module_binding(root, name, src) {
        Some(found) => found,
        // Bound nowhere in the parts parsed: read the module's binding in the statements
        // that spell the name.
        None => {
            let statements = whole.get_or_insert_with(|| Statements::of_source(source));
            let tree = statements.parse_spelling(source, &[name], None)?;
            module_binding(tree.root_node(), name, src).flatten()
        }
    }
}

/// The module's binding of `name`: `None` when nothing binds it there, else the line of a plain
/// `def`, if that is what binds it.
fn module_binding(root: Node, name: &str, src: &str) -> Option<Option<usize>> {
    match binding(root, name, src) {
        Binding::None => None,
        // `global name` in a function may bind it anew.
        Binding::Definition(definition) if !declared_global(root, name, src) => {
            Some(plain(definition))
        }
        _ => Some(None),
    }
}

/// The line of `definition` when it is a plain function that cannot return a coroutine.
fn plain(definition: Node) -> Option<usize> {
    if definition.kind() != "function_definition" {
        return None;
    }
    let mut cursor = definition.walk();
    let is_async = definition
        .children(&mut cursor)
        .any(|c| c.kind() == "async");
    let decorated = definition
        .parent()
        .is_some_and(|p| p.kind() == "decorated_definition");
    if is_async || decorated {
        return None;
    }
    let body = definition.child_by_field_name("body")?;
    let mut returns_nothing = true;
    walk(body, |node| {
        match node.kind() {
            // Their bodies are other functions.
            "function_definition" | "lambda" | "class_definition" => return false,
            "yield" => returns_nothing = false,
            "return_statement" => {
                returns_nothing &= node.named_child(0).is_none_or(|v| is_literal(v));
            }
            _ => {}
        }
        returns_nothing
    });
    returns_nothing.then(|| definition.start_position().row + 1)
}

/// A literal: what no coroutine can be (an f-string is a `str` whatever its parts call).
fn is_literal(node: Node) -> bool {
    matches!(
        strip_parens(node).kind(),
        "none" | "true" | "false" | "integer" | "float" | "string" | "concatenated_string"
    )
}
