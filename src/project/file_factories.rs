//! The project's task factories as plain data, and the ones one file can call, as its own
//! definitions and its imports spell them: what the analysis of that file resolves a call
//! against (the index that finds them is [`super::factories`]).

use std::collections::HashMap;

use std::path::PathBuf;

use super::handlers::FileHandlers;
use super::keepers::ImportedKeeper;
use super::self_stores::{Coroutine, SelfStore, SelfStores};
use super::summaries::Returns;

/// A factory a call resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FactoryRef {
    /// The factory's file, canonical: what imports resolve to.
    pub file: PathBuf,
    /// The file as the user sees it.
    pub display: String,
    /// `spawn`, or `Worker.start` for a method.
    pub name: String,
    /// The line of its `def`.
    pub line: usize,
    pub is_async: bool,
    /// A task on some paths only: which calls get one (see [`super::summaries`]).
    pub returns: Option<std::sync::Arc<Returns>>,
    /// The coroutine its task runs stores its own task (see [`super::self_stores`]).
    pub stores_itself: Option<std::sync::Arc<SelfStore>>,
    /// The positional parameter whose coroutine its task runs as it is handed (see
    /// [`Factory::hands_on`]).
    pub hands_on: Option<usize>,
    /// `None` where it makes no task (see [`Factory::or_none`]).
    pub or_none: bool,
}

/// One factory defined in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factory {
    pub function: String,
    pub class: Option<String>,
    pub is_async: bool,
    pub line: usize,
    /// A task on some paths only (`None`: on every path).
    pub returns: Option<std::sync::Arc<Returns>>,
    /// The coroutine every task it returns runs, as its module resolves it.
    pub coroutine: Option<Coroutine>,
    /// That coroutine stores its own task: set once every file was walked.
    pub stores_itself: Option<std::sync::Arc<SelfStore>>,
    /// A module function that hands its positional parameter at this position, as it is, to
    /// asyncio's own creator for every task it returns (`detect/factory.rs`).
    pub hands_on: Option<usize>,
    /// A module function that returns `None` on the paths where it makes no task, and one of
    /// its tasks on every other (`detect/factory.rs`): its result may be `None`, so only the
    /// factory, where the value is the task, can keep it.
    pub or_none: bool,
}

impl Factory {
    pub fn qualified(&self) -> String {
        match &self.class {
            Some(class) => format!("{class}.{}", self.function),
            None => self.function.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Module {
    pub(super) file: PathBuf,
    pub(super) display: String,
    /// The file's path as module names: `/src/pkg/tasks.py` → `src`, `pkg`, `tasks`; a package's
    /// `__init__.py` stands for the package.
    pub(super) parts: Vec<String>,
    pub(super) factories: Vec<Factory>,
}

/// The factories one file can call, by how it spells them.
#[derive(Debug, Default)]
pub struct FileFactories {
    pub refs: Vec<FactoryRef>,
    /// `spawn`, `tasks.spawn`, `pkg.tasks.spawn` → index into `refs`.
    pub(super) callees: HashMap<String, usize>,
    /// (class, method) → index into `refs`, for `self.method` / `cls.method` inside the class.
    pub(super) methods: HashMap<(String, String), usize>,
    /// The keepers of other files that take a coroutine, as its imports spell them.
    pub keepers: Vec<ImportedKeeper>,
    /// What the functions it can call do with what they are handed.
    pub handlers: FileHandlers,
    /// The run's coroutines that store their own task.
    pub self_stores: std::sync::Arc<SelfStores>,
    /// The functions that run the event loop, as the file spells them, each with where it
    /// runs it (`file:line`; see [`super::loop_runners`]).
    pub loop_runners: HashMap<String, String>,
    /// The names the file's imports bind to another module's event loop (see
    /// [`super::module_loops`]).
    pub module_loops: Vec<String>,
    /// The singleton classes of other modules, as the file's imports spell them (see
    /// [`super::singletons`]).
    pub singletons: Vec<String>,
    /// The run's classes built only for one call (see [`super::per_call`]).
    pub per_call: std::sync::Arc<std::collections::HashSet<String>>,
    /// The coroutines of other modules that may never suspend, as the file's calls spell them
    /// (see [`super::quiet_coroutines`]).
    pub quiet: super::quiet_coroutines::QuietImports,
}

impl FileFactories {
    pub(super) fn push(&mut self, module: &Module, factory: &Factory) -> usize {
        let reference = FactoryRef {
            file: module.file.clone(),
            display: module.display.clone(),
            name: factory.qualified(),
            line: factory.line,
            is_async: factory.is_async,
            returns: factory.returns.clone(),
            stores_itself: factory.stores_itself.clone(),
            hands_on: factory.hands_on,
            or_none: factory.or_none,
        };
        match self.refs.iter().position(|r| *r == reference) {
            Some(at) => at,
            None => {
                self.refs.push(reference);
                self.refs.len() - 1
            }
        }
    }

    /// `local.function` for each plain function factory of the module (`function` alone for a
    /// wildcard import).
    pub(super) fn module_functions(&mut self, module: &Module, local: &str) {
        for factory in module.factories.iter().filter(|f| f.class.is_none()) {
            let at = self.push(module, factory);
            let spelling = if local.is_empty() {
                factory.function.clone()
            } else {
                format!("{local}.{}", factory.function)
            };
            self.callees.entry(spelling).or_insert(at);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }

    /// The factory `callee` (as written, whitespace removed) names, called from inside `class`.
    pub fn lookup(&self, callee: &str, class: Option<&str>) -> Option<usize> {
        if let Some(&at) = self.callees.get(callee) {
            return Some(at);
        }
        let method = callee
            .strip_prefix("self.")
            .or_else(|| callee.strip_prefix("cls."))?;
        let class = class?;
        self.methods
            .get(&(class.to_owned(), method.to_owned()))
            .copied()
    }

    /// The last names the file calls factories by (`start` after `import spawn as start`), for
    /// the search of statements that may call one.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        let callees = self
            .callees
            .keys()
            .map(|c| c.rsplit('.').next().unwrap_or(c));
        callees.chain(self.methods.keys().map(|(_, method)| method.as_str()))
    }
}
