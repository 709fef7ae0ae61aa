//! Statements that share a line (`a; b`, or `if x: a`): a site among them is rewritten with the
//! whole run, one statement a line (see `rewrite::expand_group`).

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use crate::detect::Dropped;
use crate::scan::source::SourceFile;
use crate::scan::syntax::statements;

/// Statements that share a line, found once per suite: each statement's group of the statements
/// on its line (itself included).
#[derive(Default)]
pub(super) struct LineGroups<'t> {
    by_parent: HashMap<usize, HashMap<usize, Rc<Vec<Node<'t>>>>>,
}

impl<'t> LineGroups<'t> {
    /// The group of the site's statement, or `None` when it has its lines to itself.
    pub(super) fn of(
        &mut self,
        site: &Dropped<'t>,
        source: &SourceFile,
    ) -> Option<Rc<Vec<Node<'t>>>> {
        let stmt = site.stmt;
        if alone_on_its_lines(stmt, source) {
            return None;
        }
        let parent = site.placement.parent;
        let groups = self
            .by_parent
            .entry(parent.id())
            .or_insert_with(|| groups_of(parent, source));
        groups.get(&stmt.id()).cloned()
    }
}

/// Every run of statements of `parent` joined on a line, by the id of each member.
fn groups_of<'t>(parent: Node<'t>, source: &SourceFile) -> HashMap<usize, Rc<Vec<Node<'t>>>> {
    let joined = |a: &Node, b: &Node| source.row(a.end_byte()) == source.row(b.start_byte());
    let siblings = statements(parent);
    let mut by_member = HashMap::new();
    let mut start = 0;
    for end in 1..=siblings.len() {
        if end < siblings.len() && joined(&siblings[end - 1], &siblings[end]) {
            continue;
        }
        let run = Rc::new(siblings[start..end].to_vec());
        for member in run.iter() {
            by_member.insert(member.id(), Rc::clone(&run));
        }
        start = end;
    }
    by_member
}

/// Only blanks before the statement on its first line, and after it on its last line nothing but
/// blanks, one `;` and a comment.
fn alone_on_its_lines(stmt: Node, source: &SourceFile) -> bool {
    let after = &source.text[stmt.end_byte()..source.line_end(stmt.end_byte())];
    let after = after.trim_start();
    let after = after.strip_prefix(';').unwrap_or(after).trim_start();
    source.starts_line(stmt.start_byte()) && (after.is_empty() || after.starts_with('#'))
}
