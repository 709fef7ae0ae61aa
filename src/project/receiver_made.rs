//! The class of a receiver the statement just before made (issue 35, exam35p's
//! elite-trading-system `backend/app/main.py:432`): `_daemon = Daemon(bus)` then
//! `_task = asyncio.create_task(_daemon.start())` in the next statement of the same block.
//!
//! [`super::receivers::class_at`] reads every binding of the name in its function, and a name
//! the function declares `global` (bound at the module's top level too, and perhaps by other
//! functions) has bindings it cannot read. The binding that reaches the receiver is still the
//! one just before: nothing runs between the two statements, and in the receiver's own
//! statement nothing is called before the name is read but the calls around it (which run after
//! their arguments). So the object is the one `Daemon(...)` returned. A comment between the two
//! is no statement; anything else (a call, an `await`, a subscript that may run `__getitem__`)
//! before the receiver, or a callee other than a plain name, proves nothing.

use tree_sitter::Node;

use super::receivers::Known;
use crate::scan::syntax::{strip_parens, text};

/// The class `receiver` (a name) was made of by the statement just before its own, in the same
/// block: `name = C(...)`, `C` a plain name. `None` where that is not what the code says.
pub fn made_just_before(receiver: Node, src: &str) -> Option<Known> {
    let receiver = Some(strip_parens(receiver)).filter(|r| r.kind() == "identifier")?;
    let name = text(receiver, src);
    let statement = std::iter::successors(receiver.parent(), Node::parent)
        .take_while(|n| !matches!(n.kind(), "function_definition" | "lambda" | "module"))
        .find(|n| n.kind() == "expression_statement")?;
    if statement.parent().is_none_or(|b| b.kind() != "block") || runs_before(statement, receiver) {
        return None;
    }
    let mut before = statement.prev_named_sibling();
    while let Some(node) = before.filter(|n| n.kind() == "comment") {
        before = node.prev_named_sibling();
    }
    let assignment = before
        .filter(|n| n.kind() == "expression_statement" && n.named_child_count() == 1)?
        .named_child(0)
        .filter(|n| n.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    if left.kind() != "identifier" || text(left, src) != name {
        return None;
    }
    let call = assignment
        .child_by_field_name("right")
        .map(strip_parens)
        .filter(|v| v.kind() == "call")?;
    let callee = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "identifier")?;
    Some(Known {
        class: text(callee, src).to_owned(),
        made: true,
    })
}

/// Whether anything in `statement` before `receiver` may run code before the name is read: a
/// call, an `await` or a subscript that does not hold the receiver.
fn runs_before(statement: Node, receiver: Node) -> bool {
    let mut found = false;
    crate::scan::syntax::walk(statement, |node| {
        if found || node.start_byte() >= receiver.start_byte() {
            return false;
        }
        let holds = node.end_byte() >= receiver.end_byte();
        if matches!(node.kind(), "call" | "await" | "subscript") && !holds {
            found = true;
        }
        // A call around the receiver runs after it; its callee is read before it.
        if node.kind() == "call" && holds {
            let callee = node.child_by_field_name("function");
            found |= callee.is_some_and(|f| f.kind() != "identifier" && f.kind() != "attribute");
            found |= callee.is_some_and(|f| has_call(f));
        }
        !found
    });
    found
}

/// Whether `node` holds a call, an `await` or a subscript.
fn has_call(node: Node) -> bool {
    let mut found = false;
    crate::scan::syntax::walk(node, |n| {
        found |= matches!(n.kind(), "call" | "await" | "subscript");
        !found
    });
    found
}
