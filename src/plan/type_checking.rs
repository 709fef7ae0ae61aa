//! A name the fix needs at run time that the module imports only under `if TYPE_CHECKING:`
//! (`TypeVar`, which the helper calls): the fix imports it at run time, and takes it out of the
//! `TYPE_CHECKING` import, where it would redefine a name already bound (F811) and be a runtime
//! name imported for type checkers only (TC004). A block left empty goes, and with it the
//! `TYPE_CHECKING` import where nothing else uses it.

use tree_sitter::Node;

use super::edit::Edit;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{statements, text, walk};

/// Takes `name` out of a `from <module> import ...` (one of `modules`) under a top-level `if
/// TYPE_CHECKING:` with no other branch: the name alone among several on one line, the
/// statement's line where the block keeps another statement, or the block where it holds only
/// that import (see [`block_removal`]). `edits` are the fix's others, which it may adjust.
pub(super) fn move_out(
    root: Node,
    source: &SourceFile,
    name: &str,
    modules: &[&str],
    edits: &mut Vec<Edit>,
) {
    match moved_out(root, source, name, modules) {
        Some(Moved::Edit(edit)) => edits.push(edit),
        Some(Moved::Block(block)) => {
            let removal = block_removal(root, source, block, edits);
            edits.extend(removal);
        }
        None => {}
    }
}

enum Moved<'t> {
    Edit(Edit),
    /// The `if` statement whose block holds only the import.
    Block(Node<'t>),
}

fn moved_out<'t>(
    root: Node<'t>,
    source: &SourceFile,
    name: &str,
    modules: &[&str],
) -> Option<Moved<'t>> {
    let src = source.text;
    statements(root).into_iter().find_map(|stmt| {
        let condition = stmt.child_by_field_name("condition")?;
        let only_branch = stmt.child_by_field_name("alternative").is_none();
        let checking = matches!(
            text(condition, src),
            "TYPE_CHECKING" | "typing.TYPE_CHECKING"
        );
        if stmt.kind() != "if_statement" || !checking || !only_branch {
            return None;
        }
        let block = stmt.child_by_field_name("consequence")?;
        let inner = statements(block);
        inner.iter().find_map(|import| {
            let module = import.child_by_field_name("module_name")?;
            if import.kind() != "import_from_statement" || !modules.contains(&text(module, src)) {
                return None;
            }
            let mut cursor = import.walk();
            let names: Vec<&str> = (import.children_by_field_name("name", &mut cursor))
                .map(|n| text(n, src))
                .collect();
            if !names.contains(&name) {
                return None;
            }
            let range = import.byte_range();
            let alone = source.line_start(range.start)
                == range.start - source.indentation(range.start).len()
                && src[range.end..source.line_end(range.end).max(range.end)]
                    .trim()
                    .is_empty();
            if !alone || text(*import, src).contains(['\n', '(', '\\']) {
                return None;
            }
            let others: Vec<&str> = names.into_iter().filter(|n| *n != name).collect();
            match (others.is_empty(), inner.len() > 1) {
                (false, _) => Some(Moved::Edit(Edit {
                    start: range.start,
                    end: range.end,
                    content: format!("from {} import {}", text(module, src), others.join(", ")),
                })),
                (true, true) => {
                    // The block's first statement: the blank lines after it would open it, which
                    // ruff format removes.
                    let mut end = source.next_line_start(range.end);
                    let first = inner.first().is_some_and(|f| f.id() == import.id());
                    while first && end < src.len() && source.is_blank_line(end) {
                        end = source.next_line_start(end);
                    }
                    Some(Moved::Edit(Edit {
                        start: source.line_start(range.start),
                        end,
                        content: String::new(),
                    }))
                }
                (true, false) => Some(Moved::Block(stmt)),
            }
        })
    })
}

