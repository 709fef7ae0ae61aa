//! `undangle audit`, run as users run it: the JSON contract against a committed expectation,
//! every field value covered, agreement with `check`, the Markdown example of `testdata/demo`,
//! `--fail-on`, and the prefilter losing nothing.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it audit::` rewrites the expected files from the current
//! output (review the diff before committing it).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::common::{self, expect_file, testdata, undangle};
use serde_json::Value;

/// Runs `undangle audit` in `dir` with `args`; returns stdout and the exit code.
fn audit(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = undangle()
        .current_dir(dir)
        .arg("audit")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

fn audit_json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--output-format", "json"];
    all.extend(args);
    let (stdout, _) = audit(dir, &all);
    serde_json::from_str::<Vec<Value>>(&stdout).unwrap()
}

/// `undangle check --output-format json` in `dir`: its findings.
fn check_json(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let output = undangle()
        .current_dir(dir)
        .args(["check", "--output-format", "json"])
        .args(extra)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn json_matches_the_committed_inventory() {
    let project = testdata("audit/project");
    let (stdout, code) = audit(&project, &["--output-format", "json"]);
    assert_eq!(code, 0, "audit without --fail-on exits 0");
    expect_file(&testdata("audit/expected.json"), &stdout);
}

/// The JSON contract, as a schema (`testdata/schemas/audit.schema.json`): the committed
/// inventory (with `branches`, and without) and the demo's validate against it.
#[test]
fn json_is_valid_against_the_audit_schema() {
    let Some(python) = common::jsonschema_python() else {
        common::skip(
            "audit::json_is_valid_against_the_audit_schema",
            "the jsonschema package is not installed",
            "scripts/jsonschema.sh",
        );
        return;
    };
    common::assert_valid(
        &python,
        "audit.schema.json",
        &testdata("audit/expected.json"),
    );
    let dir = tempfile::tempdir().unwrap();
    let (demo, _) = audit(
        &testdata(".."),
        &["--output-format", "json", "testdata/demo"],
    );
    let file = dir.path().join("demo.json");
    fs::write(&file, demo).unwrap();
    common::assert_valid(&python, "audit.schema.json", &file);
}

#[test]
fn the_fixture_covers_every_value_of_every_field() {
    let sites = audit_json(&testdata("audit/project"), &[]);
    let values = |field: &str| -> BTreeSet<String> {
        sites
            .iter()
            .map(|s| match &s[field] {
                Value::String(v) => v.clone(),
                other => other.to_string(),
            })
            .collect()
    };
    let expect = |field: &str, wanted: &[&str]| {
        let wanted: BTreeSet<String> = wanted.iter().map(|s| s.to_string()).collect();
        assert_eq!(values(field), wanted, "values of `{field}`");
    };
    expect(
        "reference",
        &[
            "dropped",
            "awaited",
            "returned",
            "attribute",
            "collection",
            "module",
            "task-group",
            "passed",
            "local",
        ],
    );
    expect(
        "shutdown",
        &[
            "cancelled-and-awaited",
            "cancelled",
            "awaited",
            "none",
            "n/a",
        ],
    );
    expect(
        "exceptions",
        &["retrieved", "logged", "not-retrieved", "n/a"],
    );
    expect("risk", &["high", "medium", "low", "none"]);
    expect("test", &["true", "false"]);
    // Every kept site names its owner, and `shutdown_at` points into the project.
    for site in &sites {
        let kept =
            ["attribute", "collection", "module"].contains(&site["reference"].as_str().unwrap());
        assert_eq!(kept, site["owner"].is_string(), "{site}");
        if let Some(at) = site["shutdown_at"].as_str() {
            let (path, line) = at.rsplit_once(':').unwrap();
            let text = fs::read_to_string(testdata("audit/project").join(path)).unwrap();
            let line: usize = line.parse().unwrap();
            let code = text.lines().nth(line - 1).unwrap();
            assert!(
                code.contains(".cancel(")
                    || code.contains(".cancel)")
                    || code.contains("await")
                    || code.contains("gather"),
                "{at} shuts nothing down: {code}"
            );
        }
    }
}

/// One verdict per site: the audit's dropped sites are what `check` reports; the kinds in
/// preview are marked, and `check` reports them only with `--preview`.
#[test]
fn dropped_sites_are_exactly_what_check_reports() {
    for dir in ["audit/project", "demo", "fixtures"] {
        let root = testdata(dir);
        let sites = audit_json(&root, &[]);
        let mut from_audit: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        let mut stable: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for site in sites.iter().filter(|s| s["kind"].is_string()) {
            // A task lost in a local is kept for a while by the local: `local`, not `dropped`.
            // An attribute bound again at once (`rebound`'s attribute shape) held it for no
            // statement: `dropped`.
            let rebound_attribute = site["evidence"]
                .as_str()
                .is_some_and(|e| e.contains("the attribute `"));
            let lost_in_local =
                matches!(site["kind"].as_str(), Some("rebound" | "dying-container"))
                    && !rebound_attribute;
            let reference = if lost_in_local { "local" } else { "dropped" };
            assert_eq!(site["reference"], reference, "{site}");
            let key = (
                site["path"].as_str().unwrap().to_owned(),
                site["callee"].as_str().unwrap().to_owned(),
                site["kind"].as_str().unwrap().to_owned(),
            );
            *from_audit.entry(key.clone()).or_default() += 1;
            if site.get("preview").is_none() {
                *stable.entry(key).or_default() += 1;
            }
        }
        let keys = |findings: Vec<Value>| {
            let mut keys: BTreeMap<(String, String, String), usize> = BTreeMap::new();
            for finding in &findings {
                let key = (
                    finding["path"].as_str().unwrap().to_owned(),
                    finding["callee"].as_str().unwrap().to_owned(),
                    finding["kind"].as_str().unwrap().to_owned(),
                );
                *keys.entry(key).or_default() += 1;
            }
            keys
        };
        let from_check = keys(check_json(&root, &["--preview"]));
        assert!(!from_check.is_empty(), "{dir} has findings to compare");
        assert_eq!(
            from_audit, from_check,
            "audit and check --preview disagree in {dir}"
        );
        let by_default = keys(check_json(&root, &[]));
        assert_eq!(
            stable, by_default,
            "audit's stable kinds and check disagree in {dir}"
        );
    }
}

/// The shared corpus, downloaded by `scripts/corpus.py` (as the fuzz test does), or `None`
/// with a skip (`common::skip`) when PyPI cannot be reached.
fn corpus() -> Option<std::path::PathBuf> {
    let fetched = std::process::Command::new("python3")
        .args(["scripts/corpus.py", "--fetch-only"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let cache = common::cache()?;
    let src = cache.join("undangle/corpus/src");
    if !fetched.status.success() || !src.is_dir() {
        common::skip(
            "audit::the_prefilter_loses_no_site",
            "the corpus could not be downloaded (the corpus part)",
            "python3 scripts/corpus.py --fetch-only",
        );
        return None;
    }
    Some(src)
}

#[test]
fn the_prefilter_loses_no_site() {
    let mut dirs = vec![testdata("audit/project"), testdata("fixtures")];
    dirs.extend(corpus());
    for root in dirs {
        let dir = root.display();
        let quick = audit_json(&root, &[]);
        let whole = audit_json(&root, &["--no-prefilter"]);
        assert!(!whole.is_empty(), "{dir} has sites");
        assert_eq!(quick.len(), whole.len(), "site counts differ in {dir}");
        for (q, w) in quick.iter().zip(&whole) {
            assert_eq!(q, w, "partial and whole parses disagree in {dir}");
        }
    }
}

#[test]
fn markdown_report_of_the_demo_is_the_committed_example() {
    let (stdout, code) = audit(&testdata(".."), &["testdata/demo"]);
    assert_eq!(code, 0);
    let sites = audit_json(&testdata(".."), &["testdata/demo"]);
    // One section per site, in the order of the JSON array.
    let headings: Vec<&str> = stdout.lines().filter(|l| l.starts_with("## `")).collect();
    assert_eq!(headings.len(), sites.len());
    for (heading, site) in headings.iter().zip(&sites) {
        let place = format!("`{}:{}`", site["path"].as_str().unwrap(), site["line"]);
        assert!(heading.contains(&place), "{heading} is not {place}");
    }
    expect_file(&testdata("audit/demo.md"), &stdout);
}

#[test]
fn fail_on_gates_on_the_highest_risk() {
    let project = testdata("audit/project");
    for (level, code) in [("high", 1), ("medium", 1), ("low", 1)] {
        assert_eq!(
            audit(&project, &["--fail-on", level]).1,
            code,
            "--fail-on {level}"
        );
    }
    // A test file whose only task is awaited: nothing at any risk.
    let calm = project.join("tests");
    assert_eq!(audit(&calm, &["--fail-on", "low"]).1, 0);
    assert_eq!(audit(&calm, &["--fail-on", "high"]).1, 0);
    let sites = audit_json(&calm, &[]);
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0]["test"], true);
    assert_eq!(sites[0]["risk"], "none");
}

#[test]
fn a_file_that_does_not_parse_is_named_and_the_rest_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("broken.py"),
        "import asyncio\ndef f(:\n    asyncio.create_task(g())\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("good.py"),
        "import asyncio\n\nasync def f():\n    await asyncio.create_task(g())\n",
    )
    .unwrap();
    let output = undangle()
        .current_dir(dir.path())
        .args(["audit", "--output-format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.py: 2:"), "{stderr}");
    let sites: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0]["path"], "good.py");
    assert_eq!(sites[0]["reference"], "awaited");
}

