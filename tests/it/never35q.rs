//! exam35l's false positives whose coroutine never suspends (docs/evaluation.md, "Thirteenth
//! exam", "Since the exam"). The code is in `testdata/audit/never35q/<case>/` and its audit in
//! `testdata/audit/never35q/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it never35q::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// vibora's `self._connection.loop.create_task(self._release_connection())`
/// (`client/response.py:247`): `_release_connection` only awaits
/// `self._connection.pool.release_connection(...)`, whose object's class nothing annotates, and
/// the checked code's only `release_connection` has no `await`. The proof stops there rather
/// than fails: unknown, and `check` is silent for a creator ruff does not see. The same task
/// made by `asyncio.create_task` (a RUF006 finding), an await of a method the checked code does
/// not define, of one that one class defines with a timer, of a stub, and of one that waits
/// below a header on several lines (exam35j's Vocard `cogs/listeners.py:39`) stay drops.
#[test]
fn an_await_of_an_unread_object_stops_the_proof() {
    crate::common::expect_audit("audit/never35q", "stops");
    let (lines, code) = crate::common::reported_in("audit/never35q", "stops");
    assert_eq!(
        lines,
        [
            "response.py:22:9",
            "response.py:26:9",
            "response.py:33:9",
            "response.py:40:9",
            "response.py:47:9"
        ]
    );
    assert_eq!(code, Some(1));
}
