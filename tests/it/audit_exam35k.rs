//! The twelfth exam of issue 35 (testdata/exam35k): its audit classes 1-7 (docs/evaluation.md,
//! "Twelfth exam: fresh repositories"). The code is in `testdata/audit/exam35k/<case>/` and its
//! audit in `testdata/audit/exam35k/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35k::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35k", case);
}

/// Class 1 (asynctest's `@asyncio.coroutine` tests): `yield from task` runs `Future.__iter__`,
/// which is `__await__`: the frame waits for the task and gets its result, so the task is
/// awaited and its exception retrieved, not returned. A plain `yield` hands it to the caller.
#[test]
fn yield_from_a_task_awaits_it() {
    expect("yield_from");
}

/// Class 2 (jackdaw's gatherer agents): a counted batch (`for _ in range(n):`) added to a
/// collection the class waits for in full (`gather(*self.w)`) does not grow with every task:
/// no "take finished tasks out". One task per connection, or a batch inside a `while`, does.
#[test]
fn a_counted_batch_waited_for_in_full_does_not_pile_up() {
    expect("counted_batch");
}

/// Class 3 (Empire's hooks, pytchat's `LiveChatAsync`): a done callback that is a lambda with
/// defaulted parameters calling a function with the task (`lambda t, h=hook: log_it(t, h)`),
/// or a method that calls a method of the same object with no arguments which reads the task's
/// result through its attribute, reads the exception (looked up in the class's text, as the
/// tree around the site may end before the helper). A helper that reads another task does not.
#[test]
fn a_done_callback_that_reads_through_a_lambda_or_a_method_retrieves() {
    expect("callback_chain");
}

/// Class 4 (xrpl-py `WebsocketBase._do_close`): `cast(T, self._t).cancel()` cancels the task
/// (`cast` returns its value); one followed by binding a new task makes room, no shutdown.
#[test]
fn a_cancel_through_typing_cast_cancels() {
    expect("cast_cancel");
}

/// Class 5 (asynctest's tutorial): `self.addCleanup(f, self._t)` from an async set-up, or
/// `self.addAsyncCleanup(...)`, hands the task to `f` at the test's end: `f`'s cancel and
/// await shut it down.
#[test]
fn a_cleanup_that_cancels_and_awaits_shuts_the_task_down() {
    expect("cleanup");
}

/// Class 6 (SeleniumBase `Listener.run`): `asyncio.run = run` binds an attribute named like the
/// method; it runs nothing, so the replacement hazard's evidence does not name it as a call.
#[test]
fn an_assignment_to_an_attribute_of_the_methods_name_is_no_call() {
    expect("assigned_not_called");
}
