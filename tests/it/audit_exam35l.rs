//! The thirteenth exam of issue 35 (testdata/exam35l): its audit classes (docs/evaluation.md,
//! "Thirteenth exam: fresh repositories"). The code is in `testdata/audit/exam35l/<case>/` and
//! its audit in `testdata/audit/exam35l/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35l::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35l", case);
}

/// Class 5 (switchio's `_process_event`): a later `for task in ...` binds the name before its
/// body reads it, so a task read otherwise only by its done callback is dropped, as a local
/// read by nothing else is (`callback-only`). A read in the loop's `else` still reads the task.
#[test]
fn a_read_in_a_later_loop_that_binds_the_name_reads_the_loops_value() {
    expect("callback_only_loop_target");
}

/// Class 4 (molotov's `_run_in_fresh_loop`): `loop.run_until_complete(task)` returns the task's
/// result once it is done, also as an argument of another call (`results.append(...)`).
#[test]
fn run_until_complete_waits_wherever_it_stands() {
    expect("run_until_complete_argument");
}

/// Class 6 (GNS3's `create_stdin_shell`): `return asyncio.gather(t1, t2)` hands the gathering
/// future to the caller and waits for nothing: the tasks are returned, not awaited.
#[test]
fn a_returned_gather_returns_its_tasks() {
    expect("returned_gather");
}

/// Class 2, wpull's half (`Pipeline._shutdown_processing`): `yield from self._producer_task` in
/// a generator-based coroutine waits for the task as `await` does: the owner's shutdown.
#[test]
fn a_shutdown_that_yields_from_the_task_waits_for_it() {
    expect("yield_from_shutdown");
}

/// Class 2, switchio's half (`EventLoop._stop`): a blocking `result(10)` on the concurrent
/// future `run_coroutine_threadsafe` returned waits for the task and reads its exception: the
/// owner's shutdown. After a `cancel()` the same call waits for nothing. The one other use of
/// `start`, `pytest.raises(..., el.start)` on a fixture of a class the code does not show, is
/// not shown to be this class's (exam35j class 8): risk none, as row 81 says.
#[test]
fn a_shutdown_that_blocks_on_the_futures_result_waits_for_it() {
    expect("threadsafe_result_stop");
}

/// Class 8 (podman-compose's `compose_up`): the done set of `asyncio.wait` read only under an
/// `if` on the caller's flags (`args.abort_on_container_failure`, a local set only under it)
/// is read on no default path: not-retrieved, low. A test that may be true reads it.
#[test]
fn a_done_set_read_only_under_a_flag_is_not_read_by_default() {
    expect("done_set_under_flag");
}

/// Class 3 (molotov's `Runner._process`): a local read only in a nested `def` that cancels it,
/// which the function hands to `add_done_callback` (or calls), is the function's own local,
/// cancelled there; a binding in the `else` of the site's `if` does not end the site's reads.
/// A closure returned to the caller, or handed to a library's constructor, stays unknown.
#[test]
fn a_closure_the_function_hands_on_cancels_its_local() {
    expect("closure_cancels_local");
}
