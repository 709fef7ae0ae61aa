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
