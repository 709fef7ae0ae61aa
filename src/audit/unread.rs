//! A local the function binds its task to and never reads (`_ = run_coroutine_threadsafe(...)`,
//! a name kept only to quiet a linter): it holds the task until the function returns, and
//! nothing after, so its evidence must not say the function reads it (exam35h class 7).

use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::scan::syntax::{text, walk, written};

/// Whether the site's local is read nowhere in its function: every occurrence of the name is
/// a binding (the site's own, or another), and no `global` or `nonlocal` declares it. A nested
/// function or lambda that takes a parameter of that name reads its own.
pub(super) fn never_read(site: &TaskSite, src: &str) -> bool {
    let Some(local) = site.local.as_deref() else {
        return false;
    };
    let function = (site.enclosing.iter().rev()).find(|d| d.kind() == "function_definition");
    let Some(body) = function.and_then(|f| f.child_by_field_name("body")) else {
        return false;
    };
    let mut read = false;
    walk(body, |node| {
        if read {
            return false;
        }
        match node.kind() {
            "lambda" | "function_definition" if takes(node, local, src) => false,
            "identifier" if text(node, src) == local => {
                read = is_read(node);
                false
            }
            _ => true,
        }
    });
    !read
}

/// An occurrence that reads the name: neither written (bound, deleted) nor an attribute's or a
/// keyword's name; a `global` or `nonlocal` declaration counts as a read (another scope's).
fn is_read(node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return true;
    };
    let named = |field: &str| parent.child_by_field_name(field).map(|n| n.id()) == Some(node.id());
    match parent.kind() {
        "global_statement" | "nonlocal_statement" => true,
        "attribute" if named("attribute") => false,
        "keyword_argument" if named("name") => false,
        _ => !written(node),
    }
}

/// Whether the function or lambda `node` has a parameter named `name` (not a default value's
/// read of it).
fn takes(node: Node, name: &str, src: &str) -> bool {
    let Some(parameters) = node.child_by_field_name("parameters") else {
        return false;
    };
    let mut cursor = parameters.walk();
    for p in parameters.named_children(&mut cursor) {
        let own = match p.kind() {
            "identifier" => Some(p),
            "default_parameter" | "typed_default_parameter" => p.child_by_field_name("name"),
            // `x: int`, `*args`, `**kwargs`: the name is the first child.
            _ => p.named_child(0).filter(|n| n.kind() == "identifier"),
        };
        if own.is_some_and(|n| text(n, src) == name) {
            return true;
        }
    }
    false
}
