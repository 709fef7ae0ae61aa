//! exam35k's and exam35j's audit rows that audit35d reads (docs/evaluation.md, "Twelfth exam"
//! and "Eleventh exam"). The code is in `testdata/audit/exam35k_d/<case>/` and its audit in
//! `testdata/audit/exam35k_d/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35k_d::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35k_d", case);
}

/// exam35k row 15 (pytchat's `LiveChatAsync._task_finished`): a done callback that keeps every
/// exception in `self.exception` and logs only those an `if` in its `except` clause selects
/// retrieves them, and logs not every one: `retrieved`, not `logged`. A log after the clause's
/// block logs nothing it caught; one in the clause on every path logs each.
#[test]
fn a_log_under_a_test_in_the_handler_logs_not_every_exception() {
    expect("class_kept");
}

/// exam35j row 88 (BotLi's `GameManager._task_callback`): a done callback that takes the task
/// out of its holder without reading its outcome (a method that pops it, or the set's own
/// `discard`) hides every task that ends before the shutdown's wait from that wait: its
/// exception is read by nothing (`not-retrieved`, low). One that reads it first retrieves it, and
/// a logging callback wrapped over lines (`add_done_callback(\n functools.partial(\n f, ...`) is
/// read as one.
#[test]
fn a_callback_that_takes_the_task_out_unread_hides_it_from_the_shutdown() {
    expect("taken_unread");
}
