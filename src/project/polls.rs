//! A synchronous function that polls the task it is handed and reads its outcome
//! (thingsboard-gateway's `__wait_task_with_timeout`: `while not task.done(): sleep(...)`, then
//! `return True, task.result()`, or `task.cancel()` and return on a timeout). Its caller's frame
//! holds the task for the call, and the body reads its outcome once it is done: retrieved. A
//! task it cancels on a timeout it returns without awaiting (asyncio's contract: `cancel()`
//! only asks; the task runs its cleanup after).

use tree_sitter::Node;

use crate::scan::syntax::{text, walk};

/// For a parameter the body reads only through its own methods, where the function is a plain
/// `def` that tests `p.done()` and reads `p.result()` or `p.exception()`: the line of that
/// read, and of `p.cancel()` where there is one.
pub(super) fn polled(
    name: &str,
    function: Node,
    body: Node,
    src: &str,
) -> Option<(usize, Option<usize>)> {
    if function.child(0).is_some_and(|k| k.kind() == "async") {
        return None; // a coroutine would await it, not poll it
    }
    let (mut done, mut reads, mut cancels) = (false, None, None);
    walk(body, |node| {
        if matches!(
            node.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return false;
        }
        if let Some(method) = method_of(node, name, src) {
            let line = node.start_position().row + 1;
            match method {
                "done" => done = true,
                "result" | "exception" => reads = reads.or(Some(line)),
                "cancel" => cancels = cancels.or(Some(line)),
                _ => {}
            }
        }
        true
    });
    Some((reads.filter(|_| done)?, cancels))
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
