//! The fourteenth exam of issue 35 (testdata/exam35m): its false positives and audit classes
//! (docs/evaluation.md, "Fourteenth exam: fresh repositories"). The code is in
//! `testdata/audit/exam35m/<case>/` and its audit in `testdata/audit/exam35m/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35m::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35m", case);
}

/// False-positive class 3 (e-trading's `market_data_worker`, MAMcrawler's `ConfigWatcher`): a
/// creator that needs the thread's loop, in a `threading.Thread` target or a watchdog handler,
/// raises `RuntimeError` and makes no task; one handed a loop, or in a function also called
/// from the loop, stays a drop.
#[test]
fn a_creator_on_a_thread_without_a_loop_makes_no_task() {
    expect("thread_without_loop");
}

/// Audit class 2 (ai-docs-vector-db-hybrid-scraper's `_signal_handler`): `task.set_name(...)`
/// returns None and keeps nothing, so a local read only by it (and by done callbacks) is
/// dropped when the function returns; a bound `task.set_name` handed on still holds the task.
#[test]
fn a_read_that_only_names_the_task_keeps_nothing() {
    expect("set_name_only");
}

/// Audit class 3 (ArbitrageStation's `_fetch_many_with_options`): `return [await t for t in
/// tasks]` awaits each task before the list is made, as `for t in tasks: await t` does; a
/// comprehension with an `if`, or a generator, awaits no task for sure.
#[test]
fn a_list_comprehension_that_awaits_each_task_awaits_them() {
    expect("awaited_in_comprehension");
}

/// Audit class 4 (asyncio-for-robotics's `from_proc_stdout`): an `await` of a local in a nested
/// coroutine that declares it `nonlocal` waits only when that coroutine runs: the function
/// does not await the task, and what keeps it is `unknown` (the closure names it); one the
/// frame itself awaits on every path is the frame's await.
#[test]
fn an_await_in_a_nonlocal_closure_is_not_the_functions() {
    expect("awaited_in_closure");
}

/// Audit class 6 (wombot's `Timer`): the task's own coroutine binds the attribute that holds it
/// to its successor and then still awaits: from there nothing of the object holds it, risk
/// medium; a successor bound as the last step, or a clear, leaves nothing running unheld.
#[test]
fn a_coroutine_that_rebinds_its_attribute_before_it_awaits_leaves_itself_unheld() {
    expect("successor_rebinds");
}
