//! Function summaries of generator context managers (issue 35, point 3): what a
//! `@contextmanager` or `@asynccontextmanager` function of the checked code does with a task it
//! is handed, around its `yield`. Python's generator protocol decides it: the suspended frame
//! holds its parameters for the whole `with` block, and the block's exit, by any path (an
//! exception is thrown in at the `yield`), runs the `finally` of a `try` around the `yield`.
//! So `try: yield task` / `finally: task.cancel(); await task` keeps the task for the block,
//! then cancels it and awaits it at its exit; the await retrieves its outcome.
//!
//! Only that shape counts: the parameter yielded as it is, in the body of a `try` with a
//! `finally` that awaits it where nothing in the `finally` can skip the await (a plain block or
//! a `with`, as `with suppress(CancelledError): await task`), and read nowhere else but by its
//! own methods. Statements after a `yield` outside a `finally` do not run when the block raises,
//! and a `finally` that only cancels leaves the task pending: neither is a summary.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text, walk};

/// Whether the function's decorators make it a generator context manager.
pub fn is_context_manager(function: Node, src: &str) -> bool {
    let Some(decorated) = function
        .parent()
        .filter(|d| d.kind() == "decorated_definition")
    else {
        return false;
    };
    let mut cursor = decorated.walk();
    decorated.named_children(&mut cursor).any(|d| {
        d.kind() == "decorator" && {
            let name: String = text(d, src).split_whitespace().collect();
            let name = name.trim_start_matches('@');
            let last = name.rsplit('.').next().unwrap_or(name);
            matches!(last, "contextmanager" | "asynccontextmanager")
        }
    })
}

/// A context manager's hold on a parameter: the lines of its `yield`, of the cancel in the
/// `finally` (if any) and of the await there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guard {
    pub yields: usize,
    pub cancels: Option<usize>,
    pub awaits: usize,
}

/// What a context manager's `body` does with the parameter `name`: a [`Guard`] for the shape
/// above, else `None`.
pub fn guard_of(name: &str, body: Node, src: &str) -> Option<Guard> {
    let mut yields = Vec::new();
    let mut other = false;
    let mut nested = false;
    walk(body, |node| {
        if node.id() != body.id()
            && matches!(
                node.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        {
            // A closure that reads it may keep it; one that does not is no concern here.
            walk(node, |n| {
                nested |= n.kind() == "identifier" && text(n, src) == name;
                true
            });
            return false;
        }
        if node.kind() == "yield" && node.is_named() {
            yields.push(node);
        }
        if node.kind() == "identifier" && text(node, src) == name {
            other |= !known_read(node, src);
        }
        true
    });
    // One `yield` (a context manager's generator yields once), of the parameter itself.
    let [point] = yields[..] else {
        return None;
    };
    let yielded = point.named_child(0).map(strip_parens);
    if nested || other || !yielded.is_some_and(|y| y.kind() == "identifier" && text(y, src) == name)
    {
        return None;
    }
    let finally = enclosing_finally(point, body)?;
    let line = |n: Node| n.start_position().row + 1;
    let mut awaits = None;
    let mut cancels = None;
    walk(finally, |node| {
        if node.kind() == "identifier"
            && text(node, src) == name
            && super::holders::unconditional(node, finally)
        {
            let at = crate::scan::syntax::outside_parens(node);
            match at.parent() {
                Some(p) if p.kind() == "await" && p.is_named() => {
                    awaits = awaits.or(Some(line(node)))
                }
                Some(p) if is_cancel(p, at, src) => cancels = cancels.or(Some(line(node))),
                _ => {}
            }
        }
        true
    });
    Some(Guard {
        yields: line(point),
        cancels,
        awaits: awaits?,
    })
}

/// The `finally` block of the `try` whose body holds the `yield`.
fn enclosing_finally<'t>(point: Node<'t>, body: Node<'t>) -> Option<Node<'t>> {
    let mut at = point;
    while let Some(parent) = at.parent() {
        if parent.id() == body.id() {
            return None;
        }
        if parent.kind() == "try_statement" && parent.child_by_field_name("body") == Some(at) {
            let mut cursor = parent.walk();
            let finally =
                (parent.named_children(&mut cursor)).find(|c| c.kind() == "finally_clause")?;
            let mut cursor = finally.walk();
            return finally
                .named_children(&mut cursor)
                .find(|c| c.kind() == "block");
        }
        at = parent;
    }
    None
}

/// `p.cancel()`.
fn is_cancel(attribute: Node, object: Node, src: &str) -> bool {
    attribute.kind() == "attribute"
        && attribute.child_by_field_name("object") == Some(object)
        && (attribute.child_by_field_name("attribute")).is_some_and(|m| text(m, src) == "cancel")
        && attribute.parent().is_some_and(|c| c.kind() == "call")
}

/// A read that keeps nothing beyond the frame: the `yield` of it, an `await` of it, or a call
/// of one of its own methods (`p.cancel()`, `p.done()`); the parameter's own name in the
/// signature is no read.
fn known_read(node: Node, src: &str) -> bool {
    let at = crate::scan::syntax::outside_parens(node);
    let Some(parent) = at.parent() else {
        return false;
    };
    match parent.kind() {
        "yield" | "await" => true,
        "attribute" if parent.child_by_field_name("object") == Some(at) => {
            let method = parent.child_by_field_name("attribute");
            parent.parent().is_some_and(|c| {
                c.kind() == "call" && c.child_by_field_name("function") == Some(parent)
            }) && method.is_some_and(|m| !text(m, src).starts_with('_'))
        }
        // Not a read: another object's attribute of the same name.
        "attribute" => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guard of the first parameter of the file's one function.
    fn of(code: &str) -> Option<Guard> {
        let tree = crate::scan::syntax::new_parser().parse(code, None).unwrap();
        let mut function = None;
        walk(tree.root_node(), |n| {
            if n.kind() == "function_definition" {
                function = Some(n);
            }
            true
        });
        let function = function.unwrap();
        let body = function.child_by_field_name("body").unwrap();
        is_context_manager(function, code)
            .then(|| guard_of("task", body, code))
            .flatten()
    }

    const HEAD: &str =
        "import contextlib\n@contextlib.asynccontextmanager\nasync def guard(task):\n";

    #[test]
    fn a_task_yielded_in_a_try_whose_finally_cancels_and_awaits_it() {
        let code = format!(
            "{HEAD}    try:\n        yield task\n    finally:\n        task.cancel()\n\
             \x20       with contextlib.suppress(Exception):\n            await task\n"
        );
        assert_eq!(
            of(&code),
            Some(Guard {
                yields: 5,
                cancels: Some(7),
                awaits: 9
            })
        );
    }

    #[test]
    fn no_finally_an_await_it_may_skip_or_another_use_is_no_guard() {
        let after = format!("{HEAD}    yield task\n    task.cancel()\n    await task\n");
        assert_eq!(of(&after), None);
        let skipped = format!(
            "{HEAD}    try:\n        yield task\n    finally:\n        if task.done():\n\
             \x20           await task\n"
        );
        assert_eq!(of(&skipped), None);
        let only_cancel =
            format!("{HEAD}    try:\n        yield task\n    finally:\n        task.cancel()\n");
        assert_eq!(of(&only_cancel), None);
        let stored = format!(
            "{HEAD}    KEPT.append(task)\n    try:\n        yield task\n    finally:\n        await task\n"
        );
        assert_eq!(of(&stored), None);
        let plain = "async def guard(task):\n    try:\n        yield task\n    finally:\n        await task\n";
        assert_eq!(of(plain), None);
    }
}
