//! The fifth exam of issue 35 (testdata/exam35d): its two false positives and classes 2, 6, 7
//! and 11 of docs/evaluation.md's "Fifth exam". The code is in
//! `testdata/audit/exam35d_fp/<case>/` and its audit in `testdata/audit/exam35d_fp/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35d_fp::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35d_fp", case);
}

/// asyncio's `ensure_future(obj)` returns a future it is handed as it is: of
/// `loop.run_in_executor(...)`, `asyncio.wrap_future(...)`, `loop.create_future()` or an
/// instance of a class deriving from `asyncio.Future`, no task is made, so the statement drops
/// no task (kept: "no task", low while the future's exception goes unread). `ensure_future` of
/// a value not shown to be a future, or of a method of the project's own class, stays a drop.
#[test]
fn ensure_future_of_a_future_makes_no_task() {
    expect("ensure_future_of_a_future");
}

/// The language keeps an unread local until its frame returns: in a plain `def` that runs the
/// event loop after binding it through a function of the checked code whose body runs it on
/// every path (`run_coroutine`: `return loop.run_until_complete(...)`, imported from another
/// file), the task can run only while the frame holds it: kept (local, the runner named in the
/// evidence), not `unused-assignment`. A helper that may return before it runs the loop, a
/// task made after the loop ran, and the same statement in a coroutine stay drops.
#[test]
fn a_frame_that_runs_the_loop_through_a_helper_holds_its_locals() {
    expect("frame_runs_the_loop");
}

/// An owner's own loop over the holder that reads `exception()` (or `result()`) of each task
/// it visits retrieves the exception, as a done callback that reads it does: exceptions
/// `retrieved` (MetaGPT `SubscriptionRunner.run`, exam35d class 11). A loop that only asks
/// `done()` retrieves nothing.
#[test]
fn an_owner_loop_that_reads_each_exception_retrieves_it() {
    expect("owner_reads_exceptions");
}
