//! Jupyter notebooks: check reports cells as ruff does, and fix, diff and audit change only the
//! code cells' sources (testdata/notebooks/<case>/input.ipynb and expected.ipynb).

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{self, testdata, undangle};

const CASES: &[&str] = &["jupyter", "vscode"];

/// A temporary folder holding every case's input as `<case>.ipynb`.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for case in CASES {
        let input = testdata(&format!("notebooks/{case}/input.ipynb"));
        fs::copy(input, dir.path().join(format!("{case}.ipynb"))).unwrap();
    }
    dir
}

fn expected(case: &str) -> Vec<u8> {
    fs::read(testdata(&format!("notebooks/{case}/expected.ipynb"))).unwrap()
}

/// The notebook without its cells' sources: what a fix must leave alone.
fn without_sources(bytes: &[u8]) -> Value {
    let mut notebook: Value = serde_json::from_slice(bytes).unwrap();
    for cell in notebook["cells"].as_array_mut().unwrap() {
        cell.as_object_mut().unwrap().remove("source");
    }
    notebook
}

#[test]
fn check_reports_cells_as_ruff_counts_them() {
    let dir = inputs();
    let out = undangle()
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let positions: Vec<&str> = text
        .lines()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        positions,
        [
            "jupyter.ipynb:cell 3:7:5",
            "jupyter.ipynb:cell 6:3:1",
            "vscode.ipynb:cell 1:6:1",
            "vscode.ipynb:cell 3:1:1",
        ]
    );
    let json = undangle()
        .args(["check", "--output-format", "json", "jupyter.ipynb"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(findings[0]["cell"], 3);
    assert_eq!(findings[0]["line"], 7);
    assert_eq!(findings[1]["cell"], 6);
}

#[test]
fn check_agrees_with_ruff_on_cells() {
    let Some(ruff) = common::ruff_or_skip("notebooks::check_agrees_with_ruff_on_cells") else {
        return;
    };
    let dir = inputs();
    let out = Command::new(ruff)
        .args([
            "check",
            "--isolated",
            "--select",
            "RUF006",
            "--output-format",
            "concise",
        ])
        .args(["--no-cache", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // ruff sees the create_task calls (not ensure_future) at the same cells and lines.
    assert!(text.contains("jupyter.ipynb:cell 3:7:5:"), "{text}");
    assert!(text.contains("jupyter.ipynb:cell 6:3:1:"), "{text}");
    assert!(text.contains("vscode.ipynb:cell 3:1:1:"), "{text}");
}

#[test]
fn fix_changes_only_sources_and_is_idempotent() {
    let dir = inputs();
    undangle()
        .arg("fix")
        .current_dir(dir.path())
        .assert()
        .code(0);
    for case in CASES {
        let path = dir.path().join(format!("{case}.ipynb"));
        let fixed = fs::read(&path).unwrap();
        assert_eq!(fixed, expected(case), "{case}");
        let input = fs::read(testdata(&format!("notebooks/{case}/input.ipynb"))).unwrap();
        assert_ne!(fixed, input, "{case}");
        assert_eq!(without_sources(&fixed), without_sources(&input), "{case}");
    }
    undangle()
        .arg("fix")
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stderr("Fixed 0 dropped tasks in 0 files.\n");
    for case in CASES {
        let again = fs::read(dir.path().join(format!("{case}.ipynb"))).unwrap();
        assert_eq!(again, expected(case), "{case}");
    }
}

#[test]
fn fixed_notebooks_are_clean_for_ruff() {
    let Some(ruff) = common::ruff_or_skip("notebooks::fixed_notebooks_are_clean_for_ruff") else {
        return;
    };
    for case in CASES {
        let expected = testdata(&format!("notebooks/{case}/expected.ipynb"));
        let out = Command::new(&ruff)
            .args(["check", "--isolated", "--select", "RUF006", "--no-cache"])
            .arg(&expected)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn git_apply_of_the_diff_gives_what_fix_writes() {
    let dir = inputs();
    let diff = undangle()
        .arg("diff")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let patch = dir.path().join("undangle.patch");
    fs::write(&patch, &diff.stdout).unwrap();
    let applied = Command::new("git")
        .args(["apply", "undangle.patch"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(applied.success(), "git apply rejected the diff");
    for case in CASES {
        let patched = fs::read(dir.path().join(format!("{case}.ipynb"))).unwrap();
        assert_eq!(patched, expected(case), "{case}");
    }
}

#[test]
fn audit_names_cells() {
    let dir = inputs();
    let out = undangle()
        .args(["audit", "--output-format", "json", "jupyter.ipynb"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let sites: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cells: Vec<(u64, u64)> = sites
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["cell"].as_u64().unwrap(), s["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(cells, [(3, 7), (6, 3)]);
}

#[test]
fn unchanged_and_malformed_notebooks_keep_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let clean = testdata("notebooks/vscode/expected.ipynb");
    let files: [(&str, &[u8]); 4] = [
        ("clean.ipynb", &fs::read(clean).unwrap()),
        ("bad.ipynb", b"{\"cells\": ["),
        ("nocells.ipynb", b"{\"metadata\": {}}\n"),
        ("a.py", b"import asyncio\nasyncio.create_task(f())\n"),
    ];
    for (name, bytes) in &files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = undangle()
        .arg("fix")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bad.ipynb: not a notebook"), "{stderr}");
    assert!(stderr.contains("nocells.ipynb: not a notebook"), "{stderr}");
    assert!(
        stderr.contains("Fixed 1 dropped task in 1 file"),
        "{stderr}"
    );
    for (name, bytes) in &files[..3] {
        assert_eq!(fs::read(dir.path().join(name)).unwrap(), *bytes, "{name}");
    }
    assert!(Path::new(&dir.path().join("a.py")).exists());
}

#[test]
fn fixed_notebooks_run_top_to_bottom() {
    let Some(python) = common::pyenv_python(None) else {
        common::skip(
            "notebooks::fixed_notebooks_run_top_to_bottom",
            "a pyenv Python 3",
            "pyenv install 3.12",
        );
        return;
    };
    let out = Command::new(&python)
        .arg(testdata("notebooks/run.py"))
        .arg(testdata("notebooks/jupyter/expected.ipynb"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // fetch(3) is in a `%%bash` cell and fetch(4) behind a `%time` magic: neither runs.
    assert_eq!(stdout, "fetched 0\nfetched 1\nfetched 5\n");
    let vscode = Command::new(&python)
        .arg(testdata("notebooks/run.py"))
        .arg(testdata("notebooks/vscode/expected.ipynb"))
        .output()
        .unwrap();
    assert!(
        vscode.status.success(),
        "{}",
        String::from_utf8_lossy(&vscode.stderr)
    );
}
