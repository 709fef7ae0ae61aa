//! A name the fix needs at run time that the module imports only under `if TYPE_CHECKING:`
//! (`TypeVar`, which the helper calls): the fix imports it at run time, and takes it out of the
//! `TYPE_CHECKING` import, where it would redefine a name already bound (F811) and be a runtime
//! name imported for type checkers only (TC004).

use tree_sitter::Node;

use super::edit::Edit;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{statements, text};

/// The edit that takes `name` out of a `from <module> import ...` (one of `modules`) under a
/// top-level `if TYPE_CHECKING:` with no other branch: the name alone among several on one line,
/// or the statement's line where the block keeps another statement. `None` otherwise (the
/// block would be left empty).
pub(super) fn moved_out(
    root: Node,
    source: &SourceFile,
    name: &str,
    modules: &[&str],
) -> Option<Edit> {
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
                (false, _) => Some(Edit {
                    start: range.start,
                    end: range.end,
                    content: format!("from {} import {}", text(module, src), others.join(", ")),
                }),
                (true, true) => Some(Edit {
                    start: source.line_start(range.start),
                    end: source.next_line_start(range.end),
                    content: String::new(),
                }),
                (true, false) => None,
            }
        })
    })
}
