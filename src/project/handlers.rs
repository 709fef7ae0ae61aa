//! The index of the project's function summaries of what each function does with what it is
//! handed ([`super::handling`]), built in the walk that finds the factories, and how a call
//! in a file resolves to one: a method through `self.` inside its class, a module function by
//! its name in its own file, and across the project through the file's imports
//! (`from .util import track`, `from pkg import util` then `util.track`, `import pkg.util as
//! u`), matched on the files' paths as the factories' are.

use std::collections::HashMap;
use std::path::PathBuf;

use tree_sitter::Node;

use super::file_imports::FileImports;
use super::handler::Handler;
use super::paths::{Bound, import_bindings, module_parts, named_by};
use super::reexports::Import;

#[derive(Debug, Clone)]
struct Module {
    file: PathBuf,
    display: String,
    parts: Vec<String>,
    handlers: Vec<Handler>,
}

/// Every summary of the run that keeps or awaits a parameter.
#[derive(Debug, Default, Clone)]
pub struct HandlerIndex {
    modules: Vec<Module>,
    /// The functions' names, sorted: what a file that may call one spells.
    names: Vec<String>,
}

/// A summary as a file can call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub handler: Handler,
    /// The function's file as the user sees it.
    pub display: String,
    /// It is the calling file's own (its holder lives in that file's text).
    pub same_file: bool,
}

impl HandlerIndex {
    /// Adds one file's summaries (`file` canonical). Call [`HandlerIndex::finish`] after the
    /// last.
    pub fn add(&mut self, file: PathBuf, display: String, handlers: Vec<Handler>) {
        if handlers.is_empty() {
            return;
        }
        let parts = module_parts(&file);
        self.modules.push(Module {
            file,
            display,
            parts,
            handlers,
        });
    }

    /// Orders the modules (the walk is parallel; resolution must not depend on its order).
    pub fn finish(&mut self) {
        self.modules.sort_by(|a, b| a.file.cmp(&b.file));
        let functions = self.modules.iter().flat_map(|m| &m.handlers);
        let mut names: Vec<String> = functions.map(|h| h.function.clone()).collect();
        names.sort();
        names.dedup();
        self.names = names;
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Whether the bytes spell the name of a summarized function as a whole word: the only
    /// files whose verdicts a summary can change.
    pub fn may_be_called(&self, bytes: &[u8]) -> bool {
        self.names.iter().any(|name| {
            let finder = memchr::memmem::Finder::new(name.as_bytes());
            (finder.find_iter(bytes)).any(|at| super::words::whole_word(bytes, at, at + name.len()))
        })
    }

    /// The summaries the file can call, by how it spells them (`packages`: the run's, whose
    /// re-exports an import by name follows).
    pub fn for_file(&self, at: &FileImports) -> FileHandlers {
        let mut found = FileHandlers::default();
        if self.is_empty() {
            return found;
        }
        let file = at.file;
        for module in self
            .modules
            .iter()
            .filter(|m| Some(m.file.as_path()) == file)
        {
            for handler in &module.handlers {
                let at = found.push(module, handler, true);
                match &handler.class {
                    Some(class) => {
                        let key = (class.clone(), handler.function.clone());
                        found.methods.insert(key, at);
                    }
                    None => {
                        found.callees.insert(handler.function.clone(), at);
                    }
                }
            }
        }
        for stmt in at.imports {
            self.imported(at, stmt, &mut found);
        }
        found
    }

    fn imported(&self, at: &FileImports, stmt: &Node, found: &mut FileHandlers) {
        let (file, src) = (at.file, at.src);
        let matching = |level, dotted: &str| {
            let modules = named_by(&self.modules, |m| &m.parts, file, level, dotted);
            modules
                .into_iter()
                .filter(|m| Some(m.file.as_path()) != file)
        };
        import_bindings(stmt, src, |bound| match bound {
            Bound::Module {
                level,
                dotted,
                local,
            } => {
                for module in matching(level, &dotted) {
                    found.module_functions(module, local);
                }
            }
            Bound::Name {
                level,
                dotted,
                name,
                local,
            } => {
                // `from pkg import track`, where `pkg/__init__.py` re-exports `track` from
                // `pkg.util`, finds it in `pkg.util` as `from pkg.util import track` does.
                let defines = |module: &Module, i: &Import| {
                    Some(module.file.as_path()) != file && function(module, i.name).is_some()
                };
                let import = (level, dotted, name);
                for (module, name) in at.defining(&self.modules, parts, import, defines) {
                    if let Some(handler) = function(module, &name) {
                        let at = found.push(module, handler, false);
                        found.callees.entry(local.to_owned()).or_insert(at);
                    }
                }
            }
            Bound::Star { .. } => {}
        });
    }
}

/// The module function `name` of `module`, if summarized.
fn function<'m>(module: &'m Module, name: &str) -> Option<&'m Handler> {
    (module.handlers.iter()).find(|h| h.class.is_none() && h.function == name)
}

