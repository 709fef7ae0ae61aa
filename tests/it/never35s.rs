//! exam35m's false positives whose coroutine never suspends through a chain of calls
//! (docs/evaluation.md, "Fourteenth exam", false positives 1, "Since the exam"). The code is in
//! `testdata/audit/never35s/<case>/` and its audit in `testdata/audit/never35s/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it never35s::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// e-trading's `asyncio.create_task(self._global_coordinator.start_monitoring())`
/// (`adapter_manager.py:295`): the class annotates the attribute with a class another module
/// of the checked code defines, imported by name, whose own `start_monitoring` has no await.
/// The object may be of a subclass that overrides it: `unknown`, naming the method's file and
/// line and the attribute's annotation, and `check` is silent. So for an attribute every
/// binding of which calls the class, and for a parameter annotated with it. A method that
/// awaits, and a class with a base, stay drops.
#[test]
fn a_method_of_an_attributes_class_in_another_module_that_never_suspends_is_unknown() {
    crate::common::expect_audit("audit/never35s", "attribute");
    let (lines, code) = crate::common::reported_in("audit/never35s", "attribute");
    assert_eq!(
        lines,
        ["manager.py:22:9", "manager.py:23:9", "manager.py:28:5"]
    );
    assert_eq!(code, Some(1));
}

/// e-trading's `asyncio.create_task(broker.disconnect())` (`broker_manager.py:243`):
/// `broker: BaseBroker`, an ABC of another module whose `disconnect` is an `@abstractmethod`
/// stub, and every `disconnect` of the checked code (the mock's, the live brokers') has no
/// await. `unknown`, naming the abstract declaration and the first implementation, and
/// `check` is silent. An abstract method one implementation of which awaits, and a stub that
/// is not abstract, stay drops.
#[test]
fn a_method_every_implementation_of_which_never_suspends_is_unknown() {
    crate::common::expect_audit("audit/never35s", "abstract");
    let (lines, code) = crate::common::reported_in("audit/never35s", "abstract");
    assert_eq!(lines, ["pool.py:20:9", "pool.py:21:9"]);
    assert_eq!(code, Some(1));
}
