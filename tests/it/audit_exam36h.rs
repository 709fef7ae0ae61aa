//! The eighth hand-fix exam of issue 36 (testdata/exam36h): what `audit` says of its classes
//! (docs/evaluation.md, "Eighth exam: fresh hand fixes"). The code is in
//! `testdata/audit/exam36h/<case>/` and its audit in `testdata/audit/exam36h/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam36h::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// Class 1 (aiosenseme): `__init__` sets `self._listener_task = None`, `stop()` cancels it
/// with no test of it, and nothing in the file fills it: `stop()` raises `AttributeError`.
/// The action of each task the class drops names the slot; a slot that is tested, filled on
/// another receiver (`session._job = ...`) or cancelled in a `try` is not named.
#[test]
fn a_cancelled_slot_nothing_fills_is_named_beside_the_drops() {
    crate::common::expect_audit("audit/exam36h", "unfilled_slot");
}
