//! The eleventh exam of issue 35 (testdata/exam35j), audit classes 6, 8 and 9
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
