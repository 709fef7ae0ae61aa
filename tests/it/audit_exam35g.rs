//! The eighth exam of issue 35 (testdata/exam35g): its false positive and audit classes
//! (docs/evaluation.md, "Eighth exam"). The code is in `testdata/audit/exam35g/<case>/` and its
//! audit in `testdata/audit/exam35g/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35g::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35g", case);
}

/// Audit class 3: a binding the method awaits in its next statement cannot replace a live task:
/// the awaiting frame holds the task until it is done. No replacement hazard; a binding
/// followed by another wait keeps it.
#[test]
fn a_binding_awaited_at_once_replaces_no_live_task() {
    expect("awaited_binding");
}

/// Audit class 5: an `await` behind a short-circuit `and`/`or`, or in one arm of a conditional
/// expression, runs on some paths only: as an `await` under an `if`, the frame may end with the
/// task pending (high). An `await` in the left operand runs on every path.
#[test]
fn an_await_behind_a_short_circuit_runs_on_some_paths_only() {
    expect("short_circuit");
}

/// Audit class 7: a name a nested function binds (no `nonlocal`) is that function's own local:
/// its reads there are not reads of the outer function's same-named local (the language's
/// scope rule). A closure that only reads the outer name still reads the outer local.
#[test]
fn a_nested_functions_own_local_is_not_the_outer_one() {
    expect("nested_local");
}

/// Audit class 6: a local bound several times (`f = callback()`; `f = ensure_future(f)` or
/// `f = None`), then only tested against `None` and given a done callback (a nested callback's
/// own parameter `f` is another local): the callback-only shape, dropped, high. In a loop, a
/// read before the binding may read the task of the turn before: not this shape.
#[test]
fn a_local_bound_several_times_and_read_only_by_callbacks_is_dropped() {
    expect("callback_only_rebound");
}

/// Audit class 1: `_, f = holder.popitem()` then `f.cancel()` takes an element out and cancels
/// it (a dict's `popitem()` returns the pair (key, value)): cancelled, low, as for `pop(k)`.
#[test]
fn an_element_taken_out_by_popitem_and_cancelled_is_cancelled() {
    expect("popitem");
}

/// Audit class 4: a task made inside the done callback of another future
/// (`fut.add_done_callback(lambda f: loop.create_task(done(f.result())))`): the callback's
/// `f.result()` reads that future's outcome, not the new task's: not-retrieved. A callback
/// registered on the task itself still counts.
#[test]
fn a_callback_that_makes_the_task_reads_another_futures_outcome() {
    expect("callback_of_another");
}

/// Audit class 1: a property whose body yields the attributes (`for t in (self._a, self._b):
/// yield t`) or returns a tuple or list of them hands out those very tasks: a loop over the
/// property that cancels (`for t in self.running_tasks: t.cancel()`) or awaits each cancels or
/// awaits each attribute. A property that returns something made from the attribute does not.
#[test]
fn a_property_that_yields_the_holders_stands_for_each() {
    expect("property_holders");
}

/// Audit class 1: aiohttp calls every function appended to an application's `on_startup`,
/// `on_shutdown`, `on_cleanup` or `cleanup_ctx` with the application (the contract table): a
/// task a startup hook stores in its parameter is cancelled and awaited by the shutdown hook
/// that cancels its parameter's key and gathers the application's. A function that is no hook
/// says nothing of its parameter.
#[test]
fn the_application_aiohttp_hands_each_hook_is_one_object() {
    expect("app_hooks");
}

/// Audit class 4: a lambda done callback that hands its task to a function (`lambda task:
/// self._on_done(key, task)`) reads what that function's body reads: `task.exception()` printed
/// by `traceback.print_exception` is logged, and the action asks only for the wait. A method
/// that reads nothing of the task retrieves nothing.
#[test]
fn a_lambda_callback_reads_what_the_method_it_calls_reads() {
    expect("lambda_method");
}

/// Audit class 1: `from bot import tasks` binds the importer's `tasks` to `bot`'s list (the
/// language's `from ... import`): the owner is `bot.tasks`, and its shutdown is read in `bot`'s
/// own module, as for its own holder (another function's local of the name is not it). A name
/// the importer binds itself is its own, and a list its module never shuts down stays none.
#[test]
fn a_holder_imported_from_another_module_is_that_modules() {
    expect("imported_holder");
}

/// Audit class 8: `f = asyncio.ensure_future(self.poll(1))` where `poll` is a plain `def` of the
/// file whose every `return` returns a future it makes (`loop.create_future()`): `ensure_future`
/// returns that future, no task is made, and a cancelled future is done at once (risk none). An
/// `async def` returns a coroutine, which becomes a task; a dropped site is judged as `check`
/// judges it.
#[test]
fn ensure_future_of_a_future_the_callee_makes_makes_no_task() {
    expect("future_callee");
}
