//! A package without an `__init__.py` that holds modules of its own (issue 36's sixteenth exam,
//! class 2: airis-mcp-gateway's `src/app/`, whose `main.py` imports `from .api.endpoints import
//! mcp_proxy` and is run as `app.main`; `app/api/` is a regular package). A module directly in
//! the folder that imports relatively proves the folder is a package wherever it runs (a
//! relative import fails in a top-level module), and the modules beside it ship with its
//! distribution: a portion of a namespace package that is this distribution's alone. The
//! helper of `main.py` and of the regular packages inside the folder goes there, one
//! `app/_background.py`: without this, `main.py` (in no regular package) wrote a private
//! `_keep_task` and `app/api/` a `_background.py` of its own, two helpers in one project.
//!
//! A namespace folder of modules' subpackages only (backend.ai's `src/ai/backend/`, shared by
//! several distributions) proves nothing: no module of its own imports relatively. The folder
//! must sit directly in an import root (ruff's `src`, the project's folder or its `src/`, or a
//! distribution's folder), so that its name is its dotted name.

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
use crate::project::path_root::layout::{TopPackage, is_identifier, relative_climb};

/// The most modules of one folder read.
const MAX_MODULES: usize = 100;

/// The namespace portion that holds the module at `key` (in the regular package `top`, or
/// directly in the portion where `top` is `None`), where its own modules prove it a package.
pub fn portion_top(
    key: &Path,
    top: Option<&TopPackage>,
    roots: &[PathBuf],
    project: Option<&Path>,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
) -> Option<TopPackage> {
    let folder = match top {
        Some(top) => top.folder.parent()?,
        None => key.parent()?,
    };
    let name = folder.file_name()?.to_str()?;
    let parent = folder.parent()?;
    let in_root = roots.iter().any(|r| r == parent)
        || project == Some(parent)
        || parent.file_name().is_some_and(|n| n == "src")
        || ["pyproject.toml", "setup.py", "setup.cfg"]
            .iter()
            .any(|m| parent.join(m).is_file());
    let package = |f: &Path| crate::project::path_root::is_package(f, namespace);
    let outside = project.is_some_and(|p| !folder.starts_with(p) || folder == p);
    if !in_root
        || outside
        || package(folder)
        || package(parent)
        || roots.iter().any(|r| r == folder)
        || !is_identifier(name)
        || name == "src"
        // Home Assistant's integrations ship alone (see `layout::ships_alone`).
        || name == "custom_components"
        || crate::scan::stdlib::is_stdlib(name)
        || !facts.portions.get_or(folder, || imports_relatively(folder))
    {
        return None;
    }
    Some(TopPackage {
        folder: folder.to_path_buf(),
        name: name.to_owned(),
    })
}

/// Whether a module directly in `folder` imports relatively at its top level; read once per
/// folder and run.
fn imports_relatively(folder: &Path) -> bool {
    let mut modules: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    modules.retain(|p| p.extension().is_some_and(|e| e == "py") && p.is_file());
    modules.sort();
    modules.iter().take(MAX_MODULES).any(|module| {
        let text = std::fs::read_to_string(module).unwrap_or_default();
        relative_climb(&text) > 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::facts::write_file;

    #[test]
    fn a_namespace_folder_whose_module_imports_relatively_is_the_top() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |file: &str, code: &str| write_file(root, file, code);
        write("pyproject.toml", "[project]\nname = \"api\"\n");
        write("src/app/main.py", "from .api.endpoints import proxy\n");
        write("src/app/api/__init__.py", "");
        write("src/app/api/endpoints/__init__.py", "");
        write("src/app/api/endpoints/proxy.py", "from ...core import c\n");
        write("src/ai/backend/storage/__init__.py", "");
        write("src/ai/backend/storage/x.py", "from .y import z\n");
        let roots = [root.to_path_buf(), root.join("src")];
        let facts = ProjectFacts::default();
        let api = TopPackage {
            folder: root.join("src/app/api"),
            name: "api".to_owned(),
        };
        let app = Some(TopPackage {
            folder: root.join("src/app"),
            name: "app".to_owned(),
        });
        let key = root.join("src/app/api/endpoints/proxy.py");
        let portion = |key: &Path, top| portion_top(key, top, &roots, Some(root), &[], &facts);
        assert_eq!(portion(&key, Some(&api)), app);
        assert_eq!(portion(&root.join("src/app/main.py"), None), app);
        // A namespace folder with no module of its own, below another: no proof.
        let storage = TopPackage {
            folder: root.join("src/ai/backend/storage"),
            name: "ai.backend.storage".to_owned(),
        };
        assert_eq!(
            portion(&root.join("src/ai/backend/storage/x.py"), Some(&storage)),
            None
        );
        // A folder of scripts that import each other absolutely: none.
        write("tools/run.py", "from helpers import h\n");
        assert_eq!(portion(&root.join("tools/run.py"), None), None);
    }
}
