//! The sixth exam of issue 35 (testdata/exam35e): its false positives' class (docs/evaluation.md,
//! "Sixth exam", class 1). The code is in `testdata/audit/exam35e_fp/<case>/` and its audit in
//! `testdata/audit/exam35e_fp/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35e_fp::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35e_fp", case);
}

/// asyncio schedules a task's first step with `loop.call_soon`, whose handle the loop's ready
/// queue holds until it runs: a coroutine of the checked code with no `await`, `async for` or
/// `async with` of its own finishes in that step, so its task is kept until it is done (risk
/// none, no action), whatever its statement does with it. The same statement around a
/// coroutine that awaits stays dropped.
#[test]
fn a_coroutine_that_never_suspends_is_kept_by_the_loop() {
    expect("first_step");
}
