//! Coroutines of other modules that may never suspend, for the never-suspends rule across files
//! (`detect/first_step_across.rs`): a module-level `async def` a file imports by name or through
//! its module, and a method of a module's singleton (`obj = C()` at the module's top level, `C`
//! defined there) a file imports by name. A function summary fact, read only when asked.
//!
//! The walk keeps only the paths of the files that spell `async def` (one search). A module's
//! candidates ([`crate::scan::quiet_candidates`]: a byte scan) and its text are read the first
//! time an import of a file with a dropped site may name it, and kept: building them for every
//! file in the walk cost `check` 4% on the corpus, for the few files whose imports ask. Nothing
//! is parsed here; the proof (`detect`'s, which reads the definition's body) runs the first time
//! a file's imports reach a candidate, and is kept.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tree_sitter::Node;

use super::paths::{
    Bound, file_order, import_bindings, last_module_part, last_named, may_name, module_parts,
    named_by,
};
use super::quiet_methods::Spelt;
pub use super::quiet_methods::{FileMethods, QuietMethods};
use super::reexports::{Import, Package, Packages, resolve};
pub use crate::scan::quiet_candidates::Candidates;

/// One module with candidates, its text kept for the proof.
#[derive(Debug)]
pub struct QuietModule {
    pub file: PathBuf,
    /// The file as the user sees it.
    pub display: String,
    parts: Vec<String>,
    pub text: Arc<str>,
    /// Its module-level `async def`s that may never suspend.
    functions: Vec<String>,
    /// Its module-level names bound to an instance of one of its classes.
    singletons: Vec<String>,
    /// Its module-level classes with a coroutine method, whose instances other files make.
    classes: Vec<String>,
    /// Each proof asked (`f`, `obj.m`), once: the evidence, or `None`.
    proofs: Mutex<HashMap<String, Option<String>>>,
}

impl QuietModule {
    /// The module of `text` (after its BOM), when it has candidates (`found`).
    fn of(file: PathBuf, display: String, text: &str, found: Candidates) -> Option<Arc<Self>> {
        let (functions, singletons, classes) = found;
        if functions.is_empty() && singletons.is_empty() && classes.is_empty() {
            return None;
        }
        let parts = module_parts(&file);
        Some(Arc::new(QuietModule {
            file,
            display,
            parts,
            text: Arc::from(text),
            functions,
            singletons,
            classes,
            proofs: Mutex::default(),
        }))
    }

    /// The module of the file's `bytes`, read by the byte scan.
    fn read(file: PathBuf, display: String, bytes: &[u8]) -> Option<Arc<Self>> {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        let found = crate::scan::quiet_candidates::candidates(bytes);
        if found.0.is_empty() && found.1.is_empty() && found.2.is_empty() {
            return None;
        }
        let text = crate::scan::source::decode(bytes).ok()?;
        QuietModule::of(file, display, text, found)
    }

    /// The evidence that `name` (`f`, or `obj.m`) of this module never suspends, proved by
    /// `prove` (handed the module's text) the first time it is asked.
    pub fn proof(
        &self,
        name: &str,
        prove: impl FnOnce(&QuietModule) -> Option<String>,
    ) -> Option<String> {
        let known = self
            .proofs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .cloned();
        if let Some(known) = known {
            return known;
        }
        let proved = prove(self);
        let mut proofs = self.proofs.lock().unwrap_or_else(|e| e.into_inner());
        proofs.insert(name.to_owned(), proved.clone());
        proved
    }
}

/// A file of the walk that may define candidates: its module, read the first time asked.
#[derive(Debug)]
struct Entry {
    /// The file, canonical.
    file: PathBuf,
    /// Where the walk read it.
    path: PathBuf,
    display: String,
    /// The hashes of the names it spells `async def name(` for, sorted, for the proof's stops
    /// ([`super::quiet_methods`]); none when read now.
    names: Box<[u16]>,
    /// Its module (`None`: it has no candidates, or it cannot be read now).
    module: OnceLock<Option<Arc<QuietModule>>>,
}

impl Spelt for Entry {
    fn path(&self) -> &Path {
        &self.path
    }

    fn display(&self) -> &str {
        &self.display
    }

    fn names(&self) -> &[u16] {
        &self.names
    }
}

impl Entry {
    fn module(&self) -> Option<&Arc<QuietModule>> {
        let read = || {
            let bytes = std::fs::read(&self.path).ok()?;
            QuietModule::read(self.file.clone(), self.display.clone(), &bytes)
        };
        self.module.get_or_init(read).as_ref()
    }
}

