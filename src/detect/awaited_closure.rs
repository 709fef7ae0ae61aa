//! A local read by a nested coroutine function that its frame awaits (psycopg's
//! `test_concurrent_close`: `task = create_task(worker())`, `async def test(): ... await
//! asyncio.gather(task)`, then `await asyncio.wait_for(test(), 5.0)`). The language: a call of
//! the nested `async def` runs its body only when its coroutine is awaited, and an await of it
//! in the frame runs that body to its end before the frame goes on; so an await of the task on
//! every path of that body is the frame's own await of it.

use tree_sitter::Node;

use crate::scan::syntax::{outside_parens, text, walk};

/// The asyncio calls that, awaited, await the coroutine handed as their first argument.
const AWAITING: [&str; 3] = ["asyncio.wait_for", "asyncio.shield", "asyncio.gather"];

/// The read `node` (an await of the local, inside the frame's nested functions from
/// `ancestors[below..]`) is an await of the frame itself: the one function around it below the
/// frame is an `async def` that awaits on every path of its body, and every use of its name in
/// the frame, after `after` (the end of the local's binding), is a call of it that the frame
/// awaits (`await test()`, `await asyncio.wait_for(test(), t)`), and there is one.
pub(super) fn awaited_by_frame(
    node: Node,
    ancestors: &[Node],
    below: usize,
    after: usize,
    src: &str,
) -> bool {
    let mut nested = ancestors.iter().skip(below).filter(|a| {
        matches!(
            a.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
    let (Some(inner), None) = (nested.next(), nested.next()) else {
        return false;
    };
    let (Some(frame), Some(name), Some(body)) = (
        ancestors.first(),
        inner.child_by_field_name("name"),
        inner.child_by_field_name("body"),
    ) else {
        return false;
    };
    let is_async = inner.child(0).is_some_and(|k| k.kind() == "async");
    if inner.kind() != "function_definition"
        || !is_async
        || !crate::project::unconditional(node, body)
    {
        return false;
    }
    let name = text(name, src);
    let mut calls = 0;
    let mut other = false;
    walk(*frame, |n| {
        if n.id() == inner.id() {
            return false; // its own `def` line, and its body
        }
        if n.kind() == "identifier" && text(n, src) == name {
            match awaited_call(n, src) {
                Some(call) if call.start_byte() >= after && in_frame(call, *frame) => calls += 1,
                _ => other = true,
            }
        }
        !other
    });
    calls > 0 && !other
}

/// `name(...)` awaited, directly or as the first argument of an awaited asyncio call: the call.
fn awaited_call<'t>(name: Node<'t>, src: &str) -> Option<Node<'t>> {
    let call = name.parent().filter(|c| {
        c.kind() == "call" && c.child_by_field_name("function").map(|f| f.id()) == Some(name.id())
    })?;
    let at = outside_parens(call);
    let parent = at.parent()?;
    if parent.kind() == "await" {
        return Some(call);
    }
    let first = parent.kind() == "argument_list"
        && parent.named_child(0).is_some_and(|a| a.id() == at.id());
    let runner = parent.parent().filter(|r| r.kind() == "call")?;
    let callee: String = text(runner.child_by_field_name("function")?, src)
        .split_whitespace()
        .collect();
    let awaited = outside_parens(runner)
        .parent()
        .is_some_and(|p| p.kind() == "await");
    (first && AWAITING.contains(&callee.as_str()) && awaited).then_some(call)
}

/// The call is in the frame's own body, not in another nested function or lambda.
fn in_frame(call: Node, frame: Node) -> bool {
    let mut at = call;
    while let Some(parent) = at.parent() {
        if parent.id() == frame.id() {
            return true;
        }
        if matches!(
            parent.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return false;
        }
        at = parent;
    }
    false
}
