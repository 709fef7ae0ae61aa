//! `--strategy helper` in a tree of namespace folders (PEP 420: no `__init__.py` from the
//! tree's top folder down to the module) imported from the folder above it:
//! xiaozhi-esp32-server's `main/xiaozhi-server/core/handle/helloHandle.py` imports `from
//! core.utils.util import audio_to_data` and runs from `main/xiaozhi-server/` (`python app.py`
//! there); dopemux's `services/task-orchestrator/app/core/coordinator.py` imports
//! `app.core.sync` (`uvicorn app.main:app`). Each module wrote a private `_keep_task` (issue
//! 36's twentieth and twenty-first exams): several helpers in one application. The tree's top
//! folder (`core/`) holds one, imported as the modules import each other (`from
//! core._background import keep_task`), as maintainers keep theirs in a module of the package.
//!
//! Only what proves the folder above the tree is on `sys.path` where the module runs counts:
//! - the module's own absolute import of another module of the tree that resolves from there
//!   (`core.utils.util` → `core/utils/util.py`), a dotted name of two parts at least;
//! - or a module of the tree imports the module by its dotted name (`from app.core.sync import
//!   S`: it is loaded as `app.core.sync`), where it cannot be run by its path (see `run_as`);
//!
//! and that folder may be an import root (see `import_root`: no package, no `src/`, no
//! distribution built there). Else the module keeps its own helper, as before: a wrong import
//! fails at run time, which is worse than a second copy. Each tree reads at most
//! [`MAX_FILES`] modules, once per run.

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
use crate::project::helper_home::module::{HelperModule, MODULE_FILE, helper_there, up_from};
use crate::project::helper_home::run_as::run_by_path;
use crate::project::path_root::import_root::may_be_root;
use crate::project::path_root::layout::{depth, is_identifier};
use crate::project::path_root::{bare_imports, is_package};
use crate::scan::stdlib::is_stdlib;

/// The most modules read in one tree.
const MAX_FILES: usize = 400;

/// The helper of the module at `key` (walked as `path`, its text `text`, its absolute imports
/// at the top level `modules`), where it lies in a tree of namespace folders whose root is
/// proven (see the module's documentation); `Some(None)` where a `_background.py` of another
/// kind is in the way, `None` where nothing proves a root.
pub(crate) fn helper(
    (path, key, text): (&Path, &Path, &str),
    modules: &[String],
    (project, namespace): (Option<&Path>, &[PathBuf]),
    facts: &ProjectFacts,
    creates: bool,
) -> Option<Option<HelperModule>> {
    let tops = candidate_tops(key.parent()?, project, namespace);
    let top = own_import(&tops, key, modules)
        .or_else(|| (!run_by_path(key, text)).then(|| imported_as(&tops, key, facts))?)?;
    let depth = depth(key, top);
    let package = (top.file_name().and_then(|n| n.to_str())).unwrap_or("");
    let module = |exists| HelperModule {
        depth,
        ..HelperModule::absolute(
            up_from(path, depth).join(MODULE_FILE),
            package.to_owned(),
            exists,
        )
    };
    Some(helper_there(top, creates).map(module))
}

/// The helper of a top-level module of a folder whose name no import can spell
/// (`services/task-orchestrator/event_coordinator.py`): it runs only with that folder on
/// `sys.path`, as a script or imported by its bare name, where the folder's one proven tree
/// (`app/`, whose modules import `app.core.sync`) is importable as surely as for the tree's own
/// modules. `None` where the folder has no such tree, or more than one.
pub(crate) fn top_level(
    path: &Path,
    key: &Path,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
    creates: bool,
) -> Option<Option<HelperModule>> {
    let root = key.parent()?;
    let spelled = root
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_identifier);
    if spelled || !may_be_root(root, namespace) {
        return None;
    }
    let mut entries: Vec<PathBuf> = (std::fs::read_dir(root).ok()?.flatten())
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.join("__init__.py").is_file())
        .collect();
    entries.sort();
    let mut proven = entries.iter().filter(|tree| proven_tree(tree, facts));
    let (Some(top), None) = (proven.next(), proven.next()) else {
        return None;
    };
    let name = top.file_name()?.to_str()?.to_owned();
    let home = up_from(path, 0).join(&name).join(MODULE_FILE);
    let module = |exists| HelperModule::absolute(home, name, exists);
    Some(helper_there(top, creates).map(module))
}

