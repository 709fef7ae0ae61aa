//! A module of a distribution that lies inside a package of another (issue 36's twenty-third
//! exam, class 5: a2a-samples' uv workspace member `samples/python/hosts/multiagent/`, its own
//! `pyproject.toml` and `__init__.py`, inside `hosts/`, a package with an `__init__.py`). The
//! chain of `__init__.py` files runs past the member's folder, so its `host_agent.py` imported
//! a helper written in `hosts/`, outside the distribution that holds it, as
//! `samples.python.hosts._background`: no such module where the member runs.
//!
//! The helper never goes outside the folder of the nearest distribution that holds the file
//! where the file does not reach the package above by an import of its own (a relative one, or
//! an absolute one of its name): it imports its siblings as top-level modules (`from
//! remote_agent_connection import R` beside `remote_agent_connection.py`, or a sibling imports
//! it so), so it runs with its own folder on `sys.path`, and the helper is a top-level module
//! there, imported as the siblings are (`from _background import keep_task`); else nothing
//! proves where it runs, and it keeps its own helper.

use std::path::Path;

use crate::project::helper_home::module::{HelperModule, MODULE_FILE, helper_there, up_from};
use crate::project::helper_home::run_as::imports_its_folder;
use crate::project::path_root::layout::TopPackage;

/// The helper of the module at `key` (walked as `path`, in the top package `top`), where a
/// distribution's folder lies between it and `top` and the file's own imports do not reach
/// `top` (see the module's documentation): `Some(Some(_))` a top-level `_background.py` in the
/// file's folder, `Some(None)` its own helper; `None` where the rule does not apply.
pub(crate) fn helper(
    path: &Path,
    key: &Path,
    top: &TopPackage,
    (modules, climb): (&[String], usize),
    creates: bool,
) -> Option<Option<HelperModule>> {
    let first = top.name.split('.').next();
    let names_top = modules.iter().any(|m| m.split('.').next() == first);
    if climb > 0 || names_top {
        return None;
    }
    let folder = key.parent()?;
    let inner = (folder.ancestors())
        .take_while(|up| *up != top.folder && up.starts_with(&top.folder))
        .any(builds_distribution);
    if !inner {
        return None;
    }
    if !imports_its_folder(key, modules) {
        return Some(None);
    }
    let home = up_from(path, 0).join(MODULE_FILE);
    Some(helper_there(folder, creates).map(|exists| HelperModule {
        unnamed: true,
        ..HelperModule::absolute(home, String::new(), exists)
    }))
}

/// Whether `folder` holds a distribution's metadata: `setup.py`, `setup.cfg`, or a
/// `pyproject.toml` with a `[project]` or `[build-system]` table (one with tool settings only
/// builds nothing).
fn builds_distribution(folder: &Path) -> bool {
    let setup = ["setup.py", "setup.cfg"];
    setup.iter().any(|f| folder.join(f).is_file())
        || std::fs::read_to_string(folder.join("pyproject.toml"))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .is_some_and(|t| t.contains_key("project") || t.contains_key("build-system"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::facts::write_file;
    use crate::project::path_root::layout::imported_modules;

    #[test]
    fn a_member_inside_a_package_keeps_its_helper_in_its_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |file: &str, code: &str| write_file(root, file, code);
        write("hosts/__init__.py", "");
        write("hosts/multi/__init__.py", "");
        write(
            "hosts/multi/pyproject.toml",
            "[project]\nname = \"multi\"\n",
        );
        write("hosts/multi/remote.py", "");
        let hosts = TopPackage {
            folder: root.join("hosts"),
            name: "hosts".to_owned(),
        };
        let found = |text: &str| {
            let key = root.join("hosts/multi/agent.py");
            let modules = imported_modules(text);
            let climb = crate::project::path_root::layout::relative_climb(text);
            let found = helper(&key, &key, &hosts, (&modules, climb), true);
            found.map(|h| h.map(|h| (h.spelling(false), h.path)))
        };
        // Its siblings imported as top-level modules: a top-level helper beside them.
        let home = root.join("hosts/multi/_background.py");
        let top_level = Some(Some(("_background".to_owned(), home)));
        assert_eq!(found("import asyncio\nfrom remote import R\n"), top_level);
        // Nothing says where it runs: its own helper.
        assert_eq!(
            found("import asyncio\nfrom elsewhere import E\n"),
            Some(None)
        );
        // It reaches the package relatively or by its name: the package's helper, as before.
        assert_eq!(found("from .remote import R\n"), None);
        assert_eq!(found("from hosts.multi.remote import R\n"), None);
        // A pyproject.toml of tool settings only builds nothing.
        write(
            "hosts/multi/pyproject.toml",
            "[tool.ruff]\nline-length = 80\n",
        );
        assert_eq!(found("from remote import R\n"), None);
    }
}
