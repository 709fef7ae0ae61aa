//! Keepers that take a coroutine, across the project: module functions such as `def
//! spawn_bg(coro): t = asyncio.create_task(coro); _BG.add(t); t.add_done_callback(_BG.discard)`,
//! found by `fix` in the walk that finds the factories, and the ones another file can call
//! through an import it already has (`from .util import spawn_bg`, `import pkg.util as u`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::file_imports::FileImports;
use super::paths::{Bound, import_bindings, may_name, module_parts, named_by};
use super::reexports::Import;
use super::summary::{CallerWords, FileWords};
use crate::scan::words::whole;

/// The keyword arguments a keeper passes on to the task it creates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Keywords {
    /// None: only `spawn(coro)`.
    #[default]
    None,
    /// These (its parameters after the coroutine: `name`, `context`).
    Named(Vec<String>),
    /// Any: it forwards `**kwargs` to the task function.
    Any,
}

/// A module function, or a method of a module class, that takes a coroutine and keeps the task
/// it makes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeeperDef {
    pub function: String,
    /// The class whose method it is: called on an instance (`self.registry.background(coro)`).
    pub class: Option<String>,
    /// It ends with `return <the task>`.
    pub returns: bool,
    pub keywords: Keywords,
}

/// The keepers of one file.
#[derive(Debug, Clone)]
pub(super) struct KeeperModule {
    pub(super) file: PathBuf,
    pub(super) parts: Vec<String>,
    pub(super) keepers: Vec<KeeperDef>,
    /// It imports only the standard library: a file of its project may import it anew
    /// ([`super::keeper_imports`]).
    pub(super) standalone: bool,
    /// What a file that imports one of them by the module's name holds: the module's last name
    /// (it may call them through the module, `u.spawn_bg(...)`, without spelling theirs).
    named: CallerWords,
    /// A package's `__init__.py`: its folder, inside which `from . import spawn` names no
    /// module, and what a file there holds (one of their names).
    inside: Option<(PathBuf, CallerWords)>,
    /// A module of a package (`pkg/util.py`): the package's name, and what a file that imports
    /// one of them through the package's re-export holds (`from pkg import spawn_bg`).
    through: Option<(String, CallerWords)>,
}

impl KeeperModule {
    pub(super) fn new(file: PathBuf, keepers: Vec<KeeperDef>, standalone: bool) -> Self {
        let parts = module_parts(&file);
        // An importer names the module, or inside the package a function or the class of a
        // method.
        let functions = || {
            keepers
                .iter()
                .map(|k| k.class.as_ref().unwrap_or(&k.function).as_str())
        };
        let named = match parts.last() {
            Some(module) => CallerWords::module(module),
            None => CallerWords::new(None, functions()),
        };
        let inside = (file.ends_with("__init__.py"))
            .then(|| file.parent().map(Path::to_owned))
            .flatten()
            .map(|folder| (folder, CallerWords::new(None, functions())));
        let package = (parts.len() >= 2 && !file.ends_with("__init__.py"))
            .then(|| parts[parts.len() - 2].clone());
        let through = package.map(|p| {
            let words = CallerWords::new(Some(&p), functions());
            (p, words)
        });
        KeeperModule {
            file,
            parts,
            keepers,
            standalone,
            named,
            inside,
            through,
        }
    }

    /// Whether the file at `file` (canonical), known by its words, may import one of them:
    /// it holds the module's name, or one of theirs inside the package whose `__init__.py`
    /// defines them (a package's own modules import it as `from . import spawn`;
    /// elsewhere an import names the package: `from pkg.sub import spawn`).
    pub(super) fn may_be_called_by(&self, words: &FileWords, file: &Path) -> bool {
        // A standalone module may be imported by a file that names none of it yet.
        self.standalone
            || self.named.may_be_in(words)
            || self.inside.as_ref().is_some_and(|(folder, unnamed)| {
                file.starts_with(folder) && unnamed.may_be_in(words)
            })
            || (self.through.as_ref()).is_some_and(|(_, through)| through.may_be_in(words))
    }
}

