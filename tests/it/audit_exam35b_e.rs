//! Audit fields the issue 35 third exam (`testdata/exam35b`) found wrong in classes 2, 3, 7 and
//! 8, one class to a fixture pair: the code in `testdata/audit/exam35b/<class>/` and its audit,
//! `testdata/audit/exam35b/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35b_e::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35b", class);
}

/// asyncio's contracts: `wrap_future(fut)` returns a future chained to `fut` (a returned one
/// keeps the task of `run_coroutine_threadsafe`: kept, returned), and `for i, f in
/// enumerate(as_completed(ts)): await f` waits for every task (kept, awaited, retrieved); a loop
/// that awaits no item waits for nothing (unknown, as before).
#[test]
fn wrap_future_and_as_completed_keep_their_tasks() {
    expect("contracts");
}

/// A task in a local that only `asyncio.wait` calls whose done set is dropped wait for is
/// `not-retrieved` (low), as an inline one is: the local named in a string or a comment, its
/// size tested, or its `cancel()` / `done()` called, reads no exception. Handed to another
/// function, it may be read (retrieved, as before).
#[test]
fn a_local_waited_for_blind_is_not_retrieved() {
    expect("blind_wait_local");
}

/// A call of another class's method of the same name is no call of the method: `self` in an
/// unrelated class, a parameter annotated with a class that neither derives from the method's
/// nor shares a subclass with it. A receiver that may be the method's class (`Both` derives
/// from the annotated class and from the owner) stays a caller; one whose class is not shown
/// proves nothing (see `replaced_unproven`).
#[test]
fn a_call_on_another_class_replaces_nothing() {
    expect("replaced_other_class");
}

/// A function that waits for every task of the loop but itself (`pending = {t for t in
/// asyncio.all_tasks() if t is not current}`, `asyncio.wait(pending)` until none is pending)
/// waits for the tasks its holder keeps: awaited, and logged where it logs each done task's
/// `exception()`. One wait that returns at the first exception waits for nothing more.
#[test]
fn a_wait_for_every_task_of_the_loop_waits_for_the_holders() {
    expect("all_tasks");
}

/// A call of the method's name on an object whose class the code does not show (an attribute,
/// a parameter typed `Any` or not typed) is not shown to run this class's method: it proves no
/// replacement, and the evidence names it as unknown. A receiver shown to be of the class still
/// makes the hazard.
#[test]
fn a_call_on_an_object_of_unknown_class_proves_no_replacement() {
    expect("replaced_unproven");
}
