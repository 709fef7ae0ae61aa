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

/// Audit class 8 (avrae `GameLogClient.init`, mcp-atlassian `LocalTLSServer.start`): a use of
/// the method's name that is no call is ruled out as a call is: a field written, compared or
/// put in an f-string is no use at all; a read of it on an object of another class, or of a
/// class the code does not show, is not shown to be the method. The one call, on an object
/// made just before in `self.glclient = GameLogClient(self)`, replaces nothing: low.
#[test]
fn reads_of_a_field_named_like_the_method_are_no_calls_of_it() {
    expect("field_reads");
}

/// Audit class 8 (Vocard `IPCClient.connect`): reads of another class's field `connect`, handed
/// on in a dict or a tuple, are not named as places the method may run again; the call that
/// may (`await client.connect()` in a loop, on a parameter typed as the client) still is, and
/// the risk stays medium.
#[test]
fn a_call_that_may_replace_is_named_past_reads_of_a_field() {
    expect("field_reads_then_call");
}

/// Audit class 8, bounded: the callers' pass stops at the first few uses of a name that is
/// spelled in many files, uses that are no calls among them; where each it stopped at is ruled
/// out by its receiver's class, the files after them are not read (a common name's every use
/// cost the audit a third more time), so the hazard stands, and the evidence says what stopped
/// the proof and names the uses read, not as places the method may run again.
#[test]
fn a_hazard_whose_read_uses_are_all_ruled_out_stands_with_what_stopped_the_proof() {
    expect("field_reads_cut");
}

/// Audit class 8, bounded within a file: the pass types only as many of a file's reads of the
/// name as it may still count (typing a common name's every read cost the audit a tenth more);
/// a read past them is not read, so where every use typed is ruled out the hazard stands,
/// with what stopped the proof.
#[test]
fn reads_past_those_the_pass_types_leave_the_hazard_standing() {
    expect("field_reads_untyped");
}

/// Audit class 8, bounded: a field tested or compared (`if self.init:`) is no use of the
/// method and is never named, but it counts toward the pass's stop as any use that is no call
/// does, so the files after the first batch that spells it are not read: the hazard stands,
/// with what stopped the proof (the call in `z_client.py` is past it).
#[test]
fn tested_and_compared_fields_count_toward_the_stop_and_are_not_named() {
    expect("field_reads_skipped");
}
