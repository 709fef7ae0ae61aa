//! `await asyncio.wait([...])` waits for its tasks but never looks at their exceptions: when
//! its result is dropped too, CPython still logs "Task exception was never retrieved".

use tree_sitter::Node;

use crate::detect::callee::last_name;

/// Whether the task `call` creates is awaited only through `wait(...)` whose result the
/// statement drops (`await asyncio.wait([create_task(a), ...])`).
pub fn result_dropped(call: Node, src: &str) -> bool {
    let mut through_wait = false;
    let mut node = call;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "await" => {
                return through_wait
                    && parent
                        .parent()
                        .is_some_and(|p| p.kind() == "expression_statement");
            }
            "call"
                if parent
                    .child_by_field_name("arguments")
                    .is_some_and(|a| a == node) =>
            {
                through_wait = parent
                    .child_by_field_name("function")
                    .and_then(|f| last_name(f, src))
                    .is_some_and(|name| name == "wait");
            }
            "block" | "module" | "lambda" | "function_definition" => return false,
            _ => {}
        }
        node = parent;
    }
    false
}
