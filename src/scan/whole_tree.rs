//! A file's whole tree on demand: detection parses only the parts of a file around its
//! possible sites ([`super::partial`]), and the few rules that must read a class or a statement
//! elsewhere ask for the whole file here, parsed once per file and only when asked.

use tree_sitter::{Node, Tree};

use super::syntax::{new_parser, parse};

/// Parses the whole of `text` with a parser of its own; `None` when the tree has a syntax error.
pub fn parse_clean(text: &str) -> Option<Tree> {
    parse(&mut new_parser(), text, None).filter(|t| !t.root_node().has_error())
}

/// A file's whole tree, parsed the first time a rule asks and never again: the tree detection
/// hands the rules may hold only the statements around the sites, and few files need more.
pub struct WholeTree<'s> {
    text: &'s str,
    tree: Option<Option<Tree>>,
}

impl<'s> WholeTree<'s> {
    pub fn new(text: &'s str) -> Self {
        WholeTree { text, tree: None }
    }

    /// The whole file's root; `None` when it has a syntax error.
    pub fn root(&mut self) -> Option<Node<'_>> {
        let text = self.text;
        let tree = self.tree.get_or_insert_with(|| parse_clean(text));
        tree.as_ref().map(Tree::root_node)
    }
}
