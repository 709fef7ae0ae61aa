//! Audit fields the fifth exam of issue 35 (testdata/exam35d) found wrong: classes 2, 3 and 6
//! of docs/evaluation.md's "Fifth exam". The code is in `testdata/audit/exam35d_m/<class>/`
//! and its audit in `testdata/audit/exam35d_m/<class>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35d_m::` rewrites the expected files from
//! the current output (review the diff before committing it).

fn expect(class: &str) {
    crate::common::expect_audit("audit/exam35d_m", class);
}

/// A project helper that awaits every task of the collection it is handed (`await
/// asyncio.gather(*tasks)`, returned or not; a gather of one coroutine per element, defined in
/// the helper, that does `return await task`: python-wechaty `utils/async_helper.py:20-32`)
/// awaits a task its caller keeps in a local list handed to it: awaited, retrieved, none. One
/// that runs the loop until what it is handed is done (`loop.run_until_complete(
/// asyncio.wait_for(p, t))`: aioxmpp `testutils.py:82-88`) awaits it too. A helper that
/// gathers only some elements (an `if` in its generator), or a task handed where a collection
/// is awaited element by element, proves nothing: unknown.
#[test]
fn a_helper_that_awaits_every_task_of_a_list() {
    expect("list_helper");
}

/// A holder of one class gathered by another object's method through an attribute of the
/// gathering object (`await asyncio.gather(*self.connection.tasks)`: pyvlx `pyvlx.py:112-114`,
/// BlackSheep `testing/client.py:177-179`) is not shut down `none`. Where the code shows that
/// object's class to be the holder's (`self.connection = Connection()` in `__init__`), the
/// holder is awaited there, retrieved unless a done callback takes a finished task out unread
/// (then low); where it does not (`simulator or Simulator()`), the shutdown is `unknown`, low,
/// and the evidence names the gather. A holder of another class with the same attribute's name
/// (`Pool.tasks`) stays `none`.
#[test]
fn a_holder_another_object_gathers() {
    expect("gathered_elsewhere");
}
