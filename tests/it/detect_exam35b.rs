//! What the third exam of issue 35 (testdata/exam35b) found `check` missing or saying wrongly,
//! one class to a folder: the code in `testdata/audit/detect35/<class>/` and its audit,
//! `testdata/audit/detect35/<class>.json` (the findings are the fixtures' under
//! `testdata/fixtures/`).
//!
//! `UNDANGLE_BLESS=1 cargo test --test it detect_exam35b::` rewrites the expected files from the
//! current output (review the diff before committing it).

use crate::common::{testdata, undangle};

fn expect(class: &str) {
    crate::common::expect_audit("audit/detect35", class);
}

/// A task function handed to the loop is dropped whatever becomes of the `Handle`, and its
/// evidence is the loop's contract, with no concurrent future; a drop no rule reports blames
/// no `noqa` that is not there; one a `noqa` silences says so.
#[test]
fn a_handoff_and_an_unreported_drop_say_what_proves_them() {
    expect("handoff_evidence");
}

/// A project's task factory named `create_task`, called through its module's name
/// (`from app.utils import asyncio_utils`, `import app.utils.asyncio_utils as asyncio_utils`)
/// and by its own name: its drops are `factory-result`, told from asyncio's `create_task` by the
/// imports. The factory hands its task to `set_task_debug_info`, which only sets the task's
/// attributes: that keeps nothing, so the factory's callers hold the only reference (mitmproxy,
/// exam36c class 2).
#[test]
fn a_factory_called_through_its_module_is_found() {
    let dir = testdata("factories/through_module");
    let output = undangle()
        .current_dir(&dir)
        .args([
            "check",
            "--isolated",
            "--preview",
            "--output-format",
            "json",
            ".",
        ])
        .output()
        .unwrap();
    let actual = String::from_utf8(output.stdout).unwrap();
    crate::common::expect_file(&testdata("factories/through_module.json"), &actual);
}

/// A project factory handed to the loop in a test (`loop.call_soon_threadsafe(make, loop,
/// coro)`) is kept in the factory, never at the call: the call returns the loop's `Handle`,
/// which has no `add_done_callback` (a fix there raised `AttributeError`), whatever the
/// statement does with it.
#[test]
fn a_factory_handed_to_the_loop_in_a_test_is_kept_in_the_factory() {
    let dir = testdata("factories/handoff_in_test");
    let output = undangle()
        .current_dir(&dir)
        .args(["diff", "--isolated", "."])
        .output()
        .unwrap();
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.contains("+    task = loop.create_task(coro)\n"),
        "{diff}"
    );
    assert!(!diff.contains("call_soon_threadsafe"), "{diff}");
    assert!(!diff.contains("_background_futures"), "{diff}");
}

/// A task whose coroutine stores `asyncio.current_task()` in something that outlives the call
/// (class 9: procrastinate's `Worker.run` and `self.run_task`). Stored in its first step, on
/// every path: kept, by that holder, whatever the kind (a bare statement too). Stored after the
/// first `await`: a factory's dropped result is `unknown` (silent in `check --preview`), a bare
/// statement stays reported, with the late store in its evidence. A receiver made in the
/// function, and a function of another module called by its name, are not followed.
#[test]
fn a_task_that_stores_itself_is_kept_only_from_its_first_step() {
    expect("self_storing");
}
