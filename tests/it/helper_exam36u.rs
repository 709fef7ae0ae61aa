//! `--strategy helper` in the layouts of issue 36's twentieth exam (exam36u).

use std::fs;

use crate::keepers::fixed_project;

/// `testdata/keepers/helper_for_tests/project`, mcp-telegram's layout (class 6): the only site
/// of package `alone` is in its test, so the test keeps its task inline and the package gets
/// no private module for its tests alone. Package `shared` has a site of its own: its helper is
/// written for it, and its test imports that one. A second run changes nothing (checked by
/// `fixed_project`'s comparison and here).
#[test]
fn a_test_imports_the_helper_only_where_its_package_has_one() {
    let dir = fixed_project("keepers/helper_for_tests");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    assert!(!dir.path().join("src/alone/_background.py").exists());
    assert!(dir.path().join("src/shared/_background.py").is_file());
    let alone = read("tests/test_flood.py");
    assert!(
        alone.contains("_background_tasks.add(task)") && !alone.contains("keep_task"),
        "{alone}"
    );
    let shared = read("tests/test_pump.py");
    assert!(
        shared.contains("from shared._background import keep_task\n"),
        "{shared}"
    );
    let again = crate::common::undangle()
        .args(["diff", "--preview"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
}
