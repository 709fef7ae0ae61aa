//! `--drain-on-shutdown`: where a set the fix adds has a shutdown hook, cancel its tasks there and
//! wait for them, so that shutting down leaves no task pending ("Task was destroyed but it is
//! pending!") and no task cut off mid-work without being told.
//!
//! Hooks, in the set owner's own code only (nothing is invented where there is none):
//! - for a set on the instance: an `async def` `close`, `aclose`, `stop`, `shutdown`, `cleanup`
//!   or `__aexit__` of its class;
//! - for the module set: an `async def` decorated with `@<app>.on_event("shutdown")`, one
//!   registered with `<app>.on_shutdown.append(f)` or `<app>.on_cleanup.append(f)` (aiohttp), or
//!   a lifespan (`@asynccontextmanager` with a `yield` in its body: after the `yield`).
//!
//! Each hook gets one line, `await _drain_tasks(<set>)` (see `drainer.rs`), or a call of the
//! module's own cancel-and-wait helper. The module set is drained in one hook: a shutdown handler
//! or lifespan before an aiohttp `on_cleanup` one (which runs last). A hook that already gathers
//! the set or passes it to the helper is left alone, so a second run adds nothing.

use tree_sitter::Node;

use super::drainer::{DRAIN_NAME, project_helper};
use super::keeper::OwnedSet;
use super::model::ModulePlan;
use crate::plan::edit::Edit;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{statements, text};

const CLASS_HOOKS: [&str; 6] = [
    "close",
    "aclose",
    "stop",
    "shutdown",
    "cleanup",
    "__aexit__",
];

/// The hooks to drain and the function they call.
pub struct Drain<'t> {
    /// Each hook, the statement to insert after (a lifespan's `yield`) and the set it drains.
    hooks: Vec<(Node<'t>, Option<Node<'t>>, String)>,
    pub function: String,
    /// Whether the fix declares the function (`_drain_tasks`), or the module has its own.
    pub declare: bool,
}

/// The hooks that drain the module set the fix declares (`set`) and the sets of owning
/// instances; `None` when no such set has a hook that does not drain it already.
pub fn plan<'t>(module: &ModulePlan<'_, '_, 't>, set: Option<&String>) -> Option<Drain<'t>> {
    let src = module.source.text;
    let helper = project_helper(module.root, src);
    let mut hooks = Vec::new();
    if let Some((hook, after)) = set.and_then(|_| module_hook(module.root, src)) {
        hooks.extend(set.map(|name| (hook, after, name.clone())));
    }
    for OwnedSet { class, name, .. } in &module.owners {
        if let Some(hook) = class_hook(*class, src) {
            let receiver = crate::scan::params::first_parameter(hook, src).unwrap_or("self");
            hooks.push((hook, None, format!("{receiver}.{name}")));
        }
    }
    hooks.retain(|(hook, _, target)| !drains_already(*hook, src, target, helper.as_deref()));
    hooks.sort_by_key(|(hook, after, _)| (hook.start_byte(), after.map(|a| a.start_byte())));
    hooks.dedup_by_key(|(hook, _, _)| hook.start_byte());
    if hooks.is_empty() {
        return None;
    }
    let declare = helper.is_none();
    let function = helper.unwrap_or_else(|| module.names.fresh(DRAIN_NAME));
    Some(Drain {
        hooks,
        function,
        declare,
    })
}

/// The hook gathers `target` itself or hands it to the helper.
fn drains_already(hook: Node, src: &str, target: &str, helper: Option<&str>) -> bool {
    let compact: String = text(hook, src).split_whitespace().collect();
    let called = |function: &str| {
        let call = format!("{function}({target}");
        compact
            .match_indices(&call)
            .any(|(at, _)| matches!(compact[at + call.len()..].chars().next(), Some(')' | ',')))
    };
    compact.contains(&format!("gather(*{target}")) || helper.is_some_and(called)
}