impl KeeperModule {
    /// [`Self::may_be_called_by`] of the text of a file's module-level imports
    /// ([`import_text`]): it names the module, or inside the package one of the keepers.
    pub(super) fn may_be_imported_by(&self, imports: &str, file: &Path) -> bool {
        let names = |name: &str| whole(imports, name).next().is_some();
        let inside = self
            .inside
            .as_ref()
            .is_some_and(|(folder, _)| file.starts_with(folder));
        let keeper_named =
            || (self.keepers.iter()).any(|k| names(k.class.as_ref().unwrap_or(&k.function)));
        self.parts.last().is_some_and(|module| names(module))
            || (self.standalone && self.may_import_anew(imports, file))
            || (inside && keeper_named())
            || (self.through.as_ref()).is_some_and(|(package, _)| names(package) && keeper_named())
    }
}

impl KeeperModule {
    /// Whether a file whose module-level imports are `imports` may import this standalone
    /// module anew: they name one of the packages above it that also hold the file, or are
    /// relative (see [`super::keeper_imports`]).
    fn may_import_anew(&self, imports: &str, file: &Path) -> bool {
        let init = usize::from(self.file.ends_with("__init__.py"));
        let packages = (0..self.parts.len() + init - 1).filter(|&i| {
            let root = self.file.ancestors().nth(self.parts.len() - i + init);
            root.is_some_and(|root| file.starts_with(root))
        });
        let mut packages = packages.map(|i| &self.parts[i]);
        imports.contains("from .")
            || packages.any(|package| whole(imports, package).next().is_some())
    }
}

/// The module-level import statements of a file, as text (a parenthesized `from ... import (`
/// with its continuation lines): what [`KeeperModule::may_be_imported_by`] reads.
pub fn import_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut imports = String::new();
    let mut open = false;
    for line in text.lines() {
        if open || line.starts_with("import ") || line.starts_with("from ") {
            imports.push_str(line);
            imports.push('\n');
            open = (open || line.contains('(')) && !line.contains(')');
        }
    }
    imports
}

/// A keeper of another file, as a file can call it through one of its imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedKeeper {
    /// `spawn_bg`, `util.spawn_bg`, `pkg.util.spawn_bg`; for a method, its class as the file
    /// calls it to make an instance: `Registry`, `reg.Registry`.
    pub spelling: String,
    pub keeper: KeeperDef,
    /// The end of the import: code that runs at import time can call it only after.
    pub import_end: usize,
    /// The import the file needs first, if it does not import the keeper yet.
    pub import: Option<KeeperImport>,
}

/// The import a file needs to call a keeper it does not import yet: `from <module> import
/// <name>`, the module spelled absolutely (`pkg.async_helpers`) or relatively (`.helpers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeeperImport {
    pub module: String,
    pub name: String,
}

/// Whether the module an absolute import names (`dotted`) is under the same folder of
/// packages as the importer: of two copies of `pkg/util.py` (a vendored one, a second checkout)
/// only the one beside it is what `import pkg.util` gives it, and a keeper of the other may not
/// exist there.
fn beside(module: &KeeperModule, dotted: &str, importer: Option<&Path>) -> bool {
    let depth = dotted.split('.').count() + usize::from(module.file.ends_with("__init__.py"));
    let root = module.file.ancestors().nth(depth);
    importer.zip(root).is_some_and(|(i, r)| i.starts_with(r))
}

/// `u.spawn_bg` for a function of the module the file knows as `u`, `u.Registry` for a method.
fn qualified(module: &str, keeper: &KeeperDef) -> String {
    format!(
        "{module}.{}",
        keeper.class.as_ref().unwrap_or(&keeper.function)
    )
}

