//! `asyncio.ensure_future(<a future>)` creates no task: asyncio returns a future it is handed
//! as it is (the contract table's `ENSURE_FUTURE_OF_FUTURE`), so a statement that drops it drops
//! a future, not a task, whatever ruff's RUF006 says. The future is `loop.run_in_executor(...)`,
//! `asyncio.wrap_future(...)`, `loop.create_future()` or `asyncio.Future()`, or an instance of
//! a class of the same file that derives from `asyncio.Future`. What the future's exception
//! becomes is the audit's `exceptions` field; `ensure_future` of anything else stays a task.

use tree_sitter::Node;

use super::callee::names_a_loop;
use super::task_site::TaskSite;
use super::verdict::Verdict;
use crate::scan::contracts::{ENSURE_FUTURE_OF_FUTURE, FUTURE_MAKERS};
use crate::scan::syntax::{strip_parens, text, walk};

/// Marks the dropped `ensure_future` sites whose argument is a future as kept: no task.
pub fn mark(root: Node, src: &str, sites: &mut [TaskSite]) {
    // Nearly every file has no such site: one search first.
    if memchr::memmem::find(src.as_bytes(), b"ensure_future").is_none() {
        return;
    }
    let mut classes: Option<Vec<String>> = None;
    for site in sites.iter_mut().filter(|s| s.drop().is_some()) {
        let Some(argument) = sole_argument_of_ensure_future(site.call, src) else {
            continue;
        };
        let classes = classes.get_or_insert_with(|| future_classes(root, src));
        if let Some(why) = future_made_by(argument, classes, src) {
            site.verdict = Verdict::Kept {
                by: Some(format!("no task: {ENSURE_FUTURE_OF_FUTURE}; {why}")),
            };
            site.not_a_task = true;
        }
    }
}

/// The one positional argument of `asyncio.ensure_future(x)` (or `ensure_future(x)`, `loop=`
/// aside), when the call is one.
fn sole_argument_of_ensure_future<'t>(call: Node<'t>, src: &str) -> Option<Node<'t>> {
    let function = call.child_by_field_name("function")?;
    let name = match function.kind() {
        "attribute" => text(function.child_by_field_name("attribute")?, src),
        "identifier" => text(function, src),
        _ => return None,
    };
    if name != "ensure_future" {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let mut positional = arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "keyword_argument" && a.kind() != "comment");
    let first = positional.next()?;
    positional.next().is_none().then(|| strip_parens(first))
}

/// Why `expr` is a future and not a coroutine, if the contract table or the file proves it.
fn future_made_by(expr: Node, classes: &[String], src: &str) -> Option<String> {
    if expr.kind() != "call" {
        return None;
    }
    let function = expr.child_by_field_name("function")?;
    let spelled: String = text(function, src).split_whitespace().collect();
    for (maker, why) in FUTURE_MAKERS {
        let matched = match maker.strip_prefix('.') {
            Some(method) => {
                function.kind() == "attribute"
                    && function
                        .child_by_field_name("attribute")
                        .is_some_and(|a| text(a, src) == method)
                    && function
                        .child_by_field_name("object")
                        .is_some_and(|o| names_a_loop(o, src))
            }
            None => spelled == maker,
        };
        if matched {
            return Some(why.to_owned());
        }
    }
    classes.iter().find(|c| **c == spelled).map(|class| {
        format!("`{class}` derives from `asyncio.Future` in this file: its instance is a future")
    })
}

/// The module-level classes of the file whose bases name `asyncio.Future`.
fn future_classes(root: Node, src: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        let class = match node.kind() {
            "class_definition" => node,
            "decorated_definition" => match node.child_by_field_name("definition") {
                Some(d) if d.kind() == "class_definition" => d,
                _ => continue,
            },
            _ => continue,
        };
        let mut future = false;
        if let Some(bases) = class.child_by_field_name("superclasses") {
            walk(bases, |b| {
                future |= b.kind() == "attribute" && text(b, src) == "asyncio.Future";
                !future
            });
        }
        if future && let Some(name) = class.child_by_field_name("name") {
            found.push(text(name, src).to_owned());
        }
    }
    found
}