/// Whether a module of the tree at `top` (a folder named as an identifier) imports another
/// module of it by a dotted name that resolves there (`app.core.sync` → `app/core/sync.py`).
fn proven_tree(top: &Path, facts: &ProjectFacts) -> bool {
    let Some(name) = top
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| is_identifier(n))
    else {
        return false;
    };
    let imports = facts.tree_imports.get_or(top, || tree_imports(top));
    imports.iter().any(|module| {
        let Some(rest) = module.strip_prefix(name).and_then(|r| r.strip_prefix('.')) else {
            return false;
        };
        let target = rest
            .split('.')
            .fold(top.to_path_buf(), |p, part| p.join(part));
        target.with_extension("py").is_file() || target.is_dir()
    })
}

/// The folders that may be the top of the module's tree, innermost first: `folder` and those
/// above it while none is a package and each is named as an identifier, whose parent, inside
/// the project, may be an import root.
fn candidate_tops<'p>(
    folder: &'p Path,
    project: Option<&Path>,
    namespace: &[PathBuf],
) -> Vec<&'p Path> {
    let package = |f: &Path| is_package(f, namespace);
    (folder.ancestors())
        .take_while(|f| {
            !package(f)
                && f.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_identifier)
        })
        .filter(|f| {
            f.parent().is_some_and(|root| {
                project.is_none_or(|p| root.starts_with(p)) && may_be_root(root, namespace)
            })
        })
        .collect()
}

/// The top whose name the module's own import of another module of its tree starts with,
/// where that module is there (`core.utils.util` → `core/utils/util.py` or `core/utils/util/`).
fn own_import<'p>(tops: &[&'p Path], key: &Path, modules: &[String]) -> Option<&'p Path> {
    modules.iter().find_map(|module| {
        let parts: Vec<&str> = module.split('.').collect();
        let (first, rest) = parts.split_first()?;
        if rest.is_empty() || is_stdlib(first) || !parts.iter().all(|p| is_identifier(p)) {
            return None;
        }
        let top = tops
            .iter()
            .find(|t| t.file_name().is_some_and(|n| n == *first))?;
        let target = rest.iter().fold(top.to_path_buf(), |p, part| p.join(part));
        let file = target.with_extension("py");
        (file != key && (file.is_file() || target.is_dir())).then_some(*top)
    })
}

/// The top below which a module of the tree imports the module at `key` by its dotted name.
fn imported_as<'p>(tops: &[&'p Path], key: &Path, facts: &ProjectFacts) -> Option<&'p Path> {
    tops.iter().copied().find(|top| {
        let Some(dotted) = dotted_name(key, top) else {
            return false;
        };
        let imports = facts.tree_imports.get_or(top, || tree_imports(top));
        imports.contains(&dotted)
    })
}

/// The module at `key` named from the tree's top `top`: `app/core/sync.py` → `app.core.sync`.
fn dotted_name(key: &Path, top: &Path) -> Option<String> {
    let inside = key.with_extension("");
    let inside = inside.strip_prefix(top.parent()?).ok()?;
    let parts: Option<Vec<&str>> = inside.iter().map(|p| p.to_str()).collect();
    Some(parts?.join("."))
}

