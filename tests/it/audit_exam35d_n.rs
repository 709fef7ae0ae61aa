//! Audit fields the fifth exam of issue 35 (testdata/exam35d) found wrong, classes 4, 7, 12,
//! 10, 9 and 5 of docs/evaluation.md's "Fifth exam". The code is in
//! `testdata/audit/exam35d_n/<class>/` and its audit in `testdata/audit/exam35d_n/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35d_n::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35d_n", class);
}

/// The replacement hazard on an attribute of an object made just before in the same function
/// (`operation = Operation(...)`, then `operation.task = create_task(...)`): a new object's
/// attribute holds no earlier task, however often the method runs (low). An object looked up
/// (`self.operations[id]`, `Operation.find(id)`: a function, not a class, may return one it
/// keeps), or made before a loop that binds its attribute again, may hold a
/// live task (medium).
#[test]
fn an_attribute_of_a_new_object_replaces_nothing() {
    expect("new_object");
}

/// The replacement hazard after a method of the class that cancels the attribute wherever it
/// holds a task: `if self._t is None: return` then `self._t.cancel()` leaves no live task on
/// either way out, so a call right after it replaces nothing (cancelled, low). An early return
/// under another test (`if self._stopped: return`) may leave the task running (medium).
#[test]
fn a_cancel_after_an_early_return_when_there_is_no_task() {
    expect("cancel_then_none");
}

/// The replacement hazard of a method called once from another method of its class
/// (`run` does `await gather(self._main(), ...)`): `run`'s own calls decide, one step removed.
/// Every `run` on a worker made just before (once on each path: calls in the two branches of
/// one `if` never both run; `super().run()` once in a derived class's `run` runs when that
/// `run` does) runs `_main` once per worker (low); two `run`s on
/// one object may replace the task (medium).
#[test]
fn a_method_run_once_by_a_method_its_callers_run_once() {
    expect("run_once_entry");
}

/// asyncio's `wait` contract for tasks made inline in its arguments, as for a local's: the
/// pending ones of a `FIRST_COMPLETED` (or timed) wait that the function only cancels (`for
/// fut in pending: fut.cancel()`; a comment line naming `pending` is no read) are shutdown
/// `cancelled` at that line, low. A pending set the function also returns is not only
/// cancelled (`n/a`).
#[test]
fn tasks_made_in_a_wait_whose_pending_ones_are_only_cancelled() {
    expect("wait_inline_cancelled");
}

/// A stop through the flag the task's loop tests: the task runs a method of its class that
/// loops `while self._runner:` (`while not self._closed:`), and another method of the class
/// sets that flag to what ends the loop (`self._runner = None` in `stop`, `self._closed =
/// True` in `close`). The owner does stop it, when the loop next tests the flag: shutdown
/// `unknown` naming the flag and the loop, low, never "never shut down". A flag set only by
/// `__init__` (before the task) or by the method that starts it stops nothing (none, medium).
#[test]
fn a_stop_through_the_flag_the_tasks_loop_tests() {
    expect("flag_stop");
}
