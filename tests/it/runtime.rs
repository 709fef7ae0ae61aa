//! Under real CPython, each `testdata/runtime/` program loses its task to `gc.collect()` as
//! written; after `undangle fix` the task survives and completes, and the set is empty again.

use std::path::Path;
use std::process::Command;

use crate::common::{self, copy_files, pyenv_python, testdata, undangle};
use serde_json::Value;

fn run_program(dir: &Path, program: &str) -> Value {
    run_under("python3", dir, program)
}

/// Runs a program with the `python` interpreter: its report.
fn run_under(python: &str, dir: &Path, program: &str) -> Value {
    let output = Command::new(python)
        .arg(program)
        .current_dir(dir)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{program}: bad report {last:?}: {e}"))
}

/// Each way of fixing: `--strategy` arguments, or a `pyproject.toml` for the run's folder.
const CONFIGURATIONS: [(&str, &[&str], &str); 5] = [
    ("inline", &["--strategy", "inline"], ""),
    ("helper", &["--strategy", "helper"], ""),
    ("owner", &["--strategy", "owner"], ""),
    (
        "keep-with",
        &[],
        "[tool.undangle]\nkeep-with = \"_keeper:spawn\"\n",
    ),
    (
        "keep-with, taking the coroutine",
        &[],
        "[tool.undangle]\nkeep-with = { function = \"_spawner:spawn\", takes = \"coroutine\" }\n",
    ),
];

/// A scratch copy of `testdata/<folder>` with `pyproject` beside it (when not empty), and the
/// programs in it (`_`-prefixed files are their helpers), sorted.
fn scratch_programs(folder: &str, pyproject: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    copy_files(&testdata(folder), dir.path());
    if !pyproject.is_empty() {
        std::fs::write(dir.path().join("pyproject.toml"), pyproject).unwrap();
    }
    let mut programs: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".py") && !name.starts_with('_'))
        .collect();
    programs.sort();
    (dir, programs)
}

#[test]
fn fixed_programs_keep_their_tasks() {
    for (name, args, pyproject) in CONFIGURATIONS {
        check_configuration(name, args, pyproject);
    }
}

fn check_configuration(name: &str, args: &[&str], pyproject: &str) {
    let (dir, programs) = scratch_programs("runtime", pyproject);
    assert!(programs.len() >= 9);

    for program in &programs {
        let before = run_program(dir.path(), program);
        assert_eq!(
            before["ok"], false,
            "{program}: the task should be lost as written: {before}"
        );
        // No set, or an empty one: a program that imports a project keeper has its set.
        let held = &before["held"];
        assert!(held.is_null() || *held == 0, "{program}: {before}");
    }

    undangle()
        .args(["fix", "--preview"])
        .args(args)
        .arg(dir.path())
        .assert()
        .success();

    for program in &programs {
        let after = run_program(dir.path(), program);
        assert_eq!(
            after["ok"], true,
            "{name}: {program}: the task should survive: {after}"
        );
        assert_eq!(
            after["held"], 0,
            "{name}: {program}: the set should be empty again: {after}"
        );
    }
}

/// Runs a program of `testdata/runtime_drain/` under `python`: its report, and whether CPython
/// complained of a destroyed pending task on stderr.
fn run_drain_program(python: &str, dir: &Path, program: &str) -> (Value, bool) {
    let output = Command::new(python)
        .arg(program)
        .current_dir(dir)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{program} failed under {python}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let report = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{program}: bad report {last:?}: {e}"));
    let destroyed = String::from_utf8_lossy(&output.stderr).contains("Task was destroyed");
    (report, destroyed)
}

/// Runs the programs side by side (most of their time is spent starting up and waiting).
fn run_drain_programs<'p>(
    python: &str,
    dir: &Path,
    programs: &'p [String],
) -> Vec<(&'p String, (Value, bool))> {
    std::thread::scope(|scope| {
        let running: Vec<_> = programs
            .iter()
            .map(|program| {
                (
                    program,
                    scope.spawn(move || run_drain_program(python, dir, program)),
                )
            })
            .collect();
        running
            .into_iter()
            .map(|(program, run)| (program, run.join().expect("the program's run")))
            .collect()
    })
}

/// The drain's deadline in the proofs: short, so that `overdue.py` is given up on quickly.
const DRAIN_TIMEOUT: &str = "0.3";

/// The drain programs that also run on Python 3.6, the oldest the fix writes for (the others
/// need `asyncio.run`, `get_running_loop` or `asynccontextmanager`, 3.7+).
const ON_PYTHON_36: [&str; 3] = ["late_tasks.py", "overdue.py", "slow_to_cancel.py"];

