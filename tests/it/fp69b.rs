//! Issue 35, exam35u's bubblejail `test/test_helper.py:68`: a class of another module whose
//! base is a standard-library class that leaves attribute lookup alone
//! (`collections.abc.Awaitable[bool]`, `typing.Generic[T]`, `abc.ABC`) is read by the
//! never-suspends proof as one with no base is. The code is in
//! `testdata/audit/fp69b/<case>/` and its audit in `testdata/audit/fp69b/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp69b::` rewrites the expected files.

/// `Helper(Awaitable[bool])`'s and `Store(t.Generic[T], abc.ABC)`'s own methods never
/// suspend: their sites are `unknown` (7c5fd1e7 reported both). A base of the project in
/// another file, a library's base (pydantic's `BaseModel`) and a subclass of `Helper` whose
/// `stop_async` awaits stay drops, and so does a parameter only annotated `Helper` (a class
/// with a base: never35s's `broker: BaseBroker` of an ABC stays a drop).
#[test]
fn a_standard_library_base_leaves_the_never_suspends_proof_going() {
    crate::common::expect_audit("audit/fp69b", "standard_base");
    let (lines, code) = crate::common::reported_in("audit/fp69b", "standard_base");
    assert_eq!(
        lines,
        [
            "test/test_helper.py:25:9",
            "test/test_helper.py:26:9",
            "test/test_helper.py:27:9",
            "test/test_helper.py:32:9"
        ]
    );
    assert_eq!(code, Some(1));
}
