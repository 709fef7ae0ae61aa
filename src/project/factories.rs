//! The index of the project's task factories: which file defines which, and how a call in
//! another file resolves to one.
//!
//! ## What it does
//! Finds task factories — functions and methods that return a task they created and keep no other
//! reference to it — and reports the calls that drop their result (`factory-result`):
//!
//! ```python
//! def spawn(coro):
//!     return asyncio.create_task(coro)
//!
//! spawn(work())  # the task is dropped here
//! ```
//!
//! ## Why is this bad?
//! The caller owns the task the factory hands back. A caller that drops it drops the only strong
//! reference, and the task can be garbage-collected mid-run, as with `create_task` itself.
//!
//! ## Fix
//! The factory keeps the task (in the strategy's set, helper or owner), once, so every caller is
//! covered, including those that keep the result: the set drops the task when it is done. The
//! edit goes to the factory's file; the finding stays where the task is dropped.
//!
//! ## How calls are resolved
//! Factories are found once per run, before the files are analysed: a line scan picks the files
//! that may hold one ([`may_define`]) and the inventory of each confirms it. A call resolves to a
//! factory in its own module, through `self.`/`cls.` inside the factory's class, and across the
//! project through imports (`from .tasks import spawn`, `import pkg.tasks as t`,
//! `from pkg import tasks`), matched against the files' paths. An `async def` factory drops its
//! task at `await factory()` as a statement. Factories of factories are not followed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use memchr::memmem;

use super::file_factories::Module;
pub use super::file_factories::{Factory, FactoryRef, FileFactories};
use super::handlers::HandlerIndex;
use super::keepers::{KeeperDef, KeeperModule};
use super::loop_runners::{Candidate, LoopRunners};
use super::paths::module_parts;
use super::quiet_coroutines::{Candidates, QuietCoroutines};
use super::self_stores::{SelfStore, SelfStores};
use super::summary::{CallerWords, FileWords};
use super::words::{Search, renamed_on_import, whole_word};

pub use super::may_define::may_define;

mod resolve;

/// Every factory of the run, and which of them some caller drops the result of.
#[derive(Debug, Default, Clone)]
pub struct FactoryIndex {
    modules: Vec<Module>,
    /// (file, qualified name) of factories whose result a caller drops: the ones `fix` keeps.
    used: HashSet<(PathBuf, String)>,
    /// The factories' function names and their modules' last names, sorted, and a search for
    /// each: what a file that may call a factory spells.
    words: Vec<String>,
    search: Search,
    /// Per module, for [`FactoryIndex::may_be_called_by`].
    callers: Vec<CallerWords>,
    /// The modules' last names: an import that spells none and is not relative brings in no
    /// factory ([`may_name`]).
    last_names: HashSet<String>,
    /// `fix`: the files' keepers that take a coroutine, and what a caller of each file's holds.
    keepers: Vec<KeeperModule>,
    /// `audit`: what each function does with what it is handed (see [`super::handlers`]).
    pub handlers: HandlerIndex,
    /// The coroutines that store their own task (see [`super::self_stores`]).
    self_stores: Arc<SelfStores>,
    /// The functions that run the event loop (see [`super::loop_runners`]).
    loop_runners: LoopRunners,
    /// The module globals bound to an event loop (see [`super::module_loops`]).
    module_loops: super::module_loops::ModuleLoops,
    /// `fix`: the classes whose `__new__` hands back an instance it keeps (see
    /// [`super::singletons`]).
    singletons: super::singletons::Singletons,
    /// `fix --strategy owner`: the classes built only for one call (see [`super::per_call`]).
    per_call: super::per_call::PerCall,
    /// The coroutines of other modules that may never suspend (see
    /// [`super::quiet_coroutines`]).
    quiet: QuietCoroutines,
}

impl FactoryIndex {
    /// Adds one file's factories (`file` canonical). Call [`FactoryIndex::finish`] after the last.
    pub fn add(&mut self, file: PathBuf, display: String, factories: Vec<Factory>) {
        if factories.is_empty() {
            return;
        }
        let parts = module_parts(&file);
        let module = Module {
            file,
            display,
            parts,
            factories,
        };
        self.callers.extend(caller_words(&module));
        self.last_names.extend(module.parts.last().cloned());
        self.last_names.extend(package_of(&module).cloned());
        self.modules.push(module);
    }

