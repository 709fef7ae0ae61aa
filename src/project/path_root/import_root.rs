//! `--strategy helper` in a folder that is an import root but no package (issue 36's fifteenth
//! exam, classes 1 and 2): a service or a script folder whose modules are top-level modules,
//! run with the folder on `sys.path` (`python server.py`, `uvicorn main:app` in it), beside
//! packages that import those modules by their bare names. full-voice-agent's `Flico Agent/`
//! (`server.py` imports `asterisk_rtp`), zoe-ai-assistant's `services/zoe-data/` (`main.py`
//! imports `memory_service` and `middleware.logging`; `proactive/engine.py` imports
//! `db_compat`). Each file wrote a private `_keep_task`, or each package a `_background.py`
//! of its own: several helpers for one application. The fix writes one, `_background.py` in
//! that folder, imported as the files import each other (`from _background import keep_task`).
//!
//! Only what proves the folder is the root counts, never a guess:
//! - a top-level module imports another top-level module of the folder by its bare name, or
//!   one of them imports it so (a package beside it that is not rooted there, a library the
//!   script imports, keeps its own helper);
//! - a package directly in the folder imports one of the folder's top-level modules by its bare
//!   name (from any of its modules): it runs only where the folder is on `sys.path`.
//!
//! A standard-library name (`import subprocess`) is no proof, even where the folder has such a
//! module: it resolves from any folder. The standard library's own folder is such a case: its
//! `asyncio` imports `subprocess` by that name and its own modules relatively, a package that
//! keeps its own helper (`asyncio/_background.py`), not one of the folder's loose modules.
//!
//! A folder that builds a distribution (`setup.py`, `setup.cfg`, or a `pyproject.toml` with a
//! `[build-system]`), or `src/`, is none: a new top-level module there would not be installed.
//! Each package reads at most [`crate::project::helper_home::shared::MAX_FILES`] modules, once per run.

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
use crate::project::helper_home::module::{HelperModule, MODULE_FILE, helper_there, up_from};
use crate::project::helper_home::shared::package_modules;
use crate::project::path_root::bare_imports;
use crate::project::path_root::is_package;
use crate::project::path_root::layout::{TopPackage, is_identifier};
use crate::scan::stdlib::is_stdlib;

/// Module names that are no evidence: the project's build and test scaffolding.
const SCAFFOLDING: [&str; 3] = ["setup", "conftest", "noxfile"];

/// The import root of the top-level module at `key` (its folder, no package), whose text is
/// `text`, where proven.
pub fn of_module(
    key: &Path,
    text: &str,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
) -> Option<PathBuf> {
    let folder = key.parent()?;
    if !may_be_root(folder, namespace) {
        return None;
    }
    let own = key.file_stem()?.to_str()?;
    let modules = bare_imports(text);
    let imports_sibling = modules.iter().any(|m| {
        let first = m.split('.').next().unwrap_or_default();
        first != own && top_level_module(folder, first)
    });
    let proven = imports_sibling
        || imported_by_sibling(key, folder, own)
        || modules.iter().any(|m| {
            let first = m.split('.').next().unwrap_or_default();
            is_identifier(first) && !is_stdlib(first) && package_rooted(&folder.join(first), facts)
        });
    proven.then(|| folder.to_path_buf())
}

/// The import root above the top package in `top` (a regular package, its name its folder's),
/// where its modules prove it (see the module's documentation).
pub fn of_package(top: &Path, namespace: &[PathBuf], facts: &ProjectFacts) -> Option<PathBuf> {
    let folder = top.parent()?;
    (may_be_root(folder, namespace) && package_rooted(top, facts)).then(|| folder.to_path_buf())
}

/// The top of the chain of regular packages that holds the module at `key`, where its folder
/// is one.
pub fn package_top(key: &Path) -> Option<PathBuf> {
    let mut top = key.parent().filter(|f| f.join("__init__.py").is_file())?;
    while let Some(up) = top.parent().filter(|up| up.join("__init__.py").is_file()) {
        top = up;
    }
    Some(top.to_path_buf())
}

/// Whether the package at `package` (a folder with an `__init__.py`) imports a top-level module
/// of the folder that holds it, by its bare name; read once per run.
pub fn package_rooted(package: &Path, facts: &ProjectFacts) -> bool {
    let (Some(folder), Some(name)) = (package.parent(), package.file_name()) else {
        return false;
    };
    if !package.join("__init__.py").is_file() {
        return false;
    }
    let read = || {
        package_modules(package).iter().any(|module| {
            let text = std::fs::read_to_string(module).unwrap_or_default();
            bare_imports(&text).iter().any(|m| {
                let first = m.split('.').next().unwrap_or_default();
                name.to_str() != Some(first) && top_level_module(folder, first)
            })
        })
    };
    facts.rooted.get_or(package, read)
}

/// Whether `name` is a top-level module of `folder` (`folder/name.py`), and neither
/// scaffolding nor a standard-library name (no proof, see the module's documentation).
fn top_level_module(folder: &Path, name: &str) -> bool {
    is_identifier(name)
        && !SCAFFOLDING.contains(&name)
        && !is_stdlib(name)
        && folder.join(format!("{name}.py")).is_file()
}

