//! Singleton classes of the checked code: a top-level class whose `__new__` hands back an
//! instance it keeps (`if cls._instance is None: cls._instance = super().__new__(cls)`, then
//! `return cls._instance`). A class of another file derived from one runs its own `__init__`
//! again on that one instance at every construction, so an instance set created there would be
//! replaced and its tasks dropped: `owner` keeps such a class's tasks in the module set
//! (apitally-py's `ApitallyClient(ApitallyClientBase)`, whose base caches its instance in
//! `client/base.py`; the same-file case is [`crate::plan`]'s `reentry`). Gathered by `fix` in
//! the walk, only from the files that spell `__new__`, and found by the names the importing
//! file's imports bind.

use std::collections::HashSet;
use std::path::PathBuf;

use super::file_imports::FileImports;
use super::paths::{Bound, import_bindings, module_parts, named_by};
use super::reexports::Import;

#[derive(Debug, Clone)]
struct Module {
    file: PathBuf,
    parts: Vec<String>,
    classes: Vec<String>,
}

/// Every singleton class of the run, by its module.
#[derive(Debug, Clone, Default)]
pub struct Singletons {
    modules: Vec<Module>,
    /// The classes' names, for a quick "no" on an import.
    names: HashSet<String>,
}

impl Singletons {
    pub fn add(&mut self, file: PathBuf, classes: Vec<String>) {
        if classes.is_empty() {
            return;
        }
        let parts = module_parts(&file);
        self.modules.push(Module {
            file,
            parts,
            classes,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Orders the modules (the walk is parallel; resolution must not depend on its order).
    pub fn finish(&mut self) {
        self.modules.sort_by(|a, b| a.file.cmp(&b.file));
        self.names = (self.modules.iter())
            .flat_map(|m| m.classes.iter().cloned())
            .collect();
    }

    /// The spellings the file's top-level imports give another module's singleton classes:
    /// `Base` for `from .base import Base`, `B` for `... import Base as B`, `base.Base` for
    /// `from . import base` or `import pkg.base as base`.
    pub fn for_file(&self, at: &FileImports) -> Vec<String> {
        let mut found = Vec::new();
        if self.modules.is_empty() {
            return found;
        }
        let (file, src) = (at.file, at.src);
        let others: Vec<&Module> = (self.modules.iter())
            .filter(|m| Some(m.file.as_path()) != file)
            .collect();
        let top_level =
            (at.imports.iter()).filter(|stmt| stmt.parent().is_some_and(|p| p.kind() == "module"));
        for stmt in top_level {
            import_bindings(stmt, src, |bound| match bound {
                Bound::Name {
                    level,
                    dotted,
                    name,
                    local,
                } if self.names.contains(name) => {
                    let defines = |m: &&Module, i: &Import| m.classes.iter().any(|c| c == i.name);
                    let import = (level, dotted, name);
                    if !at.defining(&others, parts, import, defines).is_empty() {
                        found.push(local.to_owned());
                    }
                }
                Bound::Module {
                    level,
                    dotted,
                    local,
                } => {
                    for module in named_by(&others, |m| &m.parts, file, level, &dotted) {
                        found.extend(module.classes.iter().map(|c| format!("{local}.{c}")));
                    }
                }
                _ => {}
            });
        }
        found
    }
}

/// The module's dotted path, as [`FileImports::defining`] matches it.
fn parts<'a>(module: &'a &Module) -> &'a [String] {
    &module.parts
}

/// Whether the file may define a singleton class: it spells `def __new__` (most files do not,
/// and only those are parsed).
pub fn may_define(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"def __new__").is_some()
}
