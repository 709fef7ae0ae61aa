//! The eleventh exam of issue 35 (testdata/exam35j): audit classes 4, 5, 7, 10 and 11
//! (docs/evaluation.md, "Eleventh exam: fresh repositories"). The code is in
//! `testdata/audit/exam35j/<case>/` and its audit in `testdata/audit/exam35j/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35j::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35j", case);
}

/// Audit class 4 (AutoRecon `run`, `scan_target`): `while pending: done, pending = await
/// asyncio.wait(pending, ...)` with no way out but its test leaves no task pending, so a cancel
/// after it is no shutdown; a done set dropped, or iterated only to test membership and take
/// the task out, reads no task (not-retrieved), and a task added after a loop whose done set is
/// read is waited for only by the waits after it. A loop that may `break` leaves tasks pending.
#[test]
fn a_wait_repeated_until_nothing_is_pending_leaves_nothing_to_cancel() {
    expect("wait_until_empty");
}

/// Audit class 5 (coc.py `EventsClient._setup`): a loop over the holder after the site, in its
/// function, adds a done callback that reads and logs the exception to each task: logged. A
/// loop in another method may run before the task is added: not-retrieved.
#[test]
fn a_done_callback_a_loop_over_the_holder_adds_logs_the_exception() {
    expect("loop_callback");
}

/// Audit class 7 (BotLi `GameManager._start_game`): a task stored as a key of a mapping
/// (`self.tasks[task] = game`) is kept in that collection, as a value would be; a task only
/// read as an index is not.
#[test]
fn a_task_kept_as_a_mappings_key_is_in_that_collection() {
    expect("dict_key");
}

/// Audit class 10 (piqueserver `as_deferred`): a task handed to Twisted's
/// `Deferred.fromFuture` and the Deferred returned: by the contract table the Deferred holds
/// the task and reads its outcome, so it is kept by that contract, passed, retrieved; the
/// function returns no task. One returned as it is stays `returned`.
#[test]
fn a_task_returned_inside_a_deferred_is_kept_by_its_contract() {
    expect("deferred");
}
