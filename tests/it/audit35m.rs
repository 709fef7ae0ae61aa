//! The audit's readings of audit35m (exam35o audit classes 2 and 3, docs/evaluation.md
//! "Sixteenth exam: fresh repositories"). The code is in `testdata/audit/audit35m/<case>/` and
//! its audit in `testdata/audit/audit35m/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit35m::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/audit35m", case);
}

/// Row 42 (ha-bepacom-bacnet `_async_promote_shared_connection`): `candidate.task`, where
/// `candidate` is an element of `self._states`, is shut down where the class cancels and awaits
/// the `task` of any element it pops from `self._states`, whatever that local is called; so is
/// `state.task` for a `state` the method puts in `self._states`.
#[test]
fn an_elements_task_is_shut_down_where_any_element_taken_from_its_container_is() {
    expect("element_shutdown");
}

/// Row 58 (AVA `engine.py:4945`): `tasks = getattr(self, "_retry_tasks", None)`, a new dict
/// stored there when it is unset, then `tasks[key] = task`: the owner is `Engine._retry_tasks`,
/// shut down by `stop` through `list(getattr(self, "_retry_tasks", {}).values())`, not by
/// another method's local `tasks`.
#[test]
fn a_local_alias_of_an_attribute_is_followed_to_the_attribute() {
    expect("local_alias_attribute");
}