/// Whether a top-level module of `folder` (one of its first 200) imports `own` by its bare name.
fn imported_by_sibling(key: &Path, folder: &Path, own: &str) -> bool {
    if is_stdlib(own) {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    let mut siblings: Vec<PathBuf> = (entries.flatten().map(|e| e.path()))
        .filter(|p| p != key && p.extension().is_some_and(|e| e == "py"))
        .filter(|p| {
            (p.file_stem().and_then(|s| s.to_str())).is_some_and(|s| !SCAFFOLDING.contains(&s))
        })
        .collect();
    siblings.sort();
    siblings.iter().take(200).any(|p| {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        (bare_imports(&text).iter()).any(|m| m.split('.').next() == Some(own))
    })
}

/// Whether `folder` may be an import root of its own: no package, no `src/`, and no
/// distribution built there.
pub(crate) fn may_be_root(folder: &Path, namespace: &[PathBuf]) -> bool {
    let package = is_package(folder, namespace);
    let builds = ["setup.py", "setup.cfg"]
        .iter()
        .any(|f| folder.join(f).is_file())
        || std::fs::read_to_string(folder.join("pyproject.toml"))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .is_some_and(|table| table.contains_key("build-system"));
    !package && !builds && folder.file_name().is_some_and(|n| n != "src")
}

/// The helper of a file in no package it names (see `helper_home::locate`): a module of a
/// package rooted in an import root, or a top-level module of one, shares the root's helper;
/// else `outside`, the helper of a package it imports. A package beside it with its own helper
/// already, which needs no root, is reused.
pub(crate) fn unnamed_file(
    path: &Path,
    key: &Path,
    text: &str,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
    creates: bool,
    outside: impl FnOnce() -> Option<HelperModule>,
) -> Option<HelperModule> {
    if let Some(top) = package_top(key) {
        let depth = crate::project::path_root::layout::depth(key, &top);
        let own_module = top.join(MODULE_FILE).is_file();
        return match of_package(&top, namespace, facts).filter(|_| !own_module) {
            Some(root) => root_module(path, depth + 1, &root, creates),
            None => outside(),
        };
    }
    let outside = outside();
    let library =
        (outside.as_ref()).is_some_and(|h| h.exists && !package_rooted(&package_of(h), facts));
    match of_module(key, text, namespace, facts).filter(|_| !library) {
        Some(root) => root_module(path, 0, &root, creates),
        None => outside,
    }
}

/// The root's helper for a module of the top package `top` (named as its folder, `depth`
/// folders above the file's), where the package is rooted in an import root and has no helper
/// module of its own; `Some(None)` where a `_background.py` of another kind is in the way.
pub(crate) fn named_package(
    path: &Path,
    top: &TopPackage,
    depth: usize,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
    creates: bool,
) -> Option<Option<HelperModule>> {
    let own_module = top.folder.join(MODULE_FILE).is_file();
    let named = (top.folder.file_name()).is_some_and(|n| n == top.name.as_str());
    let root = of_package(&top.folder, namespace, facts).filter(|_| named && !own_module)?;
    Some(root_module(path, depth + 1, &root, creates))
}

/// The helper module of the import root `root` (see `import_root`), `levels` folders above the
/// file's: imported as its top-level modules import each other (`from _background import
/// keep_task`).
fn root_module(path: &Path, levels: usize, root: &Path, creates: bool) -> Option<HelperModule> {
    let home = up_from(path, levels).join(MODULE_FILE);
    Some(HelperModule {
        depth: levels,
        unnamed: true,
        ..HelperModule::absolute(home, String::new(), helper_there(root, creates)?)
    })
}

/// The folder of the package whose helper module `helper` is, as a key.
fn package_of(helper: &HelperModule) -> PathBuf {
    let mut folder = helper.path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Its private subpackage's helper (see `private_home`): the package is the one above.
    if helper.package.contains('.') {
        folder = folder.parent().unwrap_or(Path::new("")).to_path_buf();
    }
    crate::project::file_key(&folder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::facts::write_file;

    #[test]
    fn a_folder_is_a_root_where_its_modules_prove_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("svc");
        let facts = ProjectFacts::default();
        let write = |file: &str, code: &str| write_file(&root, file, code);
        write("main.py", "import asyncio\nfrom store import S\n");
        write("store.py", "import asyncio\n");
        write("late.py", "def f():\n    from lazy import x\n");
        write("lazy.py", "import asyncio\n");
        write("alone.py", "import asyncio\n");
        write("jobs/__init__.py", "");
        write(
            "jobs/engine.py",
            "from db import get\nfrom jobs.a import b\n",
        );
        write("db.py", "");
        write("lib/__init__.py", "");
        write("lib/x.py", "from lib import y\n");
        let of = |file: &str, modules: &[&str]| {
            let text: String = modules.iter().map(|m| format!("import {m}\n")).collect();
            of_module(&root.join(file), &text, &[], &facts)
        };
        // Imports a sibling; imported by one; neither.
        assert_eq!(of("main.py", &["asyncio", "store"]), Some(root.clone()));
        assert_eq!(of("store.py", &["asyncio"]), Some(root.clone()));
        assert_eq!(of("alone.py", &["asyncio"]), None);
        // Imported lazily, in a function: a top-level module all the same.
        assert_eq!(of("lazy.py", &["asyncio"]), Some(root.clone()));
        // Imports a package rooted there, or a library package that is not.
        assert_eq!(of("alone.py", &["jobs.engine"]), Some(root.clone()));
        assert_eq!(of("alone.py", &["lib.x"]), None);
        assert_eq!(
            of_package(&root.join("jobs"), &[], &facts),
            Some(root.clone())
        );
        assert_eq!(of_package(&root.join("lib"), &[], &facts), None);
        // A standard-library name proves nothing, even where the folder has such a module.
        write("subprocess.py", "");
        write("aio/__init__.py", "");
        write(
            "aio/base.py",
            "import subprocess\nfrom .log import logger\n",
        );
        assert_eq!(of_package(&root.join("aio"), &[], &facts), None);
        assert_eq!(of("alone.py", &["subprocess"]), None);
        // A folder that builds a distribution ships no new top-level module.
        write("setup.py", "");
        assert_eq!(of("main.py", &["asyncio", "store"]), None);
    }
}
