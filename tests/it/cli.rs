//! The command-line contract, on the real binary.

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{self, testdata, undangle};
use serde_json::Value;

const DROPPED: &str = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
const CLEAN: &str =
    "import asyncio\n\n\nasync def main():\n    await asyncio.create_task(work())\n";

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    dir
}

fn tree_owned(files: &[(String, Vec<u8>)]) -> tempfile::TempDir {
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    tree(&borrowed)
}

/// `check --output-format json` in `dir`: the exit code and the findings.
fn json_findings(dir: &Path) -> (Option<i32>, Value) {
    let out = undangle()
        .args(["check", "--output-format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

#[test]
fn exit_codes() {
    let dirty = tree(&[("a.py", DROPPED.as_bytes())]);
    let clean = tree(&[("a.py", CLEAN.as_bytes())]);
    // In this order: after the fix there is nothing left, so it is idempotent.
    let expectations = [
        ("check", &dirty, 1),
        ("check", &clean, 0),
        ("diff", &dirty, 1),
        ("diff", &clean, 0),
        ("fix", &clean, 0),
        ("fix", &dirty, 0),
        ("check", &dirty, 0),
        ("diff", &dirty, 0),
    ];
    for (command, dir, code) in expectations {
        let assert = undangle().arg(command).current_dir(dir.path()).assert();
        assert.code(code);
    }
    undangle()
        .arg("diff")
        .current_dir(dirty.path())
        .assert()
        .stdout("");
    // Usage errors and missing paths.
    undangle().arg("frobnicate").assert().code(2);
    undangle()
        .args(["check", "--output-format", "xml"])
        .assert()
        .code(2);
    undangle()
        .args(["check", "no/such/path.py"])
        .assert()
        .code(2);
    for command in ["check", "diff", "fix"] {
        let out = undangle()
            .args([command, "missing.py", "a.py"])
            .current_dir(clean.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("missing.py"));
    }
}

#[test]
fn check_text_lines_are_sorted_and_point_at_the_statement() {
    let dir = tree(&[
        ("b.py", DROPPED.as_bytes()),
        ("a/z.py", DROPPED.as_bytes()),
        (
            "a/y.py",
            b"import asyncio\nasync def f():\n    x = 1; asyncio.ensure_future(g())\n",
        ),
    ]);
    let out = undangle()
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let positions: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(positions, ["a/y.py:3:12", "a/z.py:5:5", "b.py:5:5"]);
    assert!(stdout.contains("task returned by `asyncio.create_task` is dropped"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("Found 3 dropped tasks in 3 files"),
        "{stderr}"
    );
}

#[test]
fn json_has_every_field() {
    let dir = tree(&[(
        "svc.py",
        b"import asyncio\n\nclass S:\n    def go(self, flag):\n        self._loop.create_task(self.run())\n        asyncio.create_task(a()) if flag else None\n",
    )]);
    let (code, findings) = json_findings(dir.path());
    assert_eq!(code, Some(1));
    let first = &findings[0];
    assert_eq!(first["path"], "svc.py");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 9);
    assert_eq!(first["end_line"], 5);
    assert_eq!(first["end_column"], 43);
    assert_eq!(first["kind"], "bare");
    assert_eq!(first["callee"], "self._loop.create_task");
    assert_eq!(first["fixable"], true);
    assert!(first["message"].as_str().unwrap().contains("dropped"));
    assert_eq!(findings[1]["fixable"], false);
    assert_eq!(findings.as_array().unwrap().len(), 2);
}

#[test]
fn git_apply_of_the_diff_gives_exactly_what_fix_writes() {
    let files: Vec<(String, Vec<u8>)> = fs::read_dir(testdata("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|case| {
            let name = format!("{}.py", case.file_name().unwrap().to_string_lossy());
            (name, fs::read(case.join("input.py")).unwrap())
        })
        .collect();
    let by_fix = tree_owned(&files);
    let by_patch = tree_owned(&files);

    let diff = undangle()
        .arg("diff")
        .current_dir(by_patch.path())
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let patch = by_patch.path().join("../undangle.patch");
    fs::write(&patch, &diff.stdout).unwrap();
    let applied = Command::new("git")
        .args(["apply", "--whitespace=nowarn"])
        .arg(&patch)
        .current_dir(by_patch.path())
        .status()
        .unwrap();
    fs::remove_file(&patch).unwrap();
    assert!(applied.success(), "git apply rejected the diff");

    undangle()
        .arg("fix")
        .current_dir(by_fix.path())
        .assert()
        .code(0);
    let mut changed = 0;
    for (name, original) in &files {
        let fixed = fs::read(by_fix.path().join(name)).unwrap();
        let patched = fs::read(by_patch.path().join(name)).unwrap();
        assert_eq!(fixed, patched, "{name}");
        changed += usize::from(&fixed != original);
    }
    assert!(changed > 20, "only {changed} files changed");
}

#[test]
fn bad_inputs_get_one_message_and_are_left_alone() {
    // The site's function is parsed first on its own; the Python 2 line far from it is seen
    // when the whole file is parsed for the fix.
    let python2_far = format!(
        "import asyncio\n\n\n{}async def main():\n    asyncio.create_task(x())\n\n\nprint 'hi'\n",
        "def f(x):\n    return x + 1\n\n\n".repeat(60)
    );
    let bad: &[(&str, &[u8])] = &[
        ("syntax.py", b"import asyncio\nasyncio.create_task(x(\n"),
        ("binary.py", b"asyncio.create_task(x())\n\0\x01\x02"),
        (
            "latin1.py",
            b"# -*- coding: latin-1 -*-\nimport asyncio\nasyncio.create_task(x('\xe9'))\n",
        ),
        (
            "python2.py",
            b"import asyncio\nprint 'hi'\nasyncio.create_task(x())\n",
        ),
        ("python2_far.py", python2_far.as_bytes()),
        ("empty.py", b""),
        ("cr_only.py", b"import asyncio\rasyncio.create_task(x())\r"),
    ];
    let mut files = bad.to_vec();
    files.push(("good.py", DROPPED.as_bytes()));
    let dir = tree(&files);
    let out = undangle()
        .arg("fix")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "bad inputs alone do not change the exit code"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    for (name, expected) in [
        ("syntax.py", "syntax error"),
        ("binary.py", "binary"),
        ("latin1.py", "latin-1"),
        ("python2.py", "Python 2"),
        ("python2_far.py", "Python 2"),
        ("cr_only.py", "CR-only line endings"),
    ] {
        let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "{name}: {stderr}");
        assert!(lines[0].contains(expected), "{name}: {}", lines[0]);
    }
    assert!(
        !stderr.contains("empty.py"),
        "an empty file is not an error"
    );
    for (name, content) in bad {
        assert_eq!(
            &fs::read(dir.path().join(name)).unwrap(),
            content,
            "{name} changed"
        );
    }
    assert_ne!(
        fs::read_to_string(dir.path().join("good.py")).unwrap(),
        DROPPED
    );
}

#[test]
fn fix_keeps_permissions_and_leaves_no_stray_files() {
    let dir = tree(&[("tool.py", DROPPED.as_bytes())]);
    let path = dir.path().join("tool.py");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o754)).unwrap();
    undangle()
        .arg("fix")
        .current_dir(dir.path())
        .assert()
        .code(0);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o754);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["tool.py"]);
}

