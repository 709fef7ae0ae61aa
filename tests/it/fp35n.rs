//! exam35n's false positives and audit classes (docs/evaluation.md, "Fifteenth exam"). The
//! code is in `testdata/audit/fp35n/<case>/` and its audit in `testdata/audit/fp35n/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35n::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// The lines `check --isolated .` reports in the case's folder.
fn reported(case: &str) -> (Vec<String>, Option<i32>) {
    crate::common::reported_in("audit/fp35n", case)
}

/// pymud's `Timer.startTimer`: `asyncio.ensure_future(self._task)` right after `self._task =
/// asyncio.create_task(...)`, where every binding the file spells of `_task` is `None` or a
/// task. `ensure_future` returns a Task as it is (and raises for `None`): no task is made
/// there, and the attribute keeps the one there is. An attribute also bound to a coroutine, or
/// by unpacking, may hold a coroutine: the drop stays.
#[test]
fn ensure_future_of_an_attribute_bound_only_to_tasks_makes_no_task() {
    crate::common::expect_audit("audit/fp35n", "attribute_task");
    let (lines, code) = reported("attribute_task");
    assert_eq!(lines, ["timers.py:37:9", "timers.py:50:9"]);
    assert_eq!(code, Some(1));
}

/// MythosMUD's NATS callbacks: `coro = self._handle_error_async(error)` then
/// `asyncio.create_task(coro)`, where the handler only logs (its log message says "async") and
/// sets a flag. A local bound once to the call holds its coroutine, and a word in a string is no
/// `async`: the coroutine never suspends, kept. A local also bound to a coroutine that suspends
/// stays a drop.
#[test]
fn a_coroutine_bound_to_a_local_that_never_suspends_is_kept() {
    crate::common::expect_audit("audit/fp35n", "quiet_handlers");
    let (lines, code) = reported("quiet_handlers");
    assert_eq!(lines, ["broker.py:43:9"]);
    assert_eq!(code, Some(1));
}

/// PyLinkbot3's scripts: a module-level list filled once (under `for` loops of the module's
/// body, which runs once) and waited for with `loop.run_until_complete(asyncio.wait(tasks))`.
/// `run_until_complete` returns what the wait returns; dropped, or kept in a name only
/// `sys.exit` prints, the done set is never read: exceptions not-retrieved, risk low (as an
/// `await asyncio.wait(tasks)` statement is read). A done set whose tasks' results are read
/// retrieves them.
#[test]
fn run_until_complete_of_a_wait_reads_what_the_wait_reads() {
    crate::common::expect_audit("audit/fp35n", "wait_once");
}

/// fastpubsub's `_on_message`: `return self.loop.create_task(...)` in a method the checked code
/// never calls, only hands on uncalled (`subscribe(..., callback=self._on_message)`): its caller
/// is the library's dispatcher, outside the checked code and the contract table, so the audit
/// says `unknown` (naming the hand-off), not "its caller holds it". A method a caller of the
/// checked code calls and keeps the result of stays kept.
#[test]
fn a_task_returned_by_a_method_only_handed_on_is_unknown() {
    crate::common::expect_audit("audit/fp35n", "handed_callback");
}
