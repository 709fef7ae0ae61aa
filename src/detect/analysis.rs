//! One file's analysis: the dropped tasks of its statements, then the tasks lost in locals that
//! only the inventory sees.

use tree_sitter::Tree;

use super::statements::{Detection, Project, detect};
use super::{inventory, lost};
use crate::scan::source::SourceFile;
use crate::settings::Settings;

/// Detection, then the inventory of every task site, then the tasks lost in locals that only
/// the inventory sees (`rebound`, `dying-container`): the one list of dropped tasks that
/// `check` reports, `fix` plans from and `audit` lists, and the one inventory that `audit`
/// describes and the factories are read from.
pub fn analyse<'t, 's>(
    tree: &'t Tree,
    source: &SourceFile<'s>,
    settings: &Settings,
    project: Project,
) -> Detection<'t, 's> {
    let mut detection = detect(tree, source, settings, project);
    let mut sites = inventory::inventory(tree, source, settings, &detection);
    let lost = lost::lost_locals(tree, source, &detection, &sites);
    // The inventory's entry of a task lost in a local takes its kind.
    for found in &lost {
        if let Some(site) = sites.iter_mut().find(|s| s.call.id() == found.call.id()) {
            site.kind = Some(found.kind);
            site.unfixable = found.unfixable;
        }
    }
    if !lost.is_empty() {
        detection.sites.extend(lost);
        detection.sites.sort_by_key(|s| s.stmt.start_byte());
    }
    detection.inventory = sites;
    detection
}
