//! Task factories across a project (`testdata/factories/project`): calls that drop a factory's
//! task are reported where they stand (`factory-result`), resolved through relative, absolute,
//! aliased and module imports and through `self.`; the fix keeps the task inside the factory,
//! once, in the factory's file; `diff` applies to exactly what `fix` writes; a second run has
//! nothing to do; the PR body and `--show-fixes` list the callers as fixed; the audit lists the
//! same dropped sites. `factory-result` is in preview: every run here turns preview on.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it factories::` rewrites `check.json` and `fixed/`.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{self, copy_tree, read_tree, testdata, undangle};
use serde_json::Value;

fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&testdata("factories/project"), dir.path());
    dir
}

fn check_json(dir: &Path) -> Value {
    let output = undangle()
        .args(["check", "--preview", "--output-format", "json", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn factory_results_are_found_across_the_project_and_fixed_in_the_factory() {
    let bless = std::env::var_os("UNDANGLE_BLESS").is_some();
    let dir = project_copy();

    let findings = check_json(dir.path());
    let expected_findings = testdata("factories/check.json");
    if bless {
        let text = serde_json::to_string_pretty(&findings).unwrap() + "\n";
        fs::write(&expected_findings, text).unwrap();
    }
    let expected: Value =
        serde_json::from_str(&fs::read_to_string(&expected_findings).unwrap()).unwrap();
    assert_eq!(findings, expected);
    let findings = findings.as_array().unwrap();
    assert!(findings.iter().all(|f| f["kind"] == "factory-result"));
    // Five ways to reach a factory: its name, a module import, an alias, a relative import, and
    // `self.` in its class; and one `async def` factory, awaited.
    let callees: Vec<&str> = findings
        .iter()
        .map(|f| f["callee"].as_str().unwrap())
        .collect();
    for callee in [
        "spawn",
        "tasks.spawn",
        "background.spawn",
        "start",
        "self.launch",
        "spawn_soon",
    ] {
        assert!(
            callees.contains(&callee),
            "{callee} not reported: {callees:?}"
        );
    }

    // `diff`, applied with git, gives what `fix` writes.
    let by_patch = project_copy();
    let diff = undangle()
        .args(["diff", "--preview"])
        .current_dir(by_patch.path())
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let patch = by_patch.path().join("undangle.patch");
    fs::write(&patch, &diff.stdout).unwrap();
    let applied = Command::new("git")
        .args(["apply", "undangle.patch"])
        .current_dir(by_patch.path())
        .status()
        .unwrap();
    assert!(applied.success(), "git apply rejected the diff");
    fs::remove_file(&patch).unwrap();

    let body = dir.path().join("../pr-body.md");
    let fix = undangle()
        .args(["fix", "--preview", "--show-fixes", "--pr-body"])
        .arg(&body)
        .arg(".")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(fix.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&fix.stderr);
    assert!(
        stderr.contains(&format!(
            "Fixed {} dropped tasks in 3 files.",
            findings.len()
        )),
        "{stderr}"
    );
    for finding in findings {
        let site = format!("{}:{}:", finding["path"].as_str().unwrap(), finding["line"]);
        assert!(
            stderr.contains(&format!("{site}{}: fixed", finding["column"])),
            "{stderr}"
        );
        let row = format!("| `{}` |", site.trim_end_matches(':'));
        let body = fs::read_to_string(&body).unwrap();
        assert!(body.contains(&row), "{row} not in the PR body:\n{body}");
    }

    let fixed = read_tree(dir.path());
    assert_eq!(fixed, read_tree(by_patch.path()), "diff and fix disagree");
    let expected_tree = testdata("factories/fixed");
    if bless {
        let _ = fs::remove_dir_all(&expected_tree);
        copy_tree(dir.path(), &expected_tree);
    }
    assert_eq!(fixed, read_tree(&expected_tree));
    // Only the factories' files change, and a test whose factory result no other code drops;
    // the other callers stay as they were written.
    let original = read_tree(&testdata("factories/project"));
    let changed: Vec<_> = original
        .iter()
        .zip(&fixed)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        changed,
        ["pkg/sub/worker.py", "pkg/tasks.py", "tests/test_tasks.py"]
    );
    // `unused_factory`, whose callers outside the tests all keep its task, is left alone: the
    // test that drops it keeps it at its call; its `spawn`, which the factory keeps, stays.
    let test = fixed
        .iter()
        .find(|f| f.0.ends_with("test_tasks.py"))
        .unwrap();
    let test = String::from_utf8(test.1.clone()).unwrap();
    assert!(
        test.contains(
            "    task = unused_factory(asyncio.sleep(0))\n    _background_tasks.add(task)\n"
        ),
        "{test}"
    );
    assert!(test.contains("\n    spawn(asyncio.sleep(0))\n"), "{test}");
    let tasks = String::from_utf8(
        fixed
            .iter()
            .find(|f| f.0.ends_with("tasks.py"))
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(tasks.contains("def unused_factory(coro):\n    # Every caller keeps its result: not fixed.\n    return asyncio.create_task(coro)\n"));

    // A second run has nothing to do.
    undangle()
        .args(["check", "--preview", "."])
        .current_dir(dir.path())
        .assert()
        .code(0);
    undangle()
        .args(["diff", "--preview", "."])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn the_audit_lists_the_factory_results_check_reports() {
    let dir = project_copy();
    let findings = check_json(dir.path());
    let audit = undangle()
        .args(["audit", "--preview", "--output-format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let sites: Value = serde_json::from_slice(&audit.stdout).unwrap();
    let dropped: Vec<(String, u64)> = sites
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["reference"] == "dropped")
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let reported: Vec<(String, u64)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(dropped, reported);
    // The four factories' returns, and `return spawn(...)` of a caller, are listed as returned.
    let returned = sites
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["reference"] == "returned")
        .count();
    assert_eq!(returned, 5);
}

#[test]
fn a_factory_in_a_file_that_is_not_checked_is_not_followed() {
    let dir = project_copy();
    // Only the callers are named: the factories' module is not read, so nothing resolves to it,
    // and nothing is written outside what was named.
    let output = undangle()
        .args(["check", "--preview", "pkg/app.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn a_factory_dropped_only_by_another_factorys_file_is_fixed() {
    // `fix` handles the files that define a factory after the others; here the only caller that
    // drops `spawn_b` is itself such a file, so it must still be heard before `b.py` is fixed.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("pkg")).unwrap();
    fs::write(dir.path().join("pkg/__init__.py"), "").unwrap();
    let factory = |name: &str| format!("def {name}(coro):\n    return asyncio.create_task(coro)\n");
    fs::write(
        dir.path().join("pkg/a.py"),
        format!(
            "import asyncio\n\nfrom .b import spawn_b\n\n\n{}\n\nasync def main():\n    spawn_b(main())\n",
            factory("spawn_a")
        ),
    )
    .unwrap();
    fs::write(
        dir.path().join("pkg/b.py"),
        format!("import asyncio\n\n\n{}", factory("spawn_b")),
    )
    .unwrap();
    let fix = undangle()
        .args(["fix", "--preview", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(fix.status.code(), Some(0), "{fix:?}");
    let stderr = String::from_utf8_lossy(&fix.stderr);
    assert!(
        stderr.contains("Fixed 1 dropped task in 1 file."),
        "{stderr}"
    );
    let b = fs::read_to_string(dir.path().join("pkg/b.py")).unwrap();
    assert!(
        b.contains("    task = asyncio.create_task(coro)\n    _background_tasks.add(task)\n"),
        "{b}"
    );
    // `spawn_a`, which nobody calls, is left as it was.
    let a = fs::read_to_string(dir.path().join("pkg/a.py")).unwrap();
    assert!(a.contains(&factory("spawn_a")), "{a}");
    undangle()
        .args(["diff", "--preview", "."])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn stdin_sees_the_buffers_own_factories() {
    let source = "import asyncio\n\n\ndef spawn(coro):\n    return asyncio.create_task(coro)\n\n\nasync def main():\n    spawn(main())\n";
    let fixed = undangle()
        .args(["fix", "--preview", "-", "--stdin-filename", "app.py"])
        .write_stdin(source)
        .output()
        .unwrap();
    let text = String::from_utf8(fixed.stdout).unwrap();
    assert!(
        text.contains("    task = asyncio.create_task(coro)\n    _background_tasks.add(task)\n"),
        "{text}"
    );
    assert!(text.contains("    spawn(main())\n"), "{text}");
}

#[test]
fn sarif_carries_each_factory_fix_once_and_it_gives_what_fix_writes() {
    let dir = project_copy();
    let output = undangle()
        .args(["check", "--preview", "--output-format", "sarif", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    if let Some(python) = common::jsonschema_python() {
        // Outside the project, whose tree is compared below; not next to it (a fixed path).
        let scratch = tempfile::tempdir().unwrap();
        let file = scratch.path().join("undangle.sarif");
        fs::write(&file, &output.stdout).unwrap();
        common::assert_valid_sarif(&python, &file);
    } else {
        common::skip(
            "factories::sarif_carries_each_factory_fix_once_and_it_gives_what_fix_writes",
            "no jsonschema package (the schema check)",
            "scripts/jsonschema.sh",
        );
    }
    let mut patched = read_tree(dir.path());
    let mut carried = Vec::new();
    for (uri, change) in common::sarif_changes(&log) {
        let file = patched
            .iter_mut()
            .find(|(path, _)| path.to_str() == Some(uri.as_str()))
            .unwrap();
        let text = String::from_utf8(file.1.clone()).unwrap();
        file.1 = common::apply_replacements(&text, &change).into_bytes();
        carried.push(uri);
    }
    carried.sort();
    assert_eq!(
        carried,
        ["pkg/sub/worker.py", "pkg/tasks.py", "tests/test_tasks.py"]
    );
    assert_eq!(patched, read_tree(&testdata("factories/fixed")));
}

/// The walk keeps the bytes and words of the files it analyses after it only up to a budget
/// (memory stays bounded on a large tree); past it, files are read again. With nothing kept,
/// every command says and changes the same.
#[test]
fn files_read_again_past_the_walks_budget_give_the_same_output() {
    let dir = project_copy();
    for command in [
        &["check", "--preview", "--output-format", "json"][..],
        &["audit", "--preview", "--output-format", "json"],
        &["diff", "--preview"],
        &["diff", "--preview", "--strategy", "owner"],
    ] {
        let run = |hold_nothing: bool| {
            let mut undangle = undangle();
            if hold_nothing {
                undangle.env("UNDANGLE_HOLD_NOTHING", "1");
            }
            let output = undangle
                .args(command)
                .arg(".")
                .current_dir(dir.path())
                .output()
                .unwrap();
            (output.stdout, output.stderr, output.status.code())
        };
        let kept = run(false);
        assert!(!kept.0.is_empty(), "{command:?}");
        assert_eq!(kept, run(true), "{command:?}");
    }
}

#[test]
fn the_prefilter_loses_no_factory_result() {
    // Files that may call a factory are parsed around each mention of one (whole when an import
    // renames it): the same findings and audit as parsing every file whole.
    let dir = project_copy();
    for command in [
        &["check", "--preview", "--output-format", "json"][..],
        &["audit", "--preview", "--output-format", "json"],
    ] {
        let run = |extra: &[&str]| {
            undangle()
                .args(command)
                .args(extra)
                .arg(".")
                .current_dir(dir.path())
                .output()
                .unwrap()
                .stdout
        };
        assert_eq!(run(&[]), run(&["--no-prefilter"]), "{command:?}");
    }
}

/// How many times `command` opens each file of `dir` (by name, under strace), or `None` when
/// strace is not here.
fn opens(dir: &Path, command: &[&str]) -> Option<std::collections::HashMap<String, usize>> {
    let log = dir.join("strace.log");
    let traced = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=open,openat", "-o"])
        .arg(&log)
        .arg(common::bin())
        .args(command)
        .args(["--isolated", "--quiet", "."])
        .current_dir(dir)
        .output();
    let traced = match traced {
        Ok(traced) if traced.status.code().is_some_and(|c| c <= 1) => traced,
        _ => return None,
    };
    assert!(traced.stderr.is_empty(), "{traced:?}");
    let mut counts = std::collections::HashMap::new();
    for line in fs::read_to_string(&log).unwrap().lines() {
        // `123 openat(AT_FDCWD, "./pkg/a.py", O_RDONLY|O_CLOEXEC) = 3`: files, not folders.
        let Some((_, rest)) = line.split_once('"') else {
            continue;
        };
        let Some((name, flags)) = rest.split_once('"') else {
            continue;
        };
        if name.ends_with(".py") && !flags.contains("O_DIRECTORY") && !flags.contains("= -1") {
            let name = name.trim_start_matches("./").to_owned();
            *counts.entry(name).or_default() += 1;
        }
    }
    fs::remove_file(&log).unwrap();
    Some(counts)
}

/// With one thread the walk takes its roots in order: a caller that comes after the factory's
/// file is analysed once, with the factory known; one that comes before it is read again.
#[test]
fn a_caller_of_a_factory_found_before_it_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    fs::create_dir(&pkg).unwrap();
    let factory = "import asyncio\n\n\ndef spawn(coro):\n    return asyncio.create_task(coro)\n";
    fs::write(pkg.join("tasks.py"), factory).unwrap();
    let caller = "from pkg.tasks import spawn\n\n\nasync def main():\n    spawn(work())\n";
    fs::write(pkg.join("main.py"), caller).unwrap();
    fs::write(pkg.join("__init__.py"), "").unwrap();
    for (roots, reads) in [
        (["pkg/tasks.py", "pkg/main.py"], 1),
        (["pkg/main.py", "pkg/tasks.py"], 2),
    ] {
        let mut command = vec!["check", "--threads", "1"];
        command.extend(roots);
        let Some(opens) = opens(dir.path(), &command) else {
            common::skip(
                "factories::a_caller_of_a_factory_found_before_it_is_read_once",
                "strace",
                "apt-get install -y strace",
            );
            return;
        };
        assert_eq!(opens.get("pkg/tasks.py"), Some(&1), "{roots:?}: {opens:?}");
        assert_eq!(
            opens.get("pkg/main.py"),
            Some(&reads),
            "{roots:?}: {opens:?}"
        );
        // Read once or twice, the caller's dropped factory result is found.
        let output = undangle()
            .args(["check", "--preview", "--isolated", "--threads", "1"])
            .args(roots)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("pkg/main.py:5:5"), "{roots:?}: {stdout}");
    }
}

#[test]
fn each_file_is_read_once_and_a_caller_of_a_factory_at_most_twice() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    fs::create_dir(&pkg).unwrap();
    let factory = "import asyncio\n\n\ndef spawn(coro):\n    return asyncio.create_task(coro)\n";
    fs::write(pkg.join("tasks.py"), factory).unwrap();
    let caller = "from pkg.tasks import spawn\n\n\nasync def main():\n    spawn(work())\n";
    fs::write(pkg.join("main.py"), caller).unwrap();
    fs::write(pkg.join("__init__.py"), "").unwrap();
    for i in 0..4 {
        let dropped = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
        fs::write(pkg.join(format!("dropped{i}.py")), dropped).unwrap();
        fs::write(pkg.join(format!("plain{i}.py")), "x = 1\n").unwrap();
    }
    for command in [
        &["check", "--preview"][..],
        &["audit", "--preview"],
        &["diff", "--preview"],
    ] {
        let Some(opens) = opens(dir.path(), command) else {
            common::skip(
                "factories::each_file_is_read_once_and_a_caller_of_a_factory_at_most_twice",
                "strace",
                "apt-get install -y strace",
            );
            return;
        };
        // Every file is read, and once, but a file that may call a factory found after it was
        // read: that one is analysed again with it.
        assert_eq!(opens.len(), 11, "{command:?}: {opens:?}");
        for (file, count) in &opens {
            let most = if file == "pkg/main.py" { 2 } else { 1 };
            assert!(*count <= most, "{command:?}: {file} read {count} times");
        }
    }
    // What was read once is what was found: the factory's result and every dropped task.
    let output = undangle()
        .args([
            "check",
            "--preview",
            "--isolated",
            "--output-format",
            "json",
            ".",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<&str> = (findings.as_array().unwrap().iter())
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "factory-result").count(), 1);
}
