//! `owner`'s reading of the constructions: a class the project builds only for one call
//! ([`crate::project::per_call`]) is no owner, unless its own methods hand the instance on
//! (`registry.add(self)`, `return self`), which may keep it past the call.

use tree_sitter::Node;

use super::mechanism::definition;
use super::model::ModulePlan;
use crate::scan::params::first_parameter;
use crate::scan::syntax::{statements, text, walk};

/// Whether every instance of `class` dies when the call that built it returns.
pub(super) fn built_per_call(class: Node, module: &ModulePlan) -> bool {
    let src = module.source.text;
    let Some(name) = class.child_by_field_name("name").map(|n| text(n, src)) else {
        return false;
    };
    module.per_call.is_some_and(|only| only.contains(name)) && !hands_itself_on(class, src)
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
