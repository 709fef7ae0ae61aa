//! `--strategy helper` in the layout of issue 36's eighteenth exam (exam36s): a folder named
//! like an installed library is no home for the helper module.

use std::fs;

use crate::helper_exam36q::second_run_is_empty;
use crate::keepers::fixed_project;

/// `testdata/keepers/helper_shadowed_library/project`, bootstrap-python-fastapi's layout:
/// `src/alembic/` is alembic's script folder, and `alembic` a declared dependency. Where it
/// runs, `alembic` is the library, so `from alembic._background import keep_task` would fail:
/// the file keeps its own private helper.
/// `src/app/jobs.py` imports `settings` from its own `__init__.py` and shares `app`'s module.
#[test]
fn a_folder_shadowing_a_library_keeps_the_files_own_helper() {
    let dir = fixed_project("keepers/helper_shadowed_library");
    let root = dir.path();
    let env = fs::read_to_string(root.join("src/alembic/env.py")).unwrap();
    assert!(env.contains("\ndef _keep_task("), "{env}");
    assert!(!env.contains("_background import"), "{env}");
    assert!(!root.join("src/alembic/_background.py").exists());
    let jobs = fs::read_to_string(root.join("src/app/jobs.py")).unwrap();
    assert!(
        jobs.contains("\nfrom app._background import keep_task\n"),
        "{jobs}"
    );
    assert!(root.join("src/app/_background.py").is_file());
    second_run_is_empty(root);
}

/// `testdata/keepers/helper_self_dependency/project`, databricks-ai-bridge's layout: the
/// project lists itself in an extra (`"my-bridge[vector]"`), which installs no library of the
/// name: `src/my_bridge/` is its own package and gets the shared `_background.py`.
#[test]
fn a_project_listing_itself_keeps_its_package_helper() {
    let dir = fixed_project("keepers/helper_self_dependency");
    let root = dir.path();
    let jobs = fs::read_to_string(root.join("src/my_bridge/jobs.py")).unwrap();
    assert!(
        jobs.contains("\nfrom ._background import keep_task\n"),
        "{jobs}"
    );
    assert!(root.join("src/my_bridge/_background.py").is_file());
    second_run_is_empty(root);
}