/// The line that drains each hook's set: after `after` (a lifespan's `yield`), or at the end of
/// the body (before a final `return`).
pub fn edits(source: &SourceFile, drain: &Drain) -> Vec<Edit> {
    let src = source.text;
    let mut edits = Vec::new();
    for (hook, after, target) in &drain.hooks {
        let Some(body) = hook.child_by_field_name("body") else {
            continue;
        };
        let body_statements = statements(body);
        let (Some(first), Some(last)) = (body_statements.first(), body_statements.last()) else {
            continue;
        };
        if !source.starts_line(first.start_byte()) {
            continue; // `async def close(self): ...` on one line
        }
        let indent = source.indentation(last.start_byte());
        let at = match after {
            Some(statement) => source.next_line_start(statement.end_byte()),
            None if last.kind() == "return_statement" => source.line_start(last.start_byte()),
            None => source.next_line_start(last.end_byte()),
        };
        let eol = source.eol;
        let mut content = String::new();
        if at == src.len() && !src.is_empty() && !src.ends_with('\n') {
            content.push_str(eol);
        }
        content.push_str(&format!("{indent}await {}({target}){eol}", drain.function));
        edits.push(Edit::insertion(at, content));
    }
    edits
}

fn is_async(def: Node, src: &str) -> bool {
    def.kind() == "function_definition" && text(def, src).starts_with("async")
}

fn def_name<'s>(def: Node, src: &'s str) -> &'s str {
    def.child_by_field_name("name").map_or("", |n| text(n, src))
}

/// The definition inside a (possibly decorated) statement.
fn definition(stmt: Node) -> Option<Node> {
    match stmt.kind() {
        "function_definition" => Some(stmt),
        "decorated_definition" => stmt.child_by_field_name("definition"),
        _ => None,
    }
}

fn class_hook<'t>(class: Node<'t>, src: &str) -> Option<Node<'t>> {
    let body = class.child_by_field_name("body")?;
    statements(body)
        .into_iter()
        .filter_map(definition)
        .filter(|def| is_async(*def, src))
        .find(|def| CLASS_HOOKS.contains(&def_name(*def, src)))
}

/// The module's shutdown hook, with the statement to insert after (a lifespan's `yield`).
fn module_hook<'t>(root: Node<'t>, src: &str) -> Option<(Node<'t>, Option<Node<'t>>)> {
    let top: Vec<Node> = statements(root);
    let registered = |call: &str| -> Vec<&str> {
        src.match_indices(call)
            .filter_map(|(at, _)| {
                let rest = src.get(at + call.len()..)?;
                let end = rest.find(')')?;
                Some(rest[..end].trim())
            })
            .collect()
    };
    let (on_shutdown, on_cleanup) = (
        registered(".on_shutdown.append("),
        registered(".on_cleanup.append("),
    );
    let mut hooks = Vec::new();
    for stmt in top {
        let Some(def) = definition(stmt).filter(|d| is_async(*d, src)) else {
            continue;
        };
        let decorators: Vec<String> = match stmt.kind() {
            "decorated_definition" => {
                let mut cursor = stmt.walk();
                stmt.named_children(&mut cursor)
                    .filter(|c| c.kind() == "decorator")
                    .map(|d| text(d, src).split_whitespace().collect())
                    .collect()
            }
            _ => Vec::new(),
        };
        let shutdown_event = decorators
            .iter()
            .any(|d| d.contains(".on_event(\"shutdown\")") || d.contains(".on_event('shutdown')"));
        let lifespan = decorators
            .iter()
            .any(|d| d == "@asynccontextmanager" || d.ends_with(".asynccontextmanager"));
        let name = def_name(def, src);
        if shutdown_event || on_shutdown.contains(&name) {
            hooks.push((0, def, None));
        } else if on_cleanup.contains(&name) {
            hooks.push((1, def, None));
        } else if lifespan && let Some(body) = def.child_by_field_name("body") {
            let yielded = statements(body).into_iter().find(|s| {
                s.kind() == "expression_statement"
                    && s.named_child(0).is_some_and(|e| e.kind() == "yield")
            });
            if let Some(yielded) = yielded {
                hooks.push((0, def, Some(yielded)));
            }
        }
    }
    hooks
        .into_iter()
        .min_by_key(|(priority, def, _)| (*priority, def.start_byte()))
        .map(|(_, def, after)| (def, after))
}
