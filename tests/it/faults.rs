//! Faults during `fix`, on the real binary: concurrent runs, kills, a full disk, ownership and
//! hard links. Every file must end as the original or as the complete fix, never in between,
//! and no temporary file may outlive the run that made it (or the next run, after SIGKILL).

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{self, undangle};

const DROPPED: &str = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";

/// `count` files with a dropped task each, padded so that a run takes a while.
fn tree(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let padding = "\n\ndef helper(x):\n    return [y for y in range(x)]\n".repeat(200);
    for i in 0..count {
        let sub = dir.path().join(format!("pkg{}", i % 10));
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join(format!("m{i}.py")), format!("{DROPPED}{padding}")).unwrap();
    }
    dir
}

fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".undangle-"))
        .collect()
}

/// The text `fix` writes for one of `tree`'s files.
fn fixed_text(dir: &Path) -> String {
    let probe = tempfile::tempdir().unwrap();
    let file = python_files(dir)[0].clone();
    fs::copy(&file, probe.path().join("m.py")).unwrap();
    undangle().arg("fix").arg(probe.path()).assert().code(0);
    fs::read_to_string(probe.path().join("m.py")).unwrap()
}

/// "Fixed N dropped tasks in M files." → M.
fn files_fixed(stderr: &[u8]) -> usize {
    let stderr = String::from_utf8_lossy(stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Fixed"))
        .unwrap_or("");
    line.split(" in ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn two_concurrent_runs_fix_each_file_exactly_once() {
    let dir = tree(300);
    let original = fs::read_to_string(&python_files(dir.path())[0]).unwrap();
    let fixed = fixed_text(dir.path());
    let spawn = || {
        Command::new(common::bin())
            .arg("fix")
            .arg(dir.path())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for file in python_files(dir.path()) {
        let text = fs::read_to_string(&file).unwrap();
        assert_eq!(text, fixed, "{}: fixed once, never twice", file.display());
    }
    assert_ne!(original, fixed);
    // Each file counted by the one run that wrote it.
    assert_eq!(files_fixed(&a.stderr) + files_fixed(&b.stderr), 300);
    assert!(temporaries(dir.path()).is_empty());
}

/// Starts a `fix` of a large tree and sends `signal` once it has begun writing.
fn interrupted_fix(signal: &str) -> (tempfile::TempDir, String, String) {
    let dir = tree(800);
    let original = fs::read_to_string(&python_files(dir.path())[0]).unwrap();
    let fixed = fixed_text(dir.path());
    let mut child = Command::new(common::bin())
        .args(["fix", "--threads", "2"])
        .arg(dir.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first written file, then strike.
    let files = python_files(dir.path());
    for _ in 0..2000 {
        if files
            .iter()
            .any(|f| fs::read_to_string(f).is_ok_and(|t| t == fixed))
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait().unwrap();
    (dir, original, fixed)
}

#[test]
fn kill_9_leaves_every_file_whole_and_the_next_run_cleans_up() {
    let (dir, original, fixed) = interrupted_fix("-9");
    let mut done = 0;
    for file in python_files(dir.path()) {
        let text = fs::read_to_string(&file).unwrap();
        assert!(text == original || text == fixed, "{}", file.display());
        done += usize::from(text == fixed);
    }
    assert!(done > 0);
    undangle().arg("fix").arg(dir.path()).assert().code(0);
    for file in python_files(dir.path()) {
        assert_eq!(fs::read_to_string(&file).unwrap(), fixed);
    }
    assert_eq!(temporaries(dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn sigterm_and_sigint_leave_no_temporary_file() {
    for signal in ["-TERM", "-INT"] {
        let (dir, original, fixed) = interrupted_fix(signal);
        for file in python_files(dir.path()) {
            let text = fs::read_to_string(&file).unwrap();
            assert!(text == original || text == fixed, "{}", file.display());
        }
        assert_eq!(temporaries(dir.path()), Vec::<PathBuf>::new(), "{signal}");
    }
}

#[test]
fn owner_group_and_mode_are_kept_and_hard_links_refused() {
    let dir = tempfile::tempdir().unwrap();
    let owned = dir.path().join("owned.py");
    fs::write(&owned, DROPPED).unwrap();
    fs::set_permissions(&owned, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();
    let running_as_root = fs::metadata("/proc/self").unwrap().uid() == 0;
    if running_as_root {
        std::os::unix::fs::chown(&owned, Some(4321), Some(4322)).unwrap();
    }
    let linked = dir.path().join("linked.py");
    fs::write(&linked, DROPPED).unwrap();
    fs::hard_link(&linked, dir.path().join("other_name.txt")).unwrap();

    let out = undangle().arg("fix").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("linked.py: has 2 hard links"), "{stderr}");
    assert_eq!(fs::read_to_string(&linked).unwrap(), DROPPED);

    let meta = fs::metadata(&owned).unwrap();
    assert!(
        fs::read_to_string(&owned)
            .unwrap()
            .contains("_background_tasks.add")
    );
    assert_eq!(meta.mode() & 0o777, 0o640);
    if running_as_root {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
    } else {
        eprintln!("not root: ownership of another user's file not exercised");
    }
}

#[test]
fn a_full_disk_leaves_the_original_intact() {
    let mount = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(mount.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        common::skip(
            "faults::a_full_disk_leaves_the_original_intact",
            "cannot mount a tmpfs here",
            "run the tests as root (`mount -t tmpfs` must work)",
        );
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let file = mount.path().join("big.py");
        let padding = format!("# {}\n", "x".repeat(70)).repeat(500);
        let text = format!("{DROPPED}{padding}");
        fs::write(&file, &text).unwrap();
        // Fill what is left, so that the fixed copy cannot be written.
        let filler = mount.path().join("filler");
        let mut size = 64 * 1024;
        while size > 0 {
            if fs::write(&filler, vec![b'x'; size]).is_ok() {
                break;
            }
            size /= 2;
        }
        let out = undangle().arg("fix").arg(&file).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("big.py: cannot write"), "{stderr}");
        assert_eq!(fs::read_to_string(&file).unwrap(), text);
        assert!(temporaries(mount.path()).is_empty());
    });
    let _ = Command::new("umount").arg(mount.path()).status();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
