//! Audit fields the issue 35 exam found wrong, one class to a fixture pair: the code in
//! `testdata/audit/exam35/<class>/` and its audit, `testdata/audit/exam35/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35", class);
}

/// A collection bound anew to what `asyncio.wait` left pending, emptied after its shutdown
/// (`self._bg = []`), or taken out of by a done callback through a default argument: nothing
/// accumulates, so no "take finished tasks out".
#[test]
fn a_collection_emptied_does_not_accumulate() {
    expect("emptied");
}

/// Shutdowns through the holder's elements: `while q: q.popleft().cancel()`, `t = d.pop(k)`
/// then `t.cancel()`, a local list of its values cancelled and gathered, and a wait by polling
/// `done()` (which reads no exception).
#[test]
fn a_shutdown_through_the_elements_is_followed() {
    expect("drained");
}

/// A plain function that runs the event loop after making its tasks (`run_until_complete`,
/// `run_forever`) keeps its locals while they run: not `dying-container`, and what keeps `_` is
/// the frame that outlives the task's use, not a read. An `async def` that returns is still a
/// drop.
#[test]
fn a_frame_that_runs_the_loop_outlives_its_tasks() {
    expect("outliving");
}

/// A done callback handed on the line after `add_done_callback(` that reads `result()`
/// retrieves the exception; it logs it only when a log call is of what it read (the name
/// `exception()` is bound to), not when it logs something else (`logger.debug` of the result).
#[test]
fn a_done_callback_on_the_next_line_retrieves() {
    expect("retrieved");
}

/// `loop.run_until_complete(task)` runs the loop until the task is done and returns its result
/// or raises its exception (asyncio's contract): the task is waited for as with `await`, and
/// its exception retrieved.
#[test]
fn run_until_complete_awaits_its_task() {
    expect("run_until_complete");
}

/// `done, pending = await asyncio.wait([a, b], return_when=FIRST_COMPLETED)` whose done set is
/// never read retrieves no exception of the task that finished first, even when the tasks sit
/// in a holder while the wait runs (`self._relay.add(t)` before, `self._relay.discard(t)`
/// after): not-retrieved, low. A done set that is read retrieves them; pending ones only
/// cancelled are never awaited (cancelled, low).
#[test]
fn a_holder_only_while_a_blind_wait_runs_retrieves_nothing() {
    expect("blind_wait");
}

/// mode's `Service.start` calls `on_start` once per start, after the stop before it (its
/// contract, in `scan::contracts::START_HOOKS`): an attribute it binds is not rebound while its
/// task runs, so a shutdown that polls `done()` leaves only the exception (low). Without mode
/// imported, `on_start` is any method: binding again may lose the task (medium).
#[test]
fn a_start_hook_binds_once_per_start() {
    expect("start_hook");
}

/// A task waited for only until something else happens (`first_completed(ready.wait(),
/// asyncio.shield(task))`: the shield is handed to another function, not awaited), or awaited
/// only in a branch that leaves the function (`if not ready: task.result(); raise ...`), and
/// then stored on the object, is kept by that attribute: its owner's shutdown decides. Awaited
/// on every path (`await asyncio.wait_for(asyncio.shield(task), None)`) it is still `awaited`,
/// and so is one stored before the await that leaves (`self._t = t`, then `try: await t;
/// return`): only a store after that branch is on the path that goes on.
#[test]
fn a_task_waited_for_until_a_handshake_is_kept_where_it_is_stored() {
    expect("handshake");
}

/// A task whose coroutine (a method of the class) sets a future it is handed as its last step
/// (`done.set_result(...)`, only a `finally` after it), where the class awaits that future
/// (`await self.__done`), is waited for through its own end: shutdown awaited, its exception
/// still not retrieved (low). A future set before the coroutine goes on is no such signal.
#[test]
fn a_task_waited_for_through_its_own_done_signal() {
    expect("done_signal");
}

/// `asyncio.wait` returns at its timeout (or at the first task done) with the others pending
/// and does not cancel them: where the function then drops the pending set (only tests its
/// size) and reads the tasks' local no more, they run on held by nothing (high; "cancel or keep
/// them"). Cancelled and not awaited, they are cancelled (low: "await the tasks `asyncio.wait`
/// leaves pending after cancelling them"); with no timeout, nothing is left.
#[test]
fn a_wait_that_leaves_its_tasks_pending_drops_them() {
    expect("left_pending");
}

/// "Cancel or check the task before `connect` replaces it" is no hazard where `connect` runs
/// once per object: its one call, in another file, is on a `Client` made just before it (a call
/// of a socket's `connect` is another method's).
#[test]
fn a_method_called_once_on_a_new_object_replaces_nothing() {
    expect("replaced_new_object");
}

/// The callers in another file run the method only while its task is not running: a flag the
/// method sets (`not adapter._running`), or `adapter._watch is None or adapter._watch.done()`.
#[test]
fn a_method_called_only_while_its_task_is_not_running_replaces_nothing() {
    expect("replaced_not_running");
}

/// A subclass in another file calls the method right after cancelling the task it stored.
#[test]
fn a_method_called_after_a_cancel_replaces_nothing() {
    expect("replaced_after_cancel");
}

/// A subclass's `__init__` in another file calls the method: once per object.
#[test]
fn a_method_called_from_the_constructor_replaces_nothing() {
    expect("replaced_once");
}

/// Where a call may run the method again on a live task (the same object started again, or the
/// method handed on as a callback), the hazard stays, and its evidence says where.
#[test]
fn a_method_whose_calls_are_not_all_ruled_out_keeps_its_hazard() {
    expect("replaced_open");
}

/// The method runs only under `if is_initial:`, a parameter that is `False` by default: the
/// calls that pass it (in another file, on a registration made just before) decide, and the call
/// that does not pass it never runs the method.
#[test]
fn a_method_called_only_when_a_parameter_is_passed_replaces_nothing() {
    expect("replaced_by_parameter");
}

/// A task handed to a function of the checked code, in its own class or in another file
/// through an import: kept where that function's body keeps it on every path (a set of the
/// object's or of its module, one call deep), awaited where it awaits it; a weak container, a
/// function that keeps no reference, or a store on some paths only proves no keep (`unknown`,
/// saying what the function does).
#[test]
fn a_task_handed_to_a_project_function_is_kept_by_its_body() {
    expect("handed");
}

/// A task's bound method handed to a function (`pipe.on_end(task.cancel)`) hands the task: a
/// bound method holds its object (`m.__self__`), and a task's public attributes are all
/// methods. A function of the checked code that keeps what it is handed keeps the task (its
/// shutdown `unknown`: what calls the method there is not followed); a call undangle cannot
/// resolve (aiocoap's `pipe.on_interest_end(task.cancel)`, `loop.call_later(5, task.cancel)`)
/// leaves it `unknown`, and the evidence names the call, where the local was said to hold it.
#[test]
fn a_bound_method_of_the_task_hands_the_task() {
    expect("bound_method");
}

/// A statement that drops what a project function returns, where that is a task on some paths
/// only and the call's arguments do not select them (`spawn(work(), inline=inline)`), is an
/// `unknown` site naming the function, where it is defined and the parameters not known: risk
/// low, "find out whether the call returns a task here"; `check` says nothing of it.
#[test]
fn a_factory_call_its_arguments_do_not_decide_is_unknown() {
    expect("undecided_factory");
}
