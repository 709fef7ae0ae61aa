//! The seventh exam of issue 35 (testdata/exam35f), its audit classes 1, 5, 7 and 8 (and the
//! sixth exam's class 2: helpers in another file), by audit35r (docs/evaluation.md, "Seventh
//! exam"). The code is in `testdata/audit/exam35f_r/<case>/` and its audit in
//! `testdata/audit/exam35f_r/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35f_r::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35f_r", case);
}

/// Class 7: a local handed to a call the frame awaits, and read after it (`done, _ = await
/// any_completed(t, c)` then `if t in done:`), is held by the frame while it waits, whatever the
/// callee does (the language): kept in its local, not `unknown`. A local never read after the
/// call, or handed to a call the frame does not await, stays `unknown`.
#[test]
fn a_local_held_across_the_await_it_is_handed_to_is_kept_by_the_frame() {
    expect("held_across");
}

/// The sixth exam's class 2 (trinity `p2p/logic.py:116`): a task appended to a local list
/// (`futures.append(create_task(...))`) is put there by the language; what the function does
/// with the list decides, and the evidence names the call the list is handed to
/// (`wait_first`), never `futures.append`. A helper of another file of the checked code that
/// gathers each of its tasks is followed, as before.
#[test]
fn a_task_appended_to_a_local_list_is_decided_by_what_the_list_is_handed_to() {
    expect("appended_local");
}

/// Class 5 (pyTwitchAPI): a done callback kept in an attribute the class binds once, to
/// `functools.partial(f, ...)` (`self._task_callback = partial(done_task_callback,
/// self.logger)`): `partial` calls `f` with the task, and `f` reads `task.exception()` and logs
/// it: `logged`. An attribute bound twice proves no one function: not-retrieved.
#[test]
fn a_done_callback_stored_as_a_partial_is_read_through_its_function() {
    expect("partial_callback");
}
