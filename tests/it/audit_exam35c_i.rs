//! Audit fields the fourth exam of issue 35 (testdata/exam35c) found wrong, classes 8, 4, 3
//! and 5 of docs/evaluation.md's "Fourth exam". The code is in
//! `testdata/audit/exam35c_i/<class>/` and its audit in `testdata/audit/exam35c_i/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35c_i::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35c_i", class);
}

/// A name bound at module level, in an `if __name__ == "__main__":` block too, is a global of
/// the module: it keeps the task (reference `module`, owner `module._`, never shut down:
/// medium), never "a name the function never reads". The same statement in a function is a
/// drop (high).
#[test]
fn a_module_global_keeps_its_task() {
    expect("module_global");
}

/// Built-ins that only read or iterate what they are handed (`enumerate`, `len`, `sorted`,
/// `reversed`, `zip`, `any`, `sum`, ...) hand the task to nothing: the frame holds the tasks
/// until it reads them there, and the local's other uses decide (here a cancel: local,
/// cancelled, low), not "handed to `len`": unknown. A list read only through `len` and
/// `enumerate` while the function polls each task is held by the frame, never a dying
/// container.
#[test]
fn built_ins_that_only_read_keep_nothing() {
    expect("read_only_builtins");
}

/// asyncio's `wait` contract, read once for tasks made inline in its arguments as for a
/// local's: at its timeout or first completion it returns with tasks still pending and does
/// not cancel them; a wait that is a statement of its own drops the pending set, so the task
/// not done first runs on held by nothing (high, "cancel (or keep) the tasks `asyncio.wait`
/// leaves pending"). A wait for all of them, or one whose pending set is read, leaves none.
#[test]
fn tasks_made_in_a_wait_that_drops_its_pending_set() {
    expect("wait_left_pending");
}

/// asyncio's `wait` contract on its timeout path: the tasks it leaves pending, cancelled one
/// by one (`for task in pending: task.cancel()`) before the function returns, are never
/// awaited: shutdown cancelled (that line), low, "await the tasks `asyncio.wait` leaves
/// pending after cancelling them". Gathered after the cancel, they are awaited (none).
#[test]
fn tasks_a_wait_leaves_pending_and_the_function_only_cancels() {
    expect("wait_timeout_cancelled");
}

/// A generator context manager of the checked code (`@asynccontextmanager`, `@contextmanager`)
/// is a function summary: its suspended frame holds the task it yields for the `with` block,
/// and the `finally` around the `yield` runs at the block's exit on every path. One that
/// cancels and awaits the task there keeps it (passed, retrieved, none), through a module
/// imported by name (`guard.stopped_at_exit(...)`) and for a factory's task handed in. One
/// that only cancels, awaits after a bare `yield`, or is called outside a `with` proves
/// nothing: unknown.
#[test]
fn a_context_manager_that_awaits_what_it_yields_keeps_it() {
    expect("context_manager");
}

/// The replacement hazard after a cancel through a method of the class: `await self.close()`
/// whose body (in the class) cancels the attribute on every path, before the call that binds
/// it again (in the same block or one around it, not across a loop), is the same as
/// `self._task.cancel()` there: no live task is replaced (cancelled, low). A method that
/// cancels only under a test proves nothing (medium).
#[test]
fn a_cancel_through_a_method_of_the_class_before_the_rebinding_call() {
    expect("cancel_through_method");
}

/// A shutdown through a sentinel on the task's queue: an owner that puts `None` on a queue its
/// task's coroutine can read (a bound method of the object the class inherits, or a function
/// of another module handed the queue), where that coroutine is not in the checked code, has
/// shutdown `unknown` naming the sentinel (and the queue's `join()`), low: never `awaited`,
/// never "none". A `join()` alone (a thread's) proves nothing, and a coroutine whose body is
/// in the file is not guessed at. unittest's `IsolatedAsyncioTestCase.run` calls
/// `_setupAsyncioLoop` once per run (the standard library's contract): it replaces no task.
#[test]
fn a_sentinel_on_the_tasks_queue_is_an_unknown_shutdown() {
    expect("queue_sentinel");
}

/// A local list the attribute is appended to (`tasks = [*self._jobs]`, then
/// `tasks.append(self._reader)`), handed starred to a helper whose body cancels and gathers
/// it (or, imported, whose name says it cancels) stands for the attribute there: the
/// attribute is cancelled and awaited (retrieved, none). A list that is only printed shuts
/// nothing down.
#[test]
fn an_attribute_appended_to_a_local_list_a_helper_drains() {
    expect("appended_to_local");
}
