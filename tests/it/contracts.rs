//! The library contract table as `audit` reads it: what a known library does with a task it is
//! handed, with the evidence that names the contract.

use serde_json::Value;

use crate::common::{testdata, undangle};

/// `audit --preview`'s JSON sites for `testdata/<file>`, checked alone as `m.py`.
fn audit(file: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(testdata(file), dir.path().join("m.py")).unwrap();
    let output = undangle()
        .current_dir(dir.path())
        .args([
            "audit",
            "--isolated",
            "--preview",
            "--output-format",
            "json",
            ".",
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The fixture `callback_return_emitter_class`: pyee's `AsyncIOEventEmitter` keeps what a
/// listener returns, its base `EventEmitter` and Qt's `connect` drop it, and an emitter whose
/// class the file does not show is unknown.
#[test]
fn emitters_are_told_apart_by_import() {
    let sites = audit("fixtures/callback_return_emitter_class/input.py");
    let verdicts: Vec<(u64, String, String)> = (sites.iter())
        .map(|s| {
            let line = s["line"].as_u64().unwrap();
            let verdict = s["verdict"].as_str().unwrap().to_owned();
            (line, verdict, s["evidence"].as_str().unwrap().to_owned())
        })
        .collect();
    let of = |line: u64| verdicts.iter().find(|v| v.0 == line).unwrap();
    assert_eq!(of(16).1, "kept", "{verdicts:#?}");
    assert!(of(16).2.contains("AsyncIOEventEmitter"), "{verdicts:#?}");
    assert_eq!(of(18).1, "dropped", "{verdicts:#?}");
    assert!(of(18).2.contains("pyee/base.py"), "{verdicts:#?}");
    assert_eq!(of(20).1, "unknown", "{verdicts:#?}");
    assert_eq!(of(23).1, "dropped", "{verdicts:#?}");
    assert!(of(23).2.contains("Qt"), "{verdicts:#?}");
    assert_eq!(of(35).1, "kept", "{verdicts:#?}");
}

/// The fixture `temporal_workflow_loop`: a bare `asyncio.create_task` in a `@workflow.defn`
/// class is kept by Temporal's workflow loop, and `audit` names it.
#[test]
fn a_workflow_engines_loop_keeps_its_tasks() {
    let sites = audit("fixtures/temporal_workflow_loop/input.py");
    let kept: Vec<&Value> = (sites.iter()).filter(|s| s["verdict"] == "kept").collect();
    assert_eq!(kept.len(), 3, "{sites:#?}");
    for site in kept {
        let evidence = site["evidence"].as_str().unwrap();
        assert!(
            evidence.contains("Temporal's workflow event loop"),
            "{evidence}"
        );
        assert!(evidence.contains("`Greeting` is a workflow (`@workflow.defn`, line 10)"));
    }
    assert_eq!(
        (sites.iter()).filter(|s| s["verdict"] == "dropped").count(),
        1
    );
}

/// `testdata/contracts/thread_handoff.py`: a task handed to a thread or an executor is unknown,
/// and the evidence quotes the hand-off's contract.
#[test]
fn a_task_handed_to_a_thread_is_unknown_with_the_contract() {
    let sites = audit("contracts/thread_handoff.py");
    let evidence: Vec<&str> = (sites.iter())
        .map(|s| s["evidence"].as_str().unwrap())
        .collect();
    assert!(
        sites.iter().all(|s| s["verdict"] == "unknown"),
        "{sites:#?}"
    );
    assert_eq!(evidence.len(), 4, "{evidence:#?}");
    assert!(evidence[0].contains("`Thread.run`"), "{evidence:#?}");
    assert!(evidence[1].contains("`_WorkItem.run`"), "{evidence:#?}");
    assert!(evidence[2].contains("run_in_executor"), "{evidence:#?}");
    assert!(
        evidence[3].contains("neither in the checked code"),
        "{evidence:#?}"
    );
}