/// `ensure_future(task)` of a task already kept returns that task: no second site, and no
/// finding (the shape prefect uses to keep its tasks).
#[test]
fn ensure_future_of_a_kept_task_is_no_new_site() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("refs.py"),
        "import asyncio\n\n_REFS = set()\n\n\ndef start(loop, coro):\n    \
         task = loop.create_task(coro)\n    _REFS.add(task)\n    \
         asyncio.ensure_future(task).add_done_callback(lambda _: _REFS.remove(task))\n",
    )
    .unwrap();
    let sites = audit_json(dir.path(), &[]);
    assert_eq!(sites.len(), 1, "{sites:?}");
    assert_eq!(sites[0]["line"], 7);
    assert_eq!(sites[0]["reference"], "collection");
    let findings = check_json(dir.path(), &[]);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn a_set_handed_to_a_cancel_and_wait_helper_is_shut_down() {
    // What `fix --drain-on-shutdown` writes: each hook hands its set to `_drain_tasks`, which
    // cancels and waits for the tasks; a helper that only cancels is read as what it does
    // (issue 22): it cancels, and waits for nothing.
    let dir = tempfile::tempdir().unwrap();
    let fixed = fs::read_to_string(testdata("fixtures/drain_second_run/expected.py")).unwrap();
    fs::write(dir.path().join("drained.py"), &fixed).unwrap();
    let only_cancels = fixed.replace("await asyncio.wait(", "asyncio.wait(");
    fs::write(dir.path().join("cancelled.py"), only_cancels).unwrap();
    let sites = audit_json(dir.path(), &["drained.py", "cancelled.py"]);
    assert_eq!(sites.len(), 4, "{sites:?}");
    for site in &sites {
        let drained = site["path"].as_str().unwrap().ends_with("drained.py");
        let expected = if drained {
            "cancelled-and-awaited"
        } else {
            "cancelled"
        };
        assert_eq!(site["shutdown"], expected, "{site}");
        // Shut down, but `discard` takes a task that ends first out unread, and the drain's
        // `asyncio.wait` reads none: only `--log-exceptions` retrieves its exception.
        if drained {
            assert_eq!(site["exceptions"], "not-retrieved", "{site}");
            assert_eq!(site["risk"], "low", "{site}");
        }
    }
}

