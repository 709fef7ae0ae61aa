//! The pytest plugin (`python/undangle/pytest_plugin.py`) under real pytest, pytest-asyncio and
//! anyio: CPython 3.8 with pytest 7, and the newest CPython with pytest 8, on the fixture project
//! of `testdata/pytest_plugin/project` (tasks lost in a test body, in a helper, through
//! `ensure_future`, through a task factory, with an exception never retrieved (of a task dropped,
//! and of one the loop keeps because its coroutine never suspends), inside `asyncio.run`, under
//! anyio, and through a call `check` cannot see; a test that keeps its task). The plugin is loaded from
//! `python/` with `-p`, and runs the `undangle` under test (`UNDANGLE`).
//!
//! Skipped (`common::skip`) when the virtualenvs are missing (`scripts/pytest-plugin.sh`
//! installs them; `scripts/test.sh` exports their folder as `UNDANGLE_PYTEST_PLUGIN`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{self, copy_tree, testdata};

/// The two virtualenvs' Pythons (3.8 with pytest 7, the newest with pytest 8).
fn pythons(test: &str) -> Option<[PathBuf; 2]> {
    let root = std::env::var_os("UNDANGLE_PYTEST_PLUGIN")
        .map(PathBuf::from)
        .or_else(|| Some(common::cache()?.join("undangle/pytest-plugin")));
    let found = root.and_then(|root| {
        let pythons = ["py38", "newest"].map(|venv| root.join(venv).join("bin/python"));
        let ready = pythons.iter().all(|python| {
            Command::new(python)
                .args(["-c", "import pytest, pytest_asyncio, anyio"])
                .output()
                .is_ok_and(|o| o.status.success())
        });
        ready.then_some(pythons)
    });
    if found.is_none() {
        common::skip(
            &format!("pytest_plugin::{test}"),
            "the pytest, pytest-asyncio and anyio virtualenvs are not installed",
            "scripts/pytest-plugin.sh",
        );
    }
    found
}

/// A scratch copy of the fixture project (pytest writes its caches and byte code there).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&testdata("pytest_plugin/project"), dir.path());
    dir
}