#[test]
fn unwritable_files_are_reported_and_exit_2() {
    let dir = tree(&[
        ("ro/locked.py", DROPPED.as_bytes()),
        ("rw/open.py", DROPPED.as_bytes()),
    ]);
    let locked = dir.path().join("ro/locked.py");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    let out = undangle()
        .arg("fix")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("ro/locked.py") && stderr.contains("read-only"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&locked).unwrap(), DROPPED);
    assert_ne!(
        fs::read_to_string(dir.path().join("rw/open.py")).unwrap(),
        DROPPED
    );

    // A read-only folder: the file cannot be replaced either.
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(dir.path().join("ro"), fs::Permissions::from_mode(0o555)).unwrap();
    let out = undangle()
        .arg("fix")
        .current_dir(dir.path())
        .output()
        .unwrap();
    fs::set_permissions(dir.path().join("ro"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder is read-only"));
    assert_eq!(fs::read_to_string(&locked).unwrap(), DROPPED);
}

#[test]
fn walk_honours_gitignore_hidden_and_excluded_folders() {
    let dir = tree(&[
        (".gitignore", b"generated/\n"),
        ("generated/g.py", DROPPED.as_bytes()),
        (".hidden/h.py", DROPPED.as_bytes()),
        (".venv/lib/v.py", DROPPED.as_bytes()),
        ("build/b.py", DROPPED.as_bytes()),
        ("node_modules/n.py", DROPPED.as_bytes()),
        ("src/app.py", DROPPED.as_bytes()),
        ("src/script", DROPPED.as_bytes()),
        ("src/stub.pyi", DROPPED.as_bytes()),
    ]);
    let stdout = stdout_of(undangle().arg("check").current_dir(dir.path()));
    assert_eq!(
        stdout
            .lines()
            .map(|l| l.split(':').next().unwrap())
            .collect::<Vec<_>>(),
        ["src/app.py"]
    );
    // A file named explicitly is always processed.
    let stdout = stdout_of(
        undangle()
            .args(["check", "build/b.py", "src/script", ".hidden/h.py"])
            .current_dir(dir.path()),
    );
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    // Relative paths stay relative, absolute ones absolute.
    let stdout = stdout_of(undangle().arg("check").arg(dir.path().join("src")));
    assert!(
        stdout.starts_with(&dir.path().join("src/app.py").display().to_string()),
        "{stdout}"
    );
}

#[test]
fn symlinks_are_not_followed_unless_named() {
    let dir = tree(&[
        ("real/app.py", DROPPED.as_bytes()),
        ("proj/own.py", CLEAN.as_bytes()),
    ]);
    std::os::unix::fs::symlink(
        dir.path().join("real/app.py"),
        dir.path().join("proj/link.py"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("proj"), dir.path().join("proj/loop")).unwrap();
    let proj = dir.path().join("proj");
    undangle().arg("check").current_dir(&proj).assert().code(0);
    undangle()
        .args(["check", "link.py"])
        .current_dir(&proj)
        .assert()
        .code(1);
    // Fixing a named link writes through it: the link stays a link.
    undangle()
        .args(["fix", "link.py"])
        .current_dir(&proj)
        .assert()
        .code(0);
    assert!(
        fs::symlink_metadata(proj.join("link.py"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_ne!(
        fs::read_to_string(dir.path().join("real/app.py")).unwrap(),
        DROPPED
    );
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let files: Vec<(String, Vec<u8>)> = (0..60)
        .map(|i| (format!("pkg{}/m{i}.py", i % 7), DROPPED.as_bytes().to_vec()))
        .collect();
    let dir = tree_owned(&files);
    for command in [
        &["check"][..],
        &["check", "--output-format", "json"],
        &["diff"],
    ] {
        let one = undangle()
            .args(command)
            .args(["--threads", "1"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let many = undangle()
            .args(command)
            .args(["--threads", "8"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(one.stdout, many.stdout, "{command:?}");
        assert!(!one.stdout.is_empty());
    }
}

#[test]
fn no_colour_when_stdout_is_not_a_terminal() {
    let dir = tree(&[("a.py", DROPPED.as_bytes())]);
    for command in ["check", "diff"] {
        let out = undangle()
            .arg(command)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            !out.stdout.contains(&0x1b),
            "{command} printed escape codes"
        );
        assert!(
            !out.stderr.contains(&0x1b),
            "{command} printed escape codes to stderr"
        );
    }
    // The styling is there for a terminal (forced here, as a pipe is not one).
    let forced = undangle()
        .arg("diff")
        .env("CLICOLOR_FORCE", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b), "no colour even when forced");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly_but_the_exit_code_still_says_what_was_found() {
    let files: Vec<(String, Vec<u8>)> = (0..300)
        .map(|i| (format!("m{i}.py"), DROPPED.as_bytes().to_vec()))
        .collect();
    let dir = tree_owned(&files);
    let mut child = Command::new(common::bin())
        .arg("diff")
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let out = child.wait_with_output().unwrap();
    // A CI gate under `set -o pipefail` must still fail: there were changes.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
}

#[test]
fn demo_diff_is_sensible() {
    let out = undangle()
        .arg("diff")
        .arg("testdata/demo")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("+_background_tasks: set[asyncio.Task[object]] = set()"),
        "{diff}"
    );
    assert!(diff.contains("task.add_done_callback(_background_tasks.discard)"));
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/demo")
            .is_dir()
    );
}

#[test]
fn large_files_and_deep_nesting_do_not_overflow_the_stack() {
    let mut blocks = String::from("import asyncio\nasync def main():\n");
    for depth in 1..=150 {
        blocks += &format!("{}if True:\n", "    ".repeat(depth));
    }
    blocks += &format!("{}asyncio.create_task(work())\n", "    ".repeat(151));
    let mut defs = String::from("import asyncio\n");
    for depth in 0..120 {
        defs += &format!("{}async def f{depth}():\n", "    ".repeat(depth));
    }
    defs += &format!("{}asyncio.create_task(work())\n", "    ".repeat(120));
    let parens = format!(
        "import asyncio\nasync def main():\n    asyncio.create_task({}work(){})\n",
        "(".repeat(3000),
        ")".repeat(3000)
    );
    let chunk =
        "async def f(x):\n    y = [x for x in range(10)]\n    asyncio.create_task(work(y))\n\n\n";
    let large = format!("import asyncio\n\n\n{}", chunk.repeat(30_000));
    assert!(large.len() > 2_000_000);
    let dir = tree(&[
        ("blocks.py", blocks.as_bytes()),
        ("defs.py", defs.as_bytes()),
        ("parens.py", parens.as_bytes()),
        ("large.py", large.as_bytes()),
    ]);
    let (code, findings) = json_findings(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(findings.as_array().unwrap().len(), 3 + 30_000);
    undangle()
        .arg("fix")
        .current_dir(dir.path())
        .assert()
        .code(0);
    undangle()
        .arg("diff")
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout("");
}

/// `--drain-timeout` (a positive number of seconds) wins over `drain-timeout` in the file; a bad
/// value of either is an error naming it.
#[test]
fn the_drain_timeout_comes_from_the_flag_or_the_file_and_is_validated() {
    let module =
        b"import asyncio\n\n\ndef start():\n    asyncio.create_task(asyncio.sleep(1))\n\n\n\
@app.on_event(\"shutdown\")\nasync def shutdown():\n    pass\n";
    let dir = tree(&[
        ("pyproject.toml", b"[tool.undangle]\ndrain-timeout = 4\n"),
        ("m.py", module),
    ]);
    let diff = |flags: &[&str]| {
        let mut command = undangle();
        command.args(["diff", "--drain-on-shutdown"]).args(flags);
        stdout_of(command.current_dir(dir.path()))
    };
    assert!(diff(&[]).contains(
        "+async def _drain_tasks(tasks: \"set[asyncio.Task[object]]\", timeout: float = 4) -> None:"
    ));
    assert!(diff(&["--drain-timeout", "0.5"]).contains("timeout: float = 0.5"));
    assert!(diff(&[]).contains("+    await _drain_tasks(_background_tasks)\n"));
    for bad in ["0", "-1", "soon", "inf"] {
        let out = undangle()
            .args(["diff", "--drain-timeout", bad, "."])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--drain-timeout {bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--drain-timeout"), "{bad}: {stderr}");
    }
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.undangle]\ndrain-timeout = 0\n",
    )
    .unwrap();
    let out = undangle()
        .arg("diff")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pyproject.toml: [tool.undangle] `drain-timeout = 0` must be a positive number of seconds"),
        "{stderr}"
    );
}

#[test]
fn a_malformed_pyproject_is_named_once_and_its_files_are_left_alone() {
    let dropped = b"import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
    let dir = tree(&[
        (
            "bad/pyproject.toml",
            b"[tool.undangle]\nstrategee = \"helper\"\n",
        ),
        ("bad/a.py", dropped),
        ("bad/b.py", dropped),
        (
            "good/pyproject.toml",
            b"[tool.undangle]\nstrategy = \"helper\"\n",
        ),
        ("good/c.py", dropped),
    ]);
    let out = undangle()
        .arg("fix")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let named: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("undangle: bad/pyproject.toml: ") && l.contains("strategee"))
        .collect();
    assert_eq!(named.len(), 1, "{stderr}");
    for untouched in ["bad/a.py", "bad/b.py"] {
        assert_eq!(fs::read(dir.path().join(untouched)).unwrap(), dropped);
    }
    let fixed = fs::read_to_string(dir.path().join("good/c.py")).unwrap();
    assert!(
        fixed.contains("    _keep_task(asyncio.create_task(work()))\n"),
        "{fixed}"
    );
}

#[test]
fn an_isort_section_that_cannot_be_read_is_named_once_and_the_run_goes_on() {
    let dropped = b"import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
    let dir = tree(&[
        (
            "bad/setup.cfg",
            b"[isort]\nprofile = black\nknown_first_party\n",
        ),
        ("bad/a.py", dropped),
        ("bad/b.py", dropped),
        ("good/setup.cfg", b"[isort]\nprofile = black\n"),
        ("good/c.py", dropped),
    ]);
    let out = undangle()
        .arg("fix")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let named: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("undangle: bad/setup.cfg: line 3: "))
        .collect();
    assert_eq!(named.len(), 1, "{stderr}");
    assert_eq!(fs::read(dir.path().join("bad/a.py")).unwrap(), dropped);
    let fixed = fs::read_to_string(dir.path().join("good/c.py")).unwrap();
    assert!(fixed.contains("_background_tasks"), "{fixed}");
}

#[test]
fn the_strategy_flag_wins_over_the_pyproject() {
    let dir = tree(&[
        (
            "pyproject.toml",
            b"[project]\nrequires-python = \">=3.8\"\n[tool.undangle]\nstrategy = \"helper\"\n",
        ),
        (
            "a.py",
            b"import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n",
        ),
    ]);
    let diff = stdout_of(
        undangle()
            .args(["diff", "--strategy", "inline"])
            .current_dir(dir.path()),
    );
    // Inline, and quoted, of `typing.Set`: the project still supports Python 3.8.
    assert!(
        diff.contains("+_background_tasks: \"Set[asyncio.Task[object]]\" = set()\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+    task = asyncio.create_task(work())\n"),
        "{diff}"
    );
    assert!(!diff.contains("_keep_task"), "{diff}");
}

const DROPPED_BYTES: &[u8] = DROPPED.as_bytes();

/// The paths `check` reports, as `path:line` lines.
fn reported(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<String>, String) {
    let out = undangle()
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split(':').take(2).collect::<Vec<_>>().join(":"))
        .collect();
    lines.sort();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), lines, stderr)
}

