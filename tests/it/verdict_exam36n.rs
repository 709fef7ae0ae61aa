//! One verdict for a lambda handed to the loop (issue 36's fourteenth exam, bambuddy's
//! `background_dispatch.py:632` and `:831`): `loop.call_soon_threadsafe(lambda u=uploaded,
//! t=total: asyncio.create_task(...))` from an upload's progress callback. asyncio's loop runs
//! the callback and ignores what it returns, so the task is dropped: `audit` says so and marks
//! the site preview (`callback-return` is a preview kind), `check --preview` reports it, and
//! `check` without it is silent.

use serde_json::Value;

use crate::common::{testdata, undangle};

const CASE: &str = "fixtures/callback_return_threadsafe_progress";

fn json(args: &[&str]) -> Vec<Value> {
    let output = undangle()
        .current_dir(testdata(CASE))
        .args(args)
        .args(["--isolated", "--output-format", "json", "input.py"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_lambda_handed_to_call_soon_threadsafe_is_one_verdict_in_check_preview_and_audit() {
    assert!(json(&["check"]).is_empty());
    let findings = json(&["check", "--preview"]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["kind"], "callback-return", "{findings:?}");
    assert_eq!(findings[0]["line"], 18, "{findings:?}");
    let sites = json(&["audit"]);
    let site = sites
        .iter()
        .find(|s| s["kind"] == "callback-return")
        .expect("the lambda's site");
    assert_eq!(site["reference"], "dropped", "{site}");
    assert_eq!(site["preview"], true, "{site}");
}
