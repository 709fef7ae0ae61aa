//! A dropped task as detection finds it: which statement drops which call, and how.

use tree_sitter::Node;

use super::kinds::kind::Kind;
use super::placement::Placement;

/// One dropped task, as nodes of the tree it was found in.
#[derive(Debug, Clone, Copy)]
pub struct Dropped<'t> {
    pub kind: Kind,
    /// The `expression_statement` that drops the task.
    pub stmt: Node<'t>,
    /// The call that creates the task.
    pub call: Node<'t>,
    /// The statement's expression without redundant parentheses.
    pub expr: Node<'t>,
    /// For `unused-assignment`: the name the task is assigned to.
    pub target: Option<Node<'t>>,
    /// Why no automatic fix is offered, if none is.
    pub unfixable: Option<&'static str>,
    pub placement: Placement<'t>,
    /// For `factory-result`: the factory, as an index into the detection's `factories.refs`.
    pub factory: Option<usize>,
}
