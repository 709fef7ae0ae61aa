//! What the pipeline is asked to do: the mode (findings, the fix, or the audit; never a command)
//! and the options of one file.

use std::path::Path;
use std::sync::Arc;

use crate::detect::Project;
use crate::project::factories::{FactoryIndex, FactoryRef};
use crate::project::facts::ProjectFacts;
use crate::project::paths;
use crate::settings::Settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Findings only.
    Check,
    /// Findings and the fixed text.
    Fix,
    /// Every task-creation site, with what happens to it.
    Audit,
}

#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Parse every file whole, not only what the prefilter selects (to prove it loses nothing).
    pub no_prefilter: bool,
    /// The settings of the project the file belongs to.
    pub settings: Arc<Settings>,
    /// The run's task factories.
    pub factories: Arc<FactoryIndex>,
    /// The file, canonical, when it has a path (imports of factories resolve from it).
    pub file: Option<std::path::PathBuf>,
    /// `Mode::Fix` of one site only: the (line, column) its finding reports (the language
    /// server's quick fix). Every site is still found and reported.
    pub select: Option<(usize, usize)>,
    /// The text is a notebook's code cells (top-level `await` is legal).
    pub notebook: bool,
    /// `fix --strategy helper` of a file in a package: the package's helper module.
    pub helper_module: Option<crate::project::helper_home::HelperModule>,
    /// The run's facts of the project's other files (the helper module's package), read once
    /// per run.
    pub facts: Arc<ProjectFacts>,
}

impl Options {
    /// Whether the file is test code (see [`paths::is_test_file`]): its dropped factory results
    /// do not change the factory, unless code outside the tests drops them too.
    pub fn in_tests(&self) -> bool {
        let root = self.settings.source.as_deref().and_then(Path::parent);
        self.file
            .as_deref()
            .is_some_and(|file| paths::is_test_file(file, root))
    }

    /// Whether `fix` keeps this dropped factory result at its call site rather than in the
    /// factory: in a test, when no code outside the tests drops it.
    pub(super) fn fixed_at_call(&self, factory: &FactoryRef) -> bool {
        self.in_tests() && !self.factories.is_used(factory)
    }

    pub(super) fn project(&self) -> Project<'_> {
        Project {
            factories: &self.factories,
            file: self.file.as_deref(),
        }
    }
}
