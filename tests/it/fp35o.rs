//! exam35n's remaining false positives (docs/evaluation.md, "Fifteenth exam"), read as general
//! proofs. The code is in `testdata/audit/fp35o/<case>/` and its audit in
//! `testdata/audit/fp35o/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35o::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// The lines `check --isolated .` reports in the case's folder.
fn reported(case: &str) -> (Vec<String>, Option<i32>) {
    crate::common::reported_in("audit/fp35o", case)
}

/// python-snmp's interceptor tests: `loop.create_task(interceptor.async_reply())`, where the
/// coroutine's one suspension awaits a future `__init__` binds once and the interceptor is a
/// local of the creating frame. A pending future's done callbacks hold the waiting task, so the
/// holder of the future holds the task: kept, by the future. A wait followed by a poll, a
/// future bound again elsewhere, an awaited task and a receiver that is a parameter stay drops.
#[test]
fn a_task_whose_one_wait_is_on_a_held_future_is_kept() {
    crate::common::expect_audit("audit/fp35o", "future_wait");
    let (lines, code) = reported("future_wait");
    assert_eq!(
        lines,
        [
            "interceptor.py:59:5",
            "interceptor.py:61:5",
            "interceptor.py:63:5",
            "interceptor.py:69:5"
        ]
    );
    assert_eq!(code, Some(1));
}
