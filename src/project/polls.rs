//! A synchronous function that polls the task it is handed and reads its outcome
//! (thingsboard-gateway's `__wait_task_with_timeout`: `while not task.done(): sleep(...)`, then
//! `return True, task.result()`, or `task.cancel()` and return on a timeout). Its caller's frame
//! holds the task for the call, and the body reads its outcome once it is done: retrieved. A
//! task it cancels on a timeout it returns without awaiting (asyncio's contract: `cancel()`
//! only asks; the task runs its cleanup after).

use tree_sitter::Node;

use crate::scan::syntax::{text, walk};

/// For a parameter the body reads only through its own methods, where the function is a plain
/// `def` that loops `while not p.done():` and then reads `p.result()` or `p.exception()`: the
/// line of that read, and of `p.cancel()` where there is one.
pub(super) fn polled(
    name: &str,
    function: Node,
    body: Node,
    src: &str,
) -> Option<(usize, Option<usize>)> {
    if function.child(0).is_some_and(|k| k.kind() == "async") {
        return None; // a coroutine would await it, not poll it
    }
    // The end of a `while not p.done():` with no `break`: past it, the task is done.
    let mut done: Option<usize> = None;
    let (mut reads, mut cancels) = (None, None);
    walk(body, |node| {
        if matches!(
            node.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return false;
        }
        if node.kind() == "while_statement" && done.is_none() && polls_until_done(node, name, src) {
            done = Some(node.end_byte());
        }
        if let Some(method) = method_of(node, name, src) {
            let line = node.start_position().row + 1;
            let past = done.is_some_and(|end| node.start_byte() >= end);
            match method {
                "result" | "exception" if past => reads = reads.or(Some(line)),
                "cancel" => cancels = cancels.or(Some(line)),
                _ => {}
            }
        }
        true
    });
    Some((reads?, cancels))
}

/// `while not p.done():` with no `break` in its body, and no `else`: it ends only when the task
/// is done (or by a `return` or `raise` inside it).
fn polls_until_done(node: Node, name: &str, src: &str) -> bool {
    let condition = node.child_by_field_name("condition");
    let spelled: Option<String> = condition.map(|c| text(c, src).split_whitespace().collect());
    if spelled.as_deref() != Some(&format!("not{name}.done()")) {
        return false;
    }
    if node.child_by_field_name("alternative").is_some() {
        return false;
    }
    let mut breaks = false;
    walk(node, |n| {
        breaks |= n.kind() == "break_statement";
        !breaks
    });
    !breaks
}

/// `name.m()`: `m`.
fn method_of<'s>(call: Node, name: &str, src: &'s str) -> Option<&'s str> {
    let function = call
        .child_by_field_name("function")
        .filter(|_| call.kind() == "call")?;
    let object = function
        .child_by_field_name("object")
        .filter(|_| function.kind() == "attribute")?;
    let arguments = call.child_by_field_name("arguments")?;
    if object.kind() != "identifier"
        || text(object, src) != name
        || arguments.named_child_count() != 0
    {
        return None;
    }
    Some(text(function.child_by_field_name("attribute")?, src))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_function_that_polls_and_reads_its_parameter() {
        let code = "def wait(task, timeout):\n    while not task.done():\n        if timeout:\n            task.cancel()\n            return None\n    return task.result()\n\
                    async def coro(task):\n    while not task.done():\n        pass\n    return task.result()\n";
        let tree = crate::scan::syntax::new_parser().parse(code, None).unwrap();
        let root = tree.root_node();
        let functions: Vec<Node> = (0..root.named_child_count())
            .filter_map(|i| root.named_child(i as u32))
            .collect();
        fn body(f: Node) -> Node {
            f.child_by_field_name("body").unwrap()
        }
        assert_eq!(
            polled("task", functions[0], body(functions[0]), code),
            Some((6, Some(4)))
        );
        assert_eq!(polled("task", functions[1], body(functions[1]), code), None);
    }
}
