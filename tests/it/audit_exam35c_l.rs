//! Audit fields the fourth exam of issue 35 (testdata/exam35c) found wrong, the rest of
//! classes 3, 4 and 5 of docs/evaluation.md's "Fourth exam" and module globals bound over. The
//! code is in `testdata/audit/exam35c_l/<class>/` and its audit in
//! `testdata/audit/exam35c_l/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35c_l::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35c_l", class);
}

/// A second local bound to the same tasks (`pending = set(tasks)`, `other = task`: the
/// language, both names refer to the same objects) is followed: its waits, cancels and the
/// `asyncio.wait` it is handed decide (langroid `agent/batch.py:115`: awaited, retrieved,
/// none), not "hands the local `tasks` to `set`": unknown. One handed on to an unknown call
/// stays unknown.
#[test]
fn a_second_local_over_the_same_tasks_is_followed() {
    expect("second_local");
}

/// A task's `result()` waits for nothing (asyncio's contract: it raises `InvalidStateError`
/// while the task runs): a local read only by `.done()` and an unconditional `.result()` is
/// kept by the local and done where its outcome is read (local, retrieved, none: mcp-agent
/// `test_workflow_signal.py:540`), never "the function awaits it". A task also awaited is
/// awaited; one cancelled unless done, its exception read only in the other branch, is
/// cancelled and never awaited (low: crawlee `autoscaled_pool.py:121`).
#[test]
fn a_result_read_with_no_await_is_the_locals() {
    expect("outcome_read");
}
