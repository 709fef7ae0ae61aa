//! `loop.run_until_complete(...)` where the same branch has proved the loop running (`if
//! loop.is_running(): ... loop.run_until_complete(...)`): asyncio raises `RuntimeError("This
//! event loop is already running")` before it looks at its argument, so it waits for nothing.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// `call` is `<loop>.run_until_complete(...)` in the body of an `if` (or `elif`) whose
/// condition is `<loop>.is_running()`, alone or one operand of an `and`, with no `not` on it,
/// in the same function.
pub(super) fn on_running_loop(call: Node, src: &str) -> bool {
    let Some(receiver) = (call.child_by_field_name("function"))
        .filter(|f| f.kind() == "attribute")
        .and_then(|f| f.child_by_field_name("object"))
    else {
        return false;
    };
    let receiver: String = text(receiver, src).split_whitespace().collect();
    let mut child = call;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "function_definition" | "lambda" | "class_definition" => return false,
            "if_statement" | "elif_clause"
                if parent.child_by_field_name("consequence") == Some(child) =>
            {
                let condition = parent.child_by_field_name("condition");
                if condition.is_some_and(|c| proves_running(c, &receiver, src)) {
                    return true;
                }
            }
            _ => {}
        }
        child = parent;
    }
    false
}

/// `condition` is true only where `<receiver>.is_running()` is: that call itself, or an `and`
/// one of whose operands is.
fn proves_running(condition: Node, receiver: &str, src: &str) -> bool {
    let condition = strip_parens(condition);
    match condition.kind() {
        "call" => {
            let written: String = text(condition, src).split_whitespace().collect();
            written == format!("{receiver}.is_running()")
        }
        "boolean_operator" => {
            let and = condition
                .child_by_field_name("operator")
                .is_some_and(|o| text(o, src) == "and");
            and && ["left", "right"].iter().any(|side| {
                (condition.child_by_field_name(side))
                    .is_some_and(|operand| proves_running(operand, receiver, src))
            })
        }
        _ => false,
    }
}

/// The `<loop>.run_until_complete(...)` on a loop its branch proved running that `node` is (or
/// is inside, in the same function), written as it is.
pub(super) fn inside_running_loop_call(node: Node, src: &str) -> Option<String> {
    let mut at = Some(node);
    while let Some(n) = at {
        match n.kind() {
            "function_definition" | "lambda" | "class_definition" => return None,
            "call" if on_running_loop(n, src) => {
                let function = n.child_by_field_name("function")?;
                return Some(text(function, src).split_whitespace().collect());
            }
            _ => {}
        }
        at = n.parent();
    }
    None
}
