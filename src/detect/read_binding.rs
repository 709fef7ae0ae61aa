//! Which binding of a name a read sees, by the language's rules: a `for` loop that binds the
//! name binds it before its body runs (switchio's `for task in model.tasks.get(fut, ()):
//! task.print_stack()` after `task = ensure_future(...)` reads the loop's value, never the
//! task). The callback-only kind's check of every spelling of the name reads it so.
//!
//! Detection's reads of a local (`locals.rs`) still count such a read as one of the task: a
//! loop over `as_completed(tasks)` that binds the task's own name and awaits each element is
//! read as awaiting the task there (lumibot), which the collection's reading does not yet say.

use tree_sitter::Node;

use crate::scan::syntax::text;

/// Whether `read`, whose ancestors (innermost first) are `ancestors`, is in the body of a
/// `for local in ...` that does not hold the binding ending at `bound_end` (in that loop's own
/// body the binding may come first, and then the read sees the task). A closure reads the name
/// when it runs, which may be after a later binding: no such read. Neither is one in the loop's
/// iterable or its `else` clause, which may run when the loop bound nothing.
pub(super) fn reads_loop_target<'t>(
    read: Node<'t>,
    ancestors: impl Iterator<Item = Node<'t>>,
    bound_end: usize,
    local: &str,
    src: &str,
) -> bool {
    for a in ancestors {
        match a.kind() {
            "function_definition" | "lambda" => return false,
            "for_statement" if binds(a, local, src) => {
                let in_body = (a.child_by_field_name("body"))
                    .is_some_and(|b| b.byte_range().contains(&read.start_byte()));
                if in_body {
                    return !(a.start_byte() <= bound_end && bound_end <= a.end_byte());
                }
            }
            _ => {}
        }
    }
    false
}

/// `for local in ...`: the loop's target is the name itself.
fn binds(for_statement: Node, local: &str, src: &str) -> bool {
    (for_statement.child_by_field_name("left"))
        .is_some_and(|l| l.kind() == "identifier" && text(l, src) == local)
}
