//! `--strategy helper` for a module in no package its imports or folders name (see
//! `helper_home::locate`, which hands it here): the project's own folder as a package without
//! a name, a tree of namespace folders imported from the folder above it (see
//! `helper_home::namespace_tree`), a module of an import root (see `import_root`), else a script, which
//! shares the helper of a package it imports (`outside`) or keeps its own.

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
use crate::project::helper_home::module::{HelperModule, MODULE_FILE, helper_there, up_from};
use crate::project::helper_home::namespace_tree;
use crate::project::helper_home::run_as::{imports_its_folder, run_by_path};
use crate::project::path_root::{self, import_root, layout};

/// The helper of a module in no package its imports or folders name: the project's own folder
/// as a package, a tree of namespace folders (see `helper_home::namespace_tree`), else a script or a module
/// of an import root (see `import_root`).
pub(crate) fn helper(
    (path, key, text): (&Path, &Path, &str),
    modules: &[String],
    (project, namespace, roots): (Option<&Path>, &[PathBuf], &[PathBuf]),
    facts: &ProjectFacts,
    creates: bool,
    outside: impl FnOnce() -> Option<HelperModule>,
) -> Option<HelperModule> {
    // The project's own folder is the package: one helper there, for all of its modules.
    if let Some(top) = layout::unnamed_top(key, namespace) {
        return unnamed_helper(path, key, (text, modules), &top, creates);
    }
    // A module of a tree of namespace folders imported from the folder above it.
    let file = (path, key, text);
    let spots = (project, namespace);
    if let Some(found) = namespace_tree::helper(file, modules, spots, facts, creates) {
        return found;
    }
    // A namespace folder its imports spell from an import root (see `path_root`).
    if let Some(found) =
        namespace_folder(file, modules, roots, (project, namespace), facts, creates)
    {
        return found;
    }
    // A script, or a module that names nothing of its package (see `import_root`).
    let found = import_root::unnamed_file(path, key, text, namespace, facts, creates, outside);
    let top_level = || namespace_tree::top_level(path, key, namespace, facts, creates);
    found.or_else(|| top_level().flatten())
}

/// The helper of a module of a namespace folder that its own imports spell from an import root
/// (see `path_root::namespace_folder`): the folder's own `_background.py`, imported absolutely
/// (`from hft_platform.services._background import keep_task`); `Some(None)` where a
/// `_background.py` of another kind is in the way, `None` where nothing proves the folder's name.
fn namespace_folder(
    (path, key, text): (&Path, &Path, &str),
    modules: &[String],
    roots: &[PathBuf],
    (project, namespace): (Option<&Path>, &[PathBuf]),
    facts: &ProjectFacts,
    creates: bool,
) -> Option<Option<HelperModule>> {
    if run_by_path(key, text) {
        return None;
    }
    let (folder, name) = path_root::namespace_folder(key, modules, roots, namespace)?;
    let top = layout::TopPackage { folder, name };
    if crate::project::helper_home::module::shadows_library(&top, project, facts) {
        return None;
    }
    Some(
        helper_there(&top.folder, creates).map(|exists| {
            HelperModule::absolute(up_from(path, 0).join(MODULE_FILE), top.name, exists)
        }),
    )
}

/// The helper of a module of the project's own folder, a package without a name (`top`).
fn unnamed_helper(
    path: &Path,
    key: &Path,
    (text, modules): (&str, &[String]),
    top: &Path,
    creates: bool,
) -> Option<HelperModule> {
    let depth = layout::depth(key, top);
    let top_level = depth == 0 && imports_its_folder(key, modules);
    Some(HelperModule {
        path: up_from(path, depth).join(MODULE_FILE),
        package: String::new(),
        depth,
        exists: helper_there(top, creates)?,
        outside: false,
        absolute: top_level,
        script: !top_level && run_by_path(key, text),
        unnamed: true,
        flat: false,
        own: false,
    })
}
