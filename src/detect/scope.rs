//! The names a scope uses, computed once per scope and shared by detection (is a task's name ever
//! read?) and planning (which temporary name is free?).

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::syntax::{text, walk_with_parent};

#[derive(Debug, Default)]
pub struct ScopeNames<'s> {
    /// Every variable name that appears in the scope (nested functions included).
    pub all: HashSet<&'s str>,
    /// How often each name appears other than as the plain target of `name = …`.
    pub reads: HashMap<&'s str, u32>,
    /// How often each name is the plain target of `name = …`.
    pub stores: HashMap<&'s str, u32>,
    /// Of the reads, how many are `name.add_done_callback(...)`, which keeps nothing alive.
    pub callback_reads: HashMap<&'s str, u32>,
}

impl<'s> ScopeNames<'s> {
    fn collect(scope: Node, src: &'s str) -> Self {
        let mut names = ScopeNames::default();
        walk_with_parent(scope, |node, parent_node, field| {
            if node.kind() != "identifier" {
                return;
            }
            let parent = parent_node.map_or("", |p| p.kind());
            // `x` in `obj.x` or `f(x=1)` is a member or keyword, not a variable.
            let member = matches!(
                (parent, field),
                ("attribute", Some("attribute")) | ("keyword_argument", Some("name"))
            );
            if member {
                return;
            }
            let name = text(node, src);
            names.all.insert(name);
            // Anything but a plain store counts as a read: `global`, `del`, loop targets and
            // closures all keep the binding alive or make its fate unclear.
            let plain_store = parent == "assignment" && field == Some("left");
            let callback = matches!(
                (parent_node, field),
                (Some(p), Some("object")) if p.kind() == "attribute"
                    && p.child_by_field_name("attribute")
                        .is_some_and(|a| text(a, src) == "add_done_callback")
            );
            if callback {
                *names.callback_reads.entry(name).or_default() += 1;
            }
            let counter = if plain_store {
                &mut names.stores
            } else {
                &mut names.reads
            };
            *counter.entry(name).or_default() += 1;
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
