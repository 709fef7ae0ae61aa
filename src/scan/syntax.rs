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

/// The tree's root, from any of its nodes.
pub fn root_of(node: Node) -> Node {
    let mut root = node;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    root
}

/// The innermost `def` around `node`, or `None` where a node of a kind in `stop_at` (a
/// `lambda`, a `class_definition`) stands between them.
pub fn enclosing_function<'t>(node: Node<'t>, stop_at: &[&str]) -> Option<Node<'t>> {
    let mut at = node.parent();
    while let Some(n) = at {
        if n.kind() == "function_definition" {
            return Some(n);
        }
        if stop_at.contains(&n.kind()) {
            return None;
        }
        at = n.parent();
    }
    None
}

/// Whether `node` is written where it stands: an assignment's, a loop's, a walrus's or a
/// `with`'s target (inside any unpacking), deleted, or declared `global` or `nonlocal`.
pub fn written(node: Node) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        let field = |f: &str| {
            parent
                .child_by_field_name(f)
                .is_some_and(|l| l.id() == child.id())
        };
        match parent.kind() {
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "list_splat_pattern"
            | "list_splat"
            | "parenthesized_expression"
            | "tuple"
            | "list"
            | "expression_list" => child = parent,
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                return field("left");
            }
            "named_expression" => return field("name"),
            "delete_statement" | "as_pattern_target" | "nonlocal_statement"
            | "global_statement" => return true,
            _ => return false,
        }
    }
    false
}

pub fn text<'s>(node: Node, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or("")
}

/// The outermost of the parentheses around `node` (`node` itself when there are none): what its
/// value stands in, as [`strip_parens`] is what it holds.
pub fn outside_parens(mut node: Node) -> Node {
    while let Some(parent) = node
        .parent()
        .filter(|p| p.kind() == "parenthesized_expression")
    {
        node = parent;
    }
    node
}

/// The node inside any number of redundant parentheses (a comment inside them is not a value).
pub fn strip_parens(mut node: Node) -> Node {
    while node.kind() == "parenthesized_expression" {
        match only_element(node) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The named children of a node that are not comments: a comment after `(`, `[` or `,` is a
/// named child of the arguments, display or parentheses it stands in, never one of its values.
pub fn elements(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// The one named child that is not a comment, when there is exactly one: a call's only
/// argument, a display's only element.
pub fn only_element(node: Node) -> Option<Node> {
    match elements(node).as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// The body of a list or set comprehension (`f(x)` of `[f(x) for x in xs]`).
pub fn comprehension_body(value: Node) -> Option<Node> {
    let value = strip_parens(value);
    let comprehension = matches!(value.kind(), "list_comprehension" | "set_comprehension");
    value.child_by_field_name("body").filter(|_| comprehension)
}

/// The first named child that is not a comment: a call's first argument, a display's first
/// element.
pub fn first_element(node: Node) -> Option<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .find(|n| n.kind() != "comment")
}

/// The first place where the file (`text`, parsed as `root`) is not valid Python 3, with a short
/// reason.
pub fn first_syntax_error(root: Node, text: &str) -> Option<(usize, &'static str)> {
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
    python2_statement(root, text).map(|at| (at, "Python 2 syntax"))
}

/// The start of the first `print` or `exec` statement among those [`walk_statements`] visits.
/// Each starts with its keyword, so only the places that spell one are looked at: a walk of
/// every statement cost a tenth of the language server's time per edit.
fn python2_statement(root: Node, text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut spelled: Vec<(usize, usize)> = [b"print".as_slice(), b"exec"]
        .iter()
        .flat_map(|word| memchr::memmem::find_iter(bytes, word).map(|at| (at, word.len())))
        .collect();
    // Statements do not nest in these: the first in source order is the first visited.
    spelled.sort_unstable();
    spelled
        .into_iter()
        .find(|&(at, len)| python2_statement_at(root, at, len))
        .map(|(at, _)| at)
}

/// Whether a `print` or `exec` statement that the walk of statements visits starts with the
/// keyword spelled at `at..at + len`.
fn python2_statement_at(root: Node, at: usize, len: usize) -> bool {
    let Some(mut node) = root.descendant_for_byte_range(at, at + len) else {
        return false;
    };
    // Up from the keyword to its statement: every node on the way starts at the keyword.
    while !matches!(node.kind(), "print_statement" | "exec_statement") {
        match node.parent() {
            Some(parent) if parent.start_byte() == at => node = parent,
            _ => return false,
        }
    }
    if node.start_byte() != at {
        return false;
    }
    // The walk enters only nodes that hold statements.
    let mut up = node.parent();
    while let Some(ancestor) = up {
        if !holds_statements(ancestor.kind()) {
            return false;
        }
        up = ancestor.parent();
    }
    true
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

/// Visits, in pre-order, the nodes of `root` that hold one of the `points` (sorted byte offsets;
/// a node holds those from its start to before its end), each with its ancestors (outermost
/// first): what [`walk_with_ancestors`] visits when it enters only such nodes, without looking
/// at their other children, so that a walk to a few points costs their depth, not the width of
/// the blocks on the way.
pub fn walk_around<'t>(
    root: Node<'t>,
    points: &[usize],
    mut visit: impl FnMut(Node<'t>, &[Node<'t>]),
) {
    // The first point at or after `at`.
    let from = |at: usize| points.partition_point(|&p| p < at);
    let holds = |node: Node| {
        points
            .get(from(node.start_byte()))
            .is_some_and(|&p| p < node.end_byte())
    };
    if !holds(root) {
        return;
    }
    visit(root, &[]);
    let mut ancestors = vec![root];
    // The children of the last of the ancestors are looked for from the point at this index.
    let mut next = vec![from(root.start_byte())];
    while let (Some(&parent), Some(index)) = (ancestors.last(), next.last_mut()) {
        let child = points
            .get(*index)
            .filter(|&&p| p < parent.end_byte())
            .and_then(|&p| parent.first_child_for_byte(p));
        let Some(child) = child else {
            ancestors.pop();
            next.pop();
            continue;
        };
        // Past the child, whether it holds a point or lies between them (it ends after the
        // point it was found for: the index moves on).
        *index = from(child.end_byte());
        if holds(child) {
            visit(child, &ancestors);
            ancestors.push(child);
            next.push(from(child.start_byte()));
        }
    }
}

/// The nodes that [`walk_statements`] visits from `root` down to the smallest node that spans
/// `range`, outermost first: the path stops at the first node that does not hold statements.
pub fn statements_path<'t>(root: Node<'t>, range: Range<usize>) -> Vec<Node<'t>> {
    let mut path = Vec::with_capacity(8);
    path.push(root);
    descend(&mut path, root, &range);
    path
}

