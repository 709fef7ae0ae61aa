//! `undangle explain`: asyncio's lost-task records of a log traced to the sites that create
//! those tasks, on the small project of `testdata/explain/` (a dropped and a kept site).

use serde_json::Value;

use crate::common::{testdata, undangle};

fn explain(args: &[&str]) -> std::process::Output {
    undangle()
        .arg("explain")
        .args(args)
        .current_dir(testdata("explain"))
        .output()
        .unwrap()
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn text_lists_each_record_once_with_its_sites_dropped_first() {
    let output = explain(&["app.log", "--paths", "project"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a record points at a dropped site"
    );
    let expected = std::fs::read_to_string(testdata("explain/app.txt")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "6 lost-task records (5 distinct) in 18 lines: 3 point at a dropped site, 1 cannot be placed\n"
    );
}

#[test]
fn json_carries_the_audit_of_each_site() {
    let output = explain(&["--output-format", "json", "app.log", "--paths", "project"]);
    assert_eq!(output.status.code(), Some(1));
    let records = json_of(&output);
    let records = records.as_array().unwrap();
    let summary: Vec<(&str, u64, bool, Option<&str>)> = records
        .iter()
        .map(|r| {
            (
                r["coroutine"].as_str().unwrap(),
                r["count"].as_u64().unwrap(),
                r["points_at_dropped"].as_bool().unwrap(),
                r["unplaced"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("worker", 2, true, None),
            ("push_metrics", 1, true, None),
            ("Session._heartbeat", 1, false, None),
            (
                "Indexer.flush",
                1,
                false,
                Some("no checked file is named `indexer.py`")
            ),
            ("Cache.refresh", 1, true, None),
        ]
    );
    let worker = &records[0];
    assert_eq!(worker["files"], serde_json::json!(["project/app/jobs.py"]));
    let sites: Vec<(&str, u64, &str, &str)> = worker["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap(),
                s["line"].as_u64().unwrap(),
                s["reference"].as_str().unwrap(),
                s["risk"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sites,
        [
            ("project/app/service.py", 25, "dropped", "high"),
            ("project/app/service.py", 29, "returned", "none"),
        ]
    );
    assert_eq!(worker["sites"][0]["action"], "run `undangle fix`");
    assert_eq!(worker["sites"][0]["kind"], "bare");
    assert_eq!(records[1]["exception"], "ConnectionResetError");
    assert_eq!(records[2]["sites"][0]["owner"], "Session._task");
    // Through the project's task factory: the caller drops what `spawn` returns.
    assert_eq!(records[4]["sites"][0]["path"], "project/app/cache.py");
    assert_eq!(records[4]["sites"][0]["kind"], "factory-result");
}

/// The same sites as `audit` reports, with the same reference, risk and action.
#[test]
fn the_sites_are_the_audits() {
    let audit = undangle()
        .args(["audit", "--output-format", "json", "project"])
        .current_dir(testdata("explain"))
        .output()
        .unwrap();
    let audit = json_of(&audit);
    let explained = json_of(&explain(&[
        "--output-format",
        "json",
        "app.log",
        "--paths",
        "project",
    ]));
    for record in explained.as_array().unwrap() {
        for site in record["sites"].as_array().unwrap() {
            let same = audit.as_array().unwrap().iter().find(|a| {
                a["path"] == site["path"]
                    && a["line"] == site["line"]
                    && a["column"] == site["column"]
            });
            let same = same.unwrap_or_else(|| panic!("{site} not in the audit"));
            for field in [
                "callee",
                "function",
                "reference",
                "owner",
                "risk",
                "action",
                "kind",
            ] {
                assert_eq!(same[field], site[field], "{field} of {site}");
            }
        }
    }
}

#[test]
fn standard_input_and_several_logs_are_counted_together() {
    let log = std::fs::read(testdata("explain/app.log")).unwrap();
    let output = undangle()
        .args([
            "explain",
            "--output-format",
            "json",
            "-",
            "app.log",
            "--paths",
            "project",
        ])
        .current_dir(testdata("explain"))
        .write_stdin(log)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let counts: Vec<u64> = json_of(&output)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [4, 2, 2, 2, 2]);
}

#[test]
fn exit_0_when_no_record_points_at_a_dropped_site() {
    let kept = "ERROR:asyncio:Task was destroyed but it is pending!\n\
        task: <Task pending name='heartbeat' coro=<Session._heartbeat() running at /srv/app/service.py:14> wait_for=<Future pending cb=[Task.task_wakeup()]>>\n";
    let output = undangle()
        .args(["explain", "-", "--paths", "project"])
        .current_dir(testdata("explain"))
        .write_stdin(kept)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("project/app/service.py:17:22: attribute Session._task, risk medium")
    );
    let nothing = undangle()
        .args(["explain", "-", "--paths", "project"])
        .current_dir(testdata("explain"))
        .write_stdin("INFO:app: all is well\n")
        .output()
        .unwrap();
    assert_eq!(nothing.status.code(), Some(0));
    assert!(nothing.stdout.is_empty());
}

#[test]
fn a_missing_log_is_named_once_the_others_are_read_and_the_exit_is_2() {
    let output = explain(&["missing.log", "app.log", "--paths", "project", "--quiet"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("undangle: missing.log: "), "{stderr}");
    let expected = std::fs::read_to_string(testdata("explain/app.txt")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn a_missing_checked_path_is_an_error_too() {
    let output = explain(&["app.log", "--paths", "nowhere", "--quiet"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("undangle: nowhere: "));
}

#[test]
fn records_that_lead_nowhere_say_why() {
    let log = "\
ERROR:asyncio:Future exception was never retrieved
future: <Future finished exception=OSError(5, 'Input/output error')>
ERROR:asyncio:Task was destroyed but it is pending!
task: <Task pending name='Task-7' coro=<Session.close() running at /srv/app/service.py:20> wait_for=<Future pending>>
ERROR:asyncio:Task was destroyed but it is pending!
task: <Task pending name='Task-8' coro=<Legacy()> wait_for=<Future pending>>
";
    let output = undangle()
        .args(["explain", "-", "--paths", "project", "--quiet"])
        .current_dir(testdata("explain"))
        .write_stdin(log)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "\
1 × Future exception was never retrieved (OSError)
  cannot place: a Future, not a task: it runs no coroutine

1 × Task was destroyed but it is pending!  Session.close() at /srv/app/service.py:20
  defined in project/app/service.py
  cannot place: no checked site creates a task from a call of `Session.close` (maybe from a coroutine object made elsewhere)

1 × Task was destroyed but it is pending!  Legacy()
  cannot place: the record does not say where `Legacy` is defined
"
    );
}

/// Debug-mode records (`testdata/explain/debug/`, captured from CPython 3.8 and 3.12) say where
/// each task was created: `explain` names that site alone (through a task factory, its caller's),
/// and a task created outside the checked code points at no site.
#[test]
fn debug_records_name_the_creating_site_alone() {
    for version in ["3.8", "3.12"] {
        let output = explain(&[&format!("debug/python{version}.log"), "--paths", "project"]);
        assert_eq!(output.status.code(), Some(1));
        let expected =
            std::fs::read_to_string(testdata(&format!("explain/debug/python{version}.txt")))
                .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "{version}"
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("4 lost-task records (4 distinct)"),
            "{version}"
        );
        let json = json_of(&explain(&[
            "--output-format",
            "json",
            &format!("debug/python{version}.log"),
            "--paths",
            "project",
        ]));
        let created: Vec<(Value, bool, usize)> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["created_at"]["file"].clone(),
                    r["points_at_dropped"].as_bool().unwrap(),
                    r["sites"].as_array().unwrap().len(),
                )
            })
            .collect();
        assert_eq!(
            created,
            [
                (Value::from("project/app/service.py"), true, 1),
                (Value::from("project/app/service.py"), true, 1),
                (Value::from("project/app/tasks.py"), true, 1),
                (Value::Null, false, 2),
            ],
            "{version}"
        );
    }
    // Without a creation stack, `created_at` is null.
    let plain = json_of(&explain(&[
        "--output-format",
        "json",
        "app.log",
        "--paths",
        "project",
    ]));
    assert!(
        plain
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["created_at"].is_null())
    );
}