/// The Pythons the drain proofs run under, with the minimum each fix is written for: 3.6 (for
/// the programs that run there), 3.7, and the newest installed (pyenv's; `python3` stands in for
/// one that is missing).
fn drain_pythons() -> Vec<(String, &'static str)> {
    let mut pythons = Vec::new();
    for (version, minimum) in [(Some((3, 6)), "3.6"), (Some((3, 7)), "3.7"), (None, "3.7")] {
        match pyenv_python(version) {
            Some(python) => pythons.push((python, minimum)),
            None => {
                eprintln!("runtime: no CPython {minimum} here; python3 stands in");
                pythons.push(("python3".to_owned(), minimum));
            }
        }
    }
    pythons
}

/// `fix --drain-on-shutdown` (or the `drain-on-shutdown` key): each program's tasks are cancelled
/// and awaited by the shutdown hook itself, before the program goes on past it, with tasks
/// started meanwhile (`late_tasks.py`), a task that takes a moment to finish after its
/// cancellation (`slow_to_cancel.py`), and a task that outlasts the deadline, which the hook
/// gives up on on time and logs (`overdue.py`); a plain fix keeps the task but leaves it running
/// past the hook (asyncio.run cancels it only at the end). Under 3.6, 3.7 and the newest Python.
#[test]
fn drained_sets_are_cancelled_and_awaited_in_the_shutdown_hook() {
    for (python, minimum) in drain_pythons() {
        check_drains(&python, minimum);
    }
}

fn check_drains(python: &str, minimum: &str) {
    let on_this_python = |programs: &mut Vec<String>| {
        if minimum == "3.6" {
            programs.retain(|p| ON_PYTHON_36.contains(&p.as_str()));
        }
        assert!(programs.len() >= 3);
    };
    let (dir, mut programs) = scratch_programs("runtime_drain", "");
    on_this_python(&mut programs);
    for (program, (before, _)) in run_drain_programs(python, dir.path(), &programs) {
        assert_eq!(before["ok"], false, "{program} as written: {before}");
    }
    // (configuration, fix arguments, [tool.undangle], programs whose set has a hook under it)
    let owner_only = "owner_close.py";
    let timeout = ["--drain-timeout", DRAIN_TIMEOUT];
    let configurations: [(&str, Vec<&str>, String); 4] = [
        ("plain fix", vec!["--strategy", "inline"], String::new()),
        (
            "inline",
            [
                &["--strategy", "inline", "--drain-on-shutdown"][..],
                &timeout,
            ]
            .concat(),
            String::new(),
        ),
        (
            "helper, from pyproject.toml",
            vec!["--strategy", "helper"],
            format!("drain-on-shutdown = true\ndrain-timeout = {DRAIN_TIMEOUT}\n"),
        ),
        (
            "owner",
            [
                &["--strategy", "owner", "--drain-on-shutdown"][..],
                &timeout,
            ]
            .concat(),
            String::new(),
        ),
    ];
    for (name, args, undangle_table) in configurations {
        let pyproject = format!(
            "[project]\nrequires-python = \">={minimum}\"\n\n[tool.undangle]\n{undangle_table}"
        );
        let (dir, mut programs) = scratch_programs("runtime_drain", &pyproject);
        on_this_python(&mut programs);
        undangle()
            .args(["fix", "--preview"])
            .args(&args)
            .arg(dir.path())
            .assert()
            .success();
        for (program, (after, destroyed)) in run_drain_programs(python, dir.path(), &programs) {
            // A module set is drained in the module's hook; a class's hook drains only the set
            // on its instances (the owner strategy).
            let drained = match name {
                "plain fix" => false,
                "owner" => true,
                _ => program != owner_only,
            };
            let context = format!("{python}: {name}: {program}");
            assert_eq!(after["ok"], drained, "{context}: {after}");
            assert_eq!(after["held"], 0, "{context}: {after}");
            assert!(!destroyed, "{context}: a pending task was destroyed");
        }
        // A second run adds no second drain.
        undangle()
            .arg("diff")
            .args(&args)
            .arg(dir.path())
            .assert()
            .code(0);
    }
}