    /// Adds one file's keepers that take a coroutine (`file` canonical), which files that
    /// import them can call.
    pub fn add_keepers(&mut self, file: PathBuf, keepers: Vec<KeeperDef>, standalone: bool) {
        if !keepers.is_empty() {
            self.keepers
                .push(KeeperModule::new(file, keepers, standalone));
        }
    }

    /// Adds one file's functions that run the event loop.
    pub fn add_loop_runners(&mut self, file: PathBuf, display: String, found: Vec<Candidate>) {
        self.loop_runners.add(file, display, found);
    }

    /// Adds one file's module globals bound to an event loop.
    pub fn add_module_loops(&mut self, file: PathBuf, names: Vec<String>) {
        self.module_loops.add(file, names);
    }

    /// Adds one file's singleton classes.
    pub fn add_singletons(&mut self, file: PathBuf, classes: Vec<String>) {
        self.singletons.add(file, classes);
    }

    /// Adds one file's constructions of classes (`fix --strategy owner`).
    pub fn add_constructions(&mut self, found: super::per_call::Constructions) {
        self.per_call.add(found);
    }

    /// Whether some module of the run defines a singleton class (`fix` only).
    pub fn has_singletons(&self) -> bool {
        !self.singletons.is_empty()
    }

    /// Whether the bytes call `create_task` on a name some module binds to its event loop.
    pub fn spells_a_module_loop(&self, bytes: &[u8]) -> bool {
        self.module_loops.spelled_in(bytes)
    }

    /// Whether some module of the run binds a global to an event loop.
    pub fn has_module_loops(&self) -> bool {
        !self.module_loops.is_empty()
    }

    /// Adds a file that may define coroutines that never suspend, read only if an import asks
    /// (`file` canonical, `path` where the walk read it), or if a proof's stop asks for a name
    /// it spells `async def` for (their hashes, `names`).
    pub fn add_quiet_unread(
        &mut self,
        file: PathBuf,
        path: PathBuf,
        display: String,
        names: Box<[u16]>,
    ) {
        self.quiet.add_unread(file, path, display, names);
    }

    /// Adds one file's coroutines that may never suspend (its text, `file` canonical).
    pub fn add_quiet(&mut self, file: PathBuf, display: String, text: &str, found: Candidates) {
        self.quiet.add(file, display, text, found);
    }

    /// Adds the methods of a file that spells `async def`, scanned now (see
    /// [`super::quiet_methods`]).
    pub fn add_quiet_methods(&mut self, file: PathBuf, display: String, text: &str) {
        self.quiet.add_methods(file, display, text);
    }

    /// Adds a package's `__init__.py`, read only if an import names the package (see
    /// [`super::reexports`]).
    pub fn add_package(&mut self, file: PathBuf, path: PathBuf) {
        self.quiet.add_package(file, path);
    }

    /// Whether some module of the run may have a coroutine that never suspends.
    pub fn has_quiet(&self) -> bool {
        !self.quiet.is_empty()
    }

    /// Whether some function of the run runs the event loop.
    pub fn has_loop_runners(&self) -> bool {
        !self.loop_runners.is_empty()
    }

    /// Adds one file's coroutines that store their own task.
    pub fn add_self_stores(&mut self, found: Vec<SelfStore>) {
        if !found.is_empty() {
            Arc::make_mut(&mut self.self_stores).add(found);
        }
    }

    /// Orders the modules (the walk is parallel; resolution must not depend on its order) and
    /// builds the name search.
    pub fn finish(&mut self) {
        Arc::make_mut(&mut self.self_stores).finish();
        self.loop_runners.finish();
        self.module_loops.finish();
        self.singletons.finish();
        self.per_call.finish();
        self.quiet.finish();
        let stores = Arc::clone(&self.self_stores);
        for module in &mut self.modules {
            for factory in &mut module.factories {
                let found = (factory.coroutine.as_ref())
                    .and_then(|c| stores.find(c, Some(module.file.as_path())));
                factory.stores_itself = found.cloned().map(Arc::new);
            }
        }
        self.modules.sort_by(|a, b| a.file.cmp(&b.file));
        self.keepers.sort_by(|a, b| a.file.cmp(&b.file));
        let mut words: Vec<String> = self
            .modules
            .iter()
            .flat_map(|m| {
                let functions = m.factories.iter().map(|f| f.function.clone());
                functions
                    .chain(m.parts.last().cloned())
                    .chain(package_of(m).cloned())
            })
            .collect();
        words.sort();
        words.dedup();
        self.search = Search::new(&words);
        self.words = words;
        self.callers = self.modules.iter().flat_map(caller_words).collect();
        self.handlers.finish();
    }

