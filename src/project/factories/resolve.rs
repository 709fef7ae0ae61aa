//! How a file's own definitions and its imports resolve to the project's factories (and the
//! other indexes' entries the file can reach): the half of [`FactoryIndex`] read per file.

use std::path::Path;
use std::sync::Arc;

use tree_sitter::Node;

use super::{Factory, FactoryIndex, FileFactories, Module};
use crate::project::file_imports::FileImports;
use crate::project::keeper_imports;
use crate::project::keepers;
use crate::project::paths::{Bound, import_bindings, may_name, named_by};
use crate::project::reexports::{Import, defining};

impl FactoryIndex {
    /// The factories the file can call, by how it spells them: its own, and those its imports
    /// bring in.
    pub fn for_file(&self, file: Option<&Path>, imports: &[Node], src: &str) -> FileFactories {
        // `from pkg import name` follows `pkg/__init__.py`'s re-export in every index.
        let at = FileImports {
            packages: self.quiet.packages(),
            file,
            imports,
            src,
        };
        let mut found = FileFactories {
            handlers: self.handlers.for_file(&at),
            self_stores: Arc::clone(&self.self_stores),
            loop_runners: self.loop_runners.for_file(&at),
            module_loops: self.module_loops.for_file(&at),
            singletons: self.singletons.for_file(&at),
            per_call: self.per_call.only(),
            quiet: self.quiet.for_file(file, imports, src),
            ..FileFactories::default()
        };
        if self.is_empty() {
            return found;
        }
        for module in self
            .modules
            .iter()
            .filter(|m| Some(m.file.as_path()) == file)
        {
            for factory in &module.factories {
                let at = found.push(module, factory);
                match &factory.class {
                    Some(class) => {
                        found
                            .methods
                            .insert((class.clone(), factory.function.clone()), at);
                    }
                    None => {
                        found.callees.insert(factory.function.clone(), at);
                    }
                }
            }
        }
        let may_name_one = |stmt: &&Node| may_name(stmt, src, |w| self.last_names.contains(w));
        for stmt in imports.iter().filter(may_name_one) {
            self.imported(stmt, file, src, &mut found);
        }
        found.keepers = keepers::imported(&self.keepers, &at);
        // None imported: the keepers it would have to import.
        if found.keepers.iter().all(|k| k.keeper.class.is_some()) {
            let anew = keeper_imports::importable(&self.keepers, file, imports, src);
            found.keepers.extend(anew);
        }
        found
    }

    fn imported(&self, stmt: &Node, file: Option<&Path>, src: &str, found: &mut FileFactories) {
        import_bindings(stmt, src, |bound| match bound {
            Bound::Module {
                level,
                dotted,
                local,
            } => {
                for module in self.matching(file, level, &dotted) {
                    found.module_functions(module, local);
                }
            }
            Bound::Name {
                level,
                dotted,
                name,
                local,
            } => {
                // `from pkg import spawn`, where `pkg/__init__.py` re-exports `spawn` from
                // `pkg.tasks`, finds it in `pkg.tasks` as `from pkg.tasks import spawn` does.
                let defines = |module: &Module, at: &Import| factory_of(module, at.name).is_some();
                let packages = self.quiet.packages();
                let import = (level, dotted, name);
                let modules = &self.modules;
                for (module, name) in defining(packages, modules, parts, file, import, defines) {
                    let Some(factory) = factory_of(module, &name) else {
                        continue;
                    };
                    let at = found.push(module, factory);
                    found.callees.entry(local.to_owned()).or_insert(at);
                }
            }
            Bound::Star { level, dotted } => {
                for module in self.matching(file, level, dotted) {
                    found.module_functions(module, "");
                }
            }
        });
    }

    /// The modules a (possibly relative) import names, seen from `file`.
    fn matching(&self, file: Option<&Path>, level: usize, dotted: &str) -> Vec<&Module> {
        named_by(&self.modules, |m| &m.parts, file, level, dotted)
    }
}

/// The module's name, for the resolution of imported names.
fn parts(module: &Module) -> &[String] {
    &module.parts
}

/// The module's function `name` that is a factory.
fn factory_of<'m>(module: &'m Module, name: &str) -> Option<&'m Factory> {
    (module.factories.iter()).find(|f| f.class.is_none() && f.function == name)
}