/// The keepers of `modules` that the file's import statements bring in, in their order (an
/// import by name follows the run's package re-exports).
pub(super) fn imported(modules: &[KeeperModule], at: &FileImports) -> Vec<ImportedKeeper> {
    let mut found = Vec::new();
    let (file, src) = (at.file, at.src);
    let others: Vec<&KeeperModule> = (modules.iter())
        .filter(|m| Some(m.file.as_path()) != file)
        .collect();
    let named = |level, dotted: &str| {
        let modules = named_by(&others, |m| &m.parts, file, level, dotted);
        let rooted = |m: &&&KeeperModule| level > 0 || beside(m, dotted, file);
        let modules: Vec<&KeeperModule> = modules.into_iter().filter(rooted).copied().collect();
        modules
    };
    // Only the module's own imports bind for every site (not a function's, nor one under
    // `if TYPE_CHECKING:` or `try:`).
    // The package of a module too: `from pkg import spawn_bg` names `pkg` only.
    let last_names: HashSet<&str> = (others.iter())
        .filter_map(|m| m.parts.last().map(String::as_str))
        .chain(
            others
                .iter()
                .filter_map(|m| m.through.as_ref().map(|t| t.0.as_str())),
        )
        .collect();
    let top_level = (at.imports.iter())
        .filter(|stmt| stmt.parent().is_some_and(|p| p.kind() == "module"))
        .filter(|stmt| may_name(stmt, src, |w| last_names.contains(w)));
    for stmt in top_level {
        let end = stmt.end_byte();
        let mut add = |spelling: String, keeper: &KeeperDef| {
            found.push(ImportedKeeper {
                spelling,
                keeper: keeper.clone(),
                import_end: end,
                import: None,
            })
        };
        import_bindings(stmt, src, |bound| match bound {
            // `import pkg.util` → `pkg.util.spawn`; `import pkg.util as u` → `u.spawn`;
            // `from pkg import util` → `util.spawn_bg`.
            Bound::Module {
                level,
                dotted,
                local,
            } => {
                for module in named(level, &dotted) {
                    for keeper in &module.keepers {
                        add(qualified(local, keeper), keeper);
                    }
                }
            }
            // `from .util import spawn_bg [as spawn]`, `from .reg import Registry`.
            Bound::Name {
                level,
                dotted,
                name,
                local,
            } => {
                // `from pkg import spawn_bg`, where `pkg/__init__.py` re-exports it from
                // `pkg.util`, finds it in `pkg.util` as `from pkg.util import spawn_bg` does.
                let defines = |module: &&KeeperModule, i: &Import| {
                    (i.level > 0 || beside(module, i.dotted, i.file))
                        && module.keepers.iter().any(|k| named_as(k, i.name))
                };
                let import = (level, dotted, name);
                for (module, name) in at.defining(&others, parts, import, defines) {
                    let keepers = module.keepers.iter().filter(|k| named_as(k, &name));
                    keepers.for_each(|keeper| add(local.to_owned(), keeper));
                }
            }
            Bound::Star { .. } => {}
        });
    }
    found
}

/// The keeper is a function or a class of this name.
fn named_as(keeper: &KeeperDef, name: &str) -> bool {
    keeper.class.as_ref().unwrap_or(&keeper.function) == name
}

