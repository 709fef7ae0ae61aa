//! Names a package's `__init__.py` re-exports (issue 35, exam35r's cyraft: `from .node import
//! Node as Node` in `pkg/__init__.py`, and a test's `from pkg import Node`): the module and name
//! an import of the package's name stands for, so that a proof which resolves an imported name
//! to the module that defines it follows the package to that module, as it does for `from
//! pkg.node import Node`.
//!
//! The walk keeps only the paths of the packages' `__init__.py` files; one is read and parsed
//! the first time an import of a file with a dropped site names its package, and its table kept.
//! A name is re-exported only when one top-level `from m import name [as local]` binds it and
//! nothing else in the file spells it as a name (an assignment, a `def`, a `del`, a second
//! import, an import inside `try` or `if`): a name rebound anywhere in the package proves
//! nothing. A package with `from m import *` re-exports nothing (the star may rebind any name,
//! and the resolution does not read stars).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::paths::{Bound, import_bindings, module_parts};
use crate::scan::syntax::{new_parser, text, walk};

/// The walk's packages by their last name.
pub type Packages = rustc_hash::FxHashMap<String, Vec<Arc<Package>>>;

/// What a package re-exports a name as: the module its import names, seen from the package's
/// `__init__.py` (`level` dots up, `dotted`), and the name there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reexport {
    pub level: usize,
    pub dotted: String,
    pub name: String,
}

/// One package of the walk: its `__init__.py`, read the first time an import names it.
#[derive(Debug)]
pub struct Package {
    /// The `__init__.py`, canonical.
    pub file: PathBuf,
    /// Where the walk read it.
    path: PathBuf,
    parts: OnceLock<Vec<String>>,
    table: OnceLock<HashMap<String, Reexport>>,
}

impl Package {
    pub fn new(file: PathBuf, path: PathBuf) -> Self {
        Package {
            file,
            path,
            parts: OnceLock::new(),
            table: OnceLock::new(),
        }
    }

    /// The package's module names ([`module_parts`]), split the first time asked.
    pub fn parts(&self) -> &[String] {
        self.parts.get_or_init(|| module_parts(&self.file))
    }

    /// What the package re-exports `name` as, its `__init__.py` read now if not yet.
    pub fn reexport(&self, name: &str) -> Option<&Reexport> {
        let read = || {
            let bytes = std::fs::read(&self.path).unwrap_or_default();
            let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
            (crate::scan::source::decode(bytes).ok()).map_or_else(HashMap::new, table)
        };
        self.table.get_or_init(read).get(name)
    }
}

/// The names the package's text `src` re-exports.
pub fn table(src: &str) -> HashMap<String, Reexport> {
    let mut found = HashMap::new();
    // Cheap: most packages import nothing by name.
    if !src.contains("import") {
        return found;
    }
    let Some(tree) = new_parser().parse(src, None) else {
        return found;
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut bound: HashMap<&str, usize> = HashMap::new();
    let mut star = false;
    for stmt in root.named_children(&mut cursor) {
        if stmt.kind() != "import_from_statement" {
            continue;
        }
        import_bindings(&stmt, src, |b| match b {
            Bound::Name {
                level,
                dotted,
                name,
                local,
            } => {
                *bound.entry(local).or_default() += 1;
                let reexport = Reexport {
                    level,
                    dotted: dotted.to_owned(),
                    name: name.to_owned(),
                };
                found.insert(local.to_owned(), reexport);
            }
            Bound::Star { .. } => star = true,
            Bound::Module { .. } => {}
        });
    }
    if star {
        return HashMap::new();
    }
    // Any other spelling of a name as a name (outside the top-level imports by name, whose
    // second binding the count above sees) may rebind it: such a name is not re-exported.
    let mut spelled: Vec<&str> = Vec::new();
    walk(root, |node| {
        let top_import = node.kind() == "import_from_statement" && node.parent() == Some(root);
        if node.kind() == "identifier" && found.contains_key(text(node, src)) {
            spelled.push(text(node, src));
        }
        !top_import
    });
    found.retain(|local, _| bound.get(local.as_str()) == Some(&1) && !spelled.contains(&&**local));
    found
}

/// Follows `name` imported from the module `dotted` (`level` dots up from `from`) through the
/// packages that re-export it (one hop or a chain; each package once): the module and name
/// that last re-export names, and the file its import is seen from. `None` when the first
/// module is not one package that re-exports the name.
pub fn follow(
    packages: &Packages,
    from: Option<&Path>,
    level: usize,
    dotted: &str,
    name: &str,
) -> Option<(PathBuf, Reexport)> {
    let mut at: (Option<PathBuf>, Reexport) = (
        from.map(Path::to_owned),
        Reexport {
            level,
            dotted: dotted.to_owned(),
            name: name.to_owned(),
        },
    );
    let mut seen: Vec<PathBuf> = Vec::new();
    loop {
        let (file, wanted) = &at;
        let Some(package) = one_package(packages, file.as_deref(), wanted) else {
            break;
        };
        // A cycle (`a` re-exports from `b`, `b` from `a`) proves nothing.
        if seen.contains(&package.file) {
            return None;
        }
        let Some(next) = package.reexport(&wanted.name) else {
            break;
        };
        seen.push(package.file.clone());
        at = (Some(package.file.clone()), next.clone());
    }
    match at {
        (Some(file), reexport) if !seen.is_empty() => Some((file, reexport)),
        _ => None,
    }
}

/// An import by name as [`defining`] looks for it: `from <dotted> import name`, `level` dots
/// up, seen from `file` (the importer, or the package whose re-export it follows).
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    pub file: Option<&'a Path>,
    pub level: usize,
    pub dotted: &'a str,
    pub name: &'a str,
}

