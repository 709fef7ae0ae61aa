//! The pre-commit hooks, run by pre-commit itself (`pre-commit try-repo` on this checkout) in a
//! scratch git repository: `undangle-check` fails and names the finding, `undangle-fix` rewrites
//! the file and fails the commit, and a second run passes. Skipped (`common::skip`) when
//! pre-commit is missing (`scripts/maturin.sh` installs it with maturin).

use std::path::Path;
use std::process::{Command, Output};

use crate::common;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn hooks_check_then_fix_then_pass() {
    let Some(tools) = common::python_tools("pre-commit") else {
        common::skip(
            "precommit::hooks_check_then_fix_then_pass",
            "pre-commit is not installed",
            "scripts/maturin.sh",
        );
        return;
    };
    // Before the build below replaces the target folder's `undangle`: the binary under test
    // for the other tests, running meanwhile in this process (`common::bin`).
    common::bin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cache = tools.parent().unwrap().parent().unwrap().join("pre-commit");
    let _turn = common::wheel_build_turn();
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    let source = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
    std::fs::write(repo.path().join("app.py"), source).unwrap();
    git(repo.path(), &["add", "app.py"]);

    let try_repo = |hook: &str| -> Output {
        Command::new(tools.join("pre-commit"))
            .arg("try-repo")
            .arg(root)
            .args([hook, "--all-files", "--color", "never"])
            .current_dir(repo.path())
            // pip builds undangle with maturin: the dev profile, into the tests' own target
            // folder, so the dependencies `cargo test` built are reused.
            .env("PRE_COMMIT_HOME", &cache)
            .env("MATURIN_PEP517_ARGS", "--profile dev")
            .env("CARGO_TARGET_DIR", root.join("target"))
            .output()
            .unwrap()
    };
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();

    let checked = try_repo("undangle-check");
    assert!(!checked.status.success(), "{}", text(&checked));
    assert!(
        text(&checked).contains("app.py:5:5: task returned by `asyncio.create_task` is dropped"),
        "{}",
        text(&checked)
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("app.py")).unwrap(),
        source
    );

    let fixed = try_repo("undangle-fix");
    assert!(
        !fixed.status.success(),
        "the fix hook fails the commit: {}",
        text(&fixed)
    );
    let after = std::fs::read_to_string(repo.path().join("app.py")).unwrap();
    assert!(after.contains("_background_tasks.add(task)"), "{after}");

    git(repo.path(), &["add", "app.py"]);
    for hook in ["undangle-fix", "undangle-check"] {
        let again = try_repo(hook);
        assert!(
            again.status.success(),
            "{hook} passes once fixed: {}",
            text(&again)
        );
    }
    assert_eq!(
        std::fs::read_to_string(repo.path().join("app.py")).unwrap(),
        after
    );
}
