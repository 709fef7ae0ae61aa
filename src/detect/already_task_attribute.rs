//! `asyncio.ensure_future(self._task)` where the attribute can hold only a Task, a Future or
//! `None`: asyncio's contract returns a Future it is handed as it is ("If the argument is a
//! Future, it is returned directly"), and raises `TypeError` for `None`, so the call makes no
//! task to lose; the task the attribute holds is judged at its own site (pymud's
//! `Timer.startTimer`, exam35n).
//!
//! Proved from the file: every binding it spells of an attribute of that name, on any object
//! and in any class, is `<object>.<attr> = None` or `= <call that makes a task or a future>`,
//! and there is one of the latter. Any other binding (another value, an augmented or unpacking
//! assignment, a loop or `with` target), a `setattr` spelling the name, or a private name
//! (mangled with its class's) proves nothing. Bindings in other modules are not read, as for
//! every attribute the rules follow in one file.

use tree_sitter::Node;

use crate::scan::syntax::{self, strip_parens, text, walk};

/// Whether `argument` (an attribute) can hold only a Task, a Future or `None` (see the module
/// note).
pub fn binds_only_tasks(argument: Node, src: &str, is_task: &dyn Fn(Node) -> bool) -> bool {
    let Some(attribute) = argument.child_by_field_name("attribute") else {
        return false;
    };
    let name = text(attribute, src);
    let private = name.starts_with("__") && !name.ends_with("__");
    let spelt_as_string =
        src.contains(&format!("\"{name}\"")) || src.contains(&format!("'{name}'"));
    if private || (src.contains("setattr") && spelt_as_string) || !assigns_a_task(src, name) {
        return false;
    }
    // The tree at hand may hold only the parts around the sites: every binding is read in a
    // parse of the whole file, done only where a line assigns the attribute a task.
    let mut parser = syntax::new_parser();
    let Some(tree) = syntax::parse(&mut parser, src, None) else {
        return false;
    };
    let mut tasks = 0;
    let mut other = false;
    walk(tree.root_node(), |node| {
        if other {
            return false;
        }
        let named = node.kind() == "attribute"
            && node
                .child_by_field_name("attribute")
                .is_some_and(|a| text(a, src) == name);
        let Some(parent) = node.parent().filter(|_| named) else {
            return true;
        };
        let left = parent
            .child_by_field_name("left")
            .is_some_and(|l| l.id() == node.id());
        match parent.kind() {
            "assignment" if left => {
                let value = parent.child_by_field_name("right").map(strip_parens);
                match value {
                    Some(v) if v.kind() == "none" => {}
                    // An annotation alone binds nothing.
                    None if parent.child_by_field_name("type").is_some() => {}
                    Some(v) if makes_future(v, src, is_task) => tasks += 1,
                    _ => other = true,
                }
            }
            "augmented_assignment" | "for_statement" | "for_in_clause" if left => other = true,
            "pattern_list" | "tuple_pattern" | "list_pattern" | "as_pattern_target" => other = true,
            _ => {}
        }
        true
    });
    tasks > 0 && !other
}

/// A cheap look before the parse: some line spells `.<name> = ` followed by a task or future
/// maker's name.
fn assigns_a_task(src: &str, name: &str) -> bool {
    let spelt = format!(".{name}");
    src.match_indices(&spelt).any(|(at, _)| {
        let rest = &src[at + spelt.len()..];
        let line = rest.split('\n').next().unwrap_or(rest);
        let value = line.trim_start().strip_prefix('=');
        value.is_some_and(|v| {
            !v.starts_with('=')
                && ["create_task", "ensure_future", "create_future", "Future("]
                    .iter()
                    .any(|maker| v.contains(maker))
        })
    })
}

/// `value` is a call that makes a Future or a Task: `<...>.create_future()`,
/// `asyncio.Future()`, or a task-making call of asyncio's (`create_task`, `ensure_future`) that
/// `is_task` says makes a task.
pub(super) fn makes_future(value: Node, src: &str, is_task: &dyn Fn(Node) -> bool) -> bool {
    let value = strip_parens(value);
    if value.kind() != "call" {
        return false;
    }
    let callee = value
        .child_by_field_name("function")
        .map_or("", |f| text(f, src));
    let made_by = callee.rsplit('.').next().unwrap_or(callee);
    callee.ends_with(".create_future")
        || matches!(callee, "asyncio.Future" | "Future")
        || matches!(made_by, "create_task" | "ensure_future") && is_task(value)
}
