//! The twenty-second exam's audit sample (testdata/exam35u, `audit.tsv`): what `audit` says of
//! the entries it had wrong in a field. The code is in `testdata/audit/exam35u/<case>/` and its
//! audit in `testdata/audit/exam35u/<case>.json`; each case holds a near miss whose old answer
//! was right.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit_exam35u::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn expect(case: &str) {
    crate::common::expect_audit("audit/exam35u", case);
}

/// sphinx-autobuild `server.py:44`, `:45`, `:68`, `:69`: `asyncio.wait(tasks,
/// return_when=FIRST_COMPLETED)`, then `[task.cancel() for task in pending]` (`main.py`);
/// pulsectl-asyncio `pulsectl_async.py:171`, `:172`: `for task in pending: task.cancel()`, the
/// pending set otherwise only tested (`if other_task in pending:`, `loop.py`). The pending
/// ones are cancelled there, never awaited (main said the function awaits each until it is
/// done, shutdown n/a, risk none). Near misses (`near.py`): a wait for all (`ALL_COMPLETED`)
/// stays "awaits it until it is done"; a pending set only printed, or a comprehension that
/// cancels another set, is not "cancelled".
#[test]
fn a_first_completed_wait_then_cancelling_the_pending_set_cancels_the_rest() {
    expect("wait_pending_cancel");
}

/// apprise `tests/test_plugin_xmpp.py:696`, `:697`: `t1 = loop.create_task(...)`, a lambda
/// naming `t1` handed to `monkeypatch.setattr`, then `assert t1.cancelled()` in the frame: the
/// frame reads the local itself after the closure, so it holds the task at least until then:
/// kept by the local (main said unknown, passed, as if only the closure read it). Near misses
/// (`near.py`): the frame's own read before the closure's, or none at all, stay unknown,
/// passed.
#[test]
fn a_local_the_frame_reads_after_a_lambda_captures_it_is_kept_by_the_frame() {
    expect("local_in_lambda");
}
