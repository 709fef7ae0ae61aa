//! Audit fields the third exam of issue 35 (testdata/exam35b) and the hand-fix exam 36c found
//! wrong, where a task's fate is read beyond its own statement: at the callers of the function
//! that returns it, in the holder the function empties, on every path out of the function, in
//! the task's own signal or the helper it is handed to. The code is in
//! `testdata/audit/fates/<class>/` and its audit in `testdata/audit/fates/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_fates::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/fates", class);
}

/// A function that adds the task to a collection of the module (`task_reference_holder.add(
/// task)`) and returns it: the module's collection keeps it whatever the callers do with the
/// return, and its shutdown decides (here none: medium). A collection the function binds for
/// itself is its own local.
#[test]
fn a_task_kept_by_the_module_and_returned_is_the_modules() {
    expect("returned_and_held");
}

/// A method that returns its task, whose every call in the checked code is a statement of its
/// own (`x.push_nowait(...)`, `await x.schedule()` of an `async def`): dropped at those calls,
/// high. A call that keeps the value, no call at all (a public API), or another definition of
/// the name (a call may be of that one) leave it returned.
#[test]
fn a_task_returned_to_callers_that_all_drop_it_is_dropped() {
    expect("returned_and_dropped");
}

/// A dispatcher that waits on its local set and a shared one together (`done, pending = await
/// asyncio.wait(pending | conn.extra_workers, ...)`), takes the finished ones out of the shared
/// set (`conn.extra_workers -= done`), and in its `finally` cancels every task of both (`for t
/// in pending | conn.extra_workers: t.cancel(); to_wait.append(t)`) and waits for the list:
/// both holders are cancelled and awaited, nothing accumulates (risk none). A later binding of
/// the loop's name (`task = create_task(...)`) is another task, not room made in the holder.
#[test]
fn a_holder_emptied_and_waited_for_by_its_dispatcher() {
    expect("emptied_and_waited");
}

/// "The function awaits it" must hold on every path out of the function from the creation: a
/// task read only under `if t.done():` (`t.exception()`) and cancelled in a `finally` is never
/// awaited (kept by the local, cancelled: low, "await it after cancelling it"); one awaited
/// only after two early `return False` is left pending on those paths (high). A `finally`
/// that cancels and gathers it, and `return await t`, await it on every path.
#[test]
fn a_task_awaited_on_some_paths_only_is_said_so() {
    expect("awaited_on_some_paths");
}

/// A task whose coroutine sets an event or a future of its own object as its last step (in the
/// `finally` around its whole body, or as its last statement), where the class awaits that
/// signal (`await self._closed.wait()`, `await self._done`): waited for at shutdown, its
/// exceptions unread (low). Set by another method too, or inside a loop that goes on after
/// it, the signal says nothing of the task's end (none, as before).
#[test]
fn a_task_waited_for_through_a_signal_of_its_own_object() {
    expect("own_signal");
}

/// A holder handed to a coroutine that a new task runs (`asyncio.create_task(self._stop(ws,
/// task))`, through a local alias of the holder) is handed to that coroutine's body as much as
/// by `await self._stop(...)`: a body that awaits its parameter waits for the task
/// (cancelled-and-awaited, retrieved, none). A body that only reads its name waits for nothing.
#[test]
fn a_task_handed_to_a_spawned_coroutine_that_awaits_it() {
    expect("spawned_helper");
}

/// A task a collection keeps, taken out of it (`d.pop(k)`, `del d[k]`, `s.discard(t)`) and then
/// cancelled, with nothing after that awaits it: `cancel()` only schedules the task's wake-up,
/// which the loop holds, but its cleanup after the `CancelledError` (a `finally` that awaits)
/// is held by nothing. Cancelled, low, and the evidence and action say so ("keep it in ...
/// until it ends"). Left in (`d.get(k)`) it is cancelled as before; awaited after, it is
/// cancelled-and-awaited.
#[test]
fn a_task_taken_out_before_it_is_cancelled() {
    expect("taken_then_cancelled");
}

/// A local the frame holds, cancelled and never awaited: the action is what the audit asks of
/// any holder cancelled and not awaited ("await `monitor` after cancelling it"), not "none".
/// In a synchronous frame (one that runs the loop), a done callback. Awaited after its cancel,
/// nothing is left to do.
#[test]
fn a_local_cancelled_and_never_awaited_is_told_to_await_it() {
    expect("local_cancelled");
}
