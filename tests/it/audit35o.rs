//! audit35o: a site `noqa` silences has the verdict it has without the comment in the passes
//! that decide a kind after the walk too (`rebound` of a local, `dying-container`,
//! `callback-only` of a name bound several times), as audit35n made it for the walk's kinds.
//! The code is in `testdata/audit/audit35o/<case>/` and its audit in
//! `testdata/audit/audit35o/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit35o::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/audit35o", case);
}

/// `check --preview` reports only the unsilenced sites of the case.
fn reports_only(case: &str, unsilenced: &[&str]) {
    let (lines, code) = crate::common::reported_in_preview("audit/audit35o", case);
    assert_eq!(lines, unsilenced);
    assert_eq!(code, Some(1));
}

/// `task = create_task(a())  # noqa: RUF006` bound again before anything reads it: dropped
/// with no kind, as `rebound` without the comment (main said kept by the local); the comment
/// on the first line of a statement that spans lines silences it too (main's `check
/// --preview` reported that one).
#[test]
fn a_silenced_rebound_local_is_dropped_with_no_kind() {
    expect("noqa_rebound_local");
    reports_only("noqa_rebound_local", &["restart.py:27:5"]);
}

/// `started.append(create_task(...))  # noqa: RUF006` into a list that dies with the frame,
/// and a task added to a set only its own done callbacks refer to: dropped with no kind.
#[test]
fn a_silenced_dying_container_is_dropped_with_no_kind() {
    expect("noqa_dying_container");
    reports_only(
        "noqa_dying_container",
        &["started.py:19:9", "started.py:34:9"],
    );
}

/// A name bound in each branch that only `add_done_callback` reads, silenced in two of them:
/// those are dropped with no kind, as the one bound once already was.
#[test]
fn a_silenced_callback_only_binding_is_dropped_with_no_kind() {
    expect("noqa_callback_only");
    reports_only("noqa_callback_only", &["branches.py:24:9"]);
}

/// Issue 35, "Reads that are reads": a local list read through a slice (`await
/// asyncio.wait(tasks[:5])`) or an index (`await tasks[i]`), or looked at by a comprehension
/// (`all(t.done() for t in tasks)`), and holders read through `list(self._x)` and `self._a |
/// self._b` keep their tasks: none is a `dying-container`, and `check` reports nothing.
#[test]
fn reads_that_are_reads_keep_their_tasks() {
    expect("reads_that_are_reads");
    let (lines, code) =
        crate::common::reported_in_preview("audit/audit35o", "reads_that_are_reads");
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
}

/// Issue 35, "Containers that hold nothing": a `WeakValueDictionary`'s value and a
/// `WeakKeyDictionary`'s key (`weak-container`), a local set only its own tasks'
/// `add_done_callback(s.discard)` refers to (`dying-container`), `_ = [create_task(...) for
/// ...]` (`comprehension`) and a local bound in each branch of an if/elif/else that only
/// `add_done_callback` reads (`callback-only`, each branch) are all dropped.
#[test]
fn containers_that_hold_nothing_drop_their_tasks() {
    expect("containers_that_hold_nothing");
    let (lines, code) =
        crate::common::reported_in_preview("audit/audit35o", "containers_that_hold_nothing");
    let expected = ["20:9", "23:9", "29:9", "35:5", "40:9", "43:9", "46:9"]
        .map(|at| format!("holds.py:{}", at));
    assert_eq!(lines, expected);
    assert_eq!(code, Some(1));
}

/// `rebound`'s attribute shape (audit35n's row 71) under `noqa`: dropped with no kind,
/// reference `dropped` and no owner, its evidence the attribute's, as without the comment.
#[test]
fn a_silenced_rebound_attribute_is_dropped_with_no_kind() {
    expect("noqa_rebound_attribute");
    reports_only("noqa_rebound_attribute", &["poller.py:21:9"]);
}

/// `weak_set.add(create_task(...))  # noqa: RUF006`, through a local only the weak set reads, and
/// a comprehension handed to a `WeakSet`: dropped with no kind, as the unsilenced
/// `weak-container` beside them (main said kept by the weak set, or unknown for the
/// comprehension); a strong set stays a keeper.
#[test]
fn a_silenced_weak_container_is_dropped_with_no_kind() {
    expect("noqa_weak_container");
    reports_only("noqa_weak_container", &["held.py:15:5"]);
}
