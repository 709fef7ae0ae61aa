//! The name of the set `owner` gives a class: `_background_tasks`, numbered only where the
//! class (or a class of the file that shares its `__init__`) already spells that name as one
//! of its own: an attribute of its instances or of itself, a name its body binds, or a bare
//! name its code reads (a module set of that name read beside `self.<name>` would read as one
//! set). Another object's attribute (`self.adapter._background_tasks`), and a string naming
//! one (`getattr(self.adapter, "_background_tasks", None)`: issue 36's exam36y, subhft), do
//! not take it. Any other string does (`__slots__`, `setattr(self, ...)`), and so does a
//! comment (commented-out code that binds it).

use tree_sitter::Node;

use crate::scan::params::first_parameter;
use crate::scan::syntax::text;
use crate::scan::words::whole;

/// Whether `name` is one of the classes' own, as above (`sharing`: the class that gets the set
/// and the classes of the file whose instances run its `__init__`).
pub(super) fn taken(name: &str, sharing: &[Node], src: &str) -> bool {
    sharing.iter().any(|body| {
        let start = body.start_byte();
        whole(text(*body, src), name).any(|at| {
            let at = start + at;
            body.descendant_for_byte_range(at, at + name.len())
                .is_none_or(|node| takes(node, *body, src))
        })
    })
}

/// Whether a spelling of the name (the smallest node around it) makes it one of the class's.
fn takes(node: Node, class: Node, src: &str) -> bool {
    let parent = node.parent();
    if node.kind() == "identifier"
        && let Some(attribute) = parent.filter(|p| p.kind() == "attribute")
        && attribute
            .child_by_field_name("attribute")
            .is_some_and(|a| a.id() == node.id())
    {
        return attribute
            .child_by_field_name("object")
            .is_some_and(|object| own_object(object, class, src));
    }
    let string = match node.kind() {
        "string_content" => parent.filter(|p| p.kind() == "string"),
        "string" => Some(node),
        _ => None,
    };
    let Some(string) = string else {
        return true;
    };
    // `getattr(obj, "name", ...)` and its kin name an attribute of their first argument.
    let call = (string.parent())
        .filter(|p| p.kind() == "argument_list")
        .filter(|args| args.named_child(1).is_some_and(|n| n.id() == string.id()))
        .and_then(|args| Some((args.parent()?, args.named_child(0)?)));
    match call {
        Some((call, object))
            if call.kind() == "call"
                && call.child_by_field_name("function").is_some_and(|f| {
                    matches!(text(f, src), "getattr" | "setattr" | "hasattr" | "delattr")
                }) =>
        {
            own_object(object, class, src)
        }
        _ => true,
    }
}

/// The class itself by name, or the first parameter of a function around the spelling (`self`,
/// `cls`, the method's receiver in a closure).
fn own_object(object: Node, class: Node, src: &str) -> bool {
    if object.kind() != "identifier" {
        return false;
    }
    let name = text(object, src);
    let named = class.child_by_field_name("name");
    if named.is_some_and(|n| text(n, src) == name) {
        return true;
    }
    let mut at = object.parent();
    let mut receiver = false;
    while let Some(node) = at.filter(|n| n.id() != class.id()) {
        if node.kind() == "function_definition" {
            receiver |= first_parameter(node, src) == Some(name);
        }
        at = node.parent();
    }
    receiver
}
