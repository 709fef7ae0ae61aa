//! exam35j's "never suspends" false positives and its audit's class 3 (docs/evaluation.md,
//! "Eleventh exam"). The code is in `testdata/audit/never35n/<case>/` and its audit in
//! `testdata/audit/never35n/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it never35n::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// The lines `check --isolated .` reports in the case's folder.
fn reported(case: &str) -> (Vec<String>, Option<i32>) {
    crate::common::reported_in("audit/never35n", case)
}

/// parllama's `ExecutionManager.save_templates`: `asyncio.create_task(self.save())` where
/// `save`, with no `await`, is defined more than a screen away from the site, so the file is
/// parsed in parts that leave it out. No class of the checked code derives from `Manager`: the
/// audit says kept, as it does where the whole file is parsed.
#[test]
fn a_quiet_method_far_from_its_site_is_kept_when_no_class_derives() {
    crate::common::expect_audit("audit/never35n", "far");
    assert_eq!(reported("far"), (Vec::new(), Some(0)));
}

/// picows's examples: two scripts each define a `Listener` whose `greet` never suspends. No
/// class derives from either: kept. Where a class derives from the name `Listener`, which of
/// them it derives from is not read: unknown, as before.
#[test]
fn classes_of_one_name_are_read_as_one() {
    crate::common::expect_audit("audit/never35n", "same_name");
    crate::common::expect_audit("audit/never35n", "same_name_derived");
    assert_eq!(reported("same_name"), (Vec::new(), Some(0)));
    assert_eq!(reported("same_name_derived"), (Vec::new(), Some(0)));
}

/// picows's `on_ws_frame_async`: a method whose one await is `asyncio.sleep(0.0)` yields to the
/// ready queue only, and the loop holds its task to its end; a comment that says "async" in
/// its body, which the text test before the parse took for the keyword, no longer stops the
/// proof. `asyncio.sleep(0.5)` waits on a timer: the drop stays.
#[test]
fn a_method_that_only_yields_to_the_ready_queue_is_kept() {
    crate::common::expect_audit("audit/never35n", "yields");
    let (lines, code) = reported("yields");
    assert_eq!(lines, ["main.py:15:9"]);
    assert_eq!(code, Some(1));
}

/// centrifuge-python's `asyncio.ensure_future(sub._schedule_resubscribe())`: a coroutine with
/// no `await` reached through a parameter annotated `"Subscription"`, a local made of the
/// class, a local that takes a value of `self._subs: Dict[str, "Subscription"]`, and
/// `self._client._resubscribe(self)` where `self._client: Optional[Client]` (the
/// `Subscription._resubscribe` that suspends is no `Client`'s). No class of the checked code
/// derives from either: kept, and `check` is silent. A local bound again to something else, a
/// method that sleeps, and a parameter nothing annotates stay drops; another file's class of
/// the same name that suspends is not the one the annotation names.
#[test]
fn a_quiet_method_on_a_receiver_whose_annotation_names_the_class_is_kept() {
    crate::common::expect_audit("audit/never35n", "typed");
    let (lines, code) = reported("typed");
    assert_eq!(
        lines,
        ["client.py:40:9", "client.py:44:9", "client.py:48:9"]
    );
    assert_eq!(code, Some(1));
}

/// coc.py's trigger: `self.loop.create_task(wrapped())`, where `wrapped`, a closure under
/// `@functools.wraps(func)` (which returns the function itself), has no `await` and only
/// starts the repeating task and keeps it in `self.task`: its task ends in its first step,
/// kept. A closure that awaits, and one under an unknown decorator, stay drops.
#[test]
fn a_closure_under_functools_wraps_that_never_suspends_is_kept() {
    crate::common::expect_audit("audit/never35n", "closure");
    let (lines, code) = reported("closure");
    assert_eq!(lines, ["triggers.py:43:9", "triggers.py:51:9"]);
    assert_eq!(code, Some(1));
}
