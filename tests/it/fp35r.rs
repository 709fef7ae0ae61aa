//! exam35o's class 2 (docs/evaluation.md, "Sixteenth exam"), read as one proof: a task kept by
//! what every one of its suspensions waits on. The code is in `testdata/audit/fp35r/<case>/`
//! and its audit in `testdata/audit/fp35r/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35r::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// A method whose every suspension is `get`/`put` on an asyncio queue, `async with` an
/// asyncio lock, or `wait()` on an asyncio event that `__init__` binds once, on an instance a
/// local of the creating frame holds: kept, the object's waiters hold the task. A queue read
/// then a sleep, a thread's `queue.Queue`, an `async for`, and an `async with ... as` stay
/// drops.
#[test]
fn a_task_whose_every_wait_is_on_a_held_queue_lock_or_event_is_kept() {
    crate::common::expect_audit("audit/fp35r", "held_waits");
    let (lines, code) = crate::common::reported_in("audit/fp35r", "held_waits");
    assert_eq!(
        lines,
        [
            "reader.py:89:5",
            "reader.py:91:5",
            "reader.py:93:5",
            "reader.py:95:5"
        ]
    );
    assert_eq!(code, Some(1));
}
