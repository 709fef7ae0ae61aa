//! Where a file's package begins and what its dotted name is, as the import system finds them:
//! a folder with an `__init__.py` is a regular package; one without is a namespace package
//! (PEP 420) where it is importable at all, as the folders between an import root and a
//! package of a namespace distribution are (backend.ai's `src/ai/backend/storage/`, whose `ai`
//! and `ai/backend` have none), or a folder without one inside a regular package (its
//! `services/`). The top package of a file is the outermost regular package the file's own
//! module is part of: the chain of folders with an `__init__.py` above it, or, across namespace
//! folders, a regular package further up that the file's own imports name absolutely (`from
//! ai.backend.storage.errors import E` in `storage/services/service.py`): a module of that
//! package, whose helper it imports as surely as it imports the rest of the package. A namespace
//! package itself belongs to no single distribution, so a helper never goes there.

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
pub use crate::project::path_root::{TopPackage, imported_modules, is_identifier};
use crate::project::path_root::{below_stray_init, has_module, names_children, rooted_inside};

/// The top package of the module at `key` (an absolute path without `.` or `..`), whose text
/// imports `modules` absolutely (their dotted names), below `project` (the project's folder,
/// where known) and `roots` (ruff's import roots). `None` where the file is in no package it
/// names: a script, or a module of a namespace folder that imports nothing of its package.
/// The folders of `namespace` (ruff's `namespace-packages`, as keys) are packages though they
/// have no `__init__.py`, as ruff takes them. `climb`: the most dots of the file's relative
/// imports (`from ...enums import E` → 3).
pub fn top_package(
    key: &Path,
    modules: &[String],
    climb: usize,
    roots: &[PathBuf],
    project: Option<&Path>,
    namespace: &[PathBuf],
    facts: &ProjectFacts,
) -> Option<TopPackage> {
    let is_package = |folder: &Path| is_package(folder, namespace);
    let folder = key.parent()?;
    let mut chain = is_package(folder).then(|| chain_top(folder, namespace));
    // A relative import that climbs past the chain's top, across folders without an
    // `__init__.py`, to a regular package (steam.py's `from ...enums import IntEnum` in
    // `steam/ext/commands/cooldown.py`, `steam/ext/` a namespace portion inside `steam`):
    // the file's module is that package's, or the import fails.
    let reached = folder.ancestors().nth(climb.saturating_sub(1));
    // The same from a folder without an `__init__.py` (dopemux's `adhd_engine/core/engine.py`,
    // `from ..config import settings`): the import resolves only where the module is a module
    // of the regular package it climbs to, through folders a dotted name can spell.
    if chain.is_none()
        && climb >= 2
        && let Some(reached) = reached.filter(|r| is_package(r))
        && (folder.strip_prefix(reached).ok())
            .is_some_and(|inside| inside.iter().all(|p| p.to_str().is_some_and(is_identifier)))
    {
        chain = Some(chain_top(reached, namespace));
    }
    if let (Some(top), Some(reached)) = (chain, reached)
        && reached != top
        && top.starts_with(reached)
        && is_package(reached)
    {
        chain = Some(chain_top(reached, namespace));
    }
    let start = chain.unwrap_or(folder);
    // Across namespace folders: the outermost regular package above that the file names.
    let mut outer = None;
    let above = (!ships_alone(start)).then(|| start.ancestors().skip(1));
    for up in above.into_iter().flatten() {
        if project.is_some_and(|p| !up.starts_with(p)) || roots.iter().any(|r| r == up) {
            break;
        }
        if is_package(up) && up.parent().is_none_or(|p| !is_package(p)) {
            let named = named_by(up, modules);
            outer = named
                .map(|name| TopPackage {
                    folder: up.to_owned(),
                    name,
                })
                .or(outer);
        }
    }
    if outer.is_some() {
        return outer;
    }
    let top = chain?;
    let top = match named_by(top, modules) {
        Some(_) => top,
        None => (rooted_inside(folder, top, modules))
            .or_else(|| {
                let rooted = |up: &Path| facts.root_children.get_or(up, || names_children(up));
                below_stray_init(folder, top, (modules, climb), rooted)
            })
            .unwrap_or(top),
    };
    // The distribution's own folder is where its packages install from (a workspace member's
    // `pkg/inngest/` holds `pyproject.toml` and `inngest/`), as its `src/` is.
    let mut roots = roots.to_vec();
    if let Some(dist) = distribution_root(top, project) {
        roots.extend([dist.join("src"), dist.to_owned()]);
    }
    // An integration that ships alone is imported as `custom_components.<name>`: an import of
    // its folder's bare name (`from nwp500.exceptions import E` in `custom_components/nwp500/`)
    // names the PyPI library it wraps, never the integration.
    let named = named_by(top, modules).filter(|name| !ships_alone(top) || name.contains('.'));
    let name = named
        .or_else(|| named_through_parent(top, modules))
        .or_else(|| below_root(top, &roots, namespace))
        .or_else(|| top.file_name()?.to_str().map(str::to_owned))?;
    name.split('.').all(is_identifier).then(|| TopPackage {
        folder: top.to_owned(),
        name,
    })
}

