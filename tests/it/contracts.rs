//! The library contract table as `audit` reads it: what a known library does with a task it is
//! handed, with the evidence that names the contract.

use serde_json::Value;

use crate::common::{testdata, undangle};

/// `audit --preview`'s JSON sites for `testdata/<file>`, checked alone as `m.py`.
fn audit(file: &str) -> Vec<Value> {
    audit_in(file, &[])
}

/// [`audit`] beside the project files `files` (name, text), read as the project's settings.
fn audit_in(file: &str, files: &[(&str, &str)]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(testdata(file), dir.path().join("m.py")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let isolated = files.is_empty().then_some("--isolated");
    let output = undangle()
        .current_dir(dir.path())
        .args(["audit"].into_iter().chain(isolated))
        .args(["--preview", "--output-format", "json", "."])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The requirements of a project that runs on a pyee whose `AsyncIOEventEmitter` keeps.
const PYEE_11: (&str, &str) = (
    "pyproject.toml",
    "[project]\nname = \"client\"\ndependencies = [\"pyee>=11,<14\"]\n",
);

/// The fixture `callback_return_emitter_class`: pyee's `AsyncIOEventEmitter` keeps what a
/// listener returns (in a project that requires pyee 9.1.1 or newer), its base `EventEmitter`
/// and Qt's `connect` drop it, and an emitter whose class the file does not show is unknown.
#[test]
fn emitters_are_told_apart_by_import() {
    let sites = audit_in(
        "fixtures/callback_return_emitter_class/input.py",
        &[PYEE_11],
    );
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

/// pyee's `AsyncIOEventEmitter` keeps what a listener returns only since 9.1.1: the project's
/// pinned pyee decides (`callback_return_pyee_before_keeping` pins 8.1.0 in its `setup.py`),
/// and a project whose requirements do not show it leaves the listener's task unknown.
#[test]
fn the_pinned_pyee_decides_what_its_asyncio_emitter_keeps() {
    let input = "fixtures/callback_return_pyee_before_keeping/input.py";
    let lines = |sites: &[Value]| -> Vec<(u64, String, String)> {
        (sites.iter())
            .map(|s| {
                let line = s["line"].as_u64().unwrap();
                let verdict = s["verdict"].as_str().unwrap().to_owned();
                (line, verdict, s["evidence"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    let setup = std::fs::read_to_string(testdata(
        "fixtures/callback_return_pyee_before_keeping/setup.py",
    ))
    .unwrap();
    let pinned = lines(&audit_in(input, &[("setup.py", &setup)]));
    assert_eq!(pinned.len(), 2, "{pinned:#?}");
    for (_, verdict, evidence) in &pinned {
        assert_eq!(verdict, "dropped", "{pinned:#?}");
        assert!(evidence.contains("before 9.1.1"), "{pinned:#?}");
    }
    let newer = lines(&audit_in(input, &[PYEE_11]));
    assert!(newer.iter().all(|s| s.1 == "kept"), "{newer:#?}");
    let unread = lines(&audit(input));
    for (_, verdict, evidence) in &unread {
        assert_eq!(verdict, "unknown", "{unread:#?}");
        assert!(evidence.contains("requirements do not show"), "{unread:#?}");
    }
    let range = ("requirements.txt", "pyee>=8,<12\n");
    let straddles = lines(&audit_in(input, &[range]));
    assert!(straddles.iter().all(|s| s.1 == "unknown"), "{straddles:#?}");
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
