//! One file's analysis: the dropped tasks of its statements, then the tasks lost in locals that
//! only the inventory sees.

use tree_sitter::Tree;

use super::inventory;
use super::statements::{Detection, Project, detect};
use crate::scan::source::SourceFile;
use crate::settings::Settings;

/// Detection, then the tasks lost in locals that only the inventory sees (`rebound`,
/// `dying-container`): the one list of dropped tasks that `check` reports, `fix` plans from and
/// `audit` lists.
pub fn analyse<'t, 's>(
    tree: &'t Tree,
    source: &SourceFile<'s>,
    settings: &Settings,
    project: Project,
) -> Detection<'t, 's> {
    let mut detection = detect(tree, source, settings, project);
    let lost = inventory::lost_locals(tree, source, settings, &detection);
    if !lost.is_empty() {
        detection.sites.extend(lost);
        detection.sites.sort_by_key(|s| s.stmt.start_byte());
    }
    detection
}
