//! Where a statement stands in the module: its suite, its module-level statement, the scope a
//! new name would live in, and whether it runs at import time.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::scan::syntax::walk_statements;

/// Where a statement stands in the module, read off the walk (tree-sitter has no cheap parent
/// lookup: it searches down from the root).
#[derive(Debug, Clone, Copy)]
pub struct Placement<'t> {
    /// The module or suite the statement belongs to.
    pub parent: Node<'t>,
    /// The module-level statement that holds it (the statement itself at module level).
    pub top_level: Node<'t>,
    /// The nearest enclosing function or class, or the module: where a new name would live.
    pub scope: Node<'t>,
    /// It runs when the module is imported (it is not inside a function).
    pub import_time: bool,
}

/// Where each of `stmts` stands (statements not found by [`detect`]'s own walk), by node id,
/// found in one walk of the tree: a walk per statement would cost the whole file for each.
pub fn placements_of<'t>(
    root: Node<'t>,
    stmts: impl IntoIterator<Item = Node<'t>>,
) -> HashMap<usize, Placement<'t>> {
    let wanted: HashSet<usize> = stmts.into_iter().map(|s| s.id()).collect();
    let mut found = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    walk_statements(root, |node, ancestors| {
        if wanted.contains(&node.id()) {
            found
                .entry(node.id())
                .or_insert_with(|| placement(node, root, ancestors));
        }
    });
    found
}

pub(super) fn placement<'t>(
    stmt: Node<'t>,
    root: Node<'t>,
    ancestors: &[Node<'t>],
) -> Placement<'t> {
    let scope = ancestors
        .iter()
        .rev()
        .find(|a| matches!(a.kind(), "function_definition" | "class_definition"))
        .copied()
        .unwrap_or(root);
    Placement {
        parent: ancestors.last().copied().unwrap_or(root),
        top_level: ancestors.get(1).copied().unwrap_or(stmt),
        scope,
        import_time: !ancestors.iter().any(|a| a.kind() == "function_definition"),
    }
}
