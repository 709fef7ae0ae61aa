//! The ninth exam of issue 35 (testdata/exam35h): its audit classes (docs/evaluation.md, "Ninth
//! exam: fresh repositories"). The code is in `testdata/audit/exam35h/<case>/` and its audit in
//! `testdata/audit/exam35h/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35h::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35h", case);
}

/// Issue 35: a done callback that reads `result()` or `exception()` retrieves the exception.
/// The callbacks a statement registers on its task are read in the tree: a lambda whose body
/// goes on past its first line, and `functools.partial(f, ...)`; a lambda that makes the task
/// is another future's callback, and a callback on another future given the task is not the
/// task's.
#[test]
fn the_done_callbacks_of_a_statement_are_read_in_the_tree() {
    expect("done_callback_tree");
}

/// Audit class 5: tasks kept as the keys of a local dict, waited for through
/// `asyncio.wait(tasks.keys())` or a `for` over the dict: awaited, retrieved. A task kept as a
/// value is not in `keys()`.
#[test]
fn the_keys_of_a_local_dict_are_its_tasks() {
    expect("dict_keys");
}

/// Audit class 6: `_ = await asyncio.wait(...)` drops the done set: not-retrieved, low (what
/// the timeout leaves pending is neither cancelled nor awaited). A done set that is read
/// retrieves.
#[test]
fn a_wait_whose_result_is_bound_to_underscore_is_blind() {
    expect("dropped_wait_result");
}

/// Audit class 7: a local the function never reads (`_ = run_coroutine_threadsafe(...)`) is not
/// described as read after; a lambda's own parameter `_` is not it, and a read is a read.
#[test]
fn a_local_never_read_is_not_described_as_read() {
    expect("unread_local");
}

/// Audit class 1: Twisted's `Deferred.fromFuture(task)` returns a Deferred that holds the task
/// and reads its outcome (the contract table); awaiting the Deferred awaits the task.
#[test]
fn a_task_handed_to_deferred_from_future_and_awaited_is_awaited() {
    expect("from_future");
}

/// Audit class 2 (YiriMirai `Tasks.cancel_all`): a loop over the holder that hands each element
/// to a helper (`for t in list(self._tasks): await self.cancel(t)`) shuts the holder down as the
/// helper's body does to its parameter: cancelled and awaited there. A helper that neither
/// cancels nor awaits what it is handed ends nothing.
#[test]
fn a_loop_that_hands_each_task_to_a_helper_shuts_down_as_the_helper_does() {
    expect("element_helper");
}

/// Audit class 2 (curl_cffi `AsyncWebSocket._terminate_helper`): a local set made by a
/// comprehension over the holders (`{t for t in (self._a, self._b) if t}`) stands for each of
/// them, as a list does: its loop's cancel and its wait end both (not `recv`'s wait for
/// whichever comes first). A dict's loop goes over its keys, not the tasks it holds.
#[test]
fn a_set_comprehension_over_the_holders_stands_for_each() {
    expect("set_alias");
}
