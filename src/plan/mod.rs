//! The fix planner: dropped-task sites in, byte-range edits out.

mod background_set;
mod rewrite;

use tree_sitter::Node;

use crate::detect::Detection;
use crate::edit::Edit;
use crate::source::SourceFile;
use crate::syntax::walk_statements;

/// The name the asyncio docs give the set, and the temporary name for a task.
pub const SET_NAME: &str = "_background_tasks";
pub const TASK_NAME: &str = "task";

/// Plans the edits that fix every fixable site in the file. No edits when there is nothing to fix.
pub fn plan<'s>(
    source: &SourceFile<'s>,
    root: Node,
    detection: &mut Detection<'_, 's>,
) -> Vec<Edit> {
    let sites: Vec<_> = detection
        .sites
        .iter()
        .filter(|site| site.unfixable.is_none())
        .copied()
        .collect();
    if sites.is_empty() {
        return Vec::new();
    }
    let set = background_set::choose(source, root, detection, &sites);
    let unit = indent_unit(source, root);
    let mut edits = rewrite::sites(source, &sites, &set.name, &unit, &mut detection.scopes);
    edits.extend(set.declaration);
    edits
}

/// One level of indentation as the file writes it (four spaces when it has no indented block).
fn indent_unit(source: &SourceFile, root: Node) -> String {
    let mut unit = None;
    walk_statements(root, |node, ancestors| {
        let [.., header, block] = ancestors else {
            return;
        };
        if unit.is_some() || block.kind() != "block" || !source.starts_line(block.start_byte()) {
            return;
        }
        let inner = source.indentation(node.start_byte());
        let outer = source.indentation(header.start_byte());
        if let Some(step) = inner.strip_prefix(outer).filter(|s| !s.is_empty()) {
            unit = Some(step.to_owned());
        }
    });
    unit.unwrap_or_else(|| "    ".to_owned())
}
