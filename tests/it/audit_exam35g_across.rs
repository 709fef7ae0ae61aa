//! The eighth exam of issue 35 (testdata/exam35g): its largest false-positive class
//! (docs/evaluation.md, "Eighth exam", class 1), a coroutine that never suspends defined in
//! another module. The code is in `testdata/audit/exam35g_fp/<case>/` and its audit in
//! `testdata/audit/exam35g_fp/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35g_across::` rewrites the expected files from
//! the current output (review the diff before committing it).

/// A module function another module imports (`from app.events import notify`, `ev.notify`)
/// whose body never suspends, and a method of a module's singleton (`emitter = Emitter()` in
/// `app/events.py`, `emitter.emit`) whose one `await` is a `put` on an unbounded queue bound in
/// `__init__`: their tasks finish in their first step, which the loop holds. `audit` says kept,
/// naming the definition's file and line and the contract; `check` reports none of them, nor
/// one under a decorator of its module that hands back its function (`@decorate`, `return f`).
/// A coroutine that awaits, a bounded queue, a class with a base, a name the caller binds again
/// and a star import stay drops.
#[test]
fn a_coroutine_of_another_module_that_never_suspends_is_kept_by_the_loop() {
    crate::common::expect_audit("audit/exam35g_fp", "imported");
    let folder = crate::common::testdata("audit/exam35g_fp/imported");
    let output = crate::common::undangle()
        .current_dir(&folder)
        .args(["check", "--isolated", "."])
        .output()
        .unwrap();
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.split(": ").next().unwrap_or(l).to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "main.py:18:5",
            "main.py:20:5",
            "main.py:21:5",
            "main.py:22:5",
            "rebound.py:14:5",
            "rebound.py:16:5",
            "starred.py:9:5",
        ]
    );
    assert_eq!(output.status.code(), Some(1));
}

/// `explain` places a lost-task record of such a coroutine at its sites with the audit's
/// words: kept by the loop, nothing to do.
#[test]
fn explain_says_the_loop_holds_a_task_of_another_module_that_never_suspends() {
    let folder = crate::common::testdata("audit/exam35g_fp/imported");
    let output = crate::common::undangle()
        .current_dir(&folder)
        .args(["explain", "--isolated", "../imported.log", "--paths", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    for site in ["main.py:11:5", "main.py:12:5", "main.py:14:5"] {
        let line =
            format!("  {site}: passed, risk none: none: the loop holds the task until it finishes");
        assert!(stdout.contains(&line), "{site} in:\n{stdout}");
    }
}
