//! A function handed to a decorator that registers it (`@app.on_message(...)`,
//! `@router.get("/")`) is called by whatever the decorator hands it to: a framework's dispatcher,
//! outside the checked code. The task such a function returns goes to that caller, and nothing
//! in the checked code shows what the caller does with it: "the caller holds it" is not proved,
//! so the verdict is `unknown`, naming the decorator.

use tree_sitter::Node;

use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::syntax::text;

/// Decorators that hand back the function itself, or a wrapper that only its own callers call:
/// no registration.
const NOT_REGISTRATIONS: [&str; 5] = [
    "functools.wraps",
    "functools.cache",
    "functools.lru_cache",
    "abc.abstractmethod",
    "typing.overload",
];

/// Makes `unknown` each returned task whose function a decorator registers.
pub fn settle(sites: &mut [TaskSite], src: &str) {
    for site in sites {
        if site.reference != Reference::Returned
            || !matches!(site.verdict, Verdict::Kept { by: None })
        {
            continue;
        }
        if let Some(decorator) = registering_decorator(site.call, src) {
            // Its caller is the framework's: the task is handed to code the checked code does
            // not show, `passed`, as one handed to an unknown callee is.
            site.reference = Reference::Passed;
            site.verdict = Verdict::Unknown(format!(
                "it is returned to a caller outside the checked code: `@{decorator}` hands the \
                 function to code the checked code does not show, and what calls it there \
                 decides what becomes of the task"
            ));
        }
    }
}

/// The registering decorator of the function whose own `return` returns the task at `call`: an
/// attribute of an object, called or not (`@app.on_message(filters.text)`, `@bus.handler`),
/// as written without its arguments.
fn registering_decorator(call: Node, src: &str) -> Option<String> {
    let mut at = call.parent();
    let function = loop {
        let node = at?;
        match node.kind() {
            "function_definition" => break node,
            "lambda" | "class_definition" => return None,
            _ => at = node.parent(),
        }
    };
    // A generator hands what it yields to its runner (tornado's `@gen.coroutine` waits for it).
    if yields(function) {
        return None;
    }
    let decorated = function
        .parent()
        .filter(|p| p.kind() == "decorated_definition")?;
    let mut cursor = decorated.walk();
    decorated
        .named_children(&mut cursor)
        .filter(|d| d.kind() == "decorator")
        .filter_map(|d| d.named_child(0))
        .find_map(|expression| {
            let callee = match expression.kind() {
                "call" => expression.child_by_field_name("function")?,
                _ => expression,
            };
            if callee.kind() != "attribute" {
                return None;
            }
            let written: String = text(callee, src)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            (!NOT_REGISTRATIONS.contains(&written.as_str())).then_some(written)
        })
}

/// Whether the function's own body (nested functions' and lambdas' aside) yields.
fn yields(function: Node) -> bool {
    let Some(body) = function.child_by_field_name("body") else {
        return true;
    };
    let mut found = false;
    crate::scan::syntax::walk(body, |node| {
        found |= node.kind() == "yield";
        !found
            && !matches!(
                node.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
    });
    found
}