/// The dotted names the modules of the tree at `top` import absolutely, at any depth, its
/// first [`MAX_FILES`] modules in path order.
fn tree_imports(top: &Path) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut folders = vec![top.to_path_buf()];
    let mut read = 0;
    while let Some(dir) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "py") && read < MAX_FILES {
                read += 1;
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for module in bare_imports(&text) {
                    if !found.contains(&module) {
                        found.push(module);
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::facts::write_file;

    #[test]
    fn a_namespace_tree_imported_from_the_folder_above_shares_one_helper() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("server");
        let facts = ProjectFacts::default();
        let write = |file: &str, code: &str| write_file(&root, file, code);
        write("app.py", "from core.handle.hello import h\n");
        write("core/utils/util.py", "");
        write("core/handle/hello.py", "from core.utils.util import f\n");
        write("core/handle/sync.py", "import asyncio\n");
        write("core/handle/alone.py", "import asyncio\n");
        write("core/handle/user.py", "from core.handle.sync import s\n");
        let top = |file: &str, text: &str| {
            let key = root.join(file);
            let modules = crate::project::path_root::layout::imported_modules(text);
            let found = helper(
                (&key, &key, text),
                &modules,
                (Some(dir.path()), &[]),
                &facts,
                true,
            );
            found.map(|h| h.map(|h| (h.path, h.package, h.depth)))
        };
        let home = root.join("core/_background.py");
        let hello = top("core/handle/hello.py", "from core.utils.util import f\n");
        assert_eq!(hello, Some(Some((home.clone(), "core".to_owned(), 1))));
        // Imported by its dotted name: loaded so, unless it may be run by its path.
        let sync = top("core/handle/sync.py", "import asyncio\n");
        assert_eq!(sync, Some(Some((home, "core".to_owned(), 1))));
        let main = "import asyncio\nif __name__ == \"__main__\":\n    pass\n";
        assert_eq!(top("core/handle/sync.py", main), None);
        // Nothing proves the root: a name that does not resolve, a standard-library one.
        assert_eq!(top("core/handle/alone.py", "import asyncio\n"), None);
        assert_eq!(
            top("core/handle/alone.py", "from core.missing import m\n"),
            None
        );
        assert_eq!(top("core/handle/alone.py", "import core\n"), None);
        // A package on the way, or a folder above that builds a distribution: no tree.
        write("core/handle/__init__.py", "");
        assert_eq!(
            top("core/handle/hello.py", "from core.utils.util import f\n"),
            None
        );
        std::fs::remove_file(root.join("core/handle/__init__.py")).unwrap();
        write("setup.py", "");
        assert_eq!(
            top("core/handle/hello.py", "from core.utils.util import f\n"),
            None
        );
    }

    #[test]
    fn a_top_level_module_of_a_folder_no_import_spells_uses_its_one_proven_tree() {
        let dir = tempfile::tempdir().unwrap();
        let facts = ProjectFacts::default();
        let write = |file: &str, code: &str| write_file(dir.path(), file, code);
        write("task-svc/app/core/sync.py", "import asyncio\n");
        write(
            "task-svc/app/core/coordinator.py",
            "from app.core.sync import S\n",
        );
        write("task-svc/intel/balance.py", "import asyncio\n");
        write("task-svc/events.py", "import asyncio\n");
        let home = |folder: &str| {
            let key = dir.path().join(folder).join("events.py");
            let found = top_level(&key, &key, &[], &facts, true);
            found.map(|h| h.map(|h| (h.path, h.package)))
        };
        let app = dir.path().join("task-svc/app/_background.py");
        assert_eq!(home("task-svc"), Some(Some((app, "app".to_owned()))));
        // A folder an import can spell may be a package's: nothing proves its modules top-level.
        write("task_svc/app/core/sync.py", "import asyncio\n");
        write(
            "task_svc/app/core/coordinator.py",
            "from app.core.sync import S\n",
        );
        assert_eq!(home("task_svc"), None);
        // Two proven trees: no one home.
        write("two-svc/app/core/sync.py", "import asyncio\n");
        write(
            "two-svc/app/core/coordinator.py",
            "from app.core.sync import S\n",
        );
        write("two-svc/web/a.py", "import asyncio\n");
        write("two-svc/web/b.py", "from web.a import x\n");
        assert_eq!(home("two-svc"), None);
    }
}
