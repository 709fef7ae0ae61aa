//! What a maintainer's CI would say of the fixed fixtures, with the real tools: every
//! `testdata/fixtures/<case>/expected.py` against its `input.py`, with the case's own settings.
//!
//! - ruff (`F`, `E402`, `E501`, `E9`, `PLE`, `I001`, `RUF100`, `Q000` where the case sets a quote,
//!   `COM812` where its ruff checks it): no
//!   diagnostic code occurs more often after the fix;
//! - `ruff format --check`: a formatted input stays formatted;
//! - `mypy --strict`: no new error (messages compared with line numbers taken out);
//! - pyright in strict mode, each case under its minimum Python: no new diagnostic, except that
//!   untyped input code keeps its `reportUnknown*` kind (a name the fix gives a task of unknown
//!   type restates what the input left unknown). The fully typed case, fixed under every
//!   strategy, must gain no diagnostic at all, nor a `mypy --strict` error.
//!
//! Skipped (`common::skip`) when ruff, mypy or pyright is missing (`scripts/ruff.sh`,
//! `scripts/mypy.sh` and `scripts/pyright.sh` install the pinned ones, and CI does).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{self, find_mypy, find_pyright, find_ruff, testdata, undangle};
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
            // Its `pyproject.toml` and isort's INI files, as undangle reads them.
            let settings = Settings::from_folder(&dir).unwrap();
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
    // The case's isort settings, which decide where its imports belong (I001).
    let order = &settings.import_order;
    let lists = [
        ("extra-standard-library", &order.extra_standard_library),
        ("known-first-party", &order.known_first_party),
        ("known-third-party", &order.known_third_party),
        ("known-local-folder", &order.known_local_folder),
        ("single-line-exclusions", &order.single_line_exclusions),
    ];
    for (key, list) in lists.into_iter().filter(|(_, list)| !list.is_empty()) {
        flags.push("--config".to_owned());
        flags.push(format!("lint.isort.{key} = {list:?}"));
    }
    for (key, on) in [
        (
            "force-sort-within-sections",
            order.force_sort_within_sections,
        ),
        ("force-single-line", order.force_single_line),
    ] {
        if on {
            flags.push("--config".to_owned());
            flags.push(format!("lint.isort.{key} = true"));
        }
    }
    // A case whose ruff checks TC003 is checked for it, with its exempt modules.
    if let Some(exempt) = &settings.type_checking_exempt {
        flags.extend([
            "--extend-select".to_owned(),
            "TC".to_owned(),
            "--config".to_owned(),
            format!("lint.flake8-type-checking.exempt-modules = {exempt:?}"),
            "--config".to_owned(),
            format!(
                "lint.flake8-type-checking.strict = {}",
                settings.type_checking_strict
            ),
        ]);
    }
    // A case whose ruff checks COM812 is checked for it (`ruff check --fix` adds the comma
    // that the formatter, at the case's length, keeps).
    if settings.trailing_comma_rule {
        flags.extend(["--extend-select".to_owned(), "COM812".to_owned()]);
    }
    // A case whose ruff checks UP047 at 3.12 is checked for it there (its `noqa` is used).
    if settings.generic_function_rule {
        flags.extend(["--extend-select", "UP047", "--target-version", "py312"].map(str::to_owned));
    }
    // A case that sets a quote is checked by flake8-quotes and the formatter with it.
    if let Some(quote) = settings.quote {
        let style = if quote == '\'' { "single" } else { "double" };
        flags.extend([
            "--config".to_owned(),
            format!("format.quote-style = \"{style}\""),
            "--config".to_owned(),
            format!("lint.flake8-quotes.inline-quotes = \"{style}\""),
            "--extend-select".to_owned(),
            "Q000".to_owned(),
        ]);
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
        .args(["--select", "F,E402,E501,E9,PLE,I001,E702,E703,RUF100"])
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
        common::skip(
            "lint_clean::fixed_fixtures_pass_ruff_and_ruff_format",
            "ruff not found",
            "scripts/ruff.sh",
        );
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
        // Projects that silence an unused task do so for this code: a comment the fix makes
        // stale must show as a new error.
        .args(["--enable-error-code", "unused-awaitable"])
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
        // The project's own error at a task call of an `Awaitable` (see
        // `plan/awaitable_callee.rs`) names the result type mypy could not infer (`Never`), or
        // the one the fix's annotation of the task's or future's local gives (`object`, or
        // `Any`, the last type argument, where the file imports it): one error.
        let task_call = message.contains("to \"create_task\"")
            || message.contains("to \"run_coroutine_threadsafe\"");
        let message: String = message
            .split_whitespace()
            .map(|w| {
                if w.chars().all(|c| c.is_ascii_digit()) {
                    "N"
                } else if task_call
                    && (w.contains("Never") || w.contains("object") || w.starts_with("Any]"))
                {
                    "T"
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
        common::skip(
            "lint_clean::fixed_fixtures_add_no_mypy_strict_error",
            "mypy not found",
            "scripts/mypy.sh",
        );
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

/// pyright's strict diagnostics per file, as `rule: message` with numbers left out, for packages
/// below `dir`; `versions` gives each package folder (relative to `dir`) its Python version.
fn pyright_messages(
    pyright: &str,
    dir: &Path,
    versions: &[(String, String)],
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let environments: Vec<serde_json::Value> = versions
        .iter()
        .map(|(root, version)| serde_json::json!({"root": root, "pythonVersion": version}))
        .collect();
    let config = serde_json::json!({
        "typeCheckingMode": "strict",
        "pythonVersion": "3.13",
        "reportMissingImports": false,
        "reportMissingModuleSource": false,
        "executionEnvironments": environments,
    });
    fs::write(dir.join("pyrightconfig.json"), config.to_string()).unwrap();
    let out = Command::new(pyright)
        .arg("--outputjson")
        .current_dir(dir)
        .output()
        .expect("pyright runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("pyright JSON");
    let root = dir.canonicalize().unwrap();
    let mut by_file: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for d in report["generalDiagnostics"]
        .as_array()
        .expect("diagnostics")
    {
        let file = Path::new(d["file"].as_str().unwrap_or_default());
        let file = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        let message = format!(
            "{}: {}",
            d["rule"].as_str().unwrap_or("error"),
            d["message"].as_str().unwrap_or_default()
        );
        let message: String = message
            .replace("\"before.", "\"")
            .replace("\"after.", "\"")
            .chars()
            .map(|c| if c.is_ascii_digit() { 'N' } else { c })
            .collect();
        *by_file.entry(file).or_default().entry(message).or_default() += 1;
    }
    by_file
}

fn python_version(settings: &Settings) -> String {
    format!("{}.{}", settings.min_python.0, settings.min_python.1)
}

/// Messages `after` has more often than `before`.
fn new_messages(
    before: Option<&BTreeMap<String, usize>>,
    after: Option<&BTreeMap<String, usize>>,
) -> Vec<String> {
    let empty = BTreeMap::new();
    let (before, after) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    after
        .iter()
        .filter(|(message, count)| **count > before.get(*message).copied().unwrap_or(0))
        .map(|(message, _)| message.clone())
        .collect()
}

#[test]
fn fixed_fixtures_add_no_pyright_strict_error() {
    let Some(pyright) = find_pyright() else {
        common::skip(
            "lint_clean::fixed_fixtures_add_no_pyright_strict_error",
            "pyright not found",
            "scripts/pyright.sh",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    let mut versions = Vec::new();
    for case in &cases {
        for (side, file) in [("before", &case.input), ("after", &case.expected)] {
            let package = dir.path().join(side).join(&case.name);
            fs::create_dir_all(&package).unwrap();
            fs::write(package.join("__init__.py"), "").unwrap();
            fs::copy(file, package.join("m.py")).unwrap();
            versions.push((
                format!("{side}/{}", case.name),
                python_version(&case.settings),
            ));
        }
    }
    let messages = pyright_messages(&pyright, dir.path(), &versions);
    assert!(
        !messages.is_empty(),
        "pyright reported nothing: is it working?"
    );
    let mut failures = Vec::new();
    for case in &cases {
        let file = |side: &str| format!("{side}/{}/m.py", case.name);
        for message in new_messages(messages.get(&file("before")), messages.get(&file("after"))) {
            // Untyped input: the task the fix names has a type the input left unknown.
            if !message.starts_with("reportUnknown") {
                failures.push(format!("{}: {message}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn typed_module_stays_strict_clean_under_every_strategy() {
    let (Some(pyright), Some(mypy)) = (find_pyright(), find_mypy()) else {
        common::skip(
            "lint_clean::typed_module_stays_strict_clean_under_every_strategy",
            "pyright or mypy not found",
            "scripts/pyright.sh; scripts/mypy.sh",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = testdata("fixtures/typed_strict/input.py");
    let strategies = ["inline", "helper", "owner"];
    let mut versions = Vec::new();
    for strategy in strategies {
        for side in ["before", "after"] {
            let package = dir.path().join(side).join(strategy);
            fs::create_dir_all(&package).unwrap();
            fs::write(package.join("__init__.py"), "").unwrap();
            fs::copy(&input, package.join("m.py")).unwrap();
            versions.push((format!("{side}/{strategy}"), "3.9".to_owned()));
        }
        undangle()
            .args(["fix", "--quiet", "--strategy", strategy])
            .arg(dir.path().join("after").join(strategy))
            .assert()
            .success();
        let fixed =
            fs::read_to_string(dir.path().join("after").join(strategy).join("m.py")).unwrap();
        // `helper` keeps everything through the package's helper, its concurrent futures too.
        assert!(
            fixed.contains(".discard") || fixed.contains("keep_task("),
            "{strategy} fixed nothing:\n{fixed}"
        );
    }
    let pyright_found = pyright_messages(&pyright, dir.path(), &versions);
    let mypy_found = mypy_messages(&mypy, dir.path());
    let mut failures = Vec::new();
    for strategy in strategies {
        let file = |side: &str| format!("{side}/{strategy}/m.py");
        for (tool, found) in [("pyright", &pyright_found), ("mypy", &mypy_found)] {
            for message in new_messages(found.get(&file("before")), found.get(&file("after"))) {
                failures.push(format!("{strategy}: {tool}: {message}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// isort looks for its settings from the file's folder upwards, up to a repository's root: a
/// project whose own folder has none takes those of a folder above it (`force_single_line` in
/// the repository's `.isort.cfg`), and an `.editorconfig` with a `[*]` section stops the search
/// where it is. The fix's new import is where the real isort leaves it, as in the fixture of
/// isort's `force_alphabetical_sort`.
#[test]
fn isort_settings_are_found_as_isort_finds_them() {
    let Some(isort) = common::find_isort() else {
        common::skip(
            "lint_clean::isort_settings_are_found_as_isort_finds_them",
            "isort",
            "scripts/isort.sh",
        );
        return;
    };
    let module = "import asyncio\nfrom typing import Any\n\n\nasync def work() -> Any:\n    \
                  await asyncio.sleep(1)\n\n\nasync def main() -> None:\n    \
                  asyncio.create_task(work())\n";
    // (a file beside the project's own settings, the import the fix writes)
    let layouts: [(&[(&str, &str)], &str); 3] = [
        (&[], "from typing import Any\nfrom typing import TypeVar\n"),
        (
            &[(
                "sub/.editorconfig",
                "root = true\n[*]\nindent_style = space\n",
            )],
            "from typing import Any, TypeVar\n",
        ),
        (
            &[("sub/setup.cfg", "[isort]\nknown_first_party = sub\n")],
            "from typing import Any, TypeVar\n",
        ),
    ];
    for (extra, expected) in layouts {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(
            root.join(".isort.cfg"),
            "[settings]\nforce_single_line = true\n",
        )
        .unwrap();
        let pyproject = "[project]\nname = \"sub\"\nrequires-python = \">=3.9\"\n";
        fs::write(root.join("sub/pyproject.toml"), pyproject).unwrap();
        fs::write(root.join("sub/m.py"), module).unwrap();
        for (name, text) in extra {
            fs::write(root.join(name), text).unwrap();
        }
        undangle()
            .args(["fix", "--strategy", "helper", "sub"])
            .current_dir(root)
            .assert()
            .success();
        let fixed = fs::read_to_string(root.join("sub/m.py")).unwrap();
        assert!(fixed.contains(expected), "{extra:?}: {fixed}");
        let check = std::process::Command::new(&isort)
            .args(["--check-only", "--diff", "m.py"])
            .current_dir(root.join("sub"))
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{extra:?}: isort would change the fix:\n{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    // isort's own modes and orders (`force_alphabetical_sort`; `from_first`, `force_to_top`,
    // `lines_between_types` and `length_sort`, read from `pyproject.toml` and `setup.cfg`): isort itself
    // leaves the fix.
    for fixture in [
        "isort_cfg_force_alphabetical_sort",
        "pyproject_isort_from_first_force_to_top",
        "setup_cfg_isort_from_first",
        "setup_cfg_isort_lines_between_types",
        // `length_sort` with `force_sort_within_sections`: a merged name and a new line go
        // where their length puts them.
        "pyproject_isort_length_sort",
        "setup_cfg_isort_length_sort",
    ] {
        let case = testdata(&format!("fixtures/{fixture}"));
        let check = std::process::Command::new(&isort)
            .args(["--check-only", "--diff", "expected.py"])
            .current_dir(&case)
            .output()
            .unwrap();
        let diff = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.status.success(),
            "{fixture}: isort would change the fix:\n{diff}"
        );
    }
}
