//! Which binding of a name a read sees, by the language's rules: a nested function that binds
//! the name has its own local, and a `for` loop that binds the name binds it before its body
//! runs (switchio's `for task in model.tasks.get(fut, ()): task.print_stack()` after `task =
//! ensure_future(...)` reads the loop's value, never the task). One reading for detection's
//! local reads and the callback-only kind's check of every spelling.

use tree_sitter::Node;

use super::memo::Memo;
use crate::scan::syntax::text;

/// The language: a name a nested function binds (with no `nonlocal`) is that function's own
/// local, wherever it is read there: not the one `function` binds.
pub(super) fn in_own_scope<'s>(
    function: Node,
    ancestors: &[Node],
    name: &'s str,
    memo: &mut Memo<'s>,
) -> bool {
    let inner = ancestors.iter().skip_while(|a| a.id() != function.id());
    let mut scopes =
        (inner.skip(1)).filter(|a| matches!(a.kind(), "function_definition" | "lambda"));
    scopes.any(|a| memo.binds_own(*a, name))
}

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
