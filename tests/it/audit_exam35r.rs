//! The nineteenth exam's audit sample (testdata/exam35r, `audit.tsv`): what `audit` says of the
//! entries it had wrong in a field. The code is in `testdata/audit/exam35r/<case>/` and its
//! audit in `testdata/audit/exam35r/<case>.json`; each case holds a near miss whose old answer
//! was right.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35r::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35r", case);
}

/// lvmecp `simulator.py:94`: `stop` awaits `cancel_task(self.__task)` and `__del__` cancels it:
/// `shutdown_at` names `stop` (main named `__del__`), also where `__del__` is written first
/// (`del_first.py`); a class only `__del__` cancels, whose task runs `self._poll()`,
/// has no shutdown: `__del__` cannot run while the task holds `self` (`only_del.py`, exam35v).
#[test]
fn a_finalizers_cancel_is_named_only_where_nothing_else_cancels() {
    expect("shutdown_at_finalizer");
}

/// lvmcryo `tools.py:117`: `stop_timer` takes `task = self._tasks[timer_id]` and awaits
/// `cancel_task(task)`, which cancels and awaits its parameter: the collection's shutdown is
/// cancelled-and-awaited (main said none, risk medium). Near miss: an element looked up and
/// printed is no shutdown (`jobs.py`).
#[test]
fn an_element_handed_to_a_cancelling_helper_shuts_the_collection_down() {
    expect("shutdown_alias_helper");
}

/// pyobs-gui `mainwindow.py:314`: `self._window = Window()` then `await self._window.open()`:
/// the call's own `await` comes after it, so the new window's `open` replaces nothing (main
/// said medium). Near miss: another `await` between the making and the call (`pane.py`).
#[test]
fn an_object_made_just_before_its_awaited_open_replaces_nothing() {
    expect("made_before");
}
