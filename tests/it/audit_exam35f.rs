//! The seventh exam of issue 35 (testdata/exam35f): its false positive and audit classes
//! (docs/evaluation.md, "Seventh exam"). The code is in `testdata/audit/exam35f/<case>/` and its
//! audit in `testdata/audit/exam35f/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35f::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35f", case);
}

/// asyncio's `sleep(0)` only yields to the ready queue (a bare `yield`; `Task.__step` then
/// schedules the next step with `call_soon`): the loop holds its task from creation to end, so
/// a dropped `run_coroutine_threadsafe(asyncio.sleep(0), loop)` future (or `create_task`) loses
/// nothing: kept, no finding, risk none. A delay not known to be zero stays dropped.
#[test]
fn a_task_that_only_yields_to_the_ready_queue_is_kept_by_the_loop() {
    expect("ready_queue");
}
