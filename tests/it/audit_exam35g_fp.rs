//! The eighth exam of issue 35 (testdata/exam35g): its false positives' classes 2 and 3
//! (docs/evaluation.md, "Eighth exam"). The code is in `testdata/audit/exam35g_fp/<case>/` and
//! its audit in `testdata/audit/exam35g_fp/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35g_fp::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35g_fp", case);
}

/// `check` reports nothing in the case's folder.
fn check_is_silent(case: &str) {
    let folder = crate::common::testdata(&format!("audit/exam35g_fp/{case}"));
    let output = crate::common::undangle()
        .current_dir(&folder)
        .args(["check", "--isolated", "."])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(output.status.code(), Some(0));
}

/// A script's task made on `get_event_loop()`'s loop after its last `run_until_complete`, or
/// before `uvicorn.run` runs a new loop: the loop's ready queue holds it and the loop never
/// runs again. Kept (`passed`), but its work is lost: risk high, and the action says where to
/// make it instead; `check` is silent (`fix` cures nothing there).
#[test]
fn a_task_made_on_a_loop_that_never_runs_is_kept_and_its_work_lost() {
    expect("idle_loop");
    check_is_silent("idle_loop");
}

/// `asyncio.create_task(f(...))` where `f` is a plain `def` of the file: the call runs `f` in
/// place and `create_task` raises TypeError, so no task is made and none is dropped.
#[test]
fn a_plain_function_handed_to_create_task_makes_no_task() {
    expect("not_a_coroutine");
    check_is_silent("not_a_coroutine");
}
