//! `-` and `--stdin-filename` (editors pipe their buffer in), and `fix --exit-non-zero-on-fix`,
//! on the real binary.

use std::fs;

use crate::common::undangle;
use serde_json::Value;

const DROPPED: &str = "import asyncio\n\n\nasync def main():\n    asyncio.create_task(work())\n";
const CLEAN: &str =
    "import asyncio\n\n\nasync def main():\n    await asyncio.create_task(work())\n";

#[test]
fn check_reads_stdin_and_names_the_stdin_filename() {
    let out = undangle()
        .args(["check", "-", "--stdin-filename", "pkg/jobs.py"])
        .write_stdin(DROPPED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("pkg/jobs.py:5:5: task returned by `asyncio.create_task` is dropped"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");

    // `--stdin-filename` alone implies `-`; JSON names the same path.
    let out = undangle()
        .args([
            "check",
            "--output-format",
            "json",
            "--stdin-filename",
            "a.py",
        ])
        .write_stdin(DROPPED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["path"], "a.py");
    assert_eq!(json[0]["line"], 5);
    assert_eq!(json.as_array().map(Vec::len), Some(1));

    // Without a name the buffer is `-`.
    let out = undangle()
        .args(["check", "-"])
        .write_stdin(DROPPED)
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("-:5:5: ")
    );

    undangle()
        .args(["check", "-"])
        .write_stdin(CLEAN)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn stdin_diff_and_fix_match_the_same_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("pkg")).unwrap();
    let file = dir.path().join("pkg/jobs.py");
    fs::write(&file, DROPPED).unwrap();

    let from_file = undangle()
        .args(["diff", "pkg/jobs.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let from_stdin = undangle()
        .args(["diff", "-", "--stdin-filename", "pkg/jobs.py"])
        .write_stdin(DROPPED)
        .output()
        .unwrap();
    assert_eq!(from_stdin.status.code(), Some(1));
    let diff = String::from_utf8(from_stdin.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/pkg/jobs.py\n+++ b/pkg/jobs.py\n@@ "),
        "{diff}"
    );
    assert_eq!(diff, String::from_utf8(from_file.stdout).unwrap());

    let fixed = undangle()
        .args(["fix", "-", "--stdin-filename", "pkg/jobs.py"])
        .write_stdin(DROPPED)
        .output()
        .unwrap();
    assert_eq!(fixed.status.code(), Some(0));
    undangle()
        .args(["fix", "pkg/jobs.py"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    assert_eq!(fixed.stdout, fs::read(&file).unwrap());
    assert!(
        String::from_utf8(fixed.stdout)
            .unwrap()
            .contains("_background_tasks.add(task)")
    );
    // The file on disk was never touched by the stdin runs: only `fix pkg/jobs.py` changed it.
}

#[test]
fn stdin_fix_gives_back_what_it_cannot_or_need_not_fix_byte_for_byte() {
    let inputs: [&[u8]; 5] = [
        CLEAN.as_bytes(),
        // A syntax error: reported on stderr, the buffer comes back as it was.
        b"import asyncio\ndef f(:\n    asyncio.create_task(work())\n",
        // Not UTF-8.
        b"import asyncio\nasyncio.create_task(w())  # \xff\n",
        // CRLF, a BOM, no final newline, and nothing to do.
        b"\xef\xbb\xbfimport asyncio\r\nx = 1",
        b"",
    ];
    for input in inputs {
        let out = undangle()
            .args(["fix", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(out.stdout, input, "{}", String::from_utf8_lossy(input));
        assert_eq!(out.status.code(), Some(0));
    }
    let out = undangle()
        .args(["fix", "--stdin-filename", "bad.py"])
        .write_stdin(inputs[1])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("undangle: bad.py: 2:"), "{stderr}");
}

#[test]
fn stdin_fix_keeps_crlf_and_bom() {
    let input = format!("\u{feff}{}", DROPPED.replace('\n', "\r\n"));
    let out = undangle()
        .args(["fix", "-"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let fixed = String::from_utf8(out.stdout).unwrap();
    assert!(fixed.starts_with('\u{feff}'));
    assert!(
        fixed.contains("_background_tasks.add(task)\r\n"),
        "{fixed:?}"
    );
    assert!(!fixed.replace("\r\n", "").contains('\n'), "{fixed:?}");
    // A second pass over the output changes nothing.
    let again = undangle()
        .args(["fix", "-"])
        .write_stdin(fixed.clone())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(again.stdout).unwrap(), fixed);
}

#[test]
fn stdin_cannot_be_mixed_with_paths() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.py"), DROPPED).unwrap();
    for args in [
        &["check", "-", "a.py"][..],
        &["fix", "--stdin-filename", "b.py", "a.py"][..],
    ] {
        let out = undangle()
            .args(args)
            .current_dir(dir.path())
            .write_stdin(DROPPED)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8(out.stderr)
                .unwrap()
                .contains("standard input")
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("a.py")).unwrap(),
        DROPPED
    );
}

#[test]
fn exit_non_zero_on_fix() {
    // Standard input: 1 when the buffer changed, 0 when it did not.
    undangle()
        .args(["fix", "--exit-non-zero-on-fix", "-"])
        .write_stdin(DROPPED)
        .assert()
        .code(1);
    undangle()
        .args(["fix", "--exit-non-zero-on-fix", "-"])
        .write_stdin(CLEAN)
        .assert()
        .code(0);

    // Files: the run that rewrites exits 1, the next one (nothing left) 0, as pre-commit needs.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.py"), DROPPED).unwrap();
    fs::write(dir.path().join("b.py"), CLEAN).unwrap();
    for expected in [1, 0] {
        undangle()
            .args(["fix", "--exit-non-zero-on-fix", "a.py", "b.py"])
            .current_dir(dir.path())
            .assert()
            .code(expected);
    }
    assert!(
        fs::read_to_string(dir.path().join("a.py"))
            .unwrap()
            .contains("_background_tasks.add(task)")
    );
    // Without the flag `fix` exits 0 even when it changed files.
    fs::write(dir.path().join("a.py"), DROPPED).unwrap();
    undangle()
        .args(["fix", "a.py"])
        .current_dir(dir.path())
        .assert()
        .code(0);
}