/// ruff's own suppressions (`# ruff: ignore[RUF006]` on the line or the line above, a
/// file-level `# ruff: noqa: RUF006`) silence a site in the audit as they do in `check`.
#[test]
fn ruff_suppressions_silence_sites_as_in_check() {
    let dir = tempfile::tempdir().unwrap();
    let body = "import asyncio\n\n\nasync def main(work):\n    \
                # ruff: ignore[RUF006]\n    asyncio.create_task(work())\n    \
                asyncio.create_task(work())  # ruff: ignore[E501, RUF006]\n    \
                # ruff: ignore[E501]\n    asyncio.create_task(work())\n";
    fs::write(dir.path().join("lines.py"), body).unwrap();
    fs::write(
        dir.path().join("whole.py"),
        format!("{body}# ruff: noqa: RUF006\n"),
    )
    .unwrap();
    let sites = audit_json(dir.path(), &[]);
    let silenced: Vec<(&str, u64)> = sites
        .iter()
        .filter(|s| s["action"].as_str().unwrap().starts_with("silenced"))
        .map(|s| (s["path"].as_str().unwrap(), s["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        silenced,
        [
            ("lines.py", 6),
            ("lines.py", 7),
            ("whole.py", 6),
            ("whole.py", 7),
            ("whole.py", 9)
        ],
        "{sites:#?}"
    );
    let findings = check_json(dir.path(), &[]);
    let reported: Vec<(&str, u64)> = findings
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(reported, [("lines.py", 9)]);
}

/// A task a lambda returns to `call_later` and the like is dropped (the loop ignores it, by its
/// contract), never "returned"; one returned to an emitter's `.on`, whose contract depends on
/// its class, is unknown, with the contracts that differ; one returned to unknown code too.
#[test]
fn a_task_returned_to_a_callback_registrar_is_dropped() {
    let sites = audit_json(&testdata("fixtures"), &[]);
    let in_case = |case: &str| -> Vec<&Value> {
        let path = format!("{case}/input.py");
        sites
            .iter()
            .filter(|s| s["path"] == path.as_str())
            .collect()
    };
    let lambdas = in_case("callback_return_loop");
    let reported: Vec<_> = lambdas.iter().filter(|s| s["kind"].is_string()).collect();
    assert_eq!(reported.len(), 5, "{lambdas:#?}");
    for site in &reported {
        assert_eq!(site["kind"], "callback-return", "{site}");
        assert_eq!(site["reference"], "dropped", "{site}");
        assert_eq!(site["verdict"], "dropped", "{site}");
        let evidence = site["evidence"].as_str().unwrap();
        assert!(
            evidence.contains("the callback's result is ignored"),
            "{site}"
        );
        assert_eq!(site["risk"], "high", "{site}");
        assert_eq!(site["action"], "run `undangle fix`", "{site}");
    }
    // The `# noqa` one is dropped too, and silenced.
    let silenced: Vec<_> = lambdas.iter().filter(|s| s["line"] == 16).collect();
    assert_eq!(silenced.len(), 1, "{lambdas:#?}");
    assert_eq!(silenced[0]["reference"], "dropped");
    assert!(silenced[0]["action"].as_str().unwrap().contains("noqa"));
    // An emitter keeps or drops what a listener returns, by its class.
    let emitters = in_case("near_miss_callback_return_emitter");
    assert_eq!(emitters.len(), 3, "{emitters:#?}");
    for site in &emitters {
        assert_eq!(
            (&site["verdict"], &site["kind"]),
            (&"unknown".into(), &Value::Null)
        );
        assert_eq!(site["risk"], "low", "{site}");
        let evidence = site["evidence"].as_str().unwrap();
        assert!(evidence.contains("`AsyncIOEventEmitter` keeps"), "{site}");
    }
    // `register(lambda: asyncio.create_task(...))`: the code it is passed to decides (the
    // lambda's caller gets the task, not the caller of the function around it).
    let near = in_case("near_miss_callback_return");
    let register = near.iter().find(|s| s["line"] == 18).unwrap();
    assert_eq!(register["reference"], "passed", "{register}");
    assert_eq!(register["verdict"], "unknown", "{register}");
    assert!(
        near.iter().all(|s| s["reference"] != "dropped"),
        "{near:#?}"
    );
}

/// Issue 22: a cancel just before the holder is bound again replaces the task and is no
/// shutdown; `await asyncio.wait([...])` that drops its result retrieves no exception; a
/// `noqa` on the first line of a call that spans lines silences the site as `check` does; an
/// action never asks to `await` in a synchronous function.
#[test]
fn the_audit_tells_a_replacement_a_dropped_wait_and_a_multiline_noqa_as_they_are() {
    let project = testdata("audit/project");
    let sites = audit_json(&project, &["app/replaced.py"]);
    let at = |line: u64| {
        sites
            .iter()
            .find(|s| s["line"] == line)
            .unwrap_or_else(|| panic!("no site on line {line}: {sites:?}"))
    };
    for line in [13, 19] {
        assert_eq!(at(line)["shutdown"], "none", "{}", at(line));
        assert_eq!(at(line)["risk"], "medium", "{}", at(line));
    }
    assert_eq!(at(24)["reference"], "awaited");
    assert_eq!(at(24)["exceptions"], "not-retrieved", "{}", at(24));
    assert_eq!(at(24)["risk"], "low");
    let silenced = at(28);
    assert!(
        silenced["action"]
            .as_str()
            .unwrap()
            .starts_with("silenced with `# noqa`"),
        "{silenced}"
    );
    // The cancel is in a plain `def`: the action asks for no `await` there.
    let sync_stop = at(38)["action"].as_str().unwrap();
    assert_eq!(at(38)["shutdown"], "cancelled");
    assert!(
        sync_stop.starts_with("cancelled in a synchronous function (line 42)"),
        "{sync_stop}"
    );
    // A local the frame cancels is shut down there; the name bound again is another task.
    assert_eq!(at(47)["shutdown"], "cancelled", "{}", at(47));
    assert_eq!(at(47)["shutdown_at"], "app/replaced.py:49", "{}", at(47));
    assert_eq!(at(50)["reference"], "awaited", "{}", at(50));
    // `self._t = task = ...`: the attribute is the owner, with its shutdown.
    assert_eq!(at(57)["owner"], "Chained._t", "{}", at(57));
    assert_eq!(at(57)["shutdown"], "cancelled-and-awaited", "{}", at(57));
    // `nonlocal watcher` in a nested function: the enclosing function awaits it.
    assert_eq!(at(71)["reference"], "awaited", "{}", at(71));
    // `return set([task])`: returned in a new container, not passed to other code.
    assert_eq!(at(79)["reference"], "returned", "{}", at(79));
    let reported = check_json(&project, &[]);
    assert!(
        !reported
            .iter()
            .any(|f| f["path"].as_str().unwrap_or("").ends_with("replaced.py")),
        "check reports nothing in replaced.py: {reported:?}"
    );
}

#[test]
fn a_loop_wide_task_factory_that_keeps_is_noted_once_and_keeps_its_loops_tasks() {
    let dir = testdata("fixtures/loop_task_factory");
    let output = undangle()
        .current_dir(&dir)
        .args(["audit", "input.py"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let note = "undangle: input.py:19: note: `loop.set_task_factory(keeping)` keeps every task \
                created on `loop`";
    assert_eq!(stderr.matches(note).count(), 1, "{stderr}");
    let sites = audit_json(&dir, &["input.py"]);
    let references: Vec<(u64, &str)> = sites
        .iter()
        .map(|s| {
            (
                s["line"].as_u64().unwrap(),
                s["reference"].as_str().unwrap(),
            )
        })
        .collect();
    // The two tasks made on the loop after its factory is set are passed to it; the one in
    // `elsewhere`, on a loop not shown to be that one, is still dropped, with a note.
    assert!(references.contains(&(20, "passed")), "{references:?}");
    assert!(references.contains(&(21, "passed")), "{references:?}");
    assert!(references.contains(&(25, "dropped")), "{references:?}");
    let findings = check_json(&dir, &[]);
    let message = findings
        .iter()
        .find(|f| f["path"] == "loop_task_factory/input.py" || f["path"] == "input.py")
        .map(|f| f["message"].as_str().unwrap().to_owned());
    let message = message.unwrap_or_default();
    assert!(
        message.contains("line 19 sets a task factory that keeps the tasks of `loop`"),
        "{message}"
    );
}

/// Issue 22: shutdowns the audit reads through a cancel helper (of a local, of locals listed
/// in a comprehension, of attributes a local list gathers), `asyncio.wait({self._t})`, a slot
/// cancelled then awaited, `enumerate(app[key])` in a cleanup hook, `run_until_complete`;
/// a rebinding guarded by a state the method sets; a task that runs its owner's own
/// `aclose()`; `nonlocal` variables held by the enclosing frame.
#[test]
fn the_audit_sees_shutdowns_through_helpers_literals_slots_and_guards() {
    let project = testdata("audit/project");
    let sites = audit_json(&project, &["app/helpers.py"]);
    let at = |line: u64| {
        sites
            .iter()
            .find(|s| s["line"] == line)
            .unwrap_or_else(|| panic!("no site on line {line}: {sites:?}"))
    };
    for (line, reference, shutdown, shutdown_at) in [
        (14, "local", "cancelled-and-awaited", 18),
        (23, "local", "cancelled-and-awaited", 26),
        (24, "local", "cancelled-and-awaited", 26),
        (42, "attribute", "cancelled-and-awaited", 47),
        (71, "collection", "cancelled-and-awaited", 76),
        (82, "collection", "cancelled-and-awaited", 88),
        (95, "module", "cancelled-and-awaited", 99),
    ] {
        let site = at(line);
        assert_eq!(site["reference"], reference, "{site}");
        assert_eq!(site["shutdown"], shutdown, "{site}");
        assert_eq!(
            site["shutdown_at"],
            format!("app/helpers.py:{shutdown_at}"),
            "{site}"
        );
        assert_eq!(site["exceptions"], "retrieved", "{site}");
        assert_eq!(site["risk"], "none", "{site}");
    }
    // Waited for in a set literal by `asyncio.wait`, whose done set is dropped: a shutdown
    // that looks at no exception (CPython logs "Task exception was never retrieved").
    assert_eq!(at(52)["shutdown"], "awaited", "{}", at(52));
    assert_eq!(at(52)["shutdown_at"], "app/helpers.py:54", "{}", at(52));
    assert_eq!(at(52)["exceptions"], "not-retrieved", "{}", at(52));
    assert_eq!(at(52)["risk"], "low", "{}", at(52));
    assert!(
        at(52)["action"].as_str().unwrap().contains("done set"),
        "{}",
        at(52)
    );
    // A list `wait(..., FIRST_EXCEPTION)` waits for, its done set dropped: awaited, not
    // retrieved; the same wait whose done set is read retrieves.
    assert_eq!(at(210)["reference"], "awaited", "{}", at(210));
    assert_eq!(at(210)["exceptions"], "not-retrieved", "{}", at(210));
    assert_eq!(at(210)["risk"], "low", "{}", at(210));
    assert_eq!(at(217)["reference"], "awaited", "{}", at(217));
    assert_eq!(at(217)["exceptions"], "retrieved", "{}", at(217));
    assert_eq!(at(217)["risk"], "none", "{}", at(217));
    // A shutdown in a sibling mixin (`class Conn(ReaderMixin, WriterMixin)`), and in a base
    // class: the same `self`. Not across classes no hierarchy joins.
    for (line, cancel) in [(227, 233), (258, 251)] {
        let site = at(line);
        assert_eq!(site["shutdown"], "cancelled-and-awaited", "{site}");
        assert_eq!(
            site["shutdown_at"],
            format!("app/helpers.py:{cancel}"),
            "{site}"
        );
        assert_eq!(site["risk"], "none", "{site}");
    }
    assert_eq!(at(246)["shutdown"], "none", "{}", at(246));
    assert_eq!(at(246)["risk"], "medium", "{}", at(246));
    // Helpers whose bodies the file has are read by what they do to each argument: `*tasks`
    // cancelled and gathered, a method on `self` that cancels and gathers its parameter, and
    // one named `_cancel_pause` that only awaits it.
    for (line, shutdown, call) in [
        (276, "cancelled-and-awaited", 283),
        (277, "cancelled-and-awaited", 283),
        (278, "cancelled-and-awaited", 284),
        (279, "awaited", 285),
    ] {
        let site = at(line);
        assert_eq!(site["shutdown"], shutdown, "{site}");
        assert_eq!(
            site["shutdown_at"],
            format!("app/helpers.py:{call}"),
            "{site}"
        );
        assert_eq!(site["risk"], "none", "{site}");
    }
    // The branches of an `if` that keep the task in different ways are each said; an entry
    // whose keeps do not differ by branch has no `branches`.
    let branches = |line: u64| -> Vec<(u64, String, String, Value)> {
        let site = at(line);
        (site["branches"].as_array().unwrap_or(&Vec::new()).iter())
            .map(|b| {
                let field = |f: &str| b[f].as_str().unwrap_or_default().to_owned();
                (
                    b["line"].as_u64().unwrap(),
                    field("branch"),
                    field("reference"),
                    b["holder"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        branches(304),
        [
            (
                305,
                "if urgent:".into(),
                "attribute".into(),
                "self._urgent".into()
            ),
            (
                307,
                "else:".into(),
                "collection".into(),
                "self._pending".into()
            )
        ]
    );
    assert_eq!(
        branches(313),
        [
            (314, "if wait:".into(), "awaited".into(), Value::Null),
            (314, "otherwise".into(), "local".into(), Value::Null)
        ]
    );
    assert!(at(210).get("branches").is_none(), "{}", at(210));
    // Guarded through a state the method never sets: still a possible replacement.
    assert_eq!(at(111)["risk"], "medium", "{}", at(111));
    // `nonlocal`: the enclosing function's variable, cancelled in a sibling nested function,
    // or never read again; its frame holds the task, and what is left is what its low risk
    // says (a synchronous cancel's done callback; an exception nothing reads).
    for (line, shutdown, action) in [
        (
            123,
            "cancelled",
            "cancelled in a synchronous function (line 129)",
        ),
        (143, "none", "retrieve the task's exception"),
    ] {
        let site = at(line);
        assert_eq!(site["reference"], "local", "{site}");
        assert_eq!(site["shutdown"], shutdown, "{site}");
        assert_eq!(site["risk"], "low", "{site}");
        assert!(
            site["action"].as_str().unwrap().starts_with(action),
            "{site}"
        );
    }
    // A slot cancelled just before it is bound again: the gather is the shutdown.
    assert_eq!(at(157)["shutdown"], "awaited", "{}", at(157));
    assert_eq!(at(157)["shutdown_at"], "app/helpers.py:160", "{}", at(157));
    // `loop.call_soon_threadsafe(self._t.cancel)`: the loop runs the cancel.
    assert_eq!(at(187)["shutdown"], "cancelled", "{}", at(187));
    assert_eq!(at(187)["shutdown_at"], "app/helpers.py:191", "{}", at(187));
    // `gather(*[wrap_future(f) for f in self._futs])`: each future is waited for.
    assert_eq!(at(200)["shutdown"], "awaited", "{}", at(200));
    assert_eq!(at(200)["shutdown_at"], "app/helpers.py:203", "{}", at(200));
    assert_eq!(at(200)["exceptions"], "retrieved", "{}", at(200));
    // `ensure_future(create_task(...))`: one site, awaited with the list it is appended to.
    let knocks: Vec<_> = sites.iter().filter(|s| s["line"] == 167).collect();
    assert_eq!(knocks.len(), 1, "{knocks:?}");
    assert_eq!(knocks[0]["reference"], "awaited", "{}", knocks[0]);
    // A set `close()` makes anew and returns: the caller owns it, it does not grow.
    assert_eq!(at(180)["risk"], "none", "{}", at(180));
    assert!(
        at(180)["action"].as_str().unwrap().starts_with("none here"),
        "{}",
        at(180)
    );
    let ender = at(60);
    assert_eq!(ender["risk"], "medium", "{ender}");
    let action = ender["action"].as_str().unwrap();
    assert!(
        action.starts_with("retrieve the exception") && !action.contains("cancel and await"),
        "{ender}"
    );
}

/// A task handed to code the checked files do not define, or held by a local the function uses
/// in a way detection does not follow, is `unknown`, with what stopped the proof: never "kept"
/// nor "dropped", at least low risk, and `check` says nothing.
#[test]
fn what_the_code_does_not_prove_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let code = "import asyncio\n\n\nasync def f(g):\n    t = asyncio.create_task(g())\n    \
                return Waiter(t)\n\n\nasync def h(g):\n    register(asyncio.create_task(g()))\n";
    std::fs::write(dir.path().join("m.py"), code).unwrap();
    let sites = audit_json(dir.path(), &[]);
    let unknown: Vec<(u64, &str)> = (sites.iter())
        .filter(|s| s["verdict"] == "unknown" && s["risk"] == "low")
        .map(|s| (s["line"].as_u64().unwrap(), s["evidence"].as_str().unwrap()))
        .collect();
    assert_eq!(unknown.len(), 2, "{sites:#?}");
    assert!(unknown[0].1.contains("the local `t`"), "{unknown:?}");
    assert!(unknown[1].1.contains("handed to `register`"), "{unknown:?}");
    crate::common::undangle()
        .args(["check", "--isolated", "--preview"])
        .arg(dir.path())
        .assert()
        .success();
}