/// The top of the chain of regular packages that holds the module at `key` where that top has
/// no name of its own: the project's own folder is the package (an AstrBot plugin's checkout,
/// `core/` importing `from ..exceptions import E`), and its host imports it under a name the
/// folder does not say (AstrBot's `data.plugins.<folder>`, a checkout named `plugin-main`). Its
/// modules reach each other only relatively.
pub fn unnamed_top(key: &Path, namespace: &[PathBuf]) -> Option<PathBuf> {
    let folder = key.parent()?;
    if !is_package(folder, namespace) {
        return None;
    }
    let top = chain_top(folder, namespace);
    let name = top.file_name()?.to_str()?;
    (!is_identifier(name)).then(|| top.to_owned())
}

/// The closest folder above the package `top`, inside the project where it is known, that
/// holds a distribution's metadata (`pyproject.toml`, `setup.py`, `setup.cfg`).
fn distribution_root<'p>(top: &'p Path, project: Option<&Path>) -> Option<&'p Path> {
    let markers = ["pyproject.toml", "setup.py", "setup.cfg"];
    (top.ancestors().skip(1))
        .take_while(|up| project.is_none_or(|p| up.starts_with(p)))
        .find(|up| markers.iter().any(|m| up.join(m).is_file()))
}

/// How many folders `key`'s folder lies below `top`: a relative import of `top`'s module has
/// one dot more.
pub fn depth(key: &Path, top: &Path) -> usize {
    let folder = key.parent().unwrap_or(key);
    folder
        .components()
        .count()
        .saturating_sub(top.components().count())
}

fn is_package(folder: &Path, namespace: &[PathBuf]) -> bool {
    crate::project::path_root::is_package(folder, namespace)
}

/// The outermost folder of the unbroken chain of regular packages above `folder`, or the
/// unit that ships on its own that the chain reaches first (see [`ships_alone`]).
fn chain_top<'p>(folder: &'p Path, namespace: &[PathBuf]) -> &'p Path {
    let mut top = folder;
    while let Some(up) = top.parent().filter(|up| is_package(up, namespace)) {
        if ships_alone(top) {
            break;
        }
        top = up;
    }
    top
}

/// A package that is installed on its own, whatever holds it in the repository: a Home
/// Assistant custom integration, a folder of `custom_components/` with its `manifest.json`
/// (Home Assistant's documented layout), which HACS or a manual install copies alone into the
/// configuration's `custom_components/`; a `custom_components/__init__.py` that the
/// repository keeps for its tests is not installed, and nothing above the integration is
/// importable beside it.
fn ships_alone(folder: &Path) -> bool {
    let parent = folder.parent().and_then(Path::file_name);
    parent.is_some_and(|p| p == "custom_components") && folder.join("manifest.json").is_file()
}

/// The dotted name the file's imports give the package at `folder`: the shortest run of its
/// last folders' names that one of `modules` is, or starts with.
fn named_by(folder: &Path, modules: &[String]) -> Option<String> {
    let names: Vec<&str> = folder
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    (1..names.len()).find_map(|k| {
        let dotted = names[names.len() - k..].join(".");
        // `from nwp500.exceptions import E` names the folder `nwp500/` only where `exceptions`
        // is a module of it: else the import finds another `nwp500` (the library a Home
        // Assistant integration wraps), as the import system would.
        let names_it = |m: &String| {
            m.strip_prefix(dotted.as_str())
                .is_some_and(|rest| match rest.strip_prefix('.') {
                    Some(inner) => has_module(folder, inner.split('.').next().unwrap_or("")),
                    None => rest.is_empty(),
                })
        };
        modules.iter().any(names_it).then_some(dotted)
    })
}

