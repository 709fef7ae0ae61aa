//! exam35k's false positives (docs/evaluation.md, "Twelfth exam"). The code is in
//! `testdata/audit/never35p/<case>/` and its audit in `testdata/audit/never35p/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it never35p::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// The lines `check --isolated .` reports in the case's folder (with `--preview` when asked).
fn reported(case: &str) -> (Vec<String>, Option<i32>) {
    crate::common::reported_in("audit/never35p", case)
}

/// hangoutsbot's `start_asyncio_task`: `asyncio.ensure_future(task).add_done_callback(cb)`,
/// where `task` is bound to `loop.create_task(...)` on every path that reaches the line (the
/// other path raises), then registered and returned. `ensure_future` returns a future it is
/// handed as it is: no task is made there, and the one there is, is kept (returned). A local
/// that may hold a coroutine (bound to one on another path, a parameter, a global that only a
/// nested function's local of the same name binds) still makes a task there, dropped; a task
/// whose only other use is that done callback is dropped as `callback-only` (preview).
#[test]
fn ensure_future_of_a_local_bound_only_to_tasks_makes_no_task() {
    crate::common::expect_audit("audit/never35p", "already_a_task");
    let (lines, code) = reported("already_a_task");
    assert_eq!(
        lines,
        ["plugins.py:39:5", "plugins.py:44:5", "plugins.py:53:5"]
    );
    assert_eq!(code, Some(1));
}

/// wsnet's router: `clientsrv_task = asyncio.create_task(clientsrv.run())`, never read, in
/// `amain`, the coroutine the file runs with `asyncio.run(amain(args))` and calls nowhere else.
/// The loop runs only while `amain` does, and when it returns `asyncio.run` cancels and awaits
/// every task left: the frame's local holds the task for as long as it can run (kept, with that
/// evidence). A coroutine also awaited by another, and a local a loop binds anew each turn,
/// stay drops.
#[test]
fn a_local_of_the_coroutine_asyncio_run_runs_is_held() {
    crate::common::expect_audit("audit/never35p", "main_coroutine");
    let (lines, code) = reported("main_coroutine");
    assert_eq!(lines, ["loop.py:11:9", "router.py:22:5"]);
    assert_eq!(code, Some(1));
}

/// Villager-Bot's SIGTERM handler: `lambda: asyncio.create_task(karen.stop)` hands
/// `create_task` the bound method, not a coroutine (TypeError, no task). A lambda that does not
/// call what it hands the creator proves no new task: `callback-return` (preview) is silent and
/// the audit says unknown, naming the `async def` of that name; the lambda that calls
/// `karen.stop()` stays a drop.
#[test]
fn a_lambda_that_hands_create_task_an_uncalled_name_proves_no_task() {
    crate::common::expect_audit("audit/never35p", "uncalled");
    let (lines, code) = crate::common::reported_in_preview("audit/never35p", "uncalled");
    assert_eq!(lines, ["main.py:20:5"]);
    assert_eq!(code, Some(1));
}

/// Monocle's `LOOP.create_task(...)` statements, where `LOOP = get_event_loop()` is the one
/// binding of a module global of `monocle/shared.py` that the file imports by name (relative
/// or absolute): that module's loop, whose `create_task` makes a task the statement drops. The
/// audit lists the sites, and `check` reports them, with the prefilter on as off. A name the
/// module binds twice is no known loop; a name renamed on import is not followed. A task made
/// in a plain `def` whose next statement gathers every task of the loop into a local that the
/// function then runs in `run_until_complete` is held (the ready queue, then the gather: kept);
/// with a statement between, the drop stays.
#[test]
fn create_task_on_a_module_global_loop_imported_by_name_is_a_site() {
    crate::common::expect_audit("audit/never35p", "module_loop");
    let (lines, code) = reported("module_loop");
    assert_eq!(lines, ["pkg/notify.py:9:9", "scan.py:11:5", "scan.py:31:5"]);
    assert_eq!(code, Some(1));
}
