//! exam35p's tasks whose coroutine never suspends one link further than fp35w's proofs read
//! (docs/evaluation.md, "Seventeenth exam"). The code is in `testdata/audit/fp35x/<case>/` and
//! its audit in `testdata/audit/fp35x/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35x::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// apex-trading-system's `scripts/run_global_harness_v2.py:342`: `_close_monitor` takes
/// `monitor = self._monitors.pop(k, None)` (`self._monitors: dict[str, AlphaDecayMonitor]`)
/// and awaits `monitor.close()`, which another module's class defines without an await: no
/// drop is proved (`unknown`), with `.get(k)` unguarded (a `None` raises before anything
/// suspends) and `[k]` alike. A `close` that awaits, a class with a base, a mapping of `Any`,
/// a default other than `None`, and a file with a subclass of the class stay drops.
#[test]
fn an_await_into_another_modules_quiet_method_is_unknown() {
    crate::common::expect_audit("audit/fp35x", "awaited_import");
    let (lines, code) = crate::common::reported_in_preview("audit/fp35x", "awaited_import");
    assert_eq!(
        lines,
        [
            "app/derived.py:17:9",
            "app/harness.py:25:13",
            "app/harness.py:26:13",
            "app/harness.py:27:13",
            "app/harness.py:28:13"
        ]
    );
    assert_eq!(code, Some(1));
}
