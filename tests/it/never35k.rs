//! exam35g's cross-file false positives (docs/evaluation.md, "Eighth exam", class 1): the
//! never-suspends rule through an instance the file makes of another module's class. The code
//! is in `testdata/audit/never35k/<case>/` and its audit in `testdata/audit/never35k/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it never35k::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// The lines `check --isolated .` reports in the case's folder.
fn reported(case: &str) -> (Vec<String>, Option<i32>) {
    crate::common::reported_in("audit/never35k", case)
}

/// AGiXT's `agixt/Agent.py`: `webhook_emitter = WebhookEventEmitter()`, its own instance of the
/// class another module defines, whose `emit_event` only awaits a `put` on the unbounded queue
/// `__init__` makes. Every `Emitter()` runs that `__init__`, and a class with no base, no
/// metaclass and no `__new__` makes its own instance: its tasks finish in their first step,
/// which the loop holds. `audit` says kept, naming the method's file and line and the instance;
/// `check` is silent. A bounded queue, a method that awaits, a class with a base or a
/// metaclass stay drops; a name bound twice, an instance made through the module
/// (`ev.Emitter()`) or in a function are `unknown` (never35s: a class derived from `Emitter`
/// may be what the name holds), and `check` is silent.
#[test]
fn a_method_of_an_instance_made_of_another_modules_class_that_never_suspends_is_kept() {
    crate::common::expect_audit("audit/never35k", "instance");
    let (lines, code) = reported("instance");
    assert_eq!(
        lines,
        [
            "main.py:22:5",
            "main.py:23:5",
            "main.py:24:5",
            "main.py:25:5",
        ]
    );
    assert_eq!(code, Some(1));
}
