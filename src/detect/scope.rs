//! The names a scope uses, computed once per scope and shared by detection (is a task's name ever
//! read?) and planning (which temporary name is free?).

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::syntax::{text, walk};

#[derive(Debug, Default)]
pub struct ScopeNames<'s> {
    /// Every variable name that appears in the scope (nested functions included).
    pub all: HashSet<&'s str>,
    /// How often each name appears other than as the plain target of `name = …`.
    pub reads: HashMap<&'s str, u32>,
    /// How often each name is the plain target of `name = …`.
    pub stores: HashMap<&'s str, u32>,
}

impl<'s> ScopeNames<'s> {
    fn collect(scope: Node, src: &'s str) -> Self {
        let mut names = ScopeNames::default();
        walk(scope, |node| {
            if node.kind() == "identifier" && !is_member_name(node) {
                let name = text(node, src);
                names.all.insert(name);
                // Anything but a plain store counts as a read: `global`, `del`, loop targets and
                // closures all keep the binding alive or make its fate unclear.
                let counter = if is_plain_store(node) {
                    &mut names.stores
                } else {
                    &mut names.reads
                };
                *counter.entry(name).or_default() += 1;
            }
            true
        });
        names
    }

    /// `base`, or `base_1`, `base_2`, … whichever is not used in the scope.
    pub fn fresh(&self, base: &str) -> String {
        if !self.all.contains(base) {
            return base.to_owned();
        }
        (1..)
            .map(|i| format!("{base}_{i}"))
            .find(|candidate| !self.all.contains(candidate.as_str()))
            .unwrap_or_else(|| base.to_owned())
    }
}

/// `x` in `obj.x` or `f(x=1)`: a member or keyword, not a variable.
fn is_member_name(node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        "attribute" => parent.child_by_field_name("attribute") == Some(node),
        "keyword_argument" => parent.child_by_field_name("name") == Some(node),
        _ => false,
    }
}

fn is_plain_store(node: Node) -> bool {
    node.parent().is_some_and(|parent| {
        parent.kind() == "assignment" && parent.child_by_field_name("left") == Some(node)
    })
}

/// Scope names by scope node, each computed on first use.
#[derive(Default)]
pub struct Scopes<'s> {
    by_node: HashMap<usize, ScopeNames<'s>>,
}

impl<'s> Scopes<'s> {
    pub fn names(&mut self, scope: Node, src: &'s str) -> &ScopeNames<'s> {
        self.by_node
            .entry(scope.id())
            .or_insert_with(|| ScopeNames::collect(scope, src))
    }
}
