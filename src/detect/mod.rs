//! Detection: parse tree in, dropped-task sites out.

mod callee;
pub mod dropped_task;
pub mod imports;
pub mod noqa;
pub mod scope;

use std::collections::HashSet;

use tree_sitter::{Node, Tree};

use crate::source::SourceFile;
use crate::syntax::{enclosing_scope, strip_parens, text, walk};
use callee::{Resolver, is_loop_getter_call};
pub use dropped_task::{Finding, Kind, Site};
use imports::AsyncioNames;
use scope::Scopes;

/// Everything detection learned about one file; the planner reuses it.
pub struct Detection<'t, 's> {
    pub sites: Vec<Site<'t>>,
    pub names: AsyncioNames,
    pub scopes: Scopes<'s>,
}

/// Finds the dropped tasks in a parsed, error-free file.
pub fn detect<'t, 's>(tree: &'t Tree, source: &SourceFile<'s>) -> Detection<'t, 's> {
    let src = source.text;
    let root = tree.root_node();
    let mut names = AsyncioNames::default();
    let mut statements = Vec::new();
    let mut suppressed_rows = HashSet::new();
    // (scope id, name) for `name = <loop getter>()`.
    let mut loop_bindings = HashSet::new();

    walk(root, |node| {
        match node.kind() {
            "import_statement" | "import_from_statement" => {
                let top_level = enclosing_scope(node, false).kind() == "module";
                names.add_import(node, src, top_level);
                return false;
            }
            "comment" if noqa::suppresses(text(node, src)) => {
                suppressed_rows.insert(node.start_position().row);
            }
            "expression_statement" => statements.push(node),
            "assignment" => {
                let left = node.child_by_field_name("left");
                let right = node.child_by_field_name("right").map(strip_parens);
                if let (Some(left), Some(right)) = (left, right)
                    && left.kind() == "identifier"
                    && is_loop_getter_call(right, src)
                {
                    let scope = enclosing_scope(node, true);
                    loop_bindings.insert((scope.id(), text(left, src).to_owned()));
                }
            }
            _ => {}
        }
        true
    });

    let loop_bound = |ident: Node| {
        let name = text(ident, src);
        let mut node = ident;
        loop {
            let scope = enclosing_scope(node, true);
            if loop_bindings.contains(&(scope.id(), name.to_owned())) {
                return true;
            }
            match scope.parent() {
                Some(parent) => node = parent,
                None => return false,
            }
        }
    };
    let resolver = Resolver {
        names: &names,
        loop_bound: &loop_bound,
    };
    let mut scopes = Scopes::default();
    let sites = statements
        .into_iter()
        .filter(|stmt| !suppressed_rows.contains(&stmt.start_position().row))
        .filter_map(|stmt| dropped_task::classify(stmt, src, &resolver, &mut scopes))
        .collect();
    Detection {
        sites,
        names,
        scopes,
    }
}
