//! `owner`'s reading of the constructions: a class the project builds only for one call
//! ([`crate::project::per_call`]) is no owner of a task whose code holds nothing of the object
//! (a module-level function's coroutine, handed nothing of `self`), unless its own methods hand
//! the instance on (`registry.add(self)`, `return self`), which may keep it past the call. A
//! task that holds the object keeps it as long as the task is reachable, and a local bound for
//! one call may live as long as the program where the call is `main` or a method that runs
//! until shutdown (`await proxy.run()`): the instance set stays there.

use tree_sitter::Node;

use super::mechanism::definition;
use super::model::ModulePlan;
use crate::detect::Dropped;
use crate::scan::params::first_parameter;
use crate::scan::syntax::{first_element, root_of, statements, strip_parens, text, walk};

/// Whether the site's task holds nothing of an instance of `class` (method receiver
/// `receiver`) that dies when the call that built it returns.
pub(super) fn no_owner_per_call(
    site: &Dropped,
    (class, receiver): (Node, &str),
    module: &ModulePlan,
) -> bool {
    let src = module.source.text;
    let Some(name) = class.child_by_field_name("name").map(|n| text(n, src)) else {
        return false;
    };
    module.per_call.is_some_and(|only| only.contains(name))
        && module_function_task(site, receiver, src)
        && !hands_itself_on(class, src)
}

/// Whether the task's coroutine is a call of a function the module defines at its top level,
/// with arguments that do not name `receiver`: its code, in view, holds nothing of the object.
fn module_function_task(site: &Dropped, receiver: &str, src: &str) -> bool {
    let coroutine = (site.call.child_by_field_name("arguments"))
        .and_then(first_element)
        .map(strip_parens)
        .filter(|c| c.kind() == "call");
    let Some(coroutine) = coroutine else {
        return false;
    };
    let function = coroutine.child_by_field_name("function");
    let Some(function) = function.filter(|f| f.kind() == "identifier") else {
        return false;
    };
    let name = text(function, src);
    // A top-level `def`, or a name a top-level `from module import` binds.
    let defined = statements(root_of(site.call)).into_iter().any(|stmt| {
        let def = definition(stmt);
        match def.kind() {
            "function_definition" => {
                def.child_by_field_name("name").map(|n| text(n, src)) == Some(name)
            }
            "import_from_statement" => {
                let mut cursor = def.walk();
                let names: Vec<Node> = def.children_by_field_name("name", &mut cursor).collect();
                names.into_iter().any(|n| {
                    let local = n.child_by_field_name("alias").unwrap_or(n);
                    text(local, src) == name
                })
            }
            _ => false,
        }
    });
    let mut named = false;
    if let Some(arguments) = coroutine.child_by_field_name("arguments") {
        walk(arguments, |n| {
            named |= n.kind() == "identifier" && text(n, src) == receiver;
            !named
        });
    }
    defined && !named && !local_binding(site.placement.scope, name, src)
}

/// Whether the function around the site binds `name` itself (a local shadows the module's
/// function).
fn local_binding(scope: Node, name: &str, src: &str) -> bool {
    let Some(body) = scope.child_by_field_name("body") else {
        return false;
    };
    let mut bound = false;
    walk(body, |n| {
        if matches!(n.kind(), "assignment" | "function_definition") {
            let target = n
                .child_by_field_name("left")
                .or_else(|| n.child_by_field_name("name"));
            bound |= target.is_some_and(|t| text(t, src) == name);
        }
        !bound
    });
    bound
}

/// Whether a method of the class names its receiver other than to reach an attribute.
fn hands_itself_on(class: Node, src: &str) -> bool {
    let Some(body) = class.child_by_field_name("body") else {
        return true;
    };
    statements(body).into_iter().any(|stmt| {
        let def = definition(stmt);
        // A static or class method's first parameter is no instance.
        let decorators = (stmt.kind() == "decorated_definition").then(|| text(stmt, src));
        let unbound = decorators.is_some_and(|d| {
            let head = &d[..def.start_byte() - stmt.start_byte()];
            head.contains("staticmethod") || head.contains("classmethod")
        });
        let (Some(me), Some(body)) = (
            first_parameter(def, src).filter(|_| def.kind() == "function_definition" && !unbound),
            def.child_by_field_name("body"),
        ) else {
            return false;
        };
        let mut handed = false;
        walk(body, |node| {
            if node.kind() == "identifier" && text(node, src) == me {
                let parent = node.parent();
                handed |= !parent.is_some_and(|p| {
                    p.kind() == "attribute"
                        && p.child_by_field_name("object")
                            .is_some_and(|o| o.id() == node.id())
                });
            }
            !handed
        });
        handed
    })
}
