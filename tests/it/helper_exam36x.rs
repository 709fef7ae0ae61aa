//! `--strategy helper` in the layouts of issue 36's twenty-third exam (exam36x).

use std::fs;

use crate::common::{copy_tree, read_tree, testdata, undangle};
use crate::keepers::fixed_project;

/// `testdata/keepers/helper_namespace_span/project`, Gaia's layout (class 3): `gaia/` and
/// `gaia/tasks/` are packages, `weather/` has no `__init__.py`, `weather/processing/` has one.
/// `processing/workers.py` imports `gaia.tasks.weather.task` (lazily, in a function): `weather/`
/// is imported as a namespace subpackage of `gaia` where it runs, so `processing` is
/// `gaia.tasks.weather.processing` and shares `gaia/_background.py` with `validator.py`,
/// imported absolutely. `soil/processing/`, whose modules import nothing through `soil/`, keeps
/// its own helper, as before.
#[test]
fn a_package_imported_through_a_namespace_folder_shares_the_outer_packages_helper() {
    let dir = fixed_project("keepers/helper_namespace_span");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    assert!(dir.path().join("gaia/_background.py").is_file());
    assert!(
        !dir.path()
            .join("gaia/tasks/weather/processing/_background.py")
            .exists()
    );
    for file in [
        "gaia/tasks/weather/processing/workers.py",
        "gaia/validator/validator.py",
    ] {
        let text = read(file);
        assert!(
            text.contains("from gaia._background import keep_task\n"),
            "{file}: {text}"
        );
    }
    let soil = read("gaia/tasks/soil/processing/workers.py");
    assert!(
        soil.contains("from ._background import keep_task\n"),
        "{soil}"
    );
    assert!(
        dir.path()
            .join("gaia/tasks/soil/processing/_background.py")
            .is_file()
    );
}

/// `testdata/keepers/helper_workspace_member/project`, a2a-samples' layout (class 5), fixed
/// with `--strategy helper` as the exam ran it: `samples/python/hosts/` is a package, and each
/// of its folders `multiagent/`, `lone/` and `relay/` a uv workspace member with its own
/// `pyproject.toml` and `__init__.py`. `multiagent/host_agent.py` imports its sibling
/// `remote_agent_connection.py` as a top-level module: it runs with its folder on `sys.path`,
/// and the helper is a top-level module there, `from _background import keep_task`, never
/// `hosts/_background.py` outside the member. `lone/`'s has no such sibling: nothing proves
/// where it runs, and it keeps its own helper. `relay/`'s imports its sibling relatively: the
/// package's helper, as before.
#[test]
fn a_workspace_member_inside_a_package_keeps_its_helper_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let name = "keepers/helper_workspace_member";
    copy_tree(&testdata(&format!("{name}/project")), dir.path());
    undangle()
        .args(["fix", "--strategy", "helper", "."])
        .current_dir(dir.path())
        .assert()
        .success();
    let expected = testdata(&format!("{name}/fixed"));
    if std::env::var_os("UNDANGLE_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected);
        copy_tree(dir.path(), &expected);
    }
    assert_eq!(read_tree(dir.path()), read_tree(&expected));
    let hosts = dir.path().join("samples/python/hosts");
    let read = |file: &str| fs::read_to_string(hosts.join(file)).unwrap();
    let multi = read("multiagent/host_agent.py");
    assert!(
        multi.contains("from _background import keep_task\n"),
        "{multi}"
    );
    assert!(hosts.join("multiagent/_background.py").is_file());
    let lone = read("lone/host_agent.py");
    assert!(lone.contains("def _keep_task("), "{lone}");
    let relay = read("relay/host_agent.py");
    assert!(
        relay.contains("from .._background import keep_task\n"),
        "{relay}"
    );
    assert!(hosts.join("_background.py").is_file());
}
