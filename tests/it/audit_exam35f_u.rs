//! The older exams' open audit classes (issue 35: exam35f's classes 2, 5 and 7, exam35e's and
//! the sixth exam's helpers of another file), by audit35u (docs/evaluation.md, "Seventh exam",
//! "Since then (audit35u)"). The code is in `testdata/audit/exam35f_u/<case>/` and its audit in
//! `testdata/audit/exam35f_u/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35f_u::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35f_u", case);
}

/// Class 5 (pyTwitchAPI rows 12, 84, 98): a done callback that calls a function of another file
/// of the checked code, imported by name (`partial(done_task_callback, self.logger)` kept in an
/// attribute, or handed directly), is read by that function's body, as one of the task's own
/// file is: `logged` where it logs `task.exception()`. One that reads nothing of the outcome
/// leaves the task not-retrieved.
#[test]
fn a_done_callback_of_another_file_is_read_by_its_body() {
    expect("imported_callback");
}

/// Class 7, second half (Avilla rows 40, 59): a local the frame holds across the await of a call
/// it is handed to, in a loop that may turn again while nothing awaits or cancels it after the
/// call (it is only tested, `if t in done:`, and the pending set is dropped), is lost when the
/// next turn binds the local again: high, "await or cancel it before the loop binds it again".
/// A task cancelled after the call, one in a pending set that is cancelled, and a binding in no
/// loop stay as before.
#[test]
fn a_local_held_across_an_await_in_a_loop_is_lost_on_the_next_turn() {
    expect("rebound_in_loop");
}

/// Class 2 (broadcaster rows 19, 41): a bound method handed to a framework's startup hook
/// (`Starlette(on_startup=[broadcast.connect], on_shutdown=[broadcast.disconnect])`) beside a
/// shutdown hook of the same object runs once per start of the application (the ASGI lifespan,
/// Starlette's documented `on_startup` / `on_shutdown`): that use replaces no live task. A
/// startup hook with no shutdown hook beside it still proves nothing.
#[test]
fn a_method_handed_to_a_startup_hook_runs_once_per_start() {
    expect("startup_hook");
}
