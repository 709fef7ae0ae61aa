//! The sixth exam of issue 35 (testdata/exam35e): its false positives' class (docs/evaluation.md,
//! "Sixth exam", class 1). The code is in `testdata/audit/exam35e_fp/<case>/` and its audit in
//! `testdata/audit/exam35e_fp/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35e_fp::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35e_fp", case);
}

/// asyncio schedules a task's first step with `loop.call_soon`, whose handle the loop's ready
/// queue holds until it runs: a coroutine of the checked code with no `await`, `async for` or
/// `async with` of its own finishes in that step, so its task is kept until it is done (risk
/// none, no action), whatever its statement does with it. The same statement around a
/// coroutine that awaits stays dropped.
#[test]
fn a_coroutine_that_never_suspends_is_kept_by_the_loop() {
    expect("first_step");
}

/// `self.m()` runs the class's `m` or a subclass's override: where every `m` the file shows
/// never suspends, a subclass in another file (`slow.py`) may override it with one that
/// suspends. `audit` says `unknown` and why; `check` reports nothing (the file proves no drop).
#[test]
fn a_method_that_never_suspends_here_is_unknown_when_another_file_may_override_it() {
    expect("first_step_methods");
    let folder = crate::common::testdata("audit/exam35e_fp/first_step_methods");
    let output = crate::common::undangle()
        .current_dir(&folder)
        .args(["check", "--isolated", "."])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(output.status.code(), Some(0));
}

/// The same method, where the only class of the checked code derived from `Progress`
/// (`labelled.py`) binds no `set_progress` of its own: every object's `set_progress` is
/// `Progress`'s, which never suspends, so the loop holds the task to its end: `kept`, and the
/// evidence names the classes read. (With `slow.py`'s override, above, `unknown` names it.)
#[test]
fn a_method_that_never_suspends_is_kept_when_no_class_of_the_checked_code_overrides_it() {
    expect("first_step_inherited");
}

/// The other half of the override reading: a task handed to `self.track(task)`, where the
/// site's class's own `track` keeps it, is kept only if `self.track` runs that `track`. A class
/// of the checked code derived from the site's class that binds its own `track` (`Forgetful` in
/// another file, `LoggingPool` in the same one) may keep nothing: `unknown`, naming the
/// override, `passed`, risk low.
#[test]
fn a_keeper_a_subclass_overrides_proves_no_keep() {
    expect("keeper_overridden");
}

/// The same keepers where the derived classes (`Labelled`, `NamedPool`) bind no `track`: kept,
/// as the class's own keeper says.
#[test]
fn a_keeper_no_subclass_overrides_keeps_the_task() {
    expect("keeper_inherited");
}
