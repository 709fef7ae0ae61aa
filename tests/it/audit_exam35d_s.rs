//! Audit fields the fifth exam of issue 35 (testdata/exam35d) found wrong, classes 1 and 7 of
//! docs/evaluation.md's "Fifth exam": a holder's shutdown written in another class of the same
//! object. The code is in `testdata/audit/exam35d_s/<class>/` and its audit in
//! `testdata/audit/exam35d_s/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35d_s::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35d_s", class);
}

/// `x.attr` where the code shows `x`'s class (a local made by the class's constructor, a
/// parameter annotated with it), whatever file defines it: the methods of that class that
/// cancel or await `self.attr` shut down what it holds (cancelled-and-awaited, none; cancelled
/// in a synchronous method, low). A local a function returns, a class the code defines twice,
/// or a class that never stops it, say nothing of it (none, medium).
#[test]
fn an_attribute_of_an_object_whose_class_stops_it() {
    expect("object_class");
}

/// `self.attr` of a mixin that a class in another file derives from together with another
/// mixin (`class Audio(LavalinkTasks, DpyEvents)`): `self` is the same object, so
/// `DpyEvents.cog_unload`'s cancel shuts it down (cancelled, low). A class not joined with the
/// owner's in one hierarchy does not (none, medium).
#[test]
fn a_mixin_attribute_another_files_sibling_stops() {
    expect("mixin_elsewhere");
}
