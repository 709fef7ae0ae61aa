//! The twenty-first exam's audit sample (testdata/exam35t, `audit.tsv`): what `audit` says of the
//! entries it had wrong in a field. The code is in `testdata/audit/exam35t/<case>/` and its
//! audit in `testdata/audit/exam35t/<case>.json`; each case holds a near miss whose old answer
//! was right.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35t::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35t", case);
}

/// ha_creality_ws `ws_client.py:227`, klipper-tui `app.py:353`: `for t in (self._hb_task,
/// self._tick_task): t.cancel()` cancels each attribute listed, as a local bound to that tuple
/// would (main said shutdown none). A list literal whose loop also awaits each
/// (`listed.py`: cancelled and awaited). Near miss: a loop over the listed tasks that only
/// prints them (`printed.py`: none).
#[test]
fn a_loop_over_listed_attributes_shuts_each_down() {
    expect("tuple_loop_cancel");
}

/// HABApp `single_task.py:55`: `start` calls `self.cancel()`, a method of the class that cancels
/// the task in `self.task`, before it binds the new one: the look at the old task is the
/// helper's, so no replace hazard (main said medium, "nothing rules it out"). An awaited async
/// helper counts too (`unawaited.py`, `Awaited`), and one handed the object whose attribute is
/// bound (`error_path.py`, `restart`). Near misses, all still medium: a helper that never names
/// the attribute (`unread.py`), an async helper called but not awaited (`unawaited.py`, `Pump`),
/// one run only on the error path (`error_path.py`, `connect`), one handed another object
/// (`error_path.py`, `swap`). A helper whose header spans lines as black writes it, `) -> None:`
/// at the `def`'s indentation, and a one-line helper count too (`formatted.py`); near miss: a
/// class with two `def` of the helper's name (`Twice`).
#[test]
fn a_helper_that_looks_at_the_task_first_rules_out_the_replace() {
    expect("helper_looks_first");
}

/// esbonio `preview.py:84`, `webview.py:60`, `client_subprocess.py:103`: an `__await__` that
/// makes the start task and returns its `__await__()` hands the task to whoever awaits the
/// object, which waits for it and gets its exception (main said shutdown none, not-retrieved,
/// medium). Near misses (`near.py`): an `__await__` that returns another coroutine's iterator,
/// or returns before the task's on one path (shutdown none, medium).
#[test]
fn a_task_returned_by_await_dunder_is_awaited_by_the_awaiter() {
    expect("await_dunder");
}

/// batmon-ha `main.py:371`: `asyncio.wait(loops, return_when=FIRST_COMPLETED)`, then `for task
/// in loops: task.done() or task.cancel()`: the others are cancelled at that loop, never
/// awaited (main said the function awaits each until it is done, shutdown n/a). Near miss
/// (`all_completed.py`): a wait for all stays "awaits it until it is done".
#[test]
fn a_first_completed_wait_then_a_cancel_loop_cancels_the_rest() {
    expect("wait_first_cancel_loop");
}

/// printer-ws-client `tests/test_event_bus.py:174`: `task.add_done_callback(lambda _:
/// f.set_result(task.result()))`, the task's only reader: the task holds its own callback, a
/// cycle, and the words say nothing outside the task keeps it (main said "find out what keeps
/// the task"; the verdict stays unknown and the exception retrieved). Near miss
/// (`other_future.py`): the lambda is another future's callback: unknown, as before.
#[test]
fn a_task_read_only_by_its_own_done_callback_is_held_by_nothing_outside_it() {
    expect("done_callback_cycle");
}

/// ha_creality_ws `tools/tests/conftest.py:73`: `coordinator.py:221` starts the client right
/// after `if self.client._task and not self.client._task.done(): await self.client.stop()`, a
/// method of the client's class that cancels the task on every path: past that `if` the task
/// is cancelled or was not running, so the call is ruled out (main named it among the calls
/// that may replace a live task). Near misses, still medium: the object stopped first is
/// another one (`Pump`, `swap`), or it is stopped only on the error path (`Reader`).
#[test]
fn a_stop_of_the_object_before_its_start_rules_out_the_replace() {
    expect("stop_before_start");
}

/// esbonio `client_subprocess.py:186`: `start` returns unless `self.state` is None or
/// Restarting, then sets it to Starting through `self._set_state(ClientState.Starting)` (whose
/// body sets `self.state` to its parameter on every path) before its one call of `start_io`: a
/// second `start` returns at the test, so the call replaces no live task (main said medium,
/// "nothing rules it out" at that call). The same guard set inline (`Inline`). Near misses, still
/// medium: a helper that returns before it sets the state on one path (`Partial`), a loop that
/// calls the method twice (`Twice`), a state set to the value the test lets through (`Ready`).
#[test]
fn a_state_its_function_tests_and_sets_first_rules_out_the_replace() {
    expect("state_set_by_helper");
}

/// LedFx `ledfx/sendspin/stream.py:725`: `_run_client` is the `target` of the thread `start`
/// makes, and `start` returns while `self._active`, then sets it `True`: the thread calls the
/// method once, from under that guard, so no second run replaces the task (main said medium,
/// "nothing rules it out" at the thread). Near misses, still medium: the thread made by an
/// unguarded `start` (`Unguarded`), the method registered as a callback, which may run any
/// number of times (`Registered`).
#[test]
fn a_thread_target_from_under_its_starters_state_guard_rules_out_the_replace() {
    expect("thread_target_guarded");
}
