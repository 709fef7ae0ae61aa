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
