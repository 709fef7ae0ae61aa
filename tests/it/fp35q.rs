//! exam35o's false positives whose coroutine never suspends, read across modules
//! (docs/evaluation.md, "Sixteenth exam", false-positive class 1, "Since the exam (fp35q)").
//! The code is in `testdata/audit/fp35q/<case>/` and its audit in
//! `testdata/audit/fp35q/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35q::` rewrites the expected files from the current
//! output (review the diff before committing it).

/// ocpp-server's `asyncio.create_task(OCPPMetrics.record_zero_energy_stopped(...))`
/// (`zero_energy_watchdog.py:135`), `OCPPMetrics` imported inside the function from
/// `services.monitoring_service`, whose `record_*` staticmethods only call counters: a
/// coroutine method called on an imported class itself runs that class's own method (no
/// instance, so no subclass), which never suspends: kept. So through the project's
/// `safe_create_task(coro)`, which hands its parameter to `asyncio.create_task` as it is (the
/// preview's six). A method that awaits `asyncio.sleep(1)` stays a drop, either way.
#[test]
fn a_coroutine_method_called_on_an_imported_class_that_never_suspends_is_kept() {
    crate::common::expect_audit("audit/fp35q", "static");
    let (lines, code) = crate::common::reported_in_preview("audit/fp35q", "static");
    assert_eq!(
        lines,
        [
            "backend/services/wallet_service.py:10:5",
            "backend/services/zero_energy_watchdog.py:15:9"
        ]
    );
    assert_eq!(code, Some(1));
}