/// A coroutine a file's call spells (`f`, `m.f`, `obj.m`, `m.obj.m`): its module, and its name
/// there (`f`, or `obj.m`).
#[derive(Debug, Clone)]
pub struct QuietRef {
    pub module: Arc<QuietModule>,
    pub name: String,
    /// `name` is a singleton, whose methods the calls name (`obj.m`).
    pub singleton: bool,
    /// `name` is a class, whose instances the importing file makes (`obj = C()`).
    pub class: bool,
}

/// Every module of the run that may have candidates.
#[derive(Debug, Clone, Default)]
pub struct QuietCoroutines {
    entries: Vec<Arc<Entry>>,
    /// The methods of every file that spells `async def`, for the proof's stops.
    methods: Arc<QuietMethods>,
    /// The entries by their module's last name (`""` for none): an import can only name one
    /// whose last name is the one [`last_named`] gives.
    by_last: Arc<rustc_hash::FxHashMap<String, Vec<Arc<Entry>>>>,
    /// Every package's `__init__.py`, for the names it re-exports ([`super::reexports`]).
    packages: Vec<Arc<Package>>,
    /// The packages by their last name.
    packages_by_last: Arc<Packages>,
}

impl QuietCoroutines {
    /// Adds a package's `__init__.py` (`file` canonical, `path` where the walk read it), read
    /// only if an import names its package.
    pub fn add_package(&mut self, file: PathBuf, path: PathBuf) {
        self.packages.push(Arc::new(Package::new(file, path)));
    }

    /// Adds a file that spells `async def` (`file` canonical, `path` where the walk read it),
    /// to be read only if an import may name it, or a proof's stop a method it defines (the
    /// hashes of its `async def` `names`).
    pub fn add_unread(&mut self, file: PathBuf, path: PathBuf, display: String, names: Box<[u16]>) {
        self.entries.push(Arc::new(Entry {
            file,
            path,
            display,
            names,
            module: OnceLock::new(),
        }));
    }

    /// Adds one file's candidates (`found` by the byte scan of `text`), read now: `fix` may
    /// write the file before an import asks.
    pub fn add(&mut self, file: PathBuf, display: String, text: &str, found: Candidates) {
        let Some(module) = QuietModule::of(file.clone(), display.clone(), text, found) else {
            return;
        };
        self.entries.push(Arc::new(Entry {
            path: file.clone(),
            file,
            display,
            // Its methods are scanned now too ([`QuietCoroutines::add_methods`]).
            names: Box::default(),
            module: OnceLock::from(Some(module)),
        }));
    }

    /// Adds the methods of a file that spells `async def`, scanned now (a run that writes
    /// files: see [`QuietMethods::add`]).
    pub fn add_methods(&mut self, file: PathBuf, display: String, text: &str) {
        Arc::make_mut(&mut self.methods).add(file, display, text);
    }

    /// Whether no file of the run may have candidates (or methods for the proof's stops).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.methods.is_empty()
    }

    /// Every package's `__init__.py` by its last name, for the names it re-exports (after
    /// [`Self::finish`]).
    pub fn packages(&self) -> &Arc<Packages> {
        &self.packages_by_last
    }

    /// Orders the entries (the walk is parallel; resolution must not depend on its order).
    pub fn finish(&mut self) {
        self.entries.sort_by(|a, b| file_order(&a.file, &b.file));
        let spelt = (self.entries.iter()).map(|e| Arc::clone(e) as Arc<dyn Spelt>);
        Arc::make_mut(&mut self.methods).finish(spelt);
        let mut by_last = rustc_hash::FxHashMap::<String, Vec<Arc<Entry>>>::default();
        for entry in &self.entries {
            let last = last_module_part(&entry.file).unwrap_or_default();
            (by_last.entry(last).or_default()).push(Arc::clone(entry));
        }
        self.by_last = Arc::new(by_last);
        self.packages.sort_by(|a, b| file_order(&a.file, &b.file));
        let mut packages = Packages::default();
        for package in &self.packages {
            let last = last_module_part(&package.file).unwrap_or_default();
            packages.entry(last).or_default().push(Arc::clone(package));
        }
        self.packages_by_last = Arc::new(packages);
    }

    /// The file's imports that may reach a candidate, resolved when a call asks
    /// ([`QuietImports::get`]): most files with a dropped task call none, and their imports'
    /// modules are never read.
    pub fn for_file(&self, file: Option<&Path>, imports: &[Node], src: &str) -> QuietImports {
        let mut found = QuietImports {
            file: file.map(Path::to_owned),
            bindings: Vec::new(),
            by_last: Arc::clone(&self.by_last),
            methods: Arc::clone(&self.methods),
            packages: Arc::clone(&self.packages_by_last),
        };
        if self.entries.is_empty() {
            return found;
        }
        let known = |w: &str| self.by_last.contains_key(w) || self.packages_by_last.contains_key(w);
        let may_name_one = |stmt: &&Node| may_name(stmt, src, known);
        let mut keep = |level: usize, dotted: &str, local: &str, name: Option<&str>| {
            let Some(last) = last_named(file, level, dotted) else {
                return;
            };
            // A name of a package may be one its `__init__.py` re-exports, from a module that
            // defines it: followed when asked ([`QuietImports::defining`]).
            let package = name.is_some() && self.packages_by_last.contains_key(&last);
            if self.by_last.contains_key(&last) || package {
                found.bindings.push(Binding {
                    level,
                    dotted: dotted.to_owned(),
                    local: local.to_owned(),
                    name: name.map(str::to_owned),
                });
            }
        };
        for stmt in imports.iter().filter(may_name_one) {
            import_bindings(stmt, src, |bound| match bound {
                Bound::Module {
                    level,
                    dotted,
                    local,
                } => keep(level, &dotted, local, None),
                Bound::Name {
                    level,
                    dotted,
                    name,
                    local,
                } => keep(level, dotted, local, Some(name)),
                Bound::Star { .. } => {}
            });
        }
        found
    }
}