/// From `node`, the last of `path`, down to the smallest node that spans `range`.
fn descend<'t>(path: &mut Vec<Node<'t>>, mut node: Node<'t>, range: &Range<usize>) {
    while holds_statements(node.kind()) {
        let Some(child) = node
            .first_child_for_byte(range.start)
            .filter(|c| c.start_byte() <= range.start && range.end <= c.end_byte())
        else {
            break;
        };
        path.push(child);
        node = child;
    }
}

/// [`statements_path`] of many ranges in one tree: the root's children are listed once, and
/// each range's is found by a binary search. (tree-sitter finds the child for a byte by going
/// through the children from the first: on a module of many statements, most of the cost of
/// reading a file's facts. Listing the children of every node with many cost more than it
/// saved.)
pub struct StatementsPaths<'t> {
    root: Node<'t>,
    /// The root's children, in order (so their ends are too); none when it holds no statements.
    children: Vec<Node<'t>>,
}

impl<'t> StatementsPaths<'t> {
    pub fn new(root: Node<'t>) -> Self {
        let children = match holds_statements(root.kind()) {
            true => root.children(&mut root.walk()).collect(),
            false => Vec::new(),
        };
        StatementsPaths { root, children }
    }

    /// [`statements_path`]`(root, range)`.
    pub fn path(&self, range: Range<usize>) -> Vec<Node<'t>> {
        let mut path = Vec::with_capacity(8);
        path.push(self.root);
        // `first_child_for_byte`: the first child that ends after the byte.
        let first = self
            .children
            .partition_point(|c| c.end_byte() <= range.start);
        let Some(&child) = (self.children.get(first))
            .filter(|c| c.start_byte() <= range.start && range.end <= c.end_byte())
        else {
            return path;
        };
        path.push(child);
        descend(&mut path, child, &range);
        path
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk of every statement that [`python2_statement`] stands for.
    fn walked(root: Node) -> Option<usize> {
        let mut found = None;
        walk_statements(root, |node, _| {
            if found.is_none() && matches!(node.kind(), "print_statement" | "exec_statement") {
                found = Some(node.start_byte());
            }
        });
        found
    }

