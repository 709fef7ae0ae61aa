//! A list the class already holds its tasks in, reused as its keeper (issue 36's tenth exam,
//! adapter-qq: `self.tasks: list[asyncio.Task] = []` in `__init__`, filled with
//! `self.tasks.append(asyncio.create_task(...))` and cancelled at shutdown). The fix appends its
//! task there too and takes it out when it is done (`task.add_done_callback(self.tasks.remove)`),
//! so the class's shutdown cancels it with the others and the list holds only live tasks.
//!
//! `list.remove` raises where the task is gone, and a removal while a loop over the list is
//! suspended skips an element of that loop, so the class must use the list in no other way: one
//! binding, in `__init__`; `append`; and loops over it (a `for` statement or a comprehension)
//! that never suspend. It and a generator over it are read only where `*` unpacks them at once
//! (`asyncio.gather(*self.tasks)`, `asyncio.gather(*(t for t in self.tasks))`). Any other use, or any other spelling of the
//! attribute in the class (`other.tasks`), and the list is not reused.

use tree_sitter::Node;

use crate::scan::params::first_parameter;
use crate::scan::syntax::{statements, strip_parens, text, walk};

/// The attribute (`tasks`) of a list `__init__` makes and the class keeps its tasks in, as above.
pub(super) fn task_list(class: Node, src: &str) -> Option<String> {
    let body = class.child_by_field_name("body")?;
    let init = statements(body)
        .into_iter()
        .map(|stmt| match stmt.kind() {
            "decorated_definition" => stmt.child_by_field_name("definition").unwrap_or(stmt),
            _ => stmt,
        })
        .find(|def| {
            def.kind() == "function_definition"
                && def
                    .child_by_field_name("name")
                    .is_some_and(|n| text(n, src) == "__init__")
        })?;
    let receiver = first_parameter(init, src)?;
    let block = init.child_by_field_name("body")?;
    let (binding, attribute) = statements(block)
        .into_iter()
        .find_map(|stmt| empty_list_binding(stmt, src, receiver))?;
    let uses = Uses::read(class, src, receiver, attribute, binding)?;
    let spelled = text(class, src)
        .match_indices(&format!(".{attribute}"))
        .filter(|(at, found)| {
            let after = text(class, src)[at + found.len()..].chars().next();
            !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .count();
    // Every spelling of the attribute is one of the uses read (no `other.tasks`, no `this.tasks`).
    (uses.fills_tasks && uses.cancels && spelled == uses.count).then(|| attribute.to_owned())
}

/// `self.tasks = []` or `self.tasks: list[asyncio.Task] = []`: the assignment and the attribute.
fn empty_list_binding<'t, 's>(
    stmt: Node<'t>,
    src: &'s str,
    receiver: &str,
) -> Option<(Node<'t>, &'s str)> {
    let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    let right = strip_parens(assignment.child_by_field_name("right")?);
    let empty = match right.kind() {
        "list" => right.named_child_count() == 0,
        "call" => {
            text(right.child_by_field_name("function")?, src) == "list"
                && right.child_by_field_name("arguments")?.named_child_count() == 0
        }
        _ => false,
    };
    let object = left.child_by_field_name("object")?;
    let attribute = left.child_by_field_name("attribute")?;
    (empty && left.kind() == "attribute" && text(object, src) == receiver)
        .then(|| (assignment, text(attribute, src)))
}

/// The uses of `receiver.attribute` in the class, when each is one the keeper allows.
#[derive(Default)]
struct Uses {
    count: usize,
    /// An `append` of a task made there (`create_task(` or `ensure_future(`).
    fills_tasks: bool,
    /// A `for` statement over it that cancels its element.
    cancels: bool,
}

impl Uses {
    fn read(
        class: Node,
        src: &str,
        receiver: &str,
        attribute: &str,
        binding: Node,
    ) -> Option<Self> {
        let mut uses = Uses::default();
        let mut allowed = true;
        walk(class, |node| {
            if !allowed {
                return false;
            }
            let is_use = node.kind() == "attribute"
                && node
                    .child_by_field_name("object")
                    .is_some_and(|o| o.kind() == "identifier" && text(o, src) == receiver)
                && node
                    .child_by_field_name("attribute")
                    .is_some_and(|a| text(a, src) == attribute);
            if is_use {
                uses.count += 1;
                allowed = uses.allowed(node, src, binding);
            }
            true
        });
        allowed.then_some(uses)
    }

    /// Whether this use of the list is one the keeper allows (and what it shows).
    fn allowed(&mut self, list: Node, src: &str, binding: Node) -> bool {
        let Some(parent) = list.parent() else {
            return false;
        };
        if parent.id() == binding.id() {
            return binding
                .child_by_field_name("left")
                .is_some_and(|l| l.id() == list.id());
        }
        match parent.kind() {
            // `self.tasks.append(<task>)`
            "attribute"
                if text(
                    parent.child_by_field_name("attribute").unwrap_or(parent),
                    src,
                ) == "append" =>
            {
                let Some(call) = parent.parent().filter(|c| c.kind() == "call") else {
                    return false;
                };
                let argument = call.child_by_field_name("arguments").map(|a| text(a, src));
                self.fills_tasks |= argument
                    .is_some_and(|a| a.contains("create_task(") || a.contains("ensure_future("));
                true
            }
            "for_statement" => {
                let over = parent
                    .child_by_field_name("right")
                    .is_some_and(|r| r.id() == list.id());
                let Some(body) = parent.child_by_field_name("body") else {
                    return false;
                };
                let element = parent.child_by_field_name("left").map(|l| text(l, src));
                self.cancels |= element.is_some_and(|e| {
                    let compact: String = text(body, src).split_whitespace().collect();
                    compact.contains(&format!("{e}.cancel()"))
                });
                over && !suspends(parent) && !text(parent, src).starts_with("async")
            }
            // `asyncio.gather(*self.tasks)`: unpacked at once.
            "list_splat" => true,
            "for_in_clause" => {
                let over = parent
                    .child_by_field_name("right")
                    .is_some_and(|r| r.id() == list.id());
                let Some(comprehension) = parent.parent() else {
                    return false;
                };
                let at_once = match comprehension.kind() {
                    "list_comprehension" | "set_comprehension" | "dictionary_comprehension" => true,
                    "generator_expression" => comprehension
                        .parent()
                        .is_some_and(|p| p.kind() == "list_splat"),
                    _ => false,
                };
                over && at_once && !suspends(comprehension)
            }
            _ => false,
        }
    }
}

/// Whether the loop can suspend inside (an `await`, `async for`, `async with`).
fn suspends(node: Node) -> bool {
    let mut found = false;
    walk(node, |inner| {
        found |= inner.kind() == "await"
            || (inner.id() != node.id()
                && matches!(
                    inner.kind(),
                    "for_statement" | "with_statement" | "for_in_clause"
                )
                && inner.child(0).is_some_and(|c| c.kind() == "async"));
        !found
    });
    found
}
