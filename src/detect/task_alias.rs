//! A local that holds a task function: `create_task = self._loop.create_task`, bound once in a
//! function and never again there. Python looks the name up at each call, and the only value it
//! can have is that bound method (a language rule), so `create_task(coro)` creates a task as
//! `self._loop.create_task(coro)` does. Whether the value is a task function is the resolver's
//! question, asked of the value as written.

use std::ops::Range;

use tree_sitter::Node;

use super::imports::{binds, spells};
use crate::scan::asyncio_api::TASK_FUNCTIONS;
use crate::scan::syntax::{StatementsPaths, strip_parens, text, walk};

/// `name = value` in the function `function` (a node id), the only binding of `name` there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskAlias {
    pub function: usize,
    pub name: String,
    /// The bytes of the value: an uncalled name or attribute that spells a task function.
    pub value: Range<usize>,
}

/// The file's locals bound once to an uncalled `create_task` or `ensure_future` (under any
/// receiver or module: the resolver decides which of them are asyncio's).
pub fn gather(root: Node, src: &str) -> Vec<TaskAlias> {
    let bytes = src.as_bytes();
    // Only a spelling not followed by `(` can be a value that is not called.
    let uncalled: Vec<usize> = TASK_FUNCTIONS
        .iter()
        .flat_map(|word| {
            memchr::memmem::find_iter(bytes, word.as_bytes()).filter(move |&at| {
                let after = src[at + word.len()..].trim_start_matches([' ', '\t']);
                !after.starts_with('(')
            })
        })
        .collect();
    if uncalled.is_empty() {
        return Vec::new();
    }
    let paths = StatementsPaths::new(root);
    let mut aliases: Vec<TaskAlias> = Vec::new();
    for at in uncalled {
        let path = paths.path(at..at + 1);
        if let Some((&statement, ancestors)) = path.split_last()
            && let Some(alias) = alias_of(statement, ancestors, src)
            && !aliases.contains(&alias)
        {
            aliases.push(alias);
        }
    }
    aliases
}

/// `name = <name or attribute>` as the statement, in a function that binds `name` nowhere else.
fn alias_of(statement: Node, ancestors: &[Node], src: &str) -> Option<TaskAlias> {
    let assignment =
        (statement.kind() == "expression_statement").then(|| statement.named_child(0))??;
    if assignment.kind() != "assignment" || assignment.child_by_field_name("type").is_some() {
        return None;
    }
    let left = assignment.child_by_field_name("left")?;
    let value = strip_parens(assignment.child_by_field_name("right")?);
    if left.kind() != "identifier" || !matches!(value.kind(), "identifier" | "attribute") {
        return None;
    }
    let function = ancestors
        .iter()
        .rev()
        .find(|a| {
            matches!(
                a.kind(),
                "function_definition" | "lambda" | "class_definition"
            )
        })
        .filter(|f| f.kind() == "function_definition")?;
    let name = text(left, src);
    let parameters = function.child_by_field_name("parameters")?;
    let body = function.child_by_field_name("body")?;
    // Bound once: no parameter of that name, and no other binding anywhere in the body (a
    // nested function's own, or its `nonlocal` one, included: cautious).
    if spells(parameters, name, src) || bindings(body, name, src) != 1 {
        return None;
    }
    Some(TaskAlias {
        function: function.id(),
        name: name.to_owned(),
        value: value.byte_range(),
    })
}

/// How many statements or expressions under `body` bind `name`.
fn bindings(body: Node, name: &str, src: &str) -> usize {
    let mut count = 0;
    walk(body, |n| {
        let nested = matches!(n.kind(), "function_definition" | "class_definition")
            && n.child_by_field_name("name")
                .is_some_and(|d| text(d, src) == name);
        if nested || binds(n, name, src).is_some() {
            count += 1;
        }
        true
    });
    count
}

#[cfg(test)]
mod tests {
    use super::gather;

    fn names(src: &str) -> Vec<String> {
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser.parse(src, None).expect("parsed");
        gather(tree.root_node(), src)
            .into_iter()
            .map(|a| format!("{}={}", a.name, &src[a.value]))
            .collect()
    }

    #[test]
    fn a_local_bound_once_to_an_uncalled_task_function() {
        let once = "async def f(self):\n    create_task = self._loop.create_task\n    \
                    while True:\n        create_task(g())\n";
        assert_eq!(names(once), ["create_task=self._loop.create_task"]);
        let spawn = "def f():\n    spawn = (asyncio.ensure_future)\n    spawn(g())\n";
        assert_eq!(names(spawn), ["spawn=asyncio.ensure_future"]);
    }

    #[test]
    fn a_name_bound_again_a_parameter_or_a_module_name_is_no_alias() {
        let again = "def f(x):\n    spawn = loop.create_task\n    if x:\n        spawn = print\n";
        assert!(names(again).is_empty());
        let parameter = "def f(spawn):\n    spawn = loop.create_task\n";
        assert!(names(parameter).is_empty());
        let nested = "def f():\n    spawn = loop.create_task\n    def g():\n        \
                      nonlocal spawn\n        spawn = print\n";
        assert!(names(nested).is_empty());
        let module = "spawn = loop.create_task\n";
        assert!(names(module).is_empty());
        let called = "def f():\n    task = loop.create_task(g())\n";
        assert!(names(called).is_empty());
    }
}
