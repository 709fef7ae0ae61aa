//! The tenth exam of issue 35 (testdata/exam35i): its false positive and audit classes 2-4 and 7-10
//! (docs/evaluation.md, "Tenth exam: fresh repositories"). The code is in
//! `testdata/audit/exam35i/<case>/` and its audit in `testdata/audit/exam35i/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35i::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35i", case);
}

/// Audit class 7 (pytoniq `LiteBalancer.close_all`): a task cancelled and then waited for by
/// polling `done()` is cancelled-and-awaited, but the poll reads no exception: not-retrieved.
/// A read of `result()` after the poll retrieves it.
#[test]
fn a_poll_of_done_after_cancel_retrieves_nothing() {
    expect("polled_after_cancel");
}

/// Audit class 8 (mcp-atlassian `_run_stdio_with_stdin_guard`): retrieval is per task. Two
/// tasks raced by `asyncio.wait(..., FIRST_COMPLETED)` whose done set is only tested for
/// membership: the one gathered afterwards is retrieved, the other is read by nothing. A task
/// of the done set whose `result()` is read is retrieved.
#[test]
fn a_done_set_only_tested_for_membership_retrieves_no_task() {
    expect("raced_first");
}

/// Audit class 9 (vector-python-sdk `EventHandler.close`): the concurrent future of
/// `run_coroutine_threadsafe`, cancelled and then read by `result()` in the shutdown, is
/// retrieved; one only cancelled is not.
#[test]
fn a_concurrent_futures_result_in_the_shutdown_retrieves_it() {
    expect("future_result");
}

/// Class 10, the exam's false positive (TikTokDownloader `ClipboardMonitor.check_link`): a
/// method through `self.` whose only awaits are `put`s on unbounded queues made by `Queue()`
/// after `from asyncio import Queue`, bound in `__init__`, never suspends: no drop the file
/// proves (`unknown`: a subclass elsewhere may override it). A bounded queue's `put` waits.
#[test]
fn a_method_that_only_puts_on_unbounded_imported_queues_is_no_drop() {
    expect("method_queue_put");
}

/// After class 8: a task bound again to the local a loop reads on its next turn, above the line
/// (`if t in done: t.result()`, then `t = create_task(...)`, `pending.add(t)`), is retrieved
/// there; one whose local nothing reads is not (Home Assistant's wyoming wake word loop).
#[test]
fn a_local_read_on_the_loops_next_turn_retrieves_the_task_bound_again() {
    expect("loop_rebound");
}

/// Audit class 2 (pytoniq `LiteClient.close`): `getattr(self, name)` with `name` the variable
/// of a `for` over a literal tuple of string literals is `self.<name>` for each of them, so the
/// loop's cancel and wait end each attribute it names. A name the text does not prove (a
/// method's result) ends nothing.
#[test]
fn a_shutdown_loop_over_literal_attribute_names_ends_each() {
    expect("getattr_loop");
}

/// Audit class 3 (tonutils `BaseMonitor._start_update_loops`): a collection added to only by
/// a function that first returns when it is not empty, with no `await` in between, holds one
/// batch at most: it does not pile up finished tasks. One whose function awaits between the
/// test and the add may grow (a second call can pass the test meanwhile).
#[test]
fn a_collection_filled_only_while_empty_holds_one_batch() {
    expect("filled_once");
}

/// Audit class 4 (powerpi `EnergenieInterface.start_pair`): a method that binds its task to an
/// attribute and awaits it to its end in the same step (`await wait_for(self._t, n)`, `await
/// self._t`) holds its own task in its frame: a second call that binds again loses nothing, so
/// no "cancel or check it before it is replaced". One that suspends on something else first,
/// or may return before the await, keeps the hazard.
#[test]
fn a_method_that_awaits_the_task_it_binds_replaces_nothing_live() {
    expect("awaits_own");
}

/// After class 8: a task whose coroutine is `<event>.wait()` of an event the code proves
/// asyncio's (bound to `asyncio.Event()`, `Event()` imported from asyncio, `self._e` bound in
/// `__init__`, a parameter annotated with the class) raises nothing but `CancelledError`: its
/// exceptions are `n/a` and the evidence names the contract (gradio, onkyo, prefect,
/// python-telegram-bot, pybricksdev). A `threading.Event`, an `Event` another import binds, an
/// unannotated parameter, a local bound twice or another object's attribute stay
/// `not-retrieved`.
#[test]
fn a_task_that_only_waits_for_an_asyncio_event_has_no_exception_to_retrieve() {
    expect("event_wait");
}

/// Class 10, row 16 (TikTokDownloader): the same method as `method_queue_put` as the file's one
/// site, whose tree the prefilter parses only around it (no `def check_link` in it). The
/// override reading takes the method detection proved quiet, not the tree: kept, where it said
/// `unknown`.
#[test]
fn a_quiet_method_outside_the_sites_tree_is_settled_by_the_classes() {
    expect("method_alone");
}

/// `detect/handed.rs` into the same file: a task handed to a function the file itself defines,
/// which awaits its parameter on every path (by position or by keyword), is awaited there; one
/// that only cancels it keeps nothing (`unknown`, and why). The file is summarised whole
/// because its own sites ask, whatever the text test before the parse says.
#[test]
fn a_task_handed_to_a_function_of_the_same_file_has_its_fate() {
    expect("same_file_function");
}

/// Audit class 5 (paasta `mesh_status_kwargs = dict(..., pods_task=pods_task)`, then `await
/// mesh_status(service_mesh=..., **mesh_status_kwargs)`): the builtin `dict(k=v)` holds `v`
/// under `k`, and `**d` passes it as the keyword `k`, so the callee's parameter is read as for
/// a direct keyword argument. A dict changed before it is spread proves nothing: `unknown`.
#[test]
fn a_task_handed_in_a_dict_spread_as_keywords_is_the_keywords() {
    expect("dict_splat");
}
