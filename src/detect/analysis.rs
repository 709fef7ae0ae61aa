//! One file's analysis: its facts, then its task sites in one walk, then the fate of the tasks
//! kept in locals. The one list of sites that `check`, `audit`, `fix` and the server read.

use tree_sitter::Tree;

use super::dropped::Dropped;
use super::facts::{self, Facts, Project};
use super::kinds::{Detector, RULES};
use super::loop_factory::{self, LoopFactory};
use super::scope::Scopes;
use super::sites;
use super::task_site::TaskSite;
use crate::scan::source::SourceFile;
use crate::settings::Settings;

/// Everything the analysis learned about one file; the planner reuses it.
pub struct Detection<'t, 's> {
    pub facts: Facts,
    /// The names each scope binds and reads, as classifying the sites read them.
    pub scopes: Scopes<'s>,
    /// Every task site of the file, dropped or not, in source order.
    pub sites: Vec<TaskSite<'t>>,
    /// `loop.set_task_factory(f)` calls whose factory keeps its tasks.
    pub loop_factories: Vec<LoopFactory>,
    /// Whether the kinds in preview are reported (`preview`).
    pub preview: bool,
}

impl<'t> Detection<'t, '_> {
    /// The drops `check` reports, in the order of their statements.
    pub fn dropped(&self) -> Vec<Dropped<'t>> {
        let mut dropped: Vec<Dropped> = (self.sites.iter())
            .filter_map(|s| s.drop().filter(|d| self.reports(d)))
            .collect();
        dropped.sort_by_key(|d| d.stmt.start_byte());
        dropped
    }

    /// The functions the `unknown` sites hand their task to, by the names a summary of one is
    /// found by (see [`super::handed::asked`]): `audit` builds summaries after the walk for
    /// these alone.
    pub fn handed_to(&self, src: &str) -> Vec<String> {
        super::handed::asked(&self.sites, src)
    }

    /// Whether `check` reports the drop: its kind is stable, or the kinds in preview are on.
    pub fn reports(&self, drop: &Dropped) -> bool {
        self.preview || !drop.kind.rule().is_preview()
    }
}

/// The analysis of a parsed, error-free file: its facts, every task site with what becomes of
/// its reference (and how it is dropped, when it is), then the tasks lost in locals
/// (`rebound`, `dying-container`), marked on the same sites.
pub fn analyse<'t, 's>(
    tree: &'t Tree,
    source: &SourceFile<'s>,
    settings: &Settings,
    project: Project,
) -> Detection<'t, 's> {
    let facts = facts::gather(tree, source, project, settings.ignore_noqa);
    let (mut sites, scopes) = sites::enumerate(tree, source, settings, &facts);
    for rule in RULES {
        for detector in rule.detect {
            if let Detector::Sites(mark) = detector {
                mark(tree, source, &facts, &mut sites);
            }
        }
    }
    let loop_factories = loop_factory::mark_loop_factories(tree, source, &mut sites);
    super::engine_loops::mark_workflow_loops(tree, source, &mut sites);
    super::first_step::mark(source, &facts, &mut sites);
    super::first_step_across::mark(source, &facts, &mut sites);
    super::first_step_instance::mark(source, &facts, &mut sites);
    super::future_wait::mark(source, &mut sites);
    super::handed_wait::mark(source, &mut sites);
    super::first_step_imported::mark(source, &facts, &mut sites);
    super::yields_only::mark(source, &facts, &mut sites);
    super::not_a_task::mark(tree.root_node(), source.text, &mut sites);
    super::not_coroutine::mark(source, &mut sites);
    super::no_loop_thread::mark(source.text, &mut sites);
    super::uncalled::mark(tree.root_node(), source.text, &mut sites);
    super::gathered_all::mark(source.text, &mut sites);
    super::idle_loop::mark(source, &facts, &mut sites);
    super::self_kept::mark(tree, source, &facts, &mut sites);
    super::handed::settle(&mut sites, source.text, &facts);
    super::reaped_queue::settle(&mut sites, source.text);
    super::held_across::settle(&mut sites, source.text);
    super::unknown::settle(&mut sites, source.text);
    super::registered_handler::settle(&mut sites, source.text);
    super::from_future::settle(&mut sites, source.text);
    // Last: whatever else was read, such a call raises `NameError` as written.
    let unbound = facts.names.asyncio_unbound;
    super::unbound_asyncio::mark(unbound, source.text, &mut sites);
    Detection {
        facts,
        scopes,
        sites,
        loop_factories,
        preview: settings.preview,
    }
}

/// The analysis of `code` (a snippet, with default settings and no project), handed to `read`:
/// what the unit tests of the analysis look at.
#[cfg(test)]
pub(crate) fn with_analysis<R>(code: &str, read: impl FnOnce(&Detection) -> R) -> R {
    let mut parser = crate::scan::syntax::new_parser();
    let tree = parser
        .parse(code, None)
        .expect("tree-sitter parses any text");
    let source = SourceFile::new(code);
    let none = crate::project::factories::FactoryIndex::default();
    let project = Project {
        factories: &none,
        file: None,
    };
    // The analysis's own tests see every kind.
    let settings = Settings {
        preview: true,
        ..Settings::default()
    };
    read(&analyse(&tree, &source, &settings, project))
}