    /// No factory and no keeper: nothing for a file's imports to bring in.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty() && self.keepers.is_empty()
    }

    /// Every factory, for the summary of a run.
    pub fn len(&self) -> usize {
        self.modules.iter().map(|m| m.factories.len()).sum()
    }

    /// A caller drops the result of this factory: `fix` keeps its task.
    pub fn mark_used(&mut self, factory: &FactoryRef) {
        self.used
            .insert((factory.file.clone(), factory.name.clone()));
    }

    /// Whether some caller outside the tests drops the factory's result (see [`Self::mark_used`]).
    pub fn is_used(&self, factory: &FactoryRef) -> bool {
        self.used
            .contains(&(factory.file.clone(), factory.name.clone()))
    }

    /// The qualified names of the file's factories that `fix` must keep the task of.
    pub fn used_in(&self, file: Option<&Path>) -> HashSet<String> {
        let mine =
            |(f, name): &(PathBuf, String)| (Some(f.as_path()) == file).then(|| name.clone());
        self.used.iter().filter_map(mine).collect()
    }

    /// Whether the file defines a factory.
    pub fn defines(&self, file: Option<&Path>) -> bool {
        file.is_some_and(|file| self.modules.iter().any(|m| m.file == file))
    }

    /// Whether the bytes may call a factory. In the factory's own file: a call of it (`name(`
    /// outside its `def`). Elsewhere: its name and its module's last name as words (`tasks` of
    /// `pkg/tasks.py`, which an import must name; `spawn as start` renames the call). The
    /// prefilter knows only asyncio's names, so such a file is parsed whole.
    pub fn may_be_called(&self, file: Option<&Path>, bytes: &[u8]) -> bool {
        let Some((seen, used)) = self.marks(bytes) else {
            return false;
        };
        let hit = |word: &str, marks: &[bool]| {
            self.words
                .binary_search_by(|w| w.as_str().cmp(word))
                .is_ok_and(|i| marks[i])
        };
        self.modules.iter().any(|m| {
            let own = Some(m.file.as_path()) == file;
            m.factories.iter().any(|f| {
                if own {
                    hit(&f.function, &used)
                } else {
                    f.class.is_none()
                        && hit(&f.function, &seen)
                        && (m.parts.last().is_some_and(|last| hit(last, &seen))
                            || package_of(m).is_some_and(|package| hit(package, &seen)))
                }
            })
        })
    }

    /// Whether a file that defines no factory, known by its words only, may call one: never
    /// "no" where [`FactoryIndex::may_be_called`] says "yes" of its bytes, nor where a factory
    /// of a package's `__init__.py` can be imported without naming the package
    /// (`from . import spawn`): the file is analysed again, with the factories, as when every
    /// file was read after they were found.
    pub fn may_be_called_by(&self, words: &FileWords) -> bool {
        match self.search {
            Search::Nothing => false,
            Search::Words { .. } => self.may_be_called_so_far(words),
        }
    }

    /// [`FactoryIndex::may_be_called_by`] before [`FactoryIndex::finish`]: of the factories
    /// added so far.
    pub fn may_be_called_so_far(&self, words: &FileWords) -> bool {
        self.callers.iter().any(|c| c.may_be_in(words))
    }

    /// Whether a file known by its words may import a keeper that takes a coroutine: only a
    /// file with a fixable finding asks, since only its fix can call one.
    pub fn may_call_keeper(&self, words: &FileWords, file: &Path) -> bool {
        self.keepers.iter().any(|k| k.may_be_called_by(words, file))
    }

    /// Whether the module-level imports of `bytes` (the file at `file`) may bring in one of the
    /// keepers: [`Self::may_call_keeper`], read off the file's own import lines.
    pub fn may_import_keeper(&self, bytes: &[u8], file: &Path) -> bool {
        let imports = super::keepers::import_text(bytes);
        self.keepers
            .iter()
            .any(|k| k.may_be_imported_by(&imports, file))
    }

    /// Per word of the factories: mentioned at all, and mentioned outside a `def` line's name;
    /// `None` when there is nothing to search.
    fn marks(&self, bytes: &[u8]) -> Option<(Vec<bool>, Vec<bool>)> {
        let mut seen = vec![false; self.words.len()];
        let mut used = vec![false; self.words.len()];
        let mut mark = |i: usize, at: usize| {
            seen[i] = true;
            used[i] |= !bytes[..at].ends_with(b"def ");
        };
        let Search::Words {
            table,
            table_words,
            each,
        } = &self.search
        else {
            return None;
        };
        if let Some(table) = table {
            table.each_found(bytes, |word, at| mark(table_words[word], at));
        }
        for (i, finder) in each {
            let length = finder.needle().len();
            for at in finder.find_iter(bytes) {
                if whole_word(bytes, at, at + length) {
                    mark(*i, at);
                }
            }
        }
        Some((seen, used))
    }

    /// The factories' function names, for [`crate::scan::prefilter::examine_with`] on a file that may
    /// call one; `None` when the file renames one on import (`import spawn as start`): its calls
    /// do not spell it, so the file is parsed whole.
    pub fn spelled_names(&self, bytes: &[u8]) -> Option<Vec<&[u8]>> {
        let mut names: Vec<&[u8]> = self
            .modules
            .iter()
            .flat_map(|m| m.factories.iter().map(|f| f.function.as_bytes()))
            .collect();
        names.sort_unstable();
        names.dedup();
        let renamed = names.iter().any(|name| {
            let needle = [name, b" as ".as_slice()].concat();
            memmem::find_iter(bytes, &needle).any(|at| renamed_on_import(bytes, at))
        });
        (!renamed).then_some(names)
    }
}

