//! exam35j's last "never suspends" false positive and the evidence's words for `sleep(0.0)`
//! (docs/evaluation.md, "Eleventh exam", "Since the exam"). The code is in
//! `testdata/audit/never35o/<case>/` and its audit in `testdata/audit/never35o/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it never35o::` rewrites the expected files from the
//! current output (review the diff before committing it).

fn reported_in_preview(case: &str) -> (Vec<String>, Option<i32>) {
    crate::common::reported_in_preview("audit/never35o", case)
}

/// centrifuge-python's `lambda: asyncio.ensure_future(self._resubscribe())` (preview's
/// callback-return, `client.py:1933`): `Subscription._resubscribe` only awaits
/// `self._client._resubscribe(self)`, `self._client: Optional[Client]`, and
/// `Client._resubscribe` has no `await`. The await runs it in the task's own step: unknown (a
/// subclass elsewhere may override either method), and `check` is silent, two awaits deep
/// too. An await of a method that waits on a timer, one on an attribute nothing annotates, and
/// two methods that await each other stay drops.
#[test]
fn an_await_of_a_method_that_never_suspends_is_followed() {
    crate::common::expect_audit("audit/never35o", "through");
    let (lines, code) = reported_in_preview("through");
    assert_eq!(
        lines,
        [
            "client.py:16:9",
            "client.py:55:9",
            "client.py:62:9",
            "client.py:69:9"
        ]
    );
    assert_eq!(code, Some(1));
}

/// picows's `await asyncio.sleep(0.0)`: the evidence says `sleep(0.0)` where the code does, and
/// `asyncio.sleep(delay=0)`, which the text test before the parse did not read, yields to the
/// ready queue as `sleep(0)` does. `asyncio.sleep(0.5)` waits on a timer: the drop stays.
#[test]
fn the_evidence_says_the_sleep_the_code_writes() {
    crate::common::expect_audit("audit/never35o", "words");
    let (lines, code) = crate::common::reported_in("audit/never35o", "words");
    assert_eq!(lines, ["main.py:24:9"]);
    assert_eq!(code, Some(1));
}

/// freqtrade's `ExchangeWS.schedule_ohlcv` (exam35d, judged real then): its
/// `run_coroutine_threadsafe(self._schedule_while_true(), ...)` runs a method with no `await`,
/// and no class derives from `ExchangeWS`; what stopped the proof was a commented-out call of
/// `self.schedule_schedule()`, read as the class calling a method that only subclasses define.
/// A comment calls nothing: kept. A class whose code calls such a method stays a drop.
#[test]
fn a_call_in_a_comment_leaves_a_class_complete() {
    crate::common::expect_audit("audit/never35o", "commented");
    let (lines, code) = crate::common::reported_in("audit/never35o", "commented");
    assert_eq!(lines, ["exchange_ws.py:44:9"]);
    assert_eq!(code, Some(1));
}
