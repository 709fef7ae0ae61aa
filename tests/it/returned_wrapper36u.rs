//! A module-level wrapper that returns the task it makes, or `None` where no loop runs (issue
//! 36's twentieth exam, chat-sdk-python's `chat.py` `_create_task`), whose callers bind the
//! result to a local that only a done callback reads, behind `if task is not None:`, `if task:`
//! or none: the task is dropped at each such caller (`factory-result`, in preview), and `fix`
//! keeps it inside the wrapper, where it is the task, never at a caller's maybe-`None` value.
//! Near misses stay as they are: a caller that keeps, returns or awaits it, one that hands it
//! to a callable the checked code does not show (`unknown`), a wrapper that keeps the task
//! itself, and one that returns a `Thread` on another path.

use serde_json::Value;

use crate::common::{testdata, undangle};

fn json(case: &str, args: &[&str], path: &str) -> Vec<Value> {
    let output = undangle()
        .current_dir(testdata(case))
        .args(args)
        .args(["--output-format", "json", path])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

fn by_function<'v>(sites: &'v [Value], function: &str) -> &'v Value {
    (sites.iter())
        .find(|s| s["function"] == function)
        .unwrap_or_else(|| panic!("no site in {function}: {sites:?}"))
}

#[test]
fn callback_only_callers_of_a_task_or_none_wrapper_drop_its_task() {
    const CASE: &str = "fixtures/factory_or_none";
    assert!(json(CASE, &["check"], "input.py").is_empty());
    let findings = json(CASE, &["check", "--preview"], "input.py");
    let lines: Vec<&Value> = findings.iter().map(|f| &f["line"]).collect();
    assert_eq!(lines, [36, 47, 60], "{findings:?}");
    assert!(findings.iter().all(|f| f["kind"] == "factory-result"));
    let sites = json(CASE, &["audit"], "input.py");
    for function in ["Chat.store_context", "Chat.process_reaction", "Chat.touch"] {
        let site = by_function(&sites, function);
        assert_eq!(site["verdict"], "dropped", "{site}");
        assert_eq!(site["kind"], "factory-result", "{site}");
        let evidence = site["evidence"].as_str().unwrap();
        assert!(evidence.contains("or `None` on the paths where"), "{site}");
    }
    // Handed to the caller's `wait_until` on one path: not proved dropped.
    assert_eq!(
        by_function(&sites, "Chat.process_action")["verdict"],
        "unknown"
    );
    for function in [
        "Chat.kept_in_a_set",
        "Chat.kept_in_an_attribute",
        "Chat.returned",
        "Chat.awaited",
        "_create_task",
        "_start",
    ] {
        assert_eq!(
            by_function(&sites, function)["verdict"],
            "kept",
            "{function}"
        );
    }
    // A wrapper with a `Thread` on another path is no factory: its caller is no site.
    assert!(sites.iter().all(|s| s["function"] != "Chat.task_or_thread"));
}

#[test]
fn a_wrapper_that_keeps_its_task_leaves_its_callers_alone() {
    const CASE: &str = "fixtures/factory_or_none_kept_wrapper";
    assert!(json(CASE, &["check", "--preview"], "input.py").is_empty());
    let sites = json(CASE, &["audit"], "input.py");
    assert_eq!(sites.len(), 1, "{sites:?}");
    assert_eq!(sites[0]["verdict"], "kept");
}

/// `testdata/keepers/or_none_imported/project`: `pkg/chat.py` imports the wrapper of
/// `pkg/tasks.py` (by name and through its module); the fix goes to `pkg/tasks.py`. The
/// wrapper of `pkg/later.py` is dropped only by a test: reported, not fixed (the test's call
/// cannot keep a maybe-`None` value, and a test does not change the library).
#[test]
fn an_imported_task_or_none_wrapper_is_kept_in_its_own_file() {
    const CASE: &str = "keepers/or_none_imported/project";
    let findings = json(CASE, &["check", "--preview"], ".");
    let fixable: Vec<(&Value, &Value)> = (findings.iter())
        .map(|f| (&f["path"], &f["fixable"]))
        .collect();
    assert_eq!(findings.len(), 3, "{findings:?}");
    assert!(
        fixable.iter().all(|(file, fixable)| **fixable
            == Value::Bool(!file.as_str().unwrap_or("").contains("test_later"))),
        "{findings:?}"
    );
    let sites = json(CASE, &["audit"], ".");
    let test = by_function(&sites, "test_schedule");
    assert_eq!(test["verdict"], "dropped", "{test}");
    assert!(
        test["action"]
            .as_str()
            .unwrap()
            .contains("by hand in `schedule`"),
        "{test}"
    );
    let dir = crate::keepers::fixed_project("keepers/or_none_imported");
    let tasks = std::fs::read_to_string(dir.path().join("pkg/tasks.py")).unwrap();
    assert!(
        tasks.contains("    _background_tasks.add(task)\n"),
        "{tasks}"
    );
    let later = std::fs::read_to_string(dir.path().join("pkg/later.py")).unwrap();
    assert!(!later.contains("_background_tasks"), "{later}");
}