/// The name of the top package `folder` whose parent is the project's own namespace folder (see
/// [`own_namespace`]), where the file's imports name that folder (`from src.core.bus import
/// emit` in `src/ui/`, py-xiaozhi, issue 36's twenty-first exam): `src.ui`, as the project's
/// modules import it.
fn named_through_parent(folder: &Path, modules: &[String]) -> Option<String> {
    let parent = folder.parent()?;
    let root = parent.file_name()?.to_str()?;
    let named = own_namespace(parent) && named_by(parent, modules).as_deref() == Some(root);
    named.then(|| Some(format!("{root}.{}", folder.file_name()?.to_str()?)))?
}

/// Whether `folder` is the project's own namespace folder: no `__init__.py`, and beside the
/// distribution's project file (py-xiaozhi's `src/`, beside its `pyproject.toml`), so that the
/// project's folder is where its modules are imported from. A namespace that distributions
/// share lies inside their import root (`src/corp/`, with `corp.web` and `corp.store` below),
/// not beside the project file.
fn own_namespace(folder: &Path) -> bool {
    let beside = ["pyproject.toml", "setup.py", "setup.cfg"];
    !folder.join("__init__.py").is_file()
        && folder
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_identifier)
        && (folder.parent()).is_some_and(|up| beside.iter().any(|f| up.join(f).is_file()))
}

/// Whether the file's absolute imports (`modules`) name another module of the project's own
/// namespace folder that holds its top package `top` (`from src.core.event_bus import
/// EventBus` in `src/ui/shared/bridge/`, top package `src.ui`): the project imports its
/// modules through that folder, and the helper is spelled so (`from src.ui._background`),
/// not relatively beside those absolute imports.
pub fn through_own_namespace(top: &TopPackage, modules: &[String]) -> bool {
    let Some((root, _)) = top.name.split_once('.') else {
        return false;
    };
    let levels = top.name.matches('.').count();
    let Some(folder) = top.folder.ancestors().nth(levels) else {
        return false;
    };
    let named = folder.file_name().is_some_and(|n| n == root);
    // The folder toward the file's own package names no sibling (nonebot's adapters import
    // `nonebot.adapters`, a namespace shared with other distributions).
    let own = top.name.split('.').nth(1).unwrap_or_default();
    named
        && own_namespace(folder)
        && modules.iter().any(|m| {
            let rest = m.strip_prefix(root).and_then(|rest| rest.strip_prefix('.'));
            let sibling = rest.map(|rest| rest.split('.').next().unwrap_or_default());
            sibling.is_some_and(|s| {
                s != own
                    && (folder.join(s).join("__init__.py").is_file()
                        || folder.join(format!("{s}.py")).is_file())
            })
        })
}

/// The dotted name below the closest import root that holds `top` with only namespace folders
/// between them.
fn below_root(top: &Path, roots: &[PathBuf], namespace: &[PathBuf]) -> Option<String> {
    let root = (roots.iter())
        .filter(|root| top.starts_with(root) && top != root.as_path())
        .max_by_key(|root| root.components().count())?;
    let inside = top.strip_prefix(root).ok()?;
    let mut between = root.clone();
    let mut parts = Vec::new();
    for part in inside.components() {
        if between != *root && is_package(&between, namespace) {
            return None;
        }
        between.push(part);
        parts.push(part.as_os_str().to_str()?);
    }
    Some(parts.join("."))
}

