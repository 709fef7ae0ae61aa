//! Workflow engines whose own event loop keeps every task (the contract table's
//! `WORKFLOW_ENGINES`): a task created on the running loop in a workflow class's code
//! (`@workflow.defn` of `temporalio`) is kept by the engine, whatever its statement does with it
//! and whatever ruff's RUF006 says; `audit` names the engine and the class.

use tree_sitter::Node;

use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::contracts::{WORKFLOW_ENGINES, WorkflowEngine};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{split_alias, text, walk};

/// Marks the dropped sites that run on a workflow engine's loop as kept by it.
pub fn mark_workflow_loops(tree: &tree_sitter::Tree, source: &SourceFile, sites: &mut [TaskSite]) {
    let src = source.text;
    // Nearly no file names one: they pay for one search.
    if memchr::memmem::find(src.as_bytes(), b"temporalio").is_none() {
        return;
    }
    let decorators = decorator_spellings(tree.root_node(), src);
    if decorators.is_empty() {
        return;
    }
    for site in sites.iter_mut().filter(|s| s.drop().is_some()) {
        if !on_running_loop(site.call, src) {
            continue;
        }
        let workflow = (site.enclosing.iter()).find_map(|c| workflow_class(*c, &decorators, src));
        if let Some((class, decorator, line, engine)) = workflow {
            let by = format!(
                "{}; `{class}` is a workflow (`@{decorator}`, line {line}), whose code runs on \
                 that loop",
                engine.api
            );
            site.verdict = Verdict::Kept { by: Some(by) };
            site.reference = Reference::Passed;
        }
    }
}

/// How the file spells each engine's decorator (`workflow.defn`, `temporalio.workflow.defn`,
/// `defn`), from its imports.
fn decorator_spellings(root: Node, src: &str) -> Vec<(String, &'static WorkflowEngine)> {
    let mut found = Vec::new();
    walk(root, |node| {
        let mut cursor = node.walk();
        match node.kind() {
            "import_statement" => {
                for name in node.children_by_field_name("name", &mut cursor) {
                    let (dotted, alias) = split_alias(name, src);
                    for e in WORKFLOW_ENGINES.iter().filter(|e| e.module == dotted) {
                        found.push((format!("{}.{}", alias.unwrap_or(dotted), e.decorator), e));
                    }
                }
            }
            "import_from_statement" => {
                let module = (node.child_by_field_name("module_name")).map_or("", |m| text(m, src));
                for name in node.children_by_field_name("name", &mut cursor) {
                    let (imported, alias) = split_alias(name, src);
                    let local = alias.unwrap_or(imported);
                    for e in &WORKFLOW_ENGINES {
                        if format!("{module}.{imported}") == e.module {
                            found.push((format!("{local}.{}", e.decorator), e));
                        } else if module == e.module && imported == e.decorator {
                            found.push((local.to_owned(), e));
                        }
                    }
                }
            }
            _ => return true,
        }
        false
    });
    found
}

/// The class, its decorator as spelled, the decorator's line and the engine, when `node` is a class the engine's
/// decorator marks (`@workflow.defn` or `@workflow.defn(name=...)`).
fn workflow_class(
    node: Node,
    decorators: &[(String, &'static WorkflowEngine)],
    src: &str,
) -> Option<(String, String, usize, &'static WorkflowEngine)> {
    if node.kind() != "class_definition" {
        return None;
    }
    let decorated = node
        .parent()
        .filter(|p| p.kind() == "decorated_definition")?;
    let name = text(node.child_by_field_name("name")?, src).to_owned();
    let mut cursor = decorated.walk();
    let found = decorated
        .named_children(&mut cursor)
        .filter(|d| d.kind() == "decorator")
        .find_map(|d| {
            let spelled = compact(text(d, src).trim_start_matches('@'));
            let spelled = spelled.split('(').next().unwrap_or("");
            let engine = decorators.iter().find(|(s, _)| s == spelled)?.1;
            Some((spelled.to_owned(), d.start_position().row + 1, engine))
        });
    found.map(|(spelled, line, engine)| (name, spelled, line, engine))
}

/// The call creates its task on the running loop: `asyncio.create_task` / `ensure_future` (or
/// bare, as imported), or `create_task` on `asyncio.get_running_loop()` / `get_event_loop()`.
fn on_running_loop(call: Node, src: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let callee = compact(text(function, src));
    let object = match callee.rsplit_once('.') {
        Some((object, "create_task" | "ensure_future")) => object,
        None => return matches!(callee.as_str(), "create_task" | "ensure_future"),
        Some(_) => return false,
    };
    matches!(
        object,
        "asyncio" | "asyncio.get_running_loop()" | "asyncio.get_event_loop()"
    )
}

fn compact(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}
