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

/// Class 3: `asyncio.wait` reads no exception of the tasks it waits for; a done set dropped,
/// or only sized (`len(done)`), reads none either, also after a loop that only cancels each
/// task (`for t in tasks: t.cancel()`) or cancels the holder's: not-retrieved, low. A done set
/// read, or a gather, retrieves.
#[test]
fn a_wait_whose_done_set_is_dropped_or_sized_retrieves_nothing() {
    expect("blind_waits");
}

/// Class 4: a wait with a timeout that is the only read of a local list's tasks leaves those
/// still running to nobody once the function returns: high, "cancel (or keep) the tasks
/// `asyncio.wait` leaves pending". Cancelled after the wait, they are not left.
#[test]
fn a_wait_with_a_timeout_leaves_a_local_lists_tasks_pending() {
    expect("wait_timeout");
}

/// Class 6: a local holder's shutdown is searched in its own function only, never in a
/// same-named local of another method.
#[test]
fn a_local_holders_shutdown_is_its_own_functions() {
    expect("local_holders");
}

/// Class 8: a function a decorator registers (`@app.on_message(...)`) is called by the
/// framework, outside the checked code: the task it returns is `unknown`, naming the
/// decorator, not "the caller holds it". An undecorated function keeps its answer.
#[test]
fn a_task_returned_to_a_framework_is_unknown() {
    expect("registered_handlers");
}