/// What one import binds that may reach a candidate: a module (`name` `None`), or a name of it.
#[derive(Debug, Clone)]
struct Binding {
    level: usize,
    dotted: String,
    local: String,
    name: Option<String>,
}

/// The coroutines a file's imports may reach, by how its calls spell them (`f`, `m.f`, `obj.m`,
/// `m.obj.m`). An import that names more than one module of the run proves nothing; the first
/// import that reaches a spelling gives it.
#[derive(Debug, Clone, Default)]
pub struct QuietImports {
    file: Option<PathBuf>,
    bindings: Vec<Binding>,
    by_last: Arc<rustc_hash::FxHashMap<String, Vec<Arc<Entry>>>>,
    methods: Arc<QuietMethods>,
    packages: Arc<Packages>,
}

impl QuietImports {
    /// The run's methods for the proof's stops; `None` when the file is analysed alone.
    pub fn methods(&self) -> Option<Arc<QuietMethods>> {
        (!self.methods.is_empty()).then(|| Arc::clone(&self.methods))
    }

    /// Whether a file of the run may spell `async def name(` (see [`QuietMethods::may_define`]).
    pub fn may_define(&self, name: &str) -> bool {
        self.methods.may_define(name)
    }

    /// Whether no import of the file may reach a candidate.
    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }

    /// The candidate the file's imports reach as `spelled`, its modules read now if not yet.
    pub fn get(&self, spelled: &str) -> Option<QuietRef> {
        for binding in &self.bindings {
            match &binding.name {
                None => {
                    let Some(name) = (spelled.strip_prefix(binding.local.as_str()))
                        .and_then(|rest| rest.strip_prefix('.'))
                    else {
                        continue;
                    };
                    let Some(module) = self.named(&self.import(binding, "")) else {
                        continue;
                    };
                    let function = module.functions.iter().any(|n| n == name);
                    if function || module.singletons.iter().any(|n| n == name) {
                        return Some(QuietRef {
                            module,
                            name: name.to_owned(),
                            singleton: !function,
                            class: false,
                        });
                    }
                }
                Some(_) => {
                    if spelled != binding.local {
                        continue;
                    }
                    let found = self.defining(binding, |module, name| {
                        let singleton = module.singletons.iter().any(|n| n == name);
                        let class = module.classes.iter().any(|n| n == name);
                        (singleton || class || module.functions.iter().any(|n| n == name)).then(
                            || QuietRef {
                                module: Arc::clone(module),
                                name: name.to_owned(),
                                singleton,
                                class,
                            },
                        )
                    });
                    if found.is_some() {
                        return found;
                    }
                }
            }
        }
        None
    }

    /// Whether a name the file imports by name may come from a module of the run that spells
    /// `async def method(` (by the walk's hashes of its names; nothing read): the gate before
    /// a receiver's class is read at all.
    pub fn may_import_class_defining(&self, method: &str) -> bool {
        let hash = crate::scan::method_defs::hash(method.as_bytes());
        let spells = |e: &Arc<Entry>| e.names.is_empty() || e.names.binary_search(&hash).is_ok();
        let may_spell = |at: &Import| {
            let last = last_named(at.file, at.level, at.dotted);
            let same = last.and_then(|last| self.by_last.get(&last));
            same.is_some_and(|same| same.iter().any(spells))
                .then_some(())
        };
        (self.bindings.iter()).any(|b| self.resolve(b, may_spell).is_some())
    }

    /// Each name the file imports by name that [`Self::class_spelling`] finds a class for, with
    /// that class: the receivers whose class may be proved are of one of these.
    pub fn classes_spelling(&self, method: &str) -> Vec<(String, QuietRef)> {
        let mut found: Vec<(String, QuietRef)> = Vec::new();
        for binding in self.bindings.iter().filter(|b| b.name.is_some()) {
            // A name imported twice (itself, and through its package) is one class.
            if found.iter().any(|(local, _)| *local == binding.local) {
                continue;
            }
            if let Some(class) = self.class_spelling(&binding.local, method) {
                found.push((binding.local.clone(), class));
            }
        }
        found
    }

    /// The class `name` the file imports by name from a module of the run (the one file the
    /// import names, by its path), read only where that file spells `async def method(` (by
    /// the walk's hashes of its names): the modules of most classes a receiver is annotated
    /// with are never read, nor the other modules of the same last name ([`Self::get`] reads
    /// them all).
    pub fn class_spelling(&self, name: &str, method: &str) -> Option<QuietRef> {
        let imported = |binding: &&Binding| binding.name.is_some() && binding.local == name;
        (self.bindings.iter().filter(imported)).find_map(|binding| self.class_of(binding, method))
    }

    /// The class `binding` imports by name, as [`Self::class_spelling`] reads it.
    fn class_of(&self, binding: &Binding, method: &str) -> Option<QuietRef> {
        let hash = crate::scan::method_defs::hash(method.as_bytes());
        // An entry scanned when added keeps no hashes: its module is read already.
        let spells = |e: &Arc<Entry>| e.names.is_empty() || e.names.binary_search(&hash).is_ok();
        let class = |at: &Import| {
            let last = last_named(at.file, at.level, at.dotted)?;
            let same = (self.by_last.get(&last)).map_or(&[][..], Vec::as_slice);
            // Most imports reach no module that spells the method: no path is split for them.
            if !same.iter().any(spells) {
                return None;
            }
            let parts: Vec<(Vec<String>, &Arc<Entry>)> =
                (same.iter()).map(|e| (module_parts(&e.file), e)).collect();
            let [(_, entry)] = named_by(&parts, |p| &p.0, at.file, at.level, at.dotted)[..] else {
                return None;
            };
            if !spells(entry) {
                return None;
            }
            let module = entry.module()?;
            (module.classes.iter().any(|c| c == at.name)).then(|| QuietRef {
                module: Arc::clone(module),
                name: at.name.to_owned(),
                singleton: false,
                class: true,
            })
        };
        self.resolve(binding, class)
    }

    /// What `found` gives for the name `binding` imports, in the module its import names or,
    /// when none, the one a package re-exports it from (or a chain of them), seen from that
    /// package ([`super::reexports::resolve`], the order every index resolves a name in).
    fn resolve<T>(&self, binding: &Binding, found: impl Fn(&Import) -> Option<T>) -> Option<T> {
        let name = binding.name.as_deref()?;
        let import = (binding.level, binding.dotted.as_str(), name);
        let file = self.file.as_deref();
        let found = |at: &Import| found(at).into_iter().collect::<Vec<T>>();
        resolve(&self.packages, file, import, found).pop()
    }

    /// What `found` makes of the one module with candidates where the file's import of
    /// `binding`'s name finds it (its name there handed on), as [`Self::resolve`] looks.
    fn defining<T>(
        &self,
        binding: &Binding,
        found: impl Fn(&Arc<QuietModule>, &str) -> Option<T>,
    ) -> Option<T> {
        self.resolve(binding, |at| found(&self.named(at)?, at.name))
    }

    /// The one module with candidates that the import names (more than one proves nothing).
    fn named(&self, at: &Import) -> Option<Arc<QuietModule>> {
        let last = last_named(at.file, at.level, at.dotted)?;
        let same = (self.by_last.get(&last)).map_or(&[][..], Vec::as_slice);
        let read: Vec<&Arc<QuietModule>> = same.iter().filter_map(|e| e.module()).collect();
        match named_by(&read, |m| &m.parts, at.file, at.level, at.dotted)[..] {
            [module] => Some(Arc::clone(module)),
            _ => None,
        }
    }

    /// The import of `binding` (its module's `name`), seen from the file.
    fn import<'b>(&'b self, binding: &'b Binding, name: &'b str) -> Import<'b> {
        Import {
            file: self.file.as_deref(),
            level: binding.level,
            dotted: &binding.dotted,
            name,
        }
    }
}
