//! The sixteenth exam of issue 35 (testdata/exam35o), its audit classes (docs/evaluation.md,
//! "Sixteenth exam: fresh repositories"). The code is in `testdata/audit/exam35o/<case>/` and
//! its audit in `testdata/audit/exam35o/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35o::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35o", case);
}

/// Audit class 6, row 62 (ha-bepacom-bacnet `async_connect_legacy_snapshot`): the task is
/// stored on a state the method has just made, `_SubscriptionState(...)`, a private class's
/// name, read as a class called as `SubscriptionState(...)` is: a new object's attribute
/// holds no earlier task, so nothing is replaced; cancelled and awaited where the state is
/// removed, retrieved: risk none.
#[test]
fn a_task_stored_on_a_private_class_just_made_replaces_nothing() {
    expect("private_class_state");
}