/// The edits that remove `block` (an `if TYPE_CHECKING:` that holds only the moved import) with
/// the blank lines above it, when `TYPE_CHECKING` stays used elsewhere, or when its import is
/// one the fix rewrites (`from typing import TYPE_CHECKING, TypeVar`) or one that imports more
/// names, which then loses it. None where that cannot be done cleanly: the block stays.
fn block_removal(root: Node, source: &SourceFile, block: Node, edits: &mut [Edit]) -> Vec<Edit> {
    const FLAG: &str = "TYPE_CHECKING";
    let src = source.text;
    let mut start = source.line_start(block.start_byte());
    while start > 0 && source.is_blank_line(start - 1) {
        start = source.line_start(start - 1);
    }
    let removal = Edit {
        start,
        end: source.next_line_start(block.end_byte()),
        content: String::new(),
    };
    let touches =
        |e: &Edit, range: &std::ops::Range<usize>| e.start < range.end && e.end > range.start;
    let condition = block.child_by_field_name("condition");
    if edits
        .iter()
        .any(|e| touches(e, &(removal.start..removal.end)))
        || condition.is_none_or(|c| text(c, src) != FLAG)
    {
        return Vec::new();
    }
    let imports: Vec<Node> = (statements(root).into_iter())
        .filter(|s| s.kind() == "import_from_statement" && names(*s, src).contains(&FLAG))
        .collect();
    // A use of the name (not a mention in a string or comment, nor `typing.TYPE_CHECKING`).
    let mut elsewhere = false;
    walk(root, |node| {
        let at = node.start_byte();
        let attribute = (node.parent()).is_some_and(|p| {
            p.kind() == "attribute"
                && p.child_by_field_name("attribute")
                    .is_some_and(|a| a.id() == node.id())
        });
        elsewhere |= node.kind() == "identifier"
            && text(node, src) == FLAG
            && !attribute
            && !block.byte_range().contains(&at)
            && !imports.iter().any(|i| i.byte_range().contains(&at));
        !elsewhere
    });
    if elsewhere {
        return vec![removal];
    }
    let [import] = imports[..] else {
        return Vec::new();
    };
    let range = import.byte_range();
    // The fix rewrites the import (it adds `TypeVar` to it): its new text loses the flag.
    if let Some(edit) = edits
        .iter_mut()
        .find(|e| e.start == range.start && e.end == range.end)
    {
        return match without(&edit.content, FLAG) {
            Some(content) => {
                edit.content = content;
                vec![removal]
            }
            None => Vec::new(),
        };
    }
    if edits.iter().any(|e| touches(e, &range)) {
        return Vec::new();
    }
    match without(text(import, src), FLAG) {
        Some(content) => vec![
            Edit {
                start: range.start,
                end: range.end,
                content,
            },
            removal,
        ],
        None => Vec::new(),
    }
}

/// The names a `from ... import` statement imports (as written, `a as b` whole).
fn names<'s>(import: Node, src: &'s str) -> Vec<&'s str> {
    let mut cursor = import.walk();
    (import.children_by_field_name("name", &mut cursor))
        .map(|n| text(n, src))
        .collect()
}

/// `from typing import TYPE_CHECKING, TypeVar` without `name`, on one line or one name a line
/// in parentheses; `None` when nothing would be left or the statement has a comment.
fn without(statement: &str, name: &str) -> Option<String> {
    if statement.contains('#') || statement.contains('\\') {
        return None;
    }
    let (head, names) = statement.split_once(" import ")?;
    let wrapped = names.trim_start().starts_with('(');
    let list = names.trim().trim_start_matches('(').trim_end_matches(')');
    let left: Vec<&str> = (list.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != name)
        .collect();
    if left.is_empty() || left.len() == list.split(',').filter(|n| !n.trim().is_empty()).count() {
        return None;
    }
    match wrapped && statement.contains('\n') {
        true => {
            let kept: Vec<&str> = (statement.lines())
                .filter(|line| line.trim().trim_end_matches(',') != name)
                .collect();
            Some(kept.join("\n"))
        }
        false => Some(format!("{head} import {}", left.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::without;

    #[test]
    fn the_flag_leaves_its_import_only_where_a_name_is_left() {
        let flag = "TYPE_CHECKING";
        assert_eq!(
            without("from typing import TYPE_CHECKING, TypeVar", flag).as_deref(),
            Some("from typing import TypeVar")
        );
        assert_eq!(
            without(
                "from typing import (\n    TYPE_CHECKING,\n    TypeVar,\n)",
                flag
            )
            .as_deref(),
            Some("from typing import (\n    TypeVar,\n)")
        );
        assert!(without("from typing import TYPE_CHECKING", flag).is_none());
        assert!(without("from typing import Any", flag).is_none());
        assert!(without("from typing import TYPE_CHECKING, Any  # noqa", flag).is_none());
    }
}
