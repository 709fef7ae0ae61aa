//! exam35p's tasks whose coroutine never suspends, on an object the statement just before made
//! (docs/evaluation.md, "Seventeenth exam"). The code is in `testdata/audit/fp35w/<case>/` and
//! its audit in `testdata/audit/fp35w/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35w::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// elite-trading-system's `backend/app/main.py:432`: `_daemon = Daemon(bus)` on a `global`
/// name, then `asyncio.create_task(_daemon.start())` in the next statement, where another
/// module's (or the file's) `Daemon.start` stores its loop's task and returns: the object is
/// the one just made, whose `start` never suspends, so no drop is proved (`unknown`, as any
/// receiver bound by calls of the class: a subclass may override it). A call between the two
/// statements, a call before the receiver in its own statement, a `start` that awaits and a
/// class whose import reaches no module of the run stay drops.
#[test]
fn a_quiet_method_of_an_object_made_just_before_is_unknown() {
    crate::common::expect_audit("audit/fp35w", "made_before");
    let (lines, code) = crate::common::reported_in_preview("audit/fp35w", "made_before");
    assert_eq!(
        lines,
        [
            "app/main.py:29:5",
            "app/main.py:32:5",
            "app/main.py:35:5",
            "app/main.py:40:5"
        ]
    );
    assert_eq!(code, Some(1));
}
