//! exam35o's class 2 where the holder is out of the file's reach (docs/evaluation.md,
//! "Sixteenth exam"): a task whose coroutine is asyncio's own wait (`q.put(None)`) on an
//! object the creating frame hands to a call or stores. The code is in
//! `testdata/audit/fp35t/<case>/` and its audit in `testdata/audit/fp35t/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35t::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// `asyncio.create_task(q.put(None))` on a bounded asyncio queue the frame binds once and
/// hands to a call (by position or keyword), and `ready.wait()` on an event it stores in a
/// container: the object's waiters hold the task, and what holds the object is decided outside
/// the frame, so no drop is proved (`unknown`). A queue the frame keeps to itself, a project
/// coroutine, a local bound twice, and a thread's queue stay drops.
#[test]
fn asyncio_wait_on_an_object_the_frame_hands_on_is_unknown() {
    crate::common::expect_audit("audit/fp35t", "handed_wait");
    let (lines, code) = crate::common::reported_in("audit/fp35t", "handed_wait");
    assert_eq!(
        lines,
        [
            "stream.py:46:9",
            "stream.py:52:9",
            "stream.py:59:9",
            "stream.py:67:9"
        ]
    );
    assert_eq!(code, Some(1));
}