    /// `walk_around` visits what a walk entering only the nodes that hold a point visits.
    #[test]
    fn a_walk_around_points_is_the_pruned_walk() {
        let text = "import asyncio\n\n# c\nasync def f(a=g(1)):\n    x = 1  # t\n    asyncio.create_task(w(a, [b, (c)]))\n    return {k: v for k, v in d}\n\n\nclass C:\n    y = f'{z!r:>{w}}'\n";
        let mut parser = new_parser();
        let tree = parser.parse(text, None).expect("parsed");
        let root = tree.root_node();
        let every: Vec<usize> = (0..=text.len() + 1).collect();
        let mut sets: Vec<Vec<usize>> = vec![vec![], vec![0], every, vec![text.len()]];
        for step in [3, 7, 11, 29] {
            sets.push((0..text.len()).step_by(step).collect());
            sets.push((step..text.len()).step_by(step * 5).collect());
        }
        for points in sets {
            let holds = |node: Node| {
                let first = points.partition_point(|&p| p < node.start_byte());
                points.get(first).is_some_and(|&p| p < node.end_byte())
            };
            let mut pruned = Vec::new();
            walk_with_ancestors(root, |node, ancestors, _| {
                if !holds(node) {
                    return false;
                }
                pruned.push((
                    node.id(),
                    ancestors.iter().map(|a| a.id()).collect::<Vec<_>>(),
                ));
                true
            });
            let mut around = Vec::new();
            walk_around(root, &points, |node, ancestors| {
                around.push((
                    node.id(),
                    ancestors.iter().map(|a| a.id()).collect::<Vec<_>>(),
                ));
            });
            assert_eq!(around, pruned, "{points:?}");
        }
    }

    /// The root's children listed once give every range the path a search from the root does.
    #[test]
    fn statements_paths_are_those_of_a_search_from_the_root() {
        let texts: [&str; 6] = [
            "import asyncio\n\n# c\nasync def f(a=g(1)):\n    x = 1  # t\n    if x:\n        y()  # u\n    return 2\n\n\nclass C:\n    y = f'{z!r:>{w}}'\n# end",
            "x = 1; y = 2\n",
            &format!(
                "class C:\n    '''doc'''\n{}    # e\nx = 1\n",
                "    def f(self):  # c\n        if a:\n            b()\n".repeat(20)
            ),
            &"import a\n# c\n\n".repeat(20),
            "",
            "# only a comment\n",
        ];
        let mut parser = new_parser();
        for text in &texts {
            let tree = parser.parse(text, None).expect("parsed");
            let root = tree.root_node();
            let paths = StatementsPaths::new(root);
            for start in 0..=text.len() {
                for len in [0, 1, 5] {
                    let range = start..start + len;
                    let ids = |path: Vec<Node>| path.iter().map(|n| n.id()).collect::<Vec<_>>();
                    assert_eq!(
                        ids(paths.path(range.clone())),
                        ids(statements_path(root, range.clone())),
                        "{text:?} {range:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn python2_statements_are_found_as_the_walk_finds_them() {
        let texts = [
            "print 'a'\n",
            "x = 1\nprint x\n",
            "print(x)\nexec code\n",
            "def f():\n    if x:\n        print >>sys.stderr, 'a'\n",
            "reprint = 1\nprints = [print for x in y]\nexec_ = 2\n",
            "s = 'print x'\n# print x\nf(print)\n",
            "class C:\n    def f(self):\n        exec 'x' in d\n",
            "try:\n    pass\nexcept E:\n    print 1, 2\n",
            "match x:\n    case 1:\n        print x\n",
            "x = lambda: print\nprint\n",
            "print; exec x\n",
            "@d\ndef f():\n    print f\n",
        ];
        let mut parser = new_parser();
        for text in texts {
            let tree = parser.parse(text, None).expect("parsed");
            let root = tree.root_node();
            if root.has_error() {
                continue;
            }
            assert_eq!(python2_statement(root, text), walked(root), "{text:?}");
        }
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let mut stack = vec![fixtures];
        let mut seen = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "py")
                    && let Ok(text) = std::fs::read_to_string(&path)
                    && let Some(tree) = parser.parse(&text, None)
                {
                    let root = tree.root_node();
                    assert_eq!(python2_statement(root, &text), walked(root), "{path:?}");
                    seen += 1;
                }
            }
        }
        assert!(seen > 10);
    }
}
