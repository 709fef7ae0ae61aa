//! What a maintainer's CI would say of the fixed fixtures, with the real tools: every
//! `testdata/fixtures/<case>/expected.py` against its `input.py`, with the case's own settings.
//!
//! - ruff (`F`, `E402`, `E9`, `PLE`, `I001`): no diagnostic code occurs more often after the fix;
//! - `ruff format --check`: a formatted input stays formatted;
//! - `mypy --strict`: no new error (messages compared with line numbers taken out).
//!
//! Skipped, with a message, when ruff or mypy is missing (`scripts/ruff.sh`, `scripts/mypy.sh`
//! install the pinned ones, and CI does).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{find_mypy, find_ruff, testdata};
use undangle::settings::Settings;

struct Case {
    name: String,
    input: PathBuf,
    expected: PathBuf,
    settings: Settings,
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = fs::read_dir(testdata("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|dir| {
            let pyproject = dir.join("pyproject.toml");
            let settings = fs::read_to_string(&pyproject)
                .map(|text| Settings::from_pyproject(&pyproject, &text).unwrap())
                .unwrap_or_default();
            Case {
                name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                input: dir.join("input.py"),
                expected: dir.join("expected.py"),
                settings,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// ruff's settings for a case, as flags (`--isolated` ignores the fixtures' pyproject files).
fn ruff_flags(settings: &Settings) -> Vec<String> {
    let mut flags = vec![
        "--isolated".to_owned(),
        "--line-length".to_owned(),
        settings.line_length.to_string(),
    ];
    if let Some(lines) = settings.lines_after_imports {
        flags.push("--config".to_owned());
        flags.push(format!("lint.isort.lines-after-imports = {lines}"));
    }
    flags
}

/// Diagnostic codes and how often each occurs.
fn ruff_codes(ruff: &str, file: &Path, settings: &Settings) -> BTreeMap<String, usize> {
    let out = Command::new(ruff)
        .args([
            "check",
            "--no-cache",
            "--exit-zero",
            "--output-format",
            "json",
        ])
        .args(["--select", "F,E402,E9,PLE,I001,E702,E703"])
        .args(ruff_flags(settings))
        .arg(file)
        .output()
        .expect("ruff runs");
    let diagnostics: serde_json::Value = serde_json::from_slice(&out.stdout).expect("ruff JSON");
    let mut codes = BTreeMap::new();
    for d in diagnostics.as_array().expect("an array") {
        let code = d["code"].as_str().unwrap_or("syntax-error").to_owned();
        *codes.entry(code).or_default() += 1;
    }
    codes
}

fn formatted(ruff: &str, file: &Path, settings: &Settings) -> bool {
    Command::new(ruff)
        .args(["format", "--check", "--no-cache"])
        .args(ruff_flags(settings))
        .arg(file)
        .output()
        .expect("ruff runs")
        .status
        .success()
}

#[test]
fn fixed_fixtures_pass_ruff_and_ruff_format() {
    let Some(ruff) = find_ruff() else {
        eprintln!("SKIPPED lint-clean test: ruff not found (install it with scripts/ruff.sh)");
        return;
    };
    let mut failures = Vec::new();
    let mut formatted_inputs = 0;
    for case in cases() {
        let before = ruff_codes(&ruff, &case.input, &case.settings);
        if before.contains_key("E702") || before.contains_key("E703") {
            // `a; b` chains: not what a lint-clean project has, and the fix splits them.
            eprintln!("{}: a `;` chain, not compared", case.name);
            continue;
        }
        let after = ruff_codes(&ruff, &case.expected, &case.settings);
        for (code, count) in &after {
            let was = before.get(code).copied().unwrap_or(0);
            if *count > was {
                failures.push(format!("{}: {code} {was} → {count}", case.name));
            }
        }
        if formatted(&ruff, &case.input, &case.settings) {
            formatted_inputs += 1;
            if !formatted(&ruff, &case.expected, &case.settings) {
                failures.push(format!("{}: `ruff format` rejects the fix", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        formatted_inputs >= 30,
        "too few formatted inputs: {formatted_inputs}"
    );
}

/// `mypy --strict` messages per file, line numbers left out (the fix moves lines).
fn mypy_messages(mypy: &str, dir: &Path) -> BTreeMap<String, BTreeMap<String, usize>> {
    let out = Command::new(mypy)
        .args([
            "--strict",
            "--ignore-missing-imports",
            "--follow-imports=silent",
        ])
        .args([
            "--no-incremental",
            "--no-error-summary",
            "--hide-error-context",
        ])
        .args(["--show-error-codes", "--explicit-package-bases"])
        // The newest Python: syntax of the newest targets (PEP 695) must be understood.
        .args(["--python-version", "3.13", "."])
        .current_dir(dir)
        .output()
        .expect("mypy runs");
    let mut by_file: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(file), Some(_line), Some(message)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        // The same message in both copies: `before.case.m` and `after.case.m` name one module.
        let message = message.replace("\"before.", "\"").replace("\"after.", "\"");
        let message: String = message
            .split_whitespace()
            .map(|w| {
                if w.chars().all(|c| c.is_ascii_digit()) {
                    "N"
                } else {
                    w
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        *by_file
            .entry(file.to_owned())
            .or_default()
            .entry(message)
            .or_default() += 1;
    }
    by_file
}

#[test]
fn fixed_fixtures_add_no_mypy_strict_error() {
    let Some(mypy) = find_mypy() else {
        eprintln!("SKIPPED mypy test: mypy not found (install it with scripts/mypy.sh)");
        return;
    };
    // One run over every case: each case is a package of its own, before and after.
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    for case in &cases {
        for (side, file) in [("before", &case.input), ("after", &case.expected)] {
            let package = dir.path().join(side).join(&case.name);
            fs::create_dir_all(&package).unwrap();
            fs::write(package.join("__init__.py"), "").unwrap();
            fs::copy(file, package.join("m.py")).unwrap();
        }
    }
    let messages = mypy_messages(&mypy, dir.path());
    let empty = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        let before = messages
            .get(&format!("before/{}/m.py", case.name))
            .unwrap_or(&empty);
        let after = messages
            .get(&format!("after/{}/m.py", case.name))
            .unwrap_or(&empty);
        for (message, count) in after {
            if count > before.get(message).unwrap_or(&0) {
                failures.push(format!("{}: {message}", case.name));
            }
        }
    }
    assert!(
        !messages.is_empty(),
        "mypy reported nothing at all: is it working?"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
