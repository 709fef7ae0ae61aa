//! The eleventh exam of issue 35 (testdata/exam35j), audit classes 6 and 8, and the tenth exam's class 6
//! (docs/evaluation.md, "Eleventh exam: fresh repositories"). The code is in
//! `testdata/audit/exam35j_b/<case>/` and its audit in `testdata/audit/exam35j_b/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35j_b::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35j_b", case);
}

/// Audit class 6 (bancho.py `app.state.sessions.housekeeping_tasks`): a holder spelled through
/// the package the file imports (`import app.state`) is the module `app/state/sessions.py`'s
/// own, and that module's function that cancels and gathers it is its shutdown. A module that
/// ends nothing leaves its holder's shutdown `none`.
#[test]
fn a_holder_spelled_through_its_package_is_shut_down_by_its_module() {
    expect("module_of_package");
}

/// Audit class 6 (BotLi `tournament.start_task`): an object made by a classmethod of its class
/// that returns `cls(...)` (`Tournament.from_info(info)`) is of that class, and the class's
/// `cancel` of the attribute is its shutdown. A classmethod that may return another object
/// shows no class.
#[test]
fn an_object_a_classmethod_constructs_is_of_its_class() {
    expect("classmethod_made");
}

/// Audit class 8 (Vocard `IPCClient.connect`): the task's own coroutine calls the method that
/// binds it (a reconnect in `_listen`): the task is alive there, whatever the flag it clears
/// says, so that call may replace it and the evidence names it.
#[test]
fn a_task_that_calls_its_own_method_again_may_be_replaced_alive() {
    expect("own_reconnect");
}

/// Exam35i audit class 6 (paasta `get_pod_status_tasks_by_replicaset`): an element of a local
/// container the function makes new and returns (`d[k].append(t)`, `return d`) is the
/// caller's, as a returned task is, also when the container's annotation runs over lines. An
/// element of an attribute's container stays the object's.
#[test]
fn an_element_of_a_returned_local_container_is_the_callers() {
    expect("returned_element");
}
