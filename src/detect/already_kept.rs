//! `asyncio.ensure_future(x)` of an object its scope already keeps, or of a Future or a Task:
//! no task is created there to lose.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// `asyncio.ensure_future(x)` that creates no task to lose: `x` is a name its scope already
/// adds to a set or list (`tasks.add(x)`), or binds to a Future or a Task only (`x =
/// loop.create_future()`, `x = asyncio.Future()`, `x = loop.create_task(...)`, each a call
/// `is_task` says makes a task). `ensure_future` returns that same object (asyncio's
/// contract: "If the argument is a Future, it is returned directly"), whose own site is where
/// it was made.
pub fn already_kept(call: Node, scope: Node, src: &str, is_task: &dyn Fn(Node) -> bool) -> bool {
    let is_ensure_future = call
        .child_by_field_name("function")
        .is_some_and(|f| text(f, src).ends_with("ensure_future"));
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    let argument = arguments
        .named_child(0)
        .map(strip_parens)
        .filter(|_| arguments.named_child_count() == 1);
    let (true, Some(argument)) = (is_ensure_future, argument) else {
        return false;
    };
    if argument.kind() == "attribute" {
        return super::already_task_attribute::binds_only_tasks(argument, src, is_task);
    }
    if argument.kind() != "identifier" {
        return false;
    }
    let name = text(argument, src);
    let scope_text: String = text(scope, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let added = [".add(", ".append("]
        .iter()
        .any(|method| scope_text.contains(&format!("{method}{name})")));
    added || binds_only_futures(scope, name, src, is_task)
}

/// Every binding of `name` in `scope` is `name = <...>.create_future()`, `name =
/// asyncio.Future()` or a task-making call of asyncio's (`create_task`, `ensure_future`), and
/// there is one: a name the function binds is its local on every path, so where the call reads
/// it, it holds one of those values or raises `UnboundLocalError`. Any other binding, a
/// parameter, a loop variable, may hold a coroutine; a nested function's binding is another
/// variable.
fn binds_only_futures(scope: Node, name: &str, src: &str, is_task: &dyn Fn(Node) -> bool) -> bool {
    let mut futures = 0;
    let mut other = false;
    crate::scan::syntax::walk(scope, |node| {
        if other {
            return false;
        }
        let nested = matches!(
            node.kind(),
            "function_definition" | "lambda" | "class_definition"
        );
        if nested && node.id() != scope.id() {
            return false;
        }
        if node.kind() != "identifier" || text(node, src) != name {
            return true;
        }
        let Some(parent) = node.parent() else {
            return true;
        };
        let field = |f: &str| {
            parent
                .child_by_field_name(f)
                .is_some_and(|c| c.id() == node.id())
        };
        match parent.kind() {
            "assignment" if field("left") => {
                let value = parent.child_by_field_name("right");
                let made = |v| super::already_task_attribute::makes_future(v, src, is_task);
                match value.is_some_and(made) {
                    true => futures += 1,
                    false => other = true,
                }
            }
            "augmented_assignment" | "for_statement" | "for_in_clause" | "named_expression"
                if field("left") || field("name") =>
            {
                other = true
            }
            "parameters"
            | "typed_parameter"
            | "default_parameter"
            | "typed_default_parameter"
            | "as_pattern_target"
            | "pattern_list"
            | "tuple_pattern"
            | "global_statement"
            | "nonlocal_statement"
            | "lambda_parameters" => other = true,
            _ => {}
        }
        true
    });
    futures > 0 && !other
}
