//! The audit's readings of audit35n (exam35p audit rows 25 and 71, docs/evaluation.md
//! "Seventeenth exam: fresh repositories"). The code is in `testdata/audit/audit35n/<case>/` and
//! its audit in `testdata/audit/audit35n/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit35n::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/audit35n", case);
}

/// Row 25 (taskiq-postgres `kick`): `_ = asyncio.create_task(...)  # noqa: RUF006`, `_` never
/// read, is dropped with no kind (the comment silences `check`, not the language), as a bare
/// statement with the comment already was; `_` awaited later keeps it.
#[test]
fn a_silenced_unread_local_is_dropped_with_no_kind() {
    expect("noqa_unread_local");
    let (lines, code) = crate::common::reported_in("audit/audit35n", "noqa_unread_local");
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
}

/// Row 71 (bluesky-queueserver-api `__init__`): `self._t = create_task(a())` bound again by the
/// next statement, whose value runs no code of the program, is `rebound` (preview): dropped,
/// no owner. A read, a call, a plain function's call or an argument that runs code between
/// them, or bindings in two branches, leave the attribute its keeper.
#[test]
fn an_attribute_bound_again_at_once_drops_its_first_task() {
    expect("replaced_attribute");
    let (lines, code) = crate::common::reported_in_preview("audit/audit35n", "replaced_attribute");
    assert_eq!(lines, ["api_async.py:7:9"]);
    assert_eq!(code, Some(1));
    let (lines, code) = crate::common::reported_in("audit/audit35n", "replaced_attribute");
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
}