/// The modules of `modules` where `from <dotted> import name` (`level` dots up, seen from
/// `file`) finds a name that `defines` accepts, each with the name it has there: the modules
/// the import names, or, when none of them defines it, those the packages' re-exports lead to
/// ([`follow`]). The one resolution of an imported name that the project's indexes share.
pub fn defining<'m, M>(
    packages: &Packages,
    modules: &'m [M],
    parts_of: impl Fn(&M) -> &[String],
    file: Option<&Path>,
    (level, dotted, name): (usize, &str, &str),
    defines: impl Fn(&M, &Import) -> bool,
) -> Vec<(&'m M, String)> {
    let found = |import: &Import| defined_by(modules, &parts_of, import, &defines);
    resolve(packages, file, (level, dotted, name), found)
}

/// What `found` gives for `from <dotted> import name` (`level` dots up, seen from `file`), or,
/// when it gives nothing, what it gives for the import the packages' re-exports lead to
/// ([`follow`]): the order of resolution of an imported name, over any way of finding it in a
/// module ([`defining`] over a slice of modules; the quiet coroutines read theirs lazily).
pub fn resolve<T>(
    packages: &Packages,
    file: Option<&Path>,
    (level, dotted, name): (usize, &str, &str),
    found: impl Fn(&Import) -> Vec<T>,
) -> Vec<T> {
    let import = Import {
        file,
        level,
        dotted,
        name,
    };
    let own = found(&import);
    if !own.is_empty() || packages.is_empty() {
        return own;
    }
    let Some((from, to)) = follow(packages, file, level, dotted, name) else {
        return own;
    };
    let import = Import {
        file: Some(&from),
        level: to.level,
        dotted: &to.dotted,
        name: &to.name,
    };
    found(&import)
}

/// The modules `import` names that `defines` accepts, each with the name it has there.
fn defined_by<'m, M>(
    modules: &'m [M],
    parts_of: impl Fn(&M) -> &[String],
    import: &Import,
    defines: impl Fn(&M, &Import) -> bool,
) -> Vec<(&'m M, String)> {
    let named = super::paths::named_by(modules, parts_of, import.file, import.level, import.dotted);
    (named.into_iter())
        .filter(|m| defines(m, import))
        .map(|m| (m, import.name.to_owned()))
        .collect()
}

/// The one package of the walk that the import of `wanted` names, seen from `file`.
fn one_package<'p>(
    packages: &'p Packages,
    file: Option<&Path>,
    wanted: &Reexport,
) -> Option<&'p Arc<Package>> {
    let last = super::paths::last_named(file, wanted.level, &wanted.dotted)?;
    let same = packages.get(&last)?;
    let named = super::paths::named_by(same, |p| p.parts(), file, wanted.level, &wanted.dotted);
    match named[..] {
        [package] => Some(package),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<(String, usize, String, String)> {
        let mut found: Vec<_> = (table(src).into_iter())
            .map(|(k, r)| (k, r.level, r.dotted, r.name))
            .collect();
        found.sort();
        found
    }

    /// A top-level import by name re-exports it, aliased or not, relative or absolute.
    #[test]
    fn a_package_reexports_the_names_it_imports() {
        let src =
            "from .node import Node as Node\nfrom pkg.log import Log\nfrom .a import B as C\n";
        assert_eq!(
            names(src),
            [
                ("C".into(), 1, "a".into(), "B".into()),
                ("Log".into(), 0, "pkg.log".into(), "Log".into()),
                ("Node".into(), 1, "node".into(), "Node".into()),
            ]
        );
    }

    /// A name bound again (or guarded, or under a star) is not re-exported.
    #[test]
    fn a_rebound_name_is_not_reexported() {
        assert!(names("from .node import Node\nNode = None\n").is_empty());
        assert!(names("from .node import Node\nfrom .other import Node\n").is_empty());
        assert!(names("from .node import Node\ndef Node(): pass\n").is_empty());
        assert!(names("from .node import Node\ndel Node\n").is_empty());
        let guarded = "try:\n    from .node import Node\nexcept ImportError:\n    Node = None\n";
        assert!(names(guarded).is_empty());
        assert!(names("from .node import Node\nfrom .other import *\n").is_empty());
        let all = "from .node import Node\n__all__ = [\"Node\"]\n";
        assert_eq!(names(all).len(), 1);
    }
}
