//! exam35g's asysocks generators (docs/evaluation.md, "Eighth exam", class 1): the
//! never-suspends rule through the elements of a list of `self`. The code is in
//! `testdata/audit/never35m/<case>/` and its audit in `testdata/audit/never35m/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it never35m::` rewrites the expected files from the
//! current output (review the diff before committing it).

/// The lines `check --isolated .` reports in the case's folder.
fn reported(case: &str) -> (Vec<String>, Option<i32>) {
    crate::common::reported_in("audit/never35m", case)
}

/// `asyncio.create_task(self.__generate())`, where `__generate` awaits `gen.run(self.__queue)`
/// for each element of `self.gens` and then `self.__queue.put(None)`: the queue is unbounded,
/// and every element this file adds is a `FileGen` or a `ListGen`, whose `run` awaits only `put`
/// on the queue it is handed and `asyncio.sleep(0)`. The ready queue holds the task to its end,
/// but another module may add other elements and a subclass may override `__generate`: `audit`
/// says unknown, with both, and `check` is silent. A bounded queue, an element that sleeps, an
/// element class with a base, a list also extended, a loop target bound again and an element
/// whose own private queue is bounded (its `self` is the element, not the site's object) stay
/// drops.
#[test]
fn a_method_whose_awaits_reach_only_quiet_elements_of_a_list_is_unknown() {
    crate::common::expect_audit("audit/never35m", "elements");
    let (lines, code) = reported("elements");
    assert_eq!(
        lines,
        [
            "main.py:84:9",
            "main.py:98:9",
            "main.py:112:9",
            "main.py:126:9",
            "main.py:141:9",
            "main.py:164:9",
        ]
    );
    assert_eq!(code, Some(1));
}