#[test]
fn exclude_extend_exclude_and_force_exclude_follow_ruff() {
    let dir = tree(&[
        (
            "pyproject.toml",
            b"[tool.undangle]\nextend-exclude = [\"generated\", \"src/legacy/*.py\"]\n",
        ),
        ("src/app.py", DROPPED_BYTES),
        ("src/legacy/old.py", DROPPED_BYTES),
        ("src/legacy/keep/deeper.py", DROPPED_BYTES),
        ("generated/client.py", DROPPED_BYTES),
        ("build/lib.py", DROPPED_BYTES),
    ]);
    let (code, lines, _) = reported(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(lines, ["src/app.py:5", "src/legacy/keep/deeper.py:5"]);

    // A file named on the command line is read, unless --force-exclude.
    let (_, lines, _) = reported(dir.path(), &["generated/client.py"]);
    assert_eq!(lines, ["generated/client.py:5"]);
    let (code, lines, _) = reported(dir.path(), &["--force-exclude", "generated/client.py"]);
    assert_eq!((code, lines.len()), (Some(0), 0));

    // `--exclude` replaces the list (the defaults too), `--extend-exclude` adds to it.
    let (_, lines, _) = reported(dir.path(), &["--exclude", "src"]);
    assert_eq!(lines, ["build/lib.py:5", "generated/client.py:5"]);
    let (_, lines, _) = reported(dir.path(), &["--extend-exclude", "app.py,keep"]);
    assert!(lines.is_empty(), "{lines:?}");
}

#[test]
fn ruffs_exclude_leaves_a_vendored_tree_and_its_broken_settings_unread() {
    let dir = tree(&[
        (
            "pyproject.toml",
            b"[tool.ruff]\nextend-exclude = [\"vendor\"]\n[tool.undangle]\nextend-exclude = [\"gen\"]\n",
        ),
        ("src/app.py", DROPPED_BYTES),
        ("gen/client.py", DROPPED_BYTES),
        ("vendor/lib/pyproject.toml", b"x = [\n"),
        ("vendor/lib/mod.py", DROPPED_BYTES),
    ]);
    // Both tables' patterns hold; the vendored settings file is never read: no error, exit 1.
    let (code, lines, stderr) = reported(dir.path(), &[]);
    assert_eq!((code, lines), (Some(1), vec!["src/app.py:5".to_owned()]));
    assert!(!stderr.contains("undangle: "), "{stderr}");
    // `[tool.undangle] exclude` replaces ruff's list, as it replaces the defaults.
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.ruff]\nexclude = [\"vendor\"]\n[tool.undangle]\nexclude = [\"gen\"]\n",
    )
    .unwrap();
    let (code, lines, stderr) = reported(dir.path(), &[]);
    assert_eq!(code, Some(2));
    assert_eq!(lines, ["src/app.py:5"]);
    let named = stderr
        .lines()
        .filter(|l| l.starts_with("undangle: vendor/lib/pyproject.toml: "));
    assert_eq!(named.count(), 1, "{stderr}");
}

