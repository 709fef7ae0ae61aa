//! A task that outlives the object whose method starts it: a set on that object would be
//! freed with it, task and all (the task's done callback holds the set, the set the task: a
//! cycle the collector frees once nothing else reaches it). `owner` keeps such a task where the
//! other strategies do.
//!
//! The task outlives its object when the method that starts it is the one that ends the
//! object's use (its context manager's exit, its finalizer, its `close()` or `release()`), or
//! when its coroutine is handed a resource the method takes from the object: an attribute
//! read into the call (directly or through a local) and then cleared (`= None`, `del`), so the
//! task, not the object, is what releases it (hail's `Transaction` hands its connection to
//! `_release_connection` as it exits).

use tree_sitter::Node;

use super::mechanism::enclosing_method;
use crate::detect::Dropped;
use crate::scan::syntax::{first_element, strip_parens, text, walk};

/// The methods that end an object's use: after them nothing is expected to hold it.
pub(super) const ENDING_METHODS: &[&str] = &[
    "__aexit__",
    "__exit__",
    "__del__",
    "close",
    "aclose",
    "release",
];

/// Whether the site's task outlives the object its method is called on.
pub(super) fn outlives_owner(site: &Dropped, src: &str) -> bool {
    let Some((_, receiver)) = enclosing_method(site, src) else {
        return false;
    };
    let method = site.placement.scope;
    let name = method.child_by_field_name("name").map(|n| text(n, src));
    if name.is_some_and(|n| ENDING_METHODS.contains(&n)) {
        return true;
    }
    let Some(body) = method.child_by_field_name("body") else {
        return false;
    };
    let cleared = cleared_attributes(body, receiver, src);
    if cleared.is_empty() {
        return false;
    }
    let resource = |node: Node| {
        let node = strip_parens(node);
        match node.kind() {
            "attribute" => attribute_of(node, receiver, src).is_some_and(|a| cleared.contains(&a)),
            "identifier" => {
                let local = text(node, src);
                bound_from(body, local, receiver, src)
                    .iter()
                    .any(|a| cleared.contains(a))
            }
            _ => false,
        }
    };
    coroutine_arguments(site.call).into_iter().any(resource)
}

/// The arguments of the coroutine call the task is created from (the call's first argument).
fn coroutine_arguments(call: Node) -> Vec<Node> {
    let coroutine = (call.child_by_field_name("arguments"))
        .and_then(first_element)
        .map(strip_parens);
    let Some(arguments) = coroutine
        .filter(|c| c.kind() == "call")
        .and_then(|c| c.child_by_field_name("arguments"))
    else {
        return Vec::new();
    };
    let mut cursor = arguments.walk();
    let arguments: Vec<Node> = arguments.named_children(&mut cursor).collect();
    arguments
        .into_iter()
        .map(|a| match a.kind() {
            "keyword_argument" => a.child_by_field_name("value").unwrap_or(a),
            _ => a,
        })
        .collect()
}

/// `attr` of `receiver.attr`.
fn attribute_of<'s>(node: Node, receiver: &str, src: &'s str) -> Option<&'s str> {
    let object = node.child_by_field_name("object")?;
    if object.kind() != "identifier" || text(object, src) != receiver {
        return None;
    }
    Some(text(node.child_by_field_name("attribute")?, src))
}

/// The attributes of `receiver` the method clears: `receiver.attr = None`, `del receiver.attr`
/// (not in nested functions, which run at another time).
fn cleared_attributes<'s>(body: Node, receiver: &str, src: &'s str) -> Vec<&'s str> {
    let mut cleared = Vec::new();
    walk(body, |node| {
        match node.kind() {
            "assignment" => {
                let none = (node.child_by_field_name("right")).is_some_and(|r| r.kind() == "none");
                let attribute = node
                    .child_by_field_name("left")
                    .filter(|l| l.kind() == "attribute");
                if let (true, Some(left)) = (none, attribute) {
                    cleared.extend(attribute_of(left, receiver, src));
                }
            }
            "delete_statement" => {
                let mut cursor = node.walk();
                for target in node.named_children(&mut cursor) {
                    cleared.extend(attribute_of(target, receiver, src));
                }
            }
            _ => {}
        }
        !matches!(
            node.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
    cleared
}

/// The attributes of `receiver` that `local` is assigned from in the method (`local =
/// receiver.attr`).
fn bound_from<'s>(body: Node, local: &str, receiver: &str, src: &'s str) -> Vec<&'s str> {
    let mut attributes = Vec::new();
    walk(body, |node| {
        if node.kind() == "assignment" {
            let left = node.child_by_field_name("left");
            let right = node.child_by_field_name("right").map(strip_parens);
            if left.is_some_and(|l| l.kind() == "identifier" && text(l, src) == local)
                && let Some(right) = right.filter(|r| r.kind() == "attribute")
            {
                attributes.extend(attribute_of(right, receiver, src));
            }
        }
        !matches!(
            node.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
    attributes
}

#[cfg(test)]
mod tests {
    use super::{bound_from, cleared_attributes};
    use crate::scan::syntax::new_parser;

    #[test]
    fn a_resource_handed_over_is_read_into_a_local_and_cleared() {
        let code = "def exit(self):\n    try:\n        pass\n    finally:\n        \
                    self.conn = None\n        cm = self.cm\n        self.cm = None\n        \
                    del self.other\n        self.kept = 1\n";
        let tree = new_parser().parse(code, None).expect("parses");
        let body = (tree.root_node().named_child(0))
            .and_then(|f| f.child_by_field_name("body"))
            .expect("a body");
        assert_eq!(
            cleared_attributes(body, "self", code),
            ["conn", "cm", "other"]
        );
        assert_eq!(bound_from(body, "cm", "self", code), ["cm"]);
        assert!(bound_from(body, "conn", "self", code).is_empty());
    }
}
