//! exam35r's false positives through a package's re-export (cyraft's 24 test lines): `from pkg
//! import Node`, where `pkg/__init__.py` re-exports `Node` from `pkg.node`, resolves to
//! `pkg.node` as `from pkg.node import Node` does. The code is in `testdata/audit/fp64d/<case>/`
//! and its audit in `testdata/audit/fp64d/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp64d::` rewrites the expected files.

/// `Node.run` (one hop, `as Node`) and `Deep.run` (a chain: `pkg` from `pkg.sub`, from
/// `pkg.sub.inner`) never suspend: `unknown`, not reported. `Loud.run` suspends, and
/// `Rebound` is bound again in `pkg/__init__.py`: both stay reported.
#[test]
fn a_class_imported_through_its_package_reexport_is_proved_in_its_module() {
    crate::common::expect_audit("audit/fp64d", "reexport");
    let (lines, code) = crate::common::reported_in("audit/fp64d", "reexport");
    assert_eq!(
        lines,
        ["tests/test_node.py:12:5", "tests/test_node.py:14:5"]
    );
    assert_eq!(code, Some(1));
}
