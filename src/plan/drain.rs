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
//! The module set is drained in one hook: a shutdown handler or lifespan before an aiohttp
//! `on_cleanup` one (which runs last). A hook that already gathers the set is left alone, so a
//! second run adds nothing.

use tree_sitter::Node;

use super::keeper::TASK_NAME;
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

/// A set to drain: the module's (`_background_tasks`) or one on instances of `class`.
pub enum Drained<'t> {
    Module(String),
    Instance { class: Node<'t>, name: String },
}

/// The edits that drain each set in its hook; `asyncio` is the module's runtime spelling.
pub fn drains(module: &ModulePlan, sets: &[Drained], asyncio: &str, unit: &str) -> Vec<Edit> {
    let source = module.source;
    let src = source.text;
    let mut edits = Vec::new();
    for set in sets {
        let hooks: Vec<(Node, Option<Node>, String)> = match set {
            Drained::Module(name) => module_hook(module.root, src)
                .map(|(hook, after)| (hook, after, name.clone()))
                .into_iter()
                .collect(),
            Drained::Instance { class, name } => class_hook(*class, src)
                .map(|hook| {
                    let receiver = super::mechanism::first_parameter(hook, src).unwrap_or("self");
                    (hook, None, format!("{receiver}.{name}"))
                })
                .into_iter()
                .collect(),
        };
        for (hook, after, target) in hooks {
            // The fix names tasks `task` in functions it rewrites: the loop must not rebind one.
            let rewritten = module
                .site_ranges
                .iter()
                .any(|r| hook.byte_range().contains(&r.start));
            if let Some(edit) = drain(source, hook, after, &target, asyncio, unit, rewritten) {
                edits.push(edit);
            }
        }
    }
    edits.sort();
    edits.dedup_by_key(|e| e.start);
    edits
}

/// The drain of `target` in `hook`: after `after` (a lifespan's `yield`), or at the end of the
/// body (before a final `return`).
fn drain(
    source: &SourceFile,
    hook: Node,
    after: Option<Node>,
    target: &str,
    asyncio: &str,
    unit: &str,
    rewritten: bool,
) -> Option<Edit> {
    let src = source.text;
    let body = hook.child_by_field_name("body")?;
    let compact: String = text(hook, src).split_whitespace().collect();
    if compact.contains(&format!("gather(*{target}")) {
        return None; // drained already
    }
    let body_statements = statements(body);
    let last = *body_statements.last()?;
    if !source.starts_line(body_statements.first()?.start_byte()) {
        return None; // `async def close(self): ...` on one line
    }
    let indent = source.indentation(last.start_byte()).to_owned();
    let at = match after {
        Some(statement) => source.next_line_start(statement.end_byte()),
        None if last.kind() == "return_statement" => source.line_start(last.start_byte()),
        None => source.next_line_start(last.end_byte()),
    };
    let words: std::collections::HashSet<&str> = text(hook, src)
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect();
    let name = ["task", "pending_task", "drained_task"]
        .into_iter()
        .filter(|n| !(rewritten && *n == TASK_NAME))
        .find(|n| !words.contains(n))?;
    let eol = source.eol;
    let mut content = String::new();
    if at == src.len() && !src.is_empty() && !src.ends_with('\n') {
        content.push_str(eol);
    }
    content.push_str(&format!("{indent}for {name} in {target}:{eol}"));
    content.push_str(&format!("{indent}{unit}{name}.cancel(){eol}"));
    content.push_str(&format!(
        "{indent}await {asyncio}.gather(*{target}, return_exceptions=True){eol}"
    ));
    Some(Edit::insertion(at, content))
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
