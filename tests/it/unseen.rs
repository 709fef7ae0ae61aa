//! `scripts/unseen.py`, the harness that joins the findings on pinned repositories with their
//! judgments, as it runs on a new machine: nothing in the cache yet.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Under an XDG_CACHE_HOME that holds nothing (a new machine: no cache virtualenv, no ruff on
/// PATH), `--set` extracts a mirror's commit into `<cache>/undangle/<set>/<owner>+<name>/`, runs
/// ruff and undangle there and prints the judged table; a `--kept` run then reads the outputs
/// from the same paths without running undangle. The harness once looked for ruff only in the
/// cache's virtualenv and then on PATH, and stopped at the first repository.
#[test]
fn a_set_runs_on_an_empty_cache_and_kept_reads_what_it_wrote() {
    let Some(ruff) = common::find_ruff() else {
        return common::skip(
            "unseen::a_set_runs_on_an_empty_cache",
            "ruff",
            "scripts/ruff.sh",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let repo = root.join("mirrors/owner+name/repo");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    fs::write(
        repo.join("app.py"),
        "import asyncio\n\n\nasync def work():\n    await asyncio.sleep(1)\n\n\n\
         async def main():\n    asyncio.create_task(work())\n",
    )
    .unwrap();
    git(&repo, &["add", "app.py"]);
    git(&repo, &["commit", "-q", "-m", "one dropped task"]);
    let commit = git(&repo, &["rev-parse", "HEAD"]);
    let set = root.join("examx");
    fs::create_dir_all(&set).unwrap();
    fs::write(
        set.join("manifest.tsv"),
        format!("repository\tcommit\twhat it is\nowner/name\t{commit}\ta test\n"),
    )
    .unwrap();
    fs::write(
        set.join("judgments.tsv"),
        "repository\tpath\tline\tkind\tverdict\treason\tfixed\n\
         owner/name\tapp.py\t9\tbare\treal\tnothing keeps it\t\n",
    )
    .unwrap();
    let xdg = root.join("cache");
    fs::create_dir_all(&xdg).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/unseen.py");
    let run = |undangle: &Path, extra: &[&str]| {
        let out = Command::new("python3")
            .arg(&script)
            .arg("--set")
            .arg(&set)
            .arg("--mirrors")
            .arg(root.join("mirrors"))
            .arg("--undangle")
            .arg(undangle)
            .args(extra)
            .env("XDG_CACHE_HOME", &xdg)
            .env("UNDANGLE_RUFF", &ruff)
            .output()
            .expect("python3 runs");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stdout}{stderr}");
        stdout
    };
    let first = run(common::bin(), &[]);
    assert!(first.contains("| bare | 1 | 1 | 0 | 100% |"), "{first}");
    assert!(
        first.contains("RUF006 findings that undangle also reports: 1 / 1"),
        "{first}"
    );
    let cache = xdg.join("undangle/examx");
    assert!(cache.join("owner+name/app.py").is_file());
    for kept in ["check", "audit", "ruff"] {
        assert!(
            cache.join(format!("owner+name.{kept}.json")).is_file(),
            "{kept}"
        );
    }
    let kept = run(&root.join("no-undangle-here"), &["--kept"]);
    assert_eq!(kept, first);
}