/// The module's dotted path, as [`FileImports::defining`] matches it.
fn parts(module: &Module) -> &[String] {
    &module.parts
}

/// Whether the bytes may define a function or method named one of `names` (`def name`): the
/// files `audit` parses for the summaries its `unknown` sites ask for.
pub fn defines_one_of(bytes: &[u8], names: &[String]) -> bool {
    let defined_at = |at: usize, name: &str| {
        let end = at + name.len();
        let before = bytes[..at].trim_ascii_end();
        super::words::whole_word(bytes, at, end)
            && before.len() < at
            && before.strip_suffix(b"def").is_some_and(|b| {
                b.last()
                    .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            })
    };
    names.iter().any(|name| {
        let finder = memchr::memmem::Finder::new(name.as_bytes());
        !name.is_empty() && finder.find_iter(bytes).any(|at| defined_at(at, name))
    })
}

/// The summaries one file can call, by how it spells them.
#[derive(Debug, Default)]
pub struct FileHandlers {
    found: Vec<Resolved>,
    /// `track`, `util.track`, `pkg.util.track` → index into `found`.
    callees: HashMap<String, usize>,
    /// (class, method) → index into `found`, for `self.method` inside the class.
    methods: HashMap<(String, String), usize>,
}

impl FileHandlers {
    fn push(&mut self, module: &Module, handler: &Handler, same_file: bool) -> usize {
        self.found.push(Resolved {
            handler: handler.clone(),
            display: module.display.clone(),
            same_file,
        });
        self.found.len() - 1
    }

    fn module_functions(&mut self, module: &Module, local: &str) {
        for handler in module.handlers.iter().filter(|h| h.class.is_none()) {
            let at = self.push(module, handler, false);
            let spelling = format!("{local}.{}", handler.function);
            self.callees.entry(spelling).or_insert(at);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The summary `callee` (as written, whitespace removed) names, called from inside `class`.
    pub fn lookup(&self, callee: &str, class: Option<&str>) -> Option<&Resolved> {
        if let Some(&at) = self.callees.get(callee) {
            return self.found.get(at);
        }
        let method = callee.strip_prefix("self.")?;
        let at = self.methods.get(&(class?.to_owned(), method.to_owned()))?;
        self.found.get(*at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::handling::handlers;
    use crate::project::reexports::Packages;
    use crate::scan::syntax::new_parser;
    use std::path::Path;

    fn index(files: &[(&str, &str)]) -> HandlerIndex {
        let mut index = HandlerIndex::default();
        for (file, code) in files {
            let tree = new_parser().parse(code, None).unwrap();
            let found = handlers(tree.root_node(), code);
            index.add(PathBuf::from(file), file.to_string(), found);
        }
        index.finish();
        index
    }

    fn resolve(index: &HandlerIndex, file: &str, code: &str, callee: &str) -> Option<String> {
        let tree = new_parser().parse(code, None).unwrap();
        let root = tree.root_node();
        let mut cursor = root.walk();
        let imports: Vec<Node> = root.named_children(&mut cursor).collect();
        let at = FileImports {
            packages: &Packages::default(),
            file: Some(Path::new(file)),
            imports: &imports,
            src: code,
        };
        let found = index.for_file(&at);
        found.lookup(callee, None).map(|r| r.handler.qualified())
    }

    #[test]
    fn a_call_resolves_through_the_files_imports() {
        let util = "_T = set()\ndef track(t):\n    _T.add(t)\n";
        let index = index(&[("/p/pkg/util.py", util)]);
        let app = "/p/pkg/app.py";
        let found = |code, callee| resolve(&index, app, code, callee);
        assert_eq!(
            found("from .util import track\n", "track").as_deref(),
            Some("track")
        );
        assert_eq!(
            found("from pkg import util\n", "util.track").as_deref(),
            Some("track")
        );
        assert_eq!(
            found("import pkg.util as u\n", "u.track").as_deref(),
            Some("track")
        );
        assert_eq!(
            found("from .util import track as t\n", "t").as_deref(),
            Some("track")
        );
        assert_eq!(found("from .other import track\n", "track"), None);
        assert!(index.may_be_called(b"track(x)"));
        assert!(!index.may_be_called(b"backtrack(x)"));
    }

    #[test]
    fn a_file_defines_a_name_after_def_only() {
        let names = ["track".to_owned()];
        let defines = |code: &str| defines_one_of(code.as_bytes(), &names);
        assert!(defines("def track(t):\n    pass\n"));
        assert!(defines("class A:\n    async def  track(self, t): ...\n"));
        assert!(!defines("track(t)\ndef backtrack(t): ...\n"));
        assert!(!defines("undef track\n"));
        assert!(!defines("def tracks(t): ...\n"));
    }
}
