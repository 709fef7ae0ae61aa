//! Issue 35: one resolution of an imported name for every project index. `from pkg import
//! make_task`, where `pkg/__init__.py` re-exports it from `pkg.tasks`, finds the factory as
//! `from pkg.tasks import make_task` does. The code is in `testdata/audit/fp65a/<case>/` and
//! its audit in `testdata/audit/fp65a/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp65a::` rewrites the expected files.

/// `make_task` through the re-export and `direct` through its module are both the factory;
/// `spawn_rebound`, bound again in `pkg/__init__.py`, proves nothing and is not followed.
#[test]
fn a_factory_imported_through_its_package_reexport_is_found() {
    crate::common::expect_audit("audit/fp65a", "factory");
    let (lines, code) = crate::common::reported_in_preview("audit/fp65a", "factory");
    assert_eq!(lines, ["app/main.py:12:5", "app/main.py:13:5"]);
    assert_eq!(code, Some(1));
}