/// The module's dotted path, as [`FileImports::defining`] matches it.
fn parts<'a>(module: &'a &KeeperModule) -> &'a [String] {
    &module.parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::reexports::Packages;
    use crate::scan::syntax::new_parser;
    use tree_sitter::Node;

    #[test]
    fn the_import_text_holds_the_module_level_imports_only() {
        let code = "import asyncio\nfrom pkg import (\n    other,\n    util,\n)\n\
                    try:\n    import helpers\nexcept ImportError:\n    pass\nx = util\n";
        let text = import_text(code.as_bytes());
        assert_eq!(
            text,
            "import asyncio\nfrom pkg import (\n    other,\n    util,\n)\n"
        );
        let module = KeeperModule::new(PathBuf::from("/p/pkg/util.py"), Vec::new(), false);
        assert!(module.may_be_imported_by(&text, Path::new("/p/app.py")));
        let helpers = KeeperModule::new(PathBuf::from("/p/pkg/helpers.py"), Vec::new(), false);
        assert!(!helpers.may_be_imported_by(&text, Path::new("/p/app.py")));
    }

    fn spellings(importer: &str, code: &str) -> Vec<String> {
        let keeper = KeeperDef {
            function: "spawn_bg".to_owned(),
            class: None,
            returns: false,
            keywords: Keywords::None,
        };
        let modules = [KeeperModule::new(
            PathBuf::from("/p/pkg/util.py"),
            vec![keeper],
            false,
        )];
        let tree = new_parser().parse(code, None).unwrap();
        let root = tree.root_node();
        let mut cursor = root.walk();
        let mut imports: Vec<Node> = root.named_children(&mut cursor).collect();
        // The function's import too, as the file's facts list every import.
        let inner = imports.iter().filter_map(|n| n.child_by_field_name("body"));
        let inner: Vec<Node> = inner.filter_map(|b| b.named_child(0)).collect();
        imports.extend(inner);
        let at = FileImports {
            packages: &Packages::default(),
            file: Some(Path::new(importer)),
            imports: &imports,
            src: code,
        };
        let found = imported(&modules, &at);
        found.into_iter().map(|k| k.spelling).collect()
    }

    #[test]
    fn an_import_gives_the_keeper_its_local_spelling() {
        let app = "/p/pkg/app.py";
        assert_eq!(spellings(app, "from .util import spawn_bg\n"), ["spawn_bg"]);
        assert_eq!(
            spellings(app, "from pkg.util import spawn_bg as sp\n"),
            ["sp"]
        );
        assert_eq!(spellings(app, "from . import util\n"), ["util.spawn_bg"]);
        assert_eq!(spellings(app, "import pkg.util as u\n"), ["u.spawn_bg"]);
        assert_eq!(spellings(app, "import pkg.util\n"), ["pkg.util.spawn_bg"]);
        assert!(spellings(app, "from .util import other\nimport util2\n").is_empty());
        let nested = "def f():\n    from .util import spawn_bg\n";
        assert!(spellings(app, nested).is_empty());
        // Another copy of the package, beside the importer's own, is not what it imports.
        assert!(spellings("/q/pkg/app.py", "from pkg.util import spawn_bg\n").is_empty());
        assert_eq!(
            spellings("/p/main.py", "import pkg.util as u\n"),
            ["u.spawn_bg"]
        );
        // Its own module's keepers are the module's, not imported.
        assert!(spellings("/p/pkg/util.py", "from .util import spawn_bg\n").is_empty());
    }

    #[test]
    fn a_package_keeper_may_be_called_unnamed_only_from_inside_the_package() {
        let keeper = KeeperDef {
            function: "spawn".into(),
            class: None,
            returns: false,
            keywords: Keywords::None,
        };
        let module =
            KeeperModule::new(PathBuf::from("/p/pkg/sub/__init__.py"), vec![keeper], false);
        let may = |file: &str, code: &str| {
            module.may_be_called_by(&FileWords::of(code.as_bytes()), Path::new(file))
        };
        assert!(may("/p/pkg/sub/a.py", "from . import spawn\nspawn(w())\n"));
        assert!(may("/p/pkg/sub/deep/b.py", "from .. import spawn\n"));
        assert!(may("/p/pkg/c.py", "from .sub import spawn\n"));
        assert!(may("/q/d.py", "from pkg.sub import spawn\n"));
        // Elsewhere, a file that never names the package cannot import it.
        assert!(!may("/q/e.py", "from asyncio import spawn\nspawn(w())\n"));
        assert!(!may("/p/pkg/sub/f.py", "x = 1\n"));
    }
}