/// The most leading dots of a module's relative imports at its top level (`from ..a import b`
/// → 2), 0 where it has none.
pub fn relative_climb(text: &str) -> usize {
    (text.lines())
        .filter_map(|line| line.strip_prefix("from "))
        .map(|rest| rest.trim_start().bytes().take_while(|&b| b == b'.').count())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree(root: &Path, inits: &[&str]) {
        for init in inits {
            fs::create_dir_all(root.join(init)).unwrap();
            fs::write(root.join(init).join("__init__.py"), "").unwrap();
        }
    }

    #[test]
    fn a_namespace_distributions_package_is_named_from_its_import_root() {
        let dir = tempfile::tempdir().unwrap();
        let facts = ProjectFacts::default();
        let root = dir.path();
        let base = root.join("src/ai/backend");
        tree(
            &base,
            &[
                "kernel",
                "kernel/sub",
                "storage",
                "storage/services/artifacts",
            ],
        );
        // The module the files import of their package (an import of one the package lacks
        // names another package: see `named_by`).
        fs::write(base.join("storage/errors.py"), "").unwrap();
        let roots = [root.join("src")];
        let top = |file: &str, modules: &[&str]| {
            let modules: Vec<String> = modules.iter().map(|m| (*m).to_owned()).collect();
            top_package(
                &base.join(file),
                &modules,
                0,
                &roots,
                Some(root),
                &[],
                &facts,
            )
        };
        // Relative imports only: the chain of regular packages, named below `src`.
        let kernel = top("kernel/sub/base.py", &[]).unwrap();
        assert_eq!(kernel.folder, base.join("kernel"));
        assert_eq!(kernel.name, "ai.backend.kernel");
        assert_eq!(depth(&base.join("kernel/sub/base.py"), &kernel.folder), 1);
        // Across the namespace folder `services/`: the package the file's imports name.
        let storage = ["ai.backend.storage.errors", "aiohttp"];
        let deep = top("storage/services/artifacts/hf.py", &storage).unwrap();
        assert_eq!(deep.folder, base.join("storage"));
        assert_eq!(deep.name, "ai.backend.storage");
        assert_eq!(top("storage/services/service.py", &storage), Some(deep));
        // A module of a namespace folder that names nothing of its package: a script.
        assert_eq!(top("storage/services/run.py", &["aiohttp"]), None);
        // Without names or roots: the chain's top by its folder's name, as before.
        let bare = top_package(
            &base.join("kernel/sub/base.py"),
            &[],
            0,
            &[],
            None,
            &[],
            &facts,
        )
        .unwrap();
        assert_eq!(bare.name, "kernel");
    }

    #[test]
    fn a_relative_import_across_a_namespace_folder_reaches_the_top() {
        let dir = tempfile::tempdir().unwrap();
        let facts = ProjectFacts::default();
        let root = dir.path().join("steam");
        tree(&root, &["", "ext/commands"]);
        let file = root.join("ext/commands/cooldown.py");
        let text =
            "from __future__ import annotations\nfrom ...enums import E\nfrom .errors import C\n";
        assert_eq!(relative_climb(text), 3);
        let top = top_package(&file, &[], 3, &[], Some(dir.path()), &[], &facts).unwrap();
        assert_eq!((top.folder, top.name.as_str()), (root.clone(), "steam"));
        // Within its own chain, the file's package is the chain's top.
        let top = top_package(&file, &[], 1, &[], Some(dir.path()), &[], &facts).unwrap();
        assert_eq!(top.folder, root.join("ext/commands"));
    }

    #[test]
    fn a_package_the_imports_name_inside_a_stray_package_is_the_top() {
        let dir = tempfile::tempdir().unwrap();
        let facts = ProjectFacts::default();
        let root = dir.path().join("backend");
        tree(&root, &["", "app", "app/core", "app/core/services"]);
        let file = root.join("app/core/services/k8s.py");
        let modules = ["app.core.config".to_owned(), "asyncio".to_owned()];
        let top = top_package(&file, &modules, 0, &[], Some(dir.path()), &[], &facts).unwrap();
        assert_eq!(top.folder, root.join("app"));
        assert_eq!(top.name, "app");
        // A standard library module of the same name as a subpackage names the library's.
        fs::create_dir_all(root.join("app/io")).unwrap();
        fs::write(root.join("app/io/__init__.py"), "").unwrap();
        let stdlib = ["io".to_owned(), "pyodide".to_owned()];
        let top = top_package(
            &root.join("app/io/p.py"),
            &stdlib,
            0,
            &[],
            Some(dir.path()),
            &[],
            &facts,
        )
        .unwrap();
        assert_eq!(top.folder, root);
        // A name that does not resolve under the folder proves nothing.
        let other = ["app.missing".to_owned()];
        let top = top_package(&file, &other, 0, &[], Some(dir.path()), &[], &facts).unwrap();
        assert_eq!(top.folder, root);
    }

    #[test]
    fn imports_are_read_with_their_dotted_names() {
        let text = "from a.b import c\nimport d.e as f, g\n    import h\nfrom . import i\n\
                    from j.k import (\n";
        assert_eq!(imported_modules(text), ["a.b", "d.e", "g", "j.k"]);
    }
}
