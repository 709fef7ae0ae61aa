//! A use of the method that binds a task under its function's own state guard (see
//! [`super::callers`]): `start` returns unless its object is in some state (`if self._active:
//! return`, `if self.state not in {None, Restarting}: return`), then sets that state (`self.
//! _active = True`, or through a method of the class whose body sets it on every path, `self.
//! _set_state(Starting)`) before it calls the method once ([`super::state`]). The method's binding then stands
//! under the state guard the detection already reads in the binding's own method (a method that
//! binds only in a state it sets itself guards the rebinding through it): here the guard is one
//! call up. A reference is such a use where it is handed to what runs it once (a thread's
//! `target`, `call_soon`, `run_in_executor`, `to_thread`): it is called from there, once.

use tree_sitter::Node;

pub(super) use super::state::Whole;
use crate::scan::syntax::{self, enclosing_function, strip_parens, text};

/// `attribute` (`self.name`, called or handed to what runs it once) stands once in a function
/// that returns unless its object is in a state it then sets before the use.
pub(super) fn guarded(attribute: Node, name: &str, src: &str, whole: &mut Whole) -> bool {
    let is_self = (attribute.child_by_field_name("object"))
        .is_some_and(|o| strip_parens(o).kind() == "identifier" && text(o, src) == "self");
    if !is_self {
        return false;
    }
    let call = (attribute.parent())
        .filter(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(attribute));
    let at = match call {
        Some(call) => call,
        None if handed_to_run_once(attribute, src) => attribute,
        None => return false,
    };
    let Some(function) = enclosing_function(at, &["lambda"]) else {
        return false;
    };
    if !once_in(attribute, at, function, name, src) {
        return false;
    }
    super::state::set_under_test(at, function, src, whole)
}

/// `call` (of `attribute`, `receiver.name`) stands in no loop or lambda of `function`, and
/// `receiver.name` is spelled once in its body.
pub(super) fn once_in(attribute: Node, call: Node, function: Node, name: &str, src: &str) -> bool {
    let mut around = call.parent();
    while let Some(node) = around.filter(|n| *n != function) {
        if matches!(node.kind(), "for_statement" | "while_statement" | "lambda") {
            return false;
        }
        around = node.parent();
    }
    let receiver = attribute
        .child_by_field_name("object")
        .map(|o| text(o, src));
    let mut spelled = 0;
    if let Some(body) = function.child_by_field_name("body") {
        syntax::walk(body, |n| {
            if n.kind() == "attribute"
                && (n.child_by_field_name("attribute")).is_some_and(|a| text(a, src) == name)
                && n.child_by_field_name("object").map(|o| text(o, src)) == receiver
            {
                spelled += 1;
            }
            true
        });
    }
    spelled == 1
}

/// `attribute` is handed to what calls it once: the `target` of a `Thread(...)`, the callback of
/// `call_soon` or `call_soon_threadsafe`, the function of `to_thread` or `run_in_executor`.
fn handed_to_run_once(attribute: Node, src: &str) -> bool {
    let mut argument = attribute;
    let mut keyword = None;
    if let Some(k) = attribute
        .parent()
        .filter(|p| p.kind() == "keyword_argument")
    {
        keyword = k.child_by_field_name("name").map(|n| text(n, src));
        argument = k;
    }
    let Some(call) = (argument.parent())
        .filter(|a| a.kind() == "argument_list")
        .and_then(|a| a.parent())
        .filter(|c| c.kind() == "call")
    else {
        return false;
    };
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let name = match function.kind() {
        "attribute" => function
            .child_by_field_name("attribute")
            .map(|a| text(a, src)),
        "identifier" => Some(text(function, src)),
        _ => None,
    };
    let position = argument.parent().and_then(|list| {
        let mut cursor = list.walk();
        let mut arguments = list.named_children(&mut cursor);
        arguments.position(|a| a == argument)
    });
    match (name, keyword) {
        (Some("Thread"), Some("target")) => true,
        (Some("call_soon" | "call_soon_threadsafe" | "to_thread"), None) => position == Some(0),
        (Some("run_in_executor"), None) => position == Some(1),
        _ => false,
    }
}
