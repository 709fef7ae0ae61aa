//! Audit fields the issue found wrong on fresh code, each on a file of `testdata/audit_fields`.

use std::path::Path;

use serde_json::Value;

use crate::common::undangle;

fn audit_of(file: &str) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("testdata/audit_fields").join(file),
        dir.path().join(file),
    )
    .unwrap();
    let output = undangle()
        .current_dir(dir.path())
        .args(["audit", "--isolated", "--output-format", "json", "."])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The module's `_tasks` is never cancelled: `run_batch` cancels its own local `_tasks`.
#[test]
fn shutdown_at_is_not_another_functions_local() {
    let sites = audit_of("shutdown_shadowed.py");
    let module = (sites.iter()).find(|s| s["owner"] == "module._tasks");
    let module = module.unwrap_or_else(|| panic!("{sites:#?}"));
    assert_eq!(module["shutdown"], "none", "{module:#?}");
    assert_eq!(module["shutdown_at"], Value::Null, "{module:#?}");
    let local = (sites.iter()).find(|s| s["reference"] == "local").unwrap();
    assert_eq!(local["shutdown"], "cancelled", "{local:#?}");
}

/// `tasks = self._tasks` then a loop that cancels them (an alias), and `cancel_all(self._tasks)`
/// (a plain helper of the file whose body cancels what it is handed, not awaited).
#[test]
fn shutdown_through_an_alias_or_a_helper_of_the_file() {
    let sites = audit_of("shutdown_by_helper.py");
    let of = |owner: &str| {
        let site = (sites.iter()).find(|s| s["owner"] == owner);
        site.unwrap_or_else(|| panic!("{owner}: {sites:#?}"))
            .clone()
    };
    assert_eq!(of("A._tasks")["shutdown"], "cancelled");
    assert_eq!(of("A._task")["shutdown"], "cancelled");
    let helped = of("B._tasks");
    assert_eq!(helped["shutdown"], "cancelled", "{helped:#?}");
    assert_eq!(
        helped["shutdown_at"], "shutdown_by_helper.py:44",
        "{helped:#?}"
    );
}

/// `task.add_done_callback(functools.partial(_on_done, name))` where `_on_done` reads
/// `task.exception()`, and a nested `done` that reads `t.result()`: both retrieve it.
#[test]
fn a_done_callback_that_reads_the_result_retrieves_the_exception() {
    let sites = audit_of("callback_retrieves.py");
    assert_eq!(sites.len(), 2, "{sites:#?}");
    for site in &sites {
        assert_eq!(site["exceptions"], "retrieved", "{site:#?}");
    }
}

/// A keeper that stores its task only in a `weakref.WeakSet` keeps nothing: the task is returned,
/// weakly held, and its callers decide (one of them drops it).
#[test]
fn a_task_returned_and_held_only_weakly_is_left_to_its_callers() {
    let sites = audit_of("weakly_held.py");
    let made = (sites.iter()).find(|s| s["line"] == 17);
    let made = made.unwrap_or_else(|| panic!("{sites:#?}"));
    assert_eq!(made["reference"], "returned", "{made:#?}");
    assert_eq!(made["owner"], Value::Null, "{made:#?}");
    let verdict = made.to_string();
    assert!(verdict.contains("holds no reference to it"), "{made:#?}");
    let dropped = (sites.iter()).find(|s| s["line"] == 27);
    let dropped = dropped.unwrap_or_else(|| panic!("{sites:#?}"));
    assert_eq!(dropped["reference"], "dropped", "{dropped:#?}");
}
