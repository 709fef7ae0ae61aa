//! `asyncio.ensure_future(<a future>)` creates no task: asyncio returns a future it is handed
//! as it is (the contract table's `ENSURE_FUTURE_OF_FUTURE`), so a statement that drops it drops
//! a future, not a task, whatever ruff's RUF006 says. The future is `loop.run_in_executor(...)`,
//! `asyncio.wrap_future(...)`, `loop.create_future()` or `asyncio.Future()`, or an instance of
//! a class of the same file that derives from `asyncio.Future`; for one a local keeps (`f =
//! ensure_future(self.poll())`), also a call of a plain `def` of the file whose every `return`
//! returns a future it makes. What the future's exception becomes is the audit's `exceptions`
//! field (a cancelled one is done at once: risk none); `ensure_future` of anything else stays a
//! task.

use tree_sitter::Node;

use super::callee::names_a_loop;
use super::task_site::{Reference, TaskSite};
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
    // A function of the file can return a future it makes only if the file spells a maker.
    let mut spells_a_maker: Option<bool> = None;
    // A dropped one, or one a local keeps (`f = ensure_future(fut)`, `f.cancel()`): no task either.
    let plain_local = |s: &TaskSite| s.reference == Reference::Local && s.drop().is_none();
    for site in sites
        .iter_mut()
        .filter(|s| s.drop().is_some() || plain_local(s))
    {
        let Some(argument) = sole_argument_of_ensure_future(site.call, src) else {
            continue;
        };
        let classes = classes.get_or_insert_with(|| future_classes(root, src));
        // A function's body is read only for a local: `check`'s partial parse of a long file may
        // not hold the function, and a dropped site is what `check` and the audit both judge.
        let callee_body = site.drop().is_none()
            && *spells_a_maker.get_or_insert_with(|| {
                let makers = ["create_future", "Future(", "run_in_executor", "wrap_future"];
                makers
                    .iter()
                    .any(|m| memchr::memmem::find(src.as_bytes(), m.as_bytes()).is_some())
            });
        if let Some(why) = future_made_by(argument, classes, src, callee_body) {
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
fn future_made_by(expr: Node, classes: &[String], src: &str, callee_body: bool) -> Option<String> {
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
    if let Some(class) = classes.iter().find(|c| **c == spelled) {
        return Some(format!(
            "`{class}` derives from `asyncio.Future` in this file: its instance is a future"
        ));
    }
    callee_body
        .then(|| returns_a_future(function, classes, src))
        .flatten()
}

/// A call of a plain `def` of the file (`make()`, `self.make()`), the only one of its name,
/// every `return` of which returns a future it makes (`return loop.create_future()`, or `fut =
/// asyncio.Future()` ... `return fut`): its body says the call returns a future. An `async
/// def` returns a coroutine, which `ensure_future` wraps in a task.
fn returns_a_future(function: Node, classes: &[String], src: &str) -> Option<String> {
    let name = match function.kind() {
        "identifier" => function,
        "attribute" => {
            let object = function.child_by_field_name("object")?;
            if !matches!(text(object, src), "self" | "cls") {
                return None;
            }
            function.child_by_field_name("attribute")?
        }
        _ => return None,
    };
    let name = text(name, src);
    let mut definitions = Vec::new();
    walk(crate::scan::syntax::root_of(function), |n| {
        if n.kind() == "function_definition"
            && n.child_by_field_name("name")
                .is_some_and(|d| text(d, src) == name)
        {
            definitions.push(n);
        }
        true
    });
    let [definition] = definitions[..] else {
        return None;
    };
    if text(definition, src).starts_with("async") {
        return None;
    }
    let body = definition.child_by_field_name("body")?;
    let (mut returns, mut made) = (Vec::new(), Vec::new());
    walk(body, |n| match n.kind() {
        "function_definition" | "lambda" | "class_definition" => false,
        "return_statement" => {
            returns.push(n.named_child(0).map(strip_parens));
            false
        }
        "assignment" => {
            let value = n.child_by_field_name("right").map(strip_parens);
            if let (Some(left), Some(value)) = (n.child_by_field_name("left"), value) {
                made.push((text(left, src), value));
            }
            true
        }
        _ => true,
    });
    let future = |value: Node| {
        value.kind() == "call" && future_made_by(value, classes, src, false).is_some()
    };
    let returned = |value: Option<Node>| match value {
        Some(v) if v.kind() == "identifier" => {
            let bound: Vec<_> = made.iter().filter(|(l, _)| *l == text(v, src)).collect();
            !bound.is_empty() && bound.iter().all(|(_, value)| future(*value))
        }
        Some(v) => future(v),
        None => false,
    };
    let line = definition.start_position().row + 1;
    (!returns.is_empty() && returns.iter().all(|r| returned(*r)))
        .then(|| format!("`{name}` (line {line}) returns a future it makes"))
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