/// pytest's output (stdout, then stderr) for `args` in `dir`.
fn pytest(python: &Path, dir: &Path, args: &[&str]) -> String {
    let package = Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
    let output = Command::new(python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p"])
        .arg("undangle.pytest_plugin")
        .args(args)
        .current_dir(dir)
        .env("PYTHONPATH", package)
        .env("UNDANGLE", common::bin())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Each failed test's report, by name: the lines of its section up to the captured output, with
/// each repr shortened to its state and coroutine (addresses and task numbers vary).
fn failures(output: &str) -> BTreeMap<String, Vec<String>> {
    let mut found = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in output.lines() {
        let title = line.trim_matches('_').trim();
        if line.starts_with("___") && !title.is_empty() {
            current = Some(title.to_owned());
            found.insert(title.to_owned(), Vec::new());
        } else if line.starts_with("---") || line.starts_with("===") {
            current = None;
        } else if let Some(name) = &current {
            found.get_mut(name).unwrap().push(short_repr(line));
        }
    }
    found
}

/// `   task: <Task pending name='Task-3' coro=<worker() ...> ...>` → `   task: <Task pending coro=<worker()>`.
fn short_repr(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let Some((key, repr)) = trimmed.split_once(": <Task ") else {
        return line.to_owned();
    };
    let state = repr.split(' ').next().unwrap_or_default();
    let coro = repr
        .split_once("coro=<")
        .and_then(|(_, rest)| rest.split_once("()"))
        .map_or("?", |(name, _)| name);
    format!("{indent}{key}: <Task {state} coro=<{coro}()>")
}

fn lost(repr: &str, created_at: &str, verdict: &str) -> Vec<String> {
    let message = if repr.starts_with("future") {
        "Task exception was never retrieved"
    } else {
        "Task was destroyed but it is pending!"
    };
    [
        "undangle: 1 asyncio task lost during this test".to_owned(),
        format!("1. {message}"),
        format!("   {repr}"),
        format!("   created at {created_at}"),
        format!("   {verdict}"),
    ]
    .to_vec()
}

const REPORTED: &str = "undangle check reports this site";
const MISSED: &str = "undangle check does not report this site (a static miss: worth a bug report to undangle, with this test)";
/// A task whose coroutine never suspends is kept by the loop until its one step ends, and may
/// still lose its exception: `check` is right to be silent, and the plugin says what `audit` says.
const KEPT_AT_ONCE: &str = "undangle check does not report this site: undangle audit says the task is kept (asyncio: its coroutine `fail_at_once` (line 58) never suspends: it finishes in its first step, which the loop holds), and that its exception is never retrieved";
const PENDING: &str = "task: <Task pending coro=<wait_forever()>";

fn expected_failures() -> BTreeMap<String, Vec<String>> {
    [
        (
            "test_lost_in_the_body",
            lost(PENDING, "tests/test_asyncio.py:18", REPORTED),
        ),
        (
            "test_lost_in_a_helper",
            lost(PENDING, "app/jobs.py:15", REPORTED),
        ),
        (
            "test_lost_through_a_task_factory",
            lost(
                PENDING,
                "app/jobs.py:26",
                "undangle check reports this site, at its caller app/jobs.py:30 (which drops the task)",
            ),
        ),
        (
            "test_exception_never_retrieved",
            lost(
                "future: <Task finished coro=<fail()>",
                "tests/test_asyncio.py:37",
                REPORTED,
            ),
        ),
        (
            "test_exception_of_a_task_that_never_suspends",
            lost(
                "future: <Task finished coro=<fail_at_once()>",
                "tests/test_asyncio.py:65",
                KEPT_AT_ONCE,
            ),
        ),
        (
            "test_lost_through_a_call_check_cannot_see",
            lost(PENDING, "tests/test_asyncio.py:44", MISSED),
        ),
        (
            "test_lost_under_anyio",
            lost(PENDING, "tests/test_anyio.py:14", REPORTED),
        ),
        (
            "test_lost_inside_asyncio_run",
            lost(PENDING, "tests/test_sync.py:11", REPORTED),
        ),
    ]
    .into_iter()
    .map(|(name, lines)| (name.to_owned(), lines))
    .collect()
}

#[test]
fn each_lost_task_fails_its_test_with_the_creating_line_and_the_verdict() {
    let Some(pythons) =
        pythons("each_lost_task_fails_its_test_with_the_creating_line_and_the_verdict")
    else {
        return;
    };
    for python in &pythons {
        let dir = project();
        let output = pytest(python, dir.path(), &["--undangle"]);
        assert_eq!(failures(&output), expected_failures(), "{output}");
        // The kept task, the pending one (not asked for) and the debug switch pass.
        assert!(output.contains("8 failed, 3 passed"), "{output}");
    }
}

#[test]
fn off_the_plugin_changes_nothing() {
    let Some(pythons) = pythons("off_the_plugin_changes_nothing") else {
        return;
    };
    for python in &pythons {
        let dir = project();
        let output = pytest(python, dir.path(), &[]);
        assert!(output.contains("11 passed"), "{output}");
        assert!(!output.contains("undangle:"), "{output}");
    }
}

/// `undangle = true` in pytest.ini's `[pytest]`, or pyproject.toml's
/// `[tool.pytest.ini_options]`, is `--undangle`.
#[test]
fn the_ini_setting_turns_it_on() {
    let Some([_, newest]) = pythons("the_ini_setting_turns_it_on") else {
        return;
    };
    let settings = [
        (
            "pytest.ini",
            "[pytest]\ntestpaths = tests\nundangle = true\n",
        ),
        (
            "pyproject.toml",
            "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\nundangle = true\n",
        ),
    ];
    for (file, text) in settings {
        let dir = project();
        std::fs::remove_file(dir.path().join("pytest.ini")).unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        let output = pytest(&newest, dir.path(), &["tests/test_sync.py"]);
        let found = failures(&output);
        assert_eq!(
            found.keys().collect::<Vec<_>>(),
            ["test_lost_inside_asyncio_run"],
            "{file}: {output}"
        );
        assert!(output.contains("1 failed, 1 passed"), "{file}: {output}");
    }
}

#[test]
fn pending_tasks_fail_the_test_on_request() {
    let Some(pythons) = pythons("pending_tasks_fail_the_test_on_request") else {
        return;
    };
    for python in &pythons {
        let dir = project();
        let args = [
            "--undangle-pending",
            "tests/test_pending.py",
            "tests/test_asyncio.py",
        ];
        let output = pytest(python, dir.path(), &args);
        let found = failures(&output);
        assert_eq!(
            found["test_leaves_a_task_pending"],
            [
                "undangle: 1 still pending during this test",
                "1. Task still pending at the end of the test",
                "   task: <Task pending coro=<sleep()>",
                "   created at tests/test_pending.py:12",
            ],
            "{output}"
        );
        // The kept task is cancelled and awaited before its test ends.
        assert!(!found.contains_key("test_kept_task_passes"), "{output}");
        assert!(output.contains("7 failed, 1 passed"), "{output}");
    }
}

/// Without an executable the entry says so instead of guessing.
#[test]
fn without_an_undangle_executable_the_entry_says_so() {
    let Some([_, newest]) = pythons("without_an_undangle_executable_the_entry_says_so") else {
        return;
    };
    let dir = project();
    let package = Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
    let output = Command::new(&newest)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p"])
        .args(["undangle.pytest_plugin", "--undangle", "tests/test_sync.py"])
        .current_dir(dir.path())
        .env("PYTHONPATH", package)
        .env_remove("UNDANGLE")
        .env("PATH", newest.parent().unwrap())
        .output()
        .unwrap();
    let output = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        failures(&output)["test_lost_inside_asyncio_run"],
        lost(
            PENDING,
            "tests/test_sync.py:11",
            "undangle check did not run: no undangle executable (set UNDANGLE)"
        ),
        "{output}"
    );
}
