//! Thin helpers over tree-sitter-python: the parser, an iterative pre-order walk (no recursion, so
//! deeply nested code cannot overflow the stack), node text and syntax-error lookup.

use std::ops::Range;

use tree_sitter::{Node, Parser, Point, Tree};

use crate::scan::source::SourceFile;

pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    // The grammar is compiled in; a version mismatch is a build defect, not bad input.
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("tree-sitter-python grammar matches the tree-sitter runtime");
    parser
}

/// Parses `text`, reusing the subtrees of `partial` (a parse of some of its ranges) that still
/// stand as they are. `None` only if tree-sitter gives up (it does not without a timeout).
pub fn parse(parser: &mut Parser, text: &str, partial: Option<&Tree>) -> Option<Tree> {
    parser.parse(text, partial)
}

/// Parses only `ranges` of the source, as if the rest were not there.
pub fn parse_ranges(
    parser: &mut Parser,
    source: &SourceFile,
    ranges: &[Range<usize>],
) -> Option<Tree> {
    let point = |offset: usize| Point::new(source.row(offset), offset - source.line_start(offset));
    let ranges: Vec<tree_sitter::Range> = ranges
        .iter()
        .map(|r| tree_sitter::Range {
            start_byte: r.start,
            end_byte: r.end,
            start_point: point(r.start),
            end_point: point(r.end),
        })
        .collect();
    parser.set_included_ranges(&ranges).ok()?;
    let tree = parser.parse(source.text, None);
    // Back to whole documents for the next file; an empty list cannot be refused.
    let _ = parser.set_included_ranges(&[]);
    tree
}

/// A node's field name in its parent, asked for only where it matters: looking it up for every
/// node was a third of the walks' cost.
pub struct Field<'c, 't>(&'c tree_sitter::TreeCursor<'t>);

impl<'t> Field<'_, 't> {
    pub fn name(&self) -> Option<&'t str> {
        self.0.field_name()
    }
}

/// The one traversal the others are built on: pre-order, iterative (no recursion, so deeply
/// nested code cannot overflow the stack), with each node's ancestors (outermost first) and its
/// field name in its parent, which tree-sitter would otherwise recompute from the root at every
/// call. `visit` returns whether to enter the node's children.
fn traverse<'t>(
    root: Node<'t>,
    mut visit: impl FnMut(Node<'t>, &[Node<'t>], Field<'_, 't>) -> bool,
) {
    let mut cursor = root.walk();
    let mut ancestors: Vec<Node<'t>> = Vec::new();
    loop {
        let node = cursor.node();
        if visit(node, &ancestors, Field(&cursor)) && cursor.goto_first_child() {
            ancestors.push(node);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            ancestors.pop();
        }
    }
}

/// Visits `root` and its descendants in source order; `visit` returns whether to descend.
pub fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    traverse(root, |node, _, _| visit(node));
}

pub fn text<'s>(node: Node, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or("")
}

/// The node inside any number of redundant parentheses.
pub fn strip_parens(mut node: Node) -> Node {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) if node.named_child_count() == 1 => node = inner,
            _ => break,
        }
    }
    node
}

/// The first place where the file is not valid Python 3, with a short reason.
pub fn first_syntax_error(root: Node) -> Option<(usize, &'static str)> {
    let mut found = None;
    if root.has_error() {
        // Only subtrees that hold an error are entered.
        walk(root, |node| {
            if found.is_none() && node.is_error() {
                found = Some((node.start_byte(), "syntax error"));
            } else if found.is_none() && node.is_missing() {
                found = Some((node.start_byte(), "syntax error (missing token)"));
            }
            found.is_none() && node.has_error()
        });
        return found;
    }
    // tree-sitter-python still accepts these Python 2 statements without an error.
    walk_statements(root, |node, _| {
        if found.is_none() && matches!(node.kind(), "print_statement" | "exec_statement") {
            found = Some((node.start_byte(), "Python 2 syntax"));
        }
    });
    found
}

/// Nodes whose children include statements: the module, suites, compound statements, clauses.
fn holds_statements(kind: &str) -> bool {
    matches!(
        kind,
        "module"
            | "block"
            | "if_statement"
            | "for_statement"
            | "while_statement"
            | "try_statement"
            | "with_statement"
            | "match_statement"
            | "function_definition"
            | "class_definition"
            | "decorated_definition"
    ) || kind.ends_with("_clause")
}

/// Visits `root`, every statement, and every comment between statements, in source order, with
/// the chain of nodes that hold each one (outermost first). Expressions are not entered, which
/// skips most of the tree.
pub fn walk_statements<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>, &[Node<'t>])) {
    traverse(root, |node, ancestors, _| {
        visit(node, ancestors);
        holds_statements(node.kind())
    });
}

/// Like [`walk`], with each node's parent and its field name in the parent.
pub fn walk_with_parent<'t>(
    root: Node<'t>,
    mut visit: impl FnMut(Node<'t>, Option<Node<'t>>, Field<'_, 't>),
) {
    traverse(root, |node, ancestors, field| {
        visit(node, ancestors.last().copied(), field);
        true
    });
}

/// Like [`walk`], with each node's ancestors (outermost first) and its field name in its parent;
/// `visit` returns whether to descend.
pub fn walk_with_ancestors<'t>(
    root: Node<'t>,
    visit: impl FnMut(Node<'t>, &[Node<'t>], Field<'_, 't>) -> bool,
) {
    traverse(root, visit);
}

/// Statements are the named children of a module or block that are not comments.
pub fn statements<'t>(body: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = body.walk();
    body.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// `a.b as c` → ("a.b", Some("c")); `a.b` → ("a.b", None).
pub fn split_alias<'s>(name: Node, src: &'s str) -> (&'s str, Option<&'s str>) {
    if name.kind() == "aliased_import" {
        let dotted = name
            .child_by_field_name("name")
            .map_or("", |n| text(n, src));
        let alias = name.child_by_field_name("alias").map(|n| text(n, src));
        (dotted, alias)
    } else {
        (text(name, src), None)
    }
}
