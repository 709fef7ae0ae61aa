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