#[test]
fn undangle_toml_config_and_isolated() {
    let dir = tree(&[
        ("pyproject.toml", b"[tool.undangle]\nexclude = [\"a.py\"]\n"),
        ("a.py", DROPPED_BYTES),
        ("b.py", DROPPED_BYTES),
        ("sub/undangle.toml", b"exclude = [\"b.py\"]\n"),
        ("sub/a.py", DROPPED_BYTES),
        ("sub/b.py", DROPPED_BYTES),
        ("other.toml", b"exclude = []\n"),
        ("bad.toml", b"strategy = \"inline\"\nloop-name = [\"ev\"]\n"),
    ]);
    // The closest file wins; an undangle.toml is read at its top level.
    let (_, lines, _) = reported(dir.path(), &[]);
    assert_eq!(lines, ["b.py:5", "sub/a.py:5"]);
    // --config: one file for every path; --isolated: none (ruff's defaults).
    for args in [&["--config", "other.toml"][..], &["--isolated"]] {
        let (_, lines, _) = reported(dir.path(), args);
        assert_eq!(
            lines,
            ["a.py:5", "b.py:5", "sub/a.py:5", "sub/b.py:5"],
            "{args:?}"
        );
    }
    // An unknown key is an error naming the key and the file.
    let (code, lines, stderr) = reported(dir.path(), &["--config", "bad.toml"]);
    assert_eq!((code, lines.len()), (Some(2), 0));
    assert!(
        stderr.contains("undangle: bad.toml: line 2, column 1: unknown field `loop-name`"),
        "{stderr}"
    );
}

#[test]
fn loop_names_task_functions_and_ignore_functions() {
    let code = b"import asyncio\nfrom app import utils\n\n\nclass Bot:\n    def start(self):\n        self.ev.create_task(work())\n        utils.spawn(work())\n        self.loop.create_task(work())\n        asyncio.ensure_future(work())\n";
    let dir = tree(&[("bot.py", code)]);
    let (_, lines, _) = reported(dir.path(), &[]);
    assert_eq!(lines, ["bot.py:10", "bot.py:9"]);
    fs::write(
        dir.path().join("undangle.toml"),
        "loop-names = [\"ev\"]\ntask-functions = [\"utils.spawn\"]\nignore-functions = [\"self.loop.create_task\"]\n",
    )
    .unwrap();
    let (_, lines, _) = reported(dir.path(), &[]);
    assert_eq!(lines, ["bot.py:10", "bot.py:7", "bot.py:8"]);
    let diff = stdout_of(undangle().arg("diff").current_dir(dir.path()));
    assert!(
        diff.contains("+        task = utils.spawn(work())\n"),
        "{diff}"
    );
}