/// What a file that calls one of the module's factories must hold: the module's name, or
/// its package's, which may re-export the factory ([`super::reexports`]).
fn caller_words(m: &Module) -> impl Iterator<Item = CallerWords> + '_ {
    let package = m.file.ends_with("__init__.py");
    let last = m.parts.last().filter(|_| !package);
    let functions = || (m.factories.iter().filter(|f| f.class.is_none())).map(|f| &*f.function);
    let own = CallerWords::new(last.map(String::as_str), functions())
        .in_package(m.parts.last().filter(|_| package).map(String::as_str));
    let reexported = package_of(m).map(|p| CallerWords::new(Some(p), functions()));
    std::iter::once(own).chain(reexported)
}

/// The package of a module that is not one (`pkg` of `pkg.tasks`), whose `__init__.py` may
/// re-export its factories: a caller of one through it names the package, not the module.
fn package_of(m: &Module) -> Option<&String> {
    let package = m.file.ends_with("__init__.py");
    (!package && m.parts.len() > 1).then(|| &m.parts[m.parts.len() - 2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::words::ONE_PASS_FROM;

    fn index(files: &[(&str, &str)]) -> FactoryIndex {
        let mut index = FactoryIndex::default();
        for (file, function) in files {
            let factory = Factory {
                function: function.to_string(),
                class: None,
                is_async: false,
                line: 1,
                returns: None,
                coroutine: None,
                stores_itself: None,
                hands_on: None,
                or_none: false,
            };
            index.add(PathBuf::from(file), file.to_string(), vec![factory]);
        }
        index.finish();
        index
    }

    #[test]
    fn a_call_needs_the_name_and_the_module_as_whole_words() {
        let index = index(&[("/p/pkg/tasks.py", "spawn"), ("/p/pkg/jobs.py", "spawner")]);
        let other = Some(Path::new("/p/main.py"));
        let calls = |text: &str| index.may_be_called(other, text.as_bytes());
        assert!(calls("from pkg.tasks import spawn\nspawn(work())\n"));
        assert!(calls("from pkg import jobs\njobs.spawner(work())\n"));
        // Longer words that contain them, and one without the other, are no call.
        assert!(!calls(
            "from pkg.subtasks import respawn\nrespawn(work())\n"
        ));
        assert!(!calls("spawn(work())\n"));
        assert!(!calls("import tasks\n"));
    }

    #[test]
    fn many_words_are_searched_in_one_pass_with_the_same_answers() {
        let names: Vec<(String, String)> = (0..ONE_PASS_FROM)
            .map(|i| (format!("/p/pkg/mod{i}.py"), format!("spawn{i}")))
            .collect();
        let files: Vec<(&str, &str)> = names
            .iter()
            .map(|(f, n)| (f.as_str(), n.as_str()))
            .collect();
        let index = index(&files);
        assert!(matches!(
            &index.search,
            Search::Words { table: Some(_), .. }
        ));
        let other = Some(Path::new("/p/main.py"));
        let calls = |text: &str| index.may_be_called(other, text.as_bytes());
        assert!(calls("from pkg.mod3 import spawn3\nspawn3(work())\n"));
        assert!(calls("from pkg import mod12\nmod12.spawn12(work())\n"));
        // `spawn1` inside `spawn12`, `mod1` inside `mod12`: no whole word of theirs.
        assert!(!calls(
            "from pkg.mod12 import spawn12x\nxspawn1(work())\nmod1x\n"
        ));
        assert!(!calls("spawn3(work())\n"));
    }

    #[test]
    fn a_files_words_say_yes_wherever_its_bytes_do() {
        use crate::project::summary::FileWords;
        let index = index(&[("/p/pkg/tasks.py", "spawn"), ("/p/my-jobs.py", "start")]);
        let other = Some(Path::new("/p/main.py"));
        for text in [
            "from pkg.tasks import spawn\nspawn(work())\n",
            "from pkg import tasks\ntasks.spawn(work())\n",
            "from pkg.tasks import spawn as go\ngo(work())\n",
            "x = 'my-jobs'\nstart(work())\n",
            "spawn(work())\n",
            "import tasks\n",
            "x = 1\n",
        ] {
            let by_words = index.may_be_called_by(&FileWords::of(text.as_bytes()));
            assert!(
                by_words || !index.may_be_called(other, text.as_bytes()),
                "{text}"
            );
        }
        // A package's factory is imported without naming it (`from . import spawn`).
        let package = self::index(&[("/p/pkg/__init__.py", "spawn")]);
        assert!(package.may_be_called_by(&FileWords::of(b"from . import spawn\nspawn(w())\n")));
        assert!(!package.may_be_called_by(&FileWords::of(b"from . import other\n")));
        // Before `finish`: of the factories added so far.
        let mut so_far = FactoryIndex::default();
        let spawn = FileWords::of(b"from pkg.tasks import spawn\n");
        assert!(!so_far.may_be_called_so_far(&spawn));
        let tasks = index
            .modules
            .iter()
            .find(|m| m.file.ends_with("tasks.py"))
            .unwrap();
        so_far.add(tasks.file.clone(), String::new(), tasks.factories.clone());
        assert!(so_far.may_be_called_so_far(&spawn));
    }

    #[test]
    fn in_its_own_file_a_factory_is_called_outside_its_def() {
        let index = index(&[("/p/pkg/tasks.py", "spawn")]);
        let own = Some(Path::new("/p/pkg/tasks.py"));
        let def = "def spawn(coro):\n    return asyncio.create_task(coro)\n";
        assert!(!index.may_be_called(own, def.as_bytes()));
        assert!(index.may_be_called(own, format!("{def}spawn(work())\n").as_bytes()));
    }

    #[test]
    fn a_module_name_that_is_no_identifier_is_searched_too() {
        // `my-tasks` holds a byte that is no word character: searched on its own.
        let index = index(&[("/p/my-tasks.py", "spawn")]);
        let other = Some(Path::new("/p/main.py"));
        assert!(index.may_be_called(other, b"x = 'my-tasks'\nspawn(work())\n"));
        assert!(!index.may_be_called(other, b"x = 'my-tasksx'\nspawn(work())\n"));
    }
}
