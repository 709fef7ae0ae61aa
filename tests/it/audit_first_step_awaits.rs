//! The never-suspends rule one call further (never35j): a coroutine whose every await leaves its
//! task in the ready queue is kept by the loop, and `audit` names each await and why. The code
//! is in `testdata/audit/first_step_awaits/<case>/` and its audit in
//! `testdata/audit/first_step_awaits/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_first_step_awaits::` rewrites the expected files
//! from the current output (review the diff before committing it).

/// `log_stat` awaits `dispatch_event(..., wait=False)`, whose one await is under `if wait:`
/// (kept, risk none); `announce` awaits `pause`, which only yields with `asyncio.sleep(0)`
/// (kept); `refresh` sleeps on a timer (dropped, high).
#[test]
fn an_await_that_never_suspends_keeps_the_task_in_the_ready_queue() {
    crate::common::expect_audit("audit/first_step_awaits", "dispatch");
}
