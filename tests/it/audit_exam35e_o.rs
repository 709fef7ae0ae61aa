//! Audit fields the sixth exam of issue 35 (testdata/exam35e) found wrong: classes 2, 3 and 11
//! of docs/evaluation.md's "Sixth exam". The code is in `testdata/audit/exam35e_o/<class>/`
//! and its audit in `testdata/audit/exam35e_o/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35e_o::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35e_o", class);
}

/// A local bound to a set union of holders (`list(self._a | self._b | self._c)`, also
/// `set().union(...)` and `a.union(b)`) holds every element of each (the language), so a gather
/// of it waits for each holder's tasks (uAgents `Agent._shutdown`, agent.py:1184-1199): awaited,
/// retrieved, none, and cancelled-and-awaited for the holder cancelled before. A union with
/// something that is no holder (a call) stands for nothing.
#[test]
fn a_set_union_of_holders() {
    expect("set_union");
}

/// A local awaited by a nested `async def` on every path of its body, where every use of that
/// function's name in the frame is a call the frame awaits (`await test()`, `await
/// asyncio.wait_for(test(), 5.0)`: psycopg `tests/test_concurrency_async.py:340-362`), is
/// awaited by the frame: kept, awaited, retrieved, none. A closure the frame returns, or one
/// that awaits the task on one branch only, proves nothing: unknown.
#[test]
fn a_closure_the_frame_awaits() {
    expect("awaited_closure");
}

/// A task handed to a plain function of the checked code that polls it until it is done
/// (`while not task.done(): sleep(...)`) and reads its outcome (`task.result()`), cancelling it
/// where it gives up (thingsboard-gateway's `__wait_task_with_timeout`, a private static method
/// called through `self.`: bacnet_connector.py:822-831) is kept by the caller's frame for the
/// call, its exception retrieved; risk low and "await after cancelling" where the function
/// cancels it and never awaits it, none where it does not. A function that reads `result()`
/// with no poll, polls and never reads the outcome, or polls in a loop that may end with the
/// task pending (`while not task.done() and not stopped:`), proves nothing: unknown.
#[test]
fn a_helper_that_polls_its_task() {
    expect("polling_helper");
}
