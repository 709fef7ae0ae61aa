//! A lambda that hands `create_task` a value it does not call proves no task (`lambda:
//! asyncio.create_task(karen.stop)`): a coroutine made before makes one (once),
//! but a function or a bound method (an `async def` not called) makes `create_task` raise
//! `TypeError`, and no task is made (CPython `Lib/asyncio/tasks.py`: "a coroutine was
//! expected"). `callback-return` reports a task a lambda makes on each call, beyond ruff, so
//! where the argument is not a call the site is `unknown`, with what the file says of the name.

use tree_sitter::Node;

use super::kinds::Kind;
use super::task_site::TaskSite;
use super::verdict::Verdict;
use crate::scan::syntax::{strip_parens, text, walk};

/// Settles the `callback-return` sites whose creator is handed a name or an attribute, not a
/// call, as `unknown`.
pub fn mark(root: Node, src: &str, sites: &mut [TaskSite]) {
    for site in sites.iter_mut() {
        if site.kind() != Some(Kind::CallbackReturn) {
            continue;
        }
        let Some(argument) = first_argument(site.call) else {
            continue;
        };
        let last = match argument.kind() {
            "identifier" => argument,
            "attribute" => match argument.child_by_field_name("attribute") {
                Some(name) => name,
                None => continue,
            },
            _ => continue,
        };
        let creator = (site.call.child_by_field_name("function"))
            .and_then(|f| super::callee::last_name(strip_parens(f), src))
            .unwrap_or("create_task");
        let spelled = text(argument, src);
        let defined = async_def_line(root, text(last, src), src).map_or(String::new(), |line| {
            format!(
                " (the file's `async def {}`, line {line}, is such a function)",
                text(last, src)
            )
        });
        site.verdict = Verdict::Unknown(format!(
            "the lambda hands `{creator}` `{spelled}`, which it does not call: a coroutine made \
             before makes a task, but a function or a bound method{defined} makes `{creator}` \
             raise TypeError and no task is made; which `{spelled}` is, the checked code does \
             not prove"
        ));
    }
}

/// The first positional argument of `call`, outside its parentheses.
fn first_argument(call: Node) -> Option<Node> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let first = arguments
        .named_children(&mut cursor)
        .find(|a| !matches!(a.kind(), "keyword_argument" | "comment"))?;
    Some(strip_parens(first))
}

/// The line of the first `async def name` of the file's parsed parts.
fn async_def_line(root: Node, name: &str, src: &str) -> Option<usize> {
    let mut line = None;
    walk(root, |node| {
        if line.is_some() {
            return false;
        }
        if node.kind() == "function_definition"
            && node.child(0).is_some_and(|c| c.kind() == "async")
            && node
                .child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
        {
            line = Some(node.start_position().row + 1);
        }
        true
    });
    line
}
