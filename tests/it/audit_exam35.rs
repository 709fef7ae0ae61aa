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

/// A task handed to a function of the checked code, in its own class or in another file
/// through an import: kept where that function's body keeps it on every path (a set of the
/// object's or of its module, one call deep), awaited where it awaits it; a weak container, a
/// function that keeps no reference, or a store on some paths only proves no keep (`unknown`,
/// saying what the function does).
#[test]
fn a_task_handed_to_a_project_function_is_kept_by_its_body() {
    expect("handed");
}