/// `fix --log-exceptions` (or the `log-exceptions` key): a failing kept task's exception is logged
/// once, with the module's logger (or `logging.getLogger(__name__)`), and asyncio no longer says
/// "Task exception was never retrieved"; cancelled and successful tasks log nothing. A plain fix
/// keeps the tasks but leaves the failure unread.
#[test]
fn kept_tasks_log_their_failures_once() {
    let configurations: [(&str, &[&str], &str); 5] = [
        ("plain fix", &["--strategy", "inline"], ""),
        ("inline", &["--strategy", "inline", "--log-exceptions"], ""),
        (
            "helper, from pyproject.toml",
            &["--strategy", "helper"],
            "[tool.undangle]\nlog-exceptions = true\n",
        ),
        ("owner", &["--strategy", "owner", "--log-exceptions"], ""),
        (
            "keep-with",
            &["--log-exceptions"],
            "[tool.undangle]\nkeep-with = \"_keeper:spawn\"\n",
        ),
    ];
    let loggers = [("module_logger.py", "app"), ("no_logger.py", "__main__")];
    for (name, args, pyproject) in configurations {
        let (dir, _) = scratch_programs("runtime_log", pyproject);
        std::fs::copy(
            testdata("runtime/_keeper.py"),
            dir.path().join("_keeper.py"),
        )
        .unwrap();
        for (program, _) in loggers {
            let before = run_program(dir.path(), program);
            assert_eq!(
                before["never_retrieved"], 1,
                "{program} as written: {before}"
            );
        }
        undangle()
            .args(["fix", "--preview"])
            .args(args)
            .arg(dir.path())
            .assert()
            .success();
        for (program, logger) in loggers {
            let after = run_program(dir.path(), program);
            // The project's own keeper (`keep-with`) is its code: undangle adds no logging to it.
            let logged = !matches!(name, "plain fix" | "keep-with");
            assert_eq!(after["ok"], logged, "{name}: {program}: {after}");
            if logged {
                // The folder's scripts import each other by bare name: `helper` writes one
                // `_background.py` for them, which logs with its own logger.
                let logger = if name.starts_with("helper") {
                    "_background"
                } else {
                    logger
                };
                assert_eq!(after["logger"], logger, "{name}: {program}: {after}");
            }
        }
        undangle()
            .arg("diff")
            .args(args)
            .arg(dir.path())
            .assert()
            .code(0);
    }
}

/// `asyncio.run_coroutine_threadsafe(...)` dropped in another thread loses its task to
/// `gc.collect()` on the loop's thread; fixed (its concurrent future kept in a module set, for
/// Python 3.7, the oldest with `asyncio.run`), the task completes, under the oldest and the
/// newest CPython there is.
#[test]
fn kept_concurrent_futures_keep_their_tasks_on_the_oldest_and_newest_python() {
    let (Some(oldest), Some(newest)) = (pyenv_python(Some((3, 7))), pyenv_python(None)) else {
        common::skip(
            "runtime::kept_concurrent_futures_keep_their_tasks_on_the_oldest_and_newest_python",
            "pyenv's CPython 3.7 and a newest CPython",
            "pyenv install 3.7 3.13",
        );
        return;
    };
    let (dir, _) = scratch_programs("runtime", "[project]\nrequires-python = \">=3.7\"\n");
    let program = "threadsafe_runner.py";
    for python in [&oldest, &newest] {
        let before = run_under(python, dir.path(), program);
        assert_eq!(before["ok"], false, "{python}: lost as written: {before}");
    }
    undangle()
        .args(["fix", "--preview"])
        .arg(dir.path().join(program))
        .assert()
        .success();
    let fixed = std::fs::read_to_string(dir.path().join(program)).unwrap();
    assert!(fixed.contains("_background_futures.add(future)"), "{fixed}");
    for python in [&oldest, &newest] {
        assert_kept(python, dir.path(), program);
    }
}

/// Runs a fixed program under `python`: its task survived, and its set is empty again.
fn assert_kept(python: &str, dir: &Path, program: &str) {
    let after = run_under(python, dir, program);
    assert_eq!(
        after["ok"], true,
        "{python}: the task should survive: {after}"
    );
    assert_eq!(
        after["held"], 0,
        "{python}: the set should be empty again: {after}"
    );
}

/// `held_keeper.py`: the instance holds an object of another file's class whose method keeps
/// tasks (`_registry.py`); fixed, the site calls it, and the task survives `gc.collect()` under
/// Python 3.8 as under the newest.
#[test]
fn a_keeper_on_a_held_object_keeps_its_task_on_python_3_8() {
    let Some(pythons) = common::oldest_and_newest(
        "runtime::a_keeper_on_a_held_object_keeps_its_task_on_python_3_8",
    ) else {
        return;
    };
    let (dir, _) = scratch_programs("runtime", "[project]\nrequires-python = \">=3.8\"\n");
    let program = "held_keeper.py";
    undangle()
        .args(["fix", "--preview"])
        .arg(dir.path().join(program))
        .assert()
        .success();
    let fixed = std::fs::read_to_string(dir.path().join(program)).unwrap();
    assert!(
        fixed.contains("self.registry.background(work())"),
        "{fixed}"
    );
    for python in &pythons {
        assert_kept(python, dir.path(), program);
    }
}
