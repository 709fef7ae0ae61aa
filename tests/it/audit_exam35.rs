//! Audit fields the issue 35 exam found wrong, one class to a fixture pair: the code in
//! `testdata/audit/exam35/<class>/` and its audit, `testdata/audit/exam35/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35::` rewrites the expected files from the
//! current output (review the diff before committing it).

use std::fs;

use crate::common::{testdata, undangle};

/// The audit of the class's folder, as JSON, against the committed expectation.
fn expect(class: &str) {
    let dir = testdata("audit/exam35").join(class);
    let output = undangle()
        .current_dir(&dir)
        .args(["audit", "--isolated", "--output-format", "json", "."])
        .output()
        .unwrap();
    let actual = String::from_utf8(output.stdout).unwrap();
    let path = testdata("audit/exam35").join(format!("{class}.json"));
    if std::env::var_os("UNDANGLE_BLESS").is_some() {
        fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from the output (UNDANGLE_BLESS=1 rewrites it):\n{}",
        path.display(),
        similar::TextDiff::from_lines(&expected, &actual)
            .unified_diff()
            .header("expected", "actual")
    );
}

/// A collection bound anew to what `asyncio.wait` left pending, emptied after its shutdown
/// (`self._bg = []`), or taken out of by a done callback through a default argument: nothing
/// accumulates, so no "take finished tasks out".
#[test]
fn a_collection_emptied_does_not_accumulate() {
    expect("emptied");
}

/// Shutdowns through the holder's elements: `while q: q.popleft().cancel()`, `t = d.pop(k)`
/// then `t.cancel()`, a local list of its values cancelled and gathered, and a wait by polling
/// `done()` (which reads no exception).
#[test]
fn a_shutdown_through_the_elements_is_followed() {
    expect("drained");
}

/// A plain function that runs the event loop after making its tasks (`run_until_complete`,
/// `run_forever`) keeps its locals while they run: not `dying-container`, and what keeps `_` is
/// the frame that outlives the task's use, not a read. An `async def` that returns is still a
/// drop.
#[test]
fn a_frame_that_runs_the_loop_outlives_its_tasks() {
    expect("outliving");
}

/// A done callback handed on the line after `add_done_callback(` that reads `result()`
/// retrieves the exception.
#[test]
fn a_done_callback_on_the_next_line_retrieves() {
    expect("retrieved");
}

/// "Cancel or check the task before `connect` replaces it" is no hazard where `connect` runs
/// once per object: its one call, in another file, is on a `Client` made just before it (a call
/// of a socket's `connect` is another method's).
#[test]
fn a_method_called_once_on_a_new_object_replaces_nothing() {
    expect("replaced_new_object");
}

/// The callers in another file run the method only while its task is not running: a flag the
/// method sets (`not adapter._running`), or `adapter._watch is None or adapter._watch.done()`.
#[test]
fn a_method_called_only_while_its_task_is_not_running_replaces_nothing() {
    expect("replaced_not_running");
}

/// A subclass in another file calls the method right after cancelling the task it stored.
#[test]
fn a_method_called_after_a_cancel_replaces_nothing() {
    expect("replaced_after_cancel");
}

/// A subclass's `__init__` in another file calls the method: once per object.
#[test]
fn a_method_called_from_the_constructor_replaces_nothing() {
    expect("replaced_once");
}

/// Where a call may run the method again on a live task (the same object started again, or the
/// method handed on as a callback), the hazard stays, and its evidence says where.
#[test]
fn a_method_whose_calls_are_not_all_ruled_out_keeps_its_hazard() {
    expect("replaced_open");
}

/// The method runs only under `if is_initial:`, a parameter that is `False` by default: the
/// calls that pass it (in another file, on a registration made just before) decide, and the call
/// that does not pass it never runs the method.
#[test]
fn a_method_called_only_when_a_parameter_is_passed_replaces_nothing() {
    expect("replaced_by_parameter");
}