#[test]
fn an_unwritable_stderr_is_no_panic() {
    let dir = tree(&[
        ("a.py", DROPPED_BYTES),
        ("bad.py", b"def (:\n create_task\n"),
    ]);
    for (command, code) in [("check", 1), ("diff", 1), ("fix", 0)] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(common::bin())
            .arg(command)
            .current_dir(dir.path())
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{command}");
    }
}

#[test]
fn control_characters_reach_the_diff_untouched() {
    let source = "import asyncio\n\n\nasync def main():\n    print(\"\x1b[31mred\x07\x1a\")\n    asyncio.create_task(work())\n";
    let dir = tree(&[("a.py", source.as_bytes())]);
    git(dir.path(), &["init", "-q"]);
    let diff = undangle()
        .arg("diff")
        .current_dir(dir.path())
        .output()
        .unwrap()
        .stdout;
    assert!(
        diff.windows(3).any(|w| w == b"\x1b[3"),
        "the ESC byte is kept"
    );
    fs::write(dir.path().join("patch.diff"), &diff).unwrap();
    git(dir.path(), &["apply", "patch.diff"]);
    let applied = fs::read(dir.path().join("a.py")).unwrap();
    fs::write(dir.path().join("a.py"), source).unwrap();
    undangle()
        .arg("fix")
        .arg("a.py")
        .current_dir(dir.path())
        .assert()
        .code(0);
    assert_eq!(applied, fs::read(dir.path().join("a.py")).unwrap());
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_file_reached_twice_is_handled_once() {
    let dir = tree(&[("a/b.py", DROPPED_BYTES)]);
    let out = undangle()
        .args(["diff", "a", "a/b.py", "./a"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert_eq!(diff.matches("+++ b/").count(), 1, "{diff}");
    undangle()
        .args(["fix", "a", "a/b.py"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("a/b.py")).unwrap();
    assert_eq!(
        fixed.matches("_background_tasks.add(task)").count(),
        1,
        "{fixed}"
    );
}

#[test]
fn a_named_fifo_is_skipped_with_a_message_and_an_unreadable_file_is_an_error() {
    let dir = tree(&[("a.py", DROPPED_BYTES)]);
    let fifo = dir.path().join("pipe.py");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let out = undangle()
        .args(["check", "pipe.py", "a.py"])
        .current_dir(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the FIFO does not change the exit code"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("undangle: pipe.py: not a regular file"),
        "{stderr}"
    );
    // Root reads mode-000 files; /proc/self/mem is a regular file that no read succeeds on.
    let out = undangle()
        .args(["check", "/proc/self/mem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("undangle: /proc/self/mem: cannot read"),
        "{stderr}"
    );
}

#[test]
fn a_named_device_or_a_link_to_one_is_an_error_that_names_it() {
    let dir = tree(&[("a.py", DROPPED_BYTES)]);
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.py")).unwrap();
    for named in ["/dev/zero", "zero.py"] {
        let out = undangle()
            .args(["check", named, "a.py"])
            .current_dir(dir.path())
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{named}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let message = format!("undangle: {named}: a device, not a source file");
        assert_eq!(stderr.matches(&message).count(), 1, "{stderr}");
        assert_eq!(stderr.matches(named).count(), 1, "{stderr}");
    }
}

#[test]
fn a_thread_count_that_cannot_work_is_a_usage_error() {
    for bad in ["-1", "100000", "many"] {
        undangle()
            .args(["check", "--threads", bad])
            .assert()
            .code(2);
    }
    let dir = tree(&[("a.py", DROPPED_BYTES)]);
    undangle()
        .args(["check", "--threads", "1024"])
        .current_dir(dir.path())
        .assert()
        .code(1);
}

/// Does CPython accept this source?
fn cpython_accepts(source: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.py");
    fs::write(&file, source).unwrap();
    Command::new("python3")
        .args([
            "-c",
            "import sys; compile(open(sys.argv[1], 'rb').read(), 'm', 'exec')",
        ])
        .arg(&file)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn invalid_python_is_never_rewritten_and_no_fix_is_written_that_does_not_compile() {
    let head = "import asyncio\n\n\n";
    let cases: &[(&str, String)] = &[
        // tree-sitter recovers from these without an ERROR node; CPython rejects them.
        (
            "unexpected_indent",
            format!("{head}async def f():\n    asyncio.create_task(g())\n        x = 1\n"),
        ),
        (
            "unindent",
            format!("{head}async def f():\n        asyncio.create_task(g())\n    x = 1\n"),
        ),
        (
            "def_without_body",
            format!("{head}async def f():\n    asyncio.create_task(g())\ndef h():\nx = 1\n"),
        ),
        (
            "positional_after_keyword",
            format!("{head}async def f():\n    asyncio.create_task(g(a=1, 2))\n"),
        ),
        (
            "default_before_non_default",
            format!("{head}async def f(a=1, b):\n    asyncio.create_task(g())\n"),
        ),
        (
            "try_without_handler",
            format!(
                "{head}async def f():\n    try:\n        asyncio.create_task(g())\n    x = 1\n"
            ),
        ),
        (
            "bom_in_the_middle",
            format!("{head}async def f():\n    \u{feff}asyncio.create_task(g())\n"),
        ),
        (
            "bare_generator_argument",
            format!("{head}async def f(y):\n    asyncio.create_task(g(x for x in y, 1))\n"),
        ),
        (
            // A tab counts up to the next multiple of 8 columns: the dedent lands on no level.
            "tab_indent_then_unindent",
            format!(
                "{head}async def f(items):\n    for item in items:\n\t        if item:\n            print(item)\n    asyncio.create_task(g())\n"
            ),
        ),
        (
            "tab_error",
            format!(
                "{head}async def f(x):\n    if x:\n        y = 1\n\tasyncio.create_task(g())\n"
            ),
        ),
        // Valid Python whose naive fix would not be.
        (
            "semicolon_backslash",
            format!("{head}async def f():\n    pass; \\\nasyncio.create_task(g())\n"),
        ),
        (
            "one_line_if_backslash",
            format!("{head}async def f(x):\n    if x: \\\n        asyncio.create_task(g())\n"),
        ),
        (
            "header_backslash_dedent",
            format!("{head}async def f(): \\\nasyncio.create_task(g())\n"),
        ),
        (
            "form_feed_before_indent",
            format!("{head}async def f():\n\x0c    asyncio.create_task(g())\n"),
        ),
        (
            "form_feed_inside_call",
            format!("{head}async def f():\n    asyncio.create_task(\x0cg())\n"),
        ),
    ];
    let mut verdicts = Vec::new();
    for (name, source) in cases {
        let dir = tree(&[("m.py", source.as_bytes())]);
        let out = undangle()
            .arg("fix")
            .arg("m.py")
            .current_dir(dir.path())
            .output()
            .unwrap();
        let after = fs::read(dir.path().join("m.py")).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !cpython_accepts(source.as_bytes()) {
            assert_eq!(after, source.as_bytes(), "{name}: invalid input rewritten");
            assert_eq!(out.status.code(), Some(0), "{name}: a bad input alone");
            // Named, with where and why (the prefilter may drop a file with no possible site
            // before anything parses it; parsed whole, it is always named).
            let whole = undangle()
                .args(["check", "--no-prefilter", "m.py"])
                .current_dir(dir.path())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&whole.stderr);
            assert!(
                stderr.contains("m.py: ") && stderr.contains("skipped"),
                "{name}: {stderr}"
            );
            verdicts.push(format!("{name}: invalid, skipped"));
        } else if after == source.as_bytes() {
            assert!(
                stderr.contains("internal error"),
                "{name}: unchanged without a word: {stderr}"
            );
            assert_eq!(out.status.code(), Some(2), "{name}");
            verdicts.push(format!("{name}: valid, fix dropped"));
        } else {
            assert!(
                cpython_accepts(&after),
                "{name}: wrote a fix CPython rejects:\n{}",
                String::from_utf8_lossy(&after)
            );
            verdicts.push(format!("{name}: valid, fixed"));
        }
    }
    eprintln!("{}", verdicts.join("\n"));
    let skipped = verdicts.iter().filter(|v| v.ends_with("skipped")).count();
    assert!(
        skipped >= 8,
        "the invalid inputs are recognised as such: {verdicts:#?}"
    );
}

#[test]
fn ruff_style_flags() {
    let comprehension = b"import asyncio\n\n\nasync def main(jobs):\n    [asyncio.create_task(j()) for j in jobs]\n    asyncio.create_task(work())\n    asyncio.ensure_future(work())\n";
    let dir = tree(&[("a.py", comprehension), ("b.py", DROPPED_BYTES)]);
    let run = |args: &[&str]| {
        undangle()
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };

    let out = run(&["check", "--exit-zero"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);

    let out = run(&["check", "--statistics"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "    3\tbare              \t3 fixable\n    1\tcomprehension     \t1 fixable\n"
    );

    let out = run(&["check", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = run(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("undangle {}", env!("CARGO_PKG_VERSION"))
    );

    // Colour: the flag wins; NO_COLOR beats FORCE_COLOR; piped output is plain by default.
    let coloured = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = undangle();
        cmd.args(args)
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap().stdout.contains(&0x1b)
    };
    assert!(!coloured(&["check"], &[]));
    assert!(coloured(
        &["check", "--color", "always"],
        &[("NO_COLOR", "1")]
    ));
    assert!(!coloured(
        &["check", "--color", "never"],
        &[("FORCE_COLOR", "1")]
    ));
    assert!(coloured(&["check"], &[("FORCE_COLOR", "1")]));
    assert!(!coloured(
        &["check"],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
    ));

    let out = run(&["diff", "--show-fixes", "--quiet"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a.py:5:5: fixed: asyncio.create_task (comprehension)"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 4, "{stderr}");

    let out = run(&["fix", "--exit-non-zero-on-fix"]);
    assert_eq!(out.status.code(), Some(1), "files were changed");
    let out = run(&["fix", "--exit-non-zero-on-fix"]);
    assert_eq!(out.status.code(), Some(0), "nothing left to change");
}

#[test]
fn a_generated_file_is_reported_never_edited_and_the_summary_and_pr_body_say_so() {
    let generated = format!("# Code generated by make.py. DO NOT EDIT.\n{DROPPED}");
    let dir = tree(&[("gen.py", generated.as_bytes()), ("a.py", DROPPED_BYTES)]);
    let out = undangle()
        .args(["fix", "--pr-body", "body.md", "gen.py", "a.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 finding cannot be fixed automatically (1 generated: fix its source)."),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("gen.py")).unwrap(),
        generated
    );
    assert_ne!(fs::read(dir.path().join("a.py")).unwrap(), DROPPED_BYTES);
    let body = fs::read_to_string(dir.path().join("body.md")).unwrap();
    assert!(
        body.contains("| `gen.py:6` | `asyncio.create_task` | generated: fix its source |"),
        "{body}"
    );
    let out = undangle()
        .args(["check", "gen.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("(0 fixable with `undangle fix`, 1 generated: fix its source)"),
        "{stderr}"
    );
}

#[test]
fn pr_body_of_the_demo_is_the_committed_one_and_only_exists_when_there_is_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    fs::create_dir(&demo).unwrap();
    common::copy_files(&common::testdata("demo"), &demo);
    undangle()
        .args(["diff", "--pr-body", "body.md", "demo"])
        .current_dir(dir.path())
        .assert()
        .code(1);
    let body = fs::read_to_string(dir.path().join("body.md")).unwrap();
    let expected = common::testdata("pr_body/demo.md");
    if std::env::var_os("UNDANGLE_BLESS").is_some() {
        fs::write(&expected, &body).unwrap();
    }
    assert_eq!(body, fs::read_to_string(&expected).unwrap());
    assert!(body.contains("\n---\nMade by `undangle diff --pr-body body.md demo` (undangle "));

    // After the fix there is nothing to describe: no file, and the stale one is gone.
    undangle()
        .args(["fix", "--pr-body", "body.md", "demo"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("body.md")).unwrap(),
        body.replace("undangle diff", "undangle fix")
    );
    undangle()
        .args(["fix", "--pr-body", "body.md", "demo"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    assert!(!dir.path().join("body.md").exists());
}

#[test]
fn stdin_takes_its_settings_from_the_stdin_filename() {
    let dir = tree(&[(
        "proj/pyproject.toml",
        b"[project]\nrequires-python = \">=3.8\"\n[tool.undangle]\nstrategy = \"helper\"\n",
    )]);
    let out = undangle()
        .args(["fix", "--stdin-filename", "proj/m.py"])
        .current_dir(dir.path())
        .write_stdin(DROPPED)
        .output()
        .unwrap();
    let fixed = String::from_utf8(out.stdout).unwrap();
    assert!(
        fixed.contains("_keep_task(asyncio.create_task(work()))"),
        "{fixed}"
    );
    assert!(
        fixed.contains("_background_tasks: \"Set[asyncio.Task[object]]\" = set()"),
        "{fixed}"
    );
    assert!(!dir.path().join("proj/m.py").exists(), "nothing is written");
}

#[test]
fn odd_file_names_get_git_quoted_diff_headers_that_git_apply_follows() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let names: [&[u8]; 6] = [
        b"tab\tname.py",
        b"new\nline.py",
        b"quo\"te.py",
        b"back\\slash.py",
        b"caf\xe9.py",
        "\u{fc}n\u{ef}.py".as_bytes(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let copy = tempfile::tempdir().unwrap();
    for root in [dir.path(), copy.path()] {
        for name in names {
            fs::write(root.join(OsStr::from_bytes(name)), DROPPED).unwrap();
        }
    }
    git(dir.path(), &["init", "-q"]);
    let diff = undangle()
        .arg("diff")
        .current_dir(dir.path())
        .output()
        .unwrap()
        .stdout;
    assert!(
        diff.windows(16).any(|w| w == b"--- \"a/tab\\tname"),
        "{}",
        String::from_utf8_lossy(&diff)
    );
    fs::write(dir.path().join("patch.diff"), &diff).unwrap();
    git(dir.path(), &["apply", "patch.diff"]);
    undangle()
        .arg("fix")
        .current_dir(copy.path())
        .assert()
        .code(0);
    for name in names {
        let name = OsStr::from_bytes(name);
        let applied = fs::read(dir.path().join(name)).unwrap();
        assert_eq!(
            applied,
            fs::read(copy.path().join(name)).unwrap(),
            "{name:?}"
        );
        assert_ne!(applied, DROPPED.as_bytes(), "{name:?} was patched");
    }
}

#[test]
fn ten_thousand_sites_on_one_semicolon_line_are_all_fixed() {
    // Per-site work must not rescan the line: a quadratic planner took minutes here.
    let line = vec!["asyncio.create_task(w())"; 10_000].join("; ");
    let source = format!("import asyncio\n\n\nasync def f():\n    {line}\n");
    let dir = tree(&[("m.py", source.as_bytes())]);
    let out = undangle()
        .args(["fix", "m.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let fixed = fs::read_to_string(dir.path().join("m.py")).unwrap();
    assert_eq!(fixed.matches("_background_tasks.add(task)").count(), 10_000);
    undangle()
        .args(["diff", "m.py"])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout("");
}

/// The shapes of issue 24 on the real binary (prefilter included): `asyncio.Task(coro)` and an
/// imported `Task` are sites, `asyncio.Task` as a type is none, ruff's `# ruff: ignore[RUF006]`
/// silences the next line, and a dropped `run_coroutine_threadsafe` is fixable, its future kept.
#[test]
fn task_class_ruff_ignore_and_threadsafe_runner() {
    let code = "import asyncio\nfrom asyncio import Task as T\n\n\n\
                def typed(t: asyncio.Task[None]) -> set[asyncio.Task[None]]:\n    \
                isinstance(t, asyncio.Task)\n    return {t}\n\n\n\
                async def main(loop, work):\n    asyncio.Task(work())\n    T(work())\n    \
                # ruff: ignore[RUF006]\n    asyncio.Task(work())\n\n\n\
                def submit(loop, work):\n    asyncio.run_coroutine_threadsafe(work(), loop)\n";
    let dir = tree(&[("m.py", code.as_bytes())]);
    let (code_of_exit, findings) = json_findings(dir.path());
    assert_eq!(code_of_exit, Some(1));
    let found: Vec<(u64, &str, bool)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = f["line"].as_u64().unwrap();
            (line, f["callee"].as_str().unwrap(), f["fixable"] == true)
        })
        .collect();
    assert_eq!(
        found,
        [
            (11, "asyncio.Task", true),
            (12, "T", true),
            (18, "asyncio.run_coroutine_threadsafe", true)
        ]
    );
    undangle().arg("fix").arg(dir.path()).assert().success();
    let fixed = fs::read_to_string(dir.path().join("m.py")).unwrap();
    assert!(fixed.contains("    future = asyncio.run_coroutine_threadsafe(work(), loop)\n"));
    assert!(
        fixed.contains("_background_futures: \"set[concurrent.futures.Future[Any]]\" = set()\n")
    );
    assert!(fixed.contains("    # ruff: ignore[RUF006]\n    asyncio.Task(work())\n"));
    let (code_of_exit, _) = json_findings(dir.path());
    assert_eq!(code_of_exit, Some(0), "{fixed}");
}

#[test]
fn an_unusable_settings_file_is_one_error_line_and_no_summary() {
    // The project excludes `vendor`, whose own pyproject.toml is broken: the walk never reads
    // it, and a file named inside it gets the one error line, with no "Fixed 0 ..." after it.
    let dir = tempfile::tempdir().unwrap();
    let code = "import asyncio\n\n\nasync def f():\n    asyncio.create_task(f())\n    await asyncio.sleep(1)\n";
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.undangle]\nexclude = [\"vendor\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.py"), code).unwrap();
    fs::create_dir_all(dir.path().join("vendor/x")).unwrap();
    fs::write(
        dir.path().join("vendor/x/pyproject.toml"),
        "[tool.undangle\n",
    )
    .unwrap();
    fs::write(dir.path().join("vendor/x/b.py"), code).unwrap();

    let walk = undangle()
        .current_dir(dir.path())
        .args(["check", "."])
        .output()
        .unwrap();
    assert_eq!(walk.status.code(), Some(1));
    let stderr = String::from_utf8(walk.stderr).unwrap();
    assert!(!stderr.contains("pyproject"), "{stderr}");

    let named = undangle()
        .current_dir(dir.path())
        .args(["fix", "vendor/x/b.py"])
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(2));
    let stderr = String::from_utf8(named.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("vendor/x/pyproject.toml"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("vendor/x/b.py")).unwrap(),
        code
    );
}

/// The line length is the smallest any of the project's tools asks for: flake8's
/// `max-line-length` in `setup.cfg` (or `.flake8`, `tox.ini`) counts with ruff's and Black's.
#[test]
fn flake8s_line_length_wraps_the_fix() {
    let module = b"import asyncio\n\n\nasync def main():\n    \
asyncio.create_task(some_long_function_name(argument_one, argument_two))\n";
    let dir = tree(&[
        (
            "setup.cfg",
            b"[metadata]\nname = x\n[flake8]\nmax-line-length = 79\n",
        ),
        ("m.py", module),
    ]);
    let diff = stdout_of(undangle().arg("diff").current_dir(dir.path()));
    assert!(
        diff.contains("+    task = asyncio.create_task(\n+        some_long_function_name("),
        "{diff}"
    );
    fs::write(dir.path().join("setup.cfg"), "[metadata]\nname = x\n").unwrap();
    let diff = stdout_of(undangle().arg("diff").current_dir(dir.path()));
    assert!(
        diff.contains(
            "+    task = asyncio.create_task(some_long_function_name(argument_one, argument_two))\n"
        ),
        "{diff}"
    );
}

/// A `[flake8]` section without `max-line-length` holds the project to flake8's own 79, unless
/// it turns E501 off; a `.flake8` alone, with no other settings file, is read too.
#[test]
fn flake8s_default_line_length_holds_where_e501_is_on() {
    let module = b"import asyncio\n\n\nasync def main():\n    \
asyncio.create_task(some_long_function_name(argument_one, argument_two))\n";
    let wrapped = "+    task = asyncio.create_task(\n+        some_long_function_name(";
    let dir = tree(&[(".flake8", b"[flake8]\nbuiltins = _\n"), ("m.py", module)]);
    let diff = stdout_of(undangle().arg("diff").current_dir(dir.path()));
    assert!(diff.contains(wrapped), "{diff}");
    for off in ["extend-ignore = E203, E501", "ignore = E5", "select = F,W"] {
        fs::write(dir.path().join(".flake8"), format!("[flake8]\n{off}\n")).unwrap();
        let diff = stdout_of(undangle().arg("diff").current_dir(dir.path()));
        assert!(!diff.contains(wrapped), "{off}: {diff}");
    }
    // The longer code decides, as in flake8: E501 selected over an ignored E.
    fs::write(
        dir.path().join(".flake8"),
        "[flake8]\nignore = E\nextend-select = E501\n",
    )
    .unwrap();
    let diff = stdout_of(undangle().arg("diff").current_dir(dir.path()));
    assert!(diff.contains(wrapped), "{diff}");
}

/// `--ignore-noqa`, as ruff's flag: the sites a suppression comment silenced are reported by
/// `check`, `diff`, `fix` and `audit`, and the fix takes the now-unused code out of the comment
/// (chia-blockchain's maintainers removed theirs), so that ruff's RUF100 finds nothing stale.
#[test]
fn ignore_noqa_reports_and_fixes_the_silenced_sites() {
    let code = "import asyncio\n\n\nasync def work() -> None:\n    await asyncio.sleep(1)\n\n\n\
                def start() -> None:\n    \
                asyncio.create_task(work())  # noqa: RUF006\n    \
                asyncio.create_task(work())  # noqa: RUF006, X100\n    \
                asyncio.ensure_future(work())  # undangle: ignore\n";
    for strategy in ["inline", "helper", "owner"] {
        let dir = tree(&[("m.py", code.as_bytes())]);
        let run = |args: &[&str]| {
            undangle()
                .args(args)
                .args(["--isolated", "--strategy", strategy, "m.py"])
                .current_dir(dir.path())
                .output()
                .unwrap()
        };
        assert_eq!(run(&["check"]).status.code(), Some(0), "{strategy}");
        assert_eq!(run(&["diff"]).status.code(), Some(0), "{strategy}");
        let audit = String::from_utf8(run(&["audit", "--ignore-noqa"]).stdout).unwrap();
        assert!(audit.contains("| dropped | 3 |"), "{audit}");
        assert!(!audit.contains("silenced"), "{audit}");
        let check = run(&["check", "--ignore-noqa"]);
        assert_eq!(check.status.code(), Some(1), "{strategy}");
        assert_eq!(String::from_utf8_lossy(&check.stdout).lines().count(), 3);
        assert_eq!(run(&["diff", "--ignore-noqa"]).status.code(), Some(1));
        assert_eq!(run(&["fix", "--ignore-noqa"]).status.code(), Some(0));
        let fixed = fs::read_to_string(dir.path().join("m.py")).unwrap();
        assert!(
            !fixed.contains("RUF006") && !fixed.contains("undangle:"),
            "{fixed}"
        );
        assert!(fixed.contains("  # noqa: X100\n"), "{fixed}");
        assert_eq!(run(&["check", "--ignore-noqa"]).status.code(), Some(0));
        let Some(ruff) = common::find_ruff() else {
            continue;
        };
        let lint = Command::new(ruff)
            .args([
                "check",
                "--isolated",
                "--no-cache",
                "--select",
                "RUF100,RUF006",
            ])
            .args(["--config", "lint.external = [\"X100\"]"])
            .args(["--output-format", "concise", "m.py"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            lint.status.success(),
            "{strategy}: {}",
            String::from_utf8_lossy(&lint.stdout)
        );
    }
}
