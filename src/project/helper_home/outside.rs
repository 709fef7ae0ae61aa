//! The package helper of a file outside the package: a test of the project, or a script or an
//! example beside it, that imports the package at its top level shares its one helper (see
//! `package`, the package's own modules' side).

use std::path::Path;

use crate::project::facts::ProjectFacts;
use crate::project::helper_home::module::{
    HelperModule, MODULE_FILE, helper_there, private_home, shared_home, up_from,
};
use crate::project::path_root::layout::{TopPackage, imported_modules, is_identifier};

/// How far above a script or a test its package is looked for: its own folder (where `python
/// script.py` finds it) and two above (where a script in `agents/` or `examples/` puts the
/// project's root on `sys.path`, or a test in `test/io_tests/` imports the installed package).
const SCRIPT_REACH: usize = 3;

/// What a file outside the package is to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outside<'r> {
    /// Test code of the project in this folder: the package's own, which imports its private
    /// modules; the module is found as one that may be written, and the run decides whether
    /// the package's own fix writes it (see the module's documentation).
    Test(&'r Path),
    /// A script or an example: it imports the module only where it is there already.
    Script,
}

/// The helper of a top package that a script or a test imports already at its top level (`from
/// shodohflo.fstrm import Server`, `import rkvdns.io`), found beside it or in a folder above it
/// (nearest first), directly or under `src/`, so that the project has one helper; the first
/// such package it imports. A script found inside a package after all has none; a test may be
/// in one (`tests/__init__.py`, or the package it tests: `panel/tests/`), looks no higher than
/// its project's folder, and never takes a test package (`tests`, `test`) for the one it tests. A package is found only where a folder on an installed
/// package's path would hold it: a folder that is not itself a package. Its import goes with
/// the file's own imports of that package, after whatever makes the package importable
/// (`sys.path.insert`).
pub(crate) fn outside_helper(
    path: &Path,
    key: &Path,
    outside: Outside,
    creates: bool,
    facts: &ProjectFacts,
) -> Option<HelperModule> {
    let bytes = std::fs::read(key).ok()?;
    let packages = imported_packages(&String::from_utf8_lossy(&bytes));
    let folder = key.parent()?;
    for (levels, dir) in folder.ancestors().take(SCRIPT_REACH).enumerate() {
        let package_folder = dir.join("__init__.py").is_file();
        match outside {
            // Inside a package after all: not a top package's sibling.
            Outside::Script if levels > 0 && package_folder => return None,
            Outside::Test(root) if !dir.starts_with(root) => return None,
            // A test package (`tests/__init__.py`): the folder above it holds the package.
            Outside::Test(_) if package_folder => continue,
            _ => {}
        }
        let found = ["", "src"].iter().find_map(|under| {
            let home = dir.join(under);
            // A test package (`tests`, `test`, as pytest's folders) is never the one tested.
            let tested = |p: &&String| {
                let test_package =
                    outside != Outside::Script && matches!(p.as_str(), "tests" | "test");
                is_identifier(p)
                    && !test_package
                    && home.join(p.as_str()).join("__init__.py").is_file()
            };
            packages.iter().find(tested).map(|p| (*under, p))
        });
        if let Some((under, package)) = found {
            // A script never makes the module; it keeps its tasks inline while there is none.
            let script = outside == Outside::Script;
            let may_create = creates || script;
            let folder = dir.join(under).join(package);
            // Or the helper of the package beside it that it imports (see `helper_home::shared`).
            let top = TopPackage {
                folder,
                name: package.clone(),
            };
            let TopPackage {
                folder,
                name: package,
            } = shared_home(&top, facts).unwrap_or(top);
            let package = &package;
            // The package's private subpackage, where it keeps one (see `private_home`).
            let home = private_home(&folder);
            let home = home.as_deref().unwrap_or("");
            let exists = helper_there(&folder.join(home), may_create)?;
            let module = (up_from(path, levels).join(under))
                .join(package.replace('.', "/"))
                .join(home)
                .join(MODULE_FILE);
            let package = match home {
                "" => package.clone(),
                home => format!("{package}.{home}"),
            };
            return Some(HelperModule {
                outside: script,
                ..HelperModule::absolute(module, package, exists)
            });
        }
    }
    None
}

/// The top names of a module's absolute imports at its top level (`from a.b import c` → `a`,
/// `import d.e as f, g` → `d`, `g`), in their order.
pub(crate) fn imported_packages(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for module in imported_modules(text) {
        let top = module.split('.').next().unwrap_or("");
        if !found.iter().any(|f| f == top) {
            found.push(top.to_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_names_of_a_modules_absolute_imports_in_order() {
        assert_eq!(
            imported_packages(
                "from a.b import c
import d.e as f, g
    import h
from . import i
"
            ),
            ["a", "d", "g"]
        );
    }
}
