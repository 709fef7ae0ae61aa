//! The twenty-third exam's audit sample (testdata/exam35v on its branch): what `audit` says of
//! the entries it had wrong in a field. The code is in `testdata/audit/exam35v/<case>/` and its
//! audit in `testdata/audit/exam35v/<case>.json`; each case holds near misses whose old answer
//! was right.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35v::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35v", case);
}

/// dipdup `dipdup.py:884`, `:920`, `:959`: a set handed as a parameter to `_spawn` (and to a
/// closure of `_background`), whose caller gathers it: the shutdown is that caller's `await
/// gather(*tasks)` (main named `Dispatcher.run`'s own local `tasks`, another function's).
/// `near.py`: `Lonely`'s caller only returns the set (now none, main named `Other.run`'s
/// local); near misses that stay: a local gathered in its own function, and the module's set
/// gathered by another function.
#[test]
fn a_parameter_set_is_shut_down_where_its_caller_gathers_it() {
    expect("param_set_other_function");
}

/// pulsefire `tests/test_taskgroups.py:19`, `:35`, `tests/test_ratelimiters.py:61`: `await
/// tg.create_task(c())` where the group's class (imported, `test_imported.py`, or the file's,
/// `local.py`) is a `TaskGroup` subclass whose own `create_task` is an `async def`: the await
/// runs that coroutine, and the group keeps the task it returns (main said the function awaits
/// it). Near misses (`near.py`), still awaited: a subclass with a plain `create_task`, and
/// asyncio's own group.
#[test]
fn an_awaited_async_create_task_of_a_group_subclass_is_kept_by_the_group() {
    expect("async_group_create");
}

/// dbos `_core.py:1624`: `outer = asyncio.shield(inner)`, never awaited, with `inner` added to
/// a set that discards it when done: the set keeps it, shutdown none (main said the function
/// awaits it). Near misses (`near.py`), still awaited: `await asyncio.shield(inner)`, and a
/// shield bound and awaited later.
#[test]
fn a_shield_not_awaited_awaits_nothing() {
    expect("shield_not_awaited");
}

/// lark `core/cache/expiring_cache.py:17`: `self._cron = create_task(self._loop())` cancelled
/// only in `__del__`: the task's coroutine holds `self`, so `__del__` cannot run while it lives:
/// shutdown none, medium (main said cancelled there, low). Near misses (`near.py`): a
/// coroutine that does not hold the instance (still cancelled in `__del__`), and a `close`
/// that cancels it too (still `close`).
#[test]
fn a_finalizer_cancel_is_no_shutdown_of_a_task_that_holds_the_instance() {
    expect("del_cancel");
}

/// lark `core/cache/expiring_cache.py:17` again, through the whole-project pass: a class of
/// `class C(object)` is read with the classes derived from it, and that pass counted its
/// `__del__` cancel (main said cancelled there, low): the same test now leaves the finalizer out
/// where the task holds `self` (none, medium). Near misses: a task that does not hold the
/// instance (still cancelled in `__del__`); a class whose subclass in another file cancels it
/// in `close` (now named there, `closing.py:6`; main named the `__del__`).
#[test]
fn a_finalizer_cancel_is_no_shutdown_across_the_project_either() {
    expect("del_cancel_project");
}

/// pysui `tests/unit_tests/test_base_parallel_executor.py:677`, `:712`,
/// `test_serial_executor.py:119`: `ex = _make_executor()`, the file's own function annotated
/// `-> Executor`, then `ex._task = create_task(...)`: `Executor.close` awaits `self._task`, the
/// shutdown (main said none, medium). Near misses, still none: an unannotated maker, a
/// decorated one, and `factory.make()`, a method that shares the name of the module's `make`.
#[test]
fn another_objects_attribute_is_shut_down_by_the_class_its_maker_returns() {
    expect("other_object_made");
}

/// litellm `proxy/mcp_server/mcp_server_manager.py:6830` (the large tree): a list handed as a
/// parameter whose caller's `def` header runs over several lines (`) -> list:` at the def's
/// indentation): the caller was taken for no function, so the audit named another method's
/// local `tasks` (line 7); it is the function's own `wait_for(gather(*tasks))` (line 15).
/// Near miss: the caller's own task, gathered by itself, stays as it was.
#[test]
fn a_parameter_sets_caller_with_a_long_header_is_found() {
    expect("param_set_long_header");
}

/// go2_webrtc_connect `examples/data_channel/lidar/plot_lidar_stream.py:212`: `lambda m:
/// asyncio.create_task(cb(m))` handed to a callee nothing describes, where `cb` never
/// suspends: the task ends in its first step, which the loop holds, as `check` proves for a
/// statement (main said unknown). Near misses (`near.py`), still unknown: a coroutine that
/// sleeps, a lambda parameter named as the coroutine function, another object's method.
#[test]
fn a_lambdas_task_that_ends_in_its_first_step_is_kept() {
    expect("lambda_first_step");
}

/// pupil-labs realtime-python-api `src/pupil_labs/realtime_api/simple/_utils.py:220`: the
/// property setter returns when the flag is unchanged, turns it on and starts the task (line
/// 188), or turns it off and stops the task; the task is bound only while the flag (through its
/// property) is on, and nothing else sets the flag: no live task at that call (main said the
/// hazard stands there, medium). Near misses (`near.py`), the hazard stands: a binding that
/// does not test the flag, a turn off that stops nothing, a flag another method turns off, and
/// a parameter that is not a `bool`.
#[test]
fn a_flag_setters_turn_on_replaces_no_live_task() {
    expect("flag_turned");
}
