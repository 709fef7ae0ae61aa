//! The twenty-third hand-fix exam of issue 36 (testdata/exam36x): what `audit` says of its
//! classes. The code is in `testdata/audit/exam36x/<case>/` and its audit in
//! `testdata/audit/exam36x/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam36x::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// Class 1 (ComputeHorde): a task put on a queue (`await self.tasks_to_reap.put(task)`) that the
/// class's own loop takes each item of and awaits (or cancels) is kept by that queue (main said
/// `unknown`: what `put` does with it was not proved). Near misses, still `unknown`: a queue
/// nothing takes from (`Undrained`), one whose loop only logs its items (`OnlyLogged`).
#[test]
fn a_task_put_on_a_queue_its_class_reaps_is_kept_by_it() {
    crate::common::expect_audit("audit/exam36x", "reaped_queue");
}
