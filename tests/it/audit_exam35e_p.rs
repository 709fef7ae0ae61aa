//! Audit fields the sixth exam of issue 35 (testdata/exam35e) found wrong, classes 9, 8, 10 and
//! 7 of docs/evaluation.md's "Sixth exam". The code is in `testdata/audit/exam35e_p/<class>/`
//! and its audit in `testdata/audit/exam35e_p/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35e_p::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35e_p", class);
}

/// A task put in a local list inside a tuple (`tasks.append((plugin, create_task(...)))`) and
/// awaited where a `for` unpacks the tuples (`for plugin, task in tasks: await task`): the
/// language binds the target's names to the items in order, so the name at the task's position
/// is each task in turn (kept, awaited, none). A loop that awaits another item of the pair
/// leaves the task in the dying list (dropped, high).
#[test]
fn a_task_awaited_through_the_tuples_a_for_unpacks() {
    expect("unpacked");
}

/// `setattr(self, "_watcher", task)` with a plain string is the language's `self._watcher =
/// task`: the attribute keeps it, and its shutdown is read as for an assignment. A name not
/// written out (`setattr(self, name, task)`) says nothing of which attribute (unknown).
#[test]
fn setattr_with_a_string_constant_is_an_attribute_assignment() {
    expect("setattr");
}

/// `loop.run_until_complete(...)` in a branch whose test proved the loop running raises
/// `RuntimeError` before it waits for its argument (asyncio's `_check_running`): the task it
/// is given is awaited by nothing (unknown, with that reason), never "the function awaits it".
/// On a loop the branch proved not running it runs the task to its end (awaited).
#[test]
fn run_until_complete_on_a_loop_proved_running_awaits_nothing() {
    expect("running_loop");
}

/// A cancel of the holder followed, on its own path, by a binding to `None` or `False` and a
/// `return` is the holder's stop, even where the function binds a new task after that path
/// (a toggle: `if D.T: D.T.cancel(); D.T = False; return` then `D.T = create_task(...)`):
/// cancelled, low. A holder cancelled nowhere stays none, medium.
#[test]
fn a_cancel_on_a_stop_path_that_returns_is_the_holders_shutdown() {
    expect("other_module");
}

/// asyncio's `wait` contract for a local's task that the function, after a `FIRST_COMPLETED`
/// (or timed) wait that drops its pending set, reads only to cancel (`if not t.done():
/// t.cancel()`): shutdown `cancelled` at that line, low, as for a pending set only cancelled.
/// A task awaited after its cancel is not only cancelled.
#[test]
fn a_task_a_wait_leaves_pending_and_the_function_only_cancels() {
    expect("wait_then_cancel");
}

/// A lambda's result goes to whoever calls the lambda: one handed to a call the contract table
/// does not describe (`ft.Button(on_click=lambda _: create_task(...))`) gives its task to that
/// callee, which is unknown, never "the caller of the enclosing function owns the task". A
/// lambda the function returns is its caller's.
#[test]
fn a_lambda_handed_to_a_callee_returns_its_task_to_that_callee() {
    expect("lambda_argument");
}

/// A task kept only by its frame whose every await or cancel is on a branch the function may
/// skip (the bare `except:` around a response loop, an `if` with no `else` that reads it) is
/// left pending when the frame ends on the other path: the weakest path decides, high, "on
/// every path ... in a `finally`". A `finally`, or both arms of an `if`, cover every path; a
/// cancel inside a loop, whose skipped turns come back to it, is taken as it was (low).
#[test]
fn a_shutdown_on_one_branch_only_is_not_one_on_every_path() {
    expect("one_branch");
}
