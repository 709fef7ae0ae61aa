//! `--strategy helper` in the layouts of issue 36's tenth exam (exam36j): a project whose own
//! folder is the package (class 6), and a Home Assistant integration named like the library it
//! wraps (class 3).

use std::fs;

use crate::keepers::fixed_project;

/// `testdata/keepers/root_package_helper/project`, astrbot_plugin_self_learning's layout: the
/// project's folder holds `__init__.py` (its host imports it as `data.plugins.<folder>`),
/// `core/lifecycle.py` imports `from ..errors` and `services/state/mood.py` `from ...errors`.
/// One helper, at the root, imported relatively by both (the folder's name, a temporary one
/// here, is no name to import it by); not one in `core/` and one in `services/`.
#[test]
fn a_project_whose_folder_is_the_package_gets_one_helper_at_its_root() {
    let dir = fixed_project("keepers/root_package_helper");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    assert!(dir.path().join("_background.py").is_file());
    for folder in ["core", "services", "services/state"] {
        assert!(!dir.path().join(folder).join("_background.py").exists());
    }
    let lifecycle = read("core/lifecycle.py");
    assert!(
        lifecycle.contains("from .._background import keep_task\n"),
        "{lifecycle}"
    );
    let mood = read("services/state/mood.py");
    assert!(
        mood.contains("from ..._background import keep_task\n") && !mood.contains("def _keep_task"),
        "{mood}"
    );
}

/// `testdata/keepers/integration_named_like_library/project`, ha_nwp500's layout: the custom
/// integration `custom_components/nwp500/` imports the PyPI library `nwp500` absolutely
/// (`from nwp500.exceptions import ...`) and its own modules relatively. The helper goes in the
/// integration and is imported relatively, never as `nwp500._background`, which names the
/// library.
#[test]
fn an_integration_named_like_its_library_imports_the_helper_relatively() {
    let dir = fixed_project("keepers/integration_named_like_library");
    let coordinator =
        fs::read_to_string(dir.path().join("custom_components/nwp500/coordinator.py")).unwrap();
    assert!(
        coordinator.contains("from ._background import keep_task\n")
            && !coordinator.contains("nwp500._background"),
        "{coordinator}"
    );
    assert!(
        dir.path()
            .join("custom_components/nwp500/_background.py")
            .is_file()
    );
}

/// The same without Home Assistant's layout (an add-on folder with no `manifest.json`, under a
/// folder its host puts on the path): `from nwp500.exceptions import ...` names the folder
/// `nwp500/` only where `exceptions` is a module of it, as the import system resolves it. It is
/// not, so the import is of the library, and the helper is imported relatively.
#[test]
fn an_import_of_a_module_the_folder_lacks_does_not_name_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    let files = [
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "pyproject.toml",
            "[project]\nrequires-python = \">=3.13\"\n\n[tool.undangle]\nstrategy = \"helper\"\n",
        ),
        ("addons/nwp500/__init__.py", ""),
        ("addons/nwp500/const.py", "DOMAIN = \"nwp500\"\n"),
        (
            "addons/nwp500/coordinator.py",
            "import asyncio\n\nfrom nwp500.exceptions import AuthenticationError\n\n\
             from .const import DOMAIN\n\n\nclass Coordinator:\n    \
             async def _reconnect(self) -> None:\n        await asyncio.sleep(1)\n\n    \
             def force_reconnect(self) -> None:\n        try:\n            \
             asyncio.create_task(self._reconnect())\n        except AuthenticationError:\n            \
             print(DOMAIN)\n",
        ),
    ];
    for (name, text) in files {
        fs::create_dir_all(project.join(name).parent().unwrap()).unwrap();
        fs::write(project.join(name), text).unwrap();
    }
    crate::common::undangle()
        .args(["fix", "addons"])
        .current_dir(project)
        .assert()
        .success();
    let coordinator = fs::read_to_string(project.join("addons/nwp500/coordinator.py")).unwrap();
    assert!(
        coordinator.contains("from ._background import keep_task\n")
            && !coordinator.contains("nwp500._background"),
        "{coordinator}"
    );
    assert!(project.join("addons/nwp500/_background.py").is_file());
}
