//! Helpers shared by the integration tests, which run the real `undangle` binary.

pub mod lsp;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Called where a test (or a part of one) cannot run because `missing` is not here; `install`
/// is the command that installs it (`scripts/test.sh` runs them all before the tests).
///
/// With `CI=true` this fails the test: CI installs every peer, so a missing one is a broken
/// set-up, not a skip. Elsewhere the test goes on as before (returns, or leaves out its part),
/// and the skip is recorded, one tab-separated line (test, what is missing, the command), in
/// `$UNDANGLE_SKIPPED`, else `undangle-skipped.txt` in the target folder: `scripts/test.sh`
/// clears that file before the run and lists its lines after it.
pub fn skip(test: &str, missing: &str, install: &str) {
    if std::env::var("CI").is_ok_and(|ci| ci.eq_ignore_ascii_case("true") || ci == "1") {
        panic!("{test}: {missing}; with CI=true no test may skip. Install it with: {install}");
    }
    eprintln!("SKIPPED {test}: {missing} (install it with: {install})");
    let one_line = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let line = format!(
        "{}\t{}\t{}\n",
        one_line(test),
        one_line(missing),
        one_line(install)
    );
    let file = skipped_file();
    // One `write` with O_APPEND: lines from tests running at once do not interleave.
    fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .and_then(|mut f| f.write_all(line.as_bytes()))
        .unwrap_or_else(|e| panic!("cannot record the skip in {}: {e}", file.display()));
}

/// Where `skip` records: `$UNDANGLE_SKIPPED` (set by `scripts/test.sh`), else
/// `undangle-skipped.txt` in the target folder that holds the binary under test.
fn skipped_file() -> PathBuf {
    std::env::var_os("UNDANGLE_SKIPPED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let binary = Path::new(env!("CARGO_BIN_EXE_undangle"));
            // <target>/<profile>/undangle
            let target = binary.parent().and_then(Path::parent).unwrap();
            target.join("undangle-skipped.txt")
        })
}

pub fn undangle() -> assert_cmd::Command {
    assert_cmd::Command::new(bin())
}

/// The `undangle` under test: a hard link (a copy where links fail) to the one cargo built for
/// the tests, made on first use. Not `CARGO_BIN_EXE_undangle` itself: the packaging and
/// pre-commit tests build the wheel into the same target folder, and cargo then replaces that
/// file (removes it, links its new build in) while the other tests of this process run it.
/// The link is named `undangle` (clap takes the program's name from it), in a folder per
/// process; the folders of processes that have ended are removed here.
pub fn bin() -> &'static Path {
    static PINNED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PINNED.get_or_init(|| {
        let built = Path::new(env!("CARGO_BIN_EXE_undangle"));
        let pins = built.parent().unwrap().join("undangle-under-test");
        for entry in fs::read_dir(&pins).into_iter().flatten().flatten() {
            let ended = entry
                .file_name()
                .to_str()
                .and_then(|name| name.parse::<u32>().ok())
                .is_some_and(|pid| !Path::new("/proc").join(pid.to_string()).exists());
            if ended {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let folder = pins.join(std::process::id().to_string());
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).unwrap();
        let pinned = folder.join("undangle");
        if fs::hard_link(built, &pinned).is_err() {
            fs::copy(built, &pinned).unwrap();
        }
        pinned
    })
}

/// Compares `actual` with the committed file at `path`, or rewrites it under
/// `UNDANGLE_BLESS=1` (review the diff before committing it).
pub fn expect_file(path: &Path, actual: &str) {
    if std::env::var_os("UNDANGLE_BLESS").is_some() {
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from the output (UNDANGLE_BLESS=1 rewrites it):\n{}",
        path.display(),
        similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .header("expected", "actual")
    );
}

/// The `file:line:column` of each finding `check --isolated .` reports in
/// `testdata/<folder>/<case>/`, and its exit code.
pub fn reported_in(folder: &str, case: &str) -> (Vec<String>, Option<i32>) {
    reported_with(folder, case, &[])
}

/// As [`reported_in`], with the preview kinds on.
pub fn reported_in_preview(folder: &str, case: &str) -> (Vec<String>, Option<i32>) {
    reported_with(folder, case, &["--preview"])
}

fn reported_with(folder: &str, case: &str, extra: &[&str]) -> (Vec<String>, Option<i32>) {
    let output = undangle()
        .current_dir(testdata(folder).join(case))
        .args(["check", "--isolated"])
        .args(extra)
        .arg(".")
        .output()
        .unwrap();
    let lines = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.split(": ").next().unwrap_or(l).to_owned())
        .collect();
    (lines, output.status.code())
}

/// The audit, as JSON, of the fixture folder `testdata/<folder>/<class>/` against
/// `testdata/<folder>/<class>.json`.
pub fn expect_audit(folder: &str, class: &str) {
    let output = undangle()
        .current_dir(testdata(folder).join(class))
        .args(["audit", "--isolated", "--output-format", "json", "."])
        .output()
        .unwrap();
    let actual = String::from_utf8(output.stdout).unwrap();
    expect_file(&testdata(folder).join(format!("{class}.json")), &actual);
}

pub fn testdata(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(relative)
}

/// Copies the files (not folders) of `from` into `to`.
pub fn copy_files(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// ruff for the differential tests: `$UNDANGLE_RUFF` (set by `scripts/test.sh`), the cache
/// virtualenv that `scripts/ruff.sh` fills, or `ruff` on PATH.
pub fn find_ruff() -> Option<String> {
    find_tool("ruff")
}

/// ruff, or the test recorded as skipped (a failure under CI) and `None`.
pub fn ruff_or_skip(test: &str) -> Option<String> {
    let found = find_ruff();
    if found.is_none() {
        skip(test, "ruff", "scripts/ruff.sh");
    }
    found
}

/// ruff at exactly `version` (`0.15.0`): `$UNDANGLE_RUFF_0_15_0` (set by `scripts/test.sh`), else
/// the virtualenv of its own that `scripts/ruff.sh 0.15.0` fills.
pub fn find_ruff_at(version: &str) -> Option<String> {
    let variable = format!("UNDANGLE_RUFF_{}", version.replace('.', "_"));
    let mut candidates: Vec<String> = std::env::var(variable).into_iter().collect();
    if let Some(cache) = cache() {
        let venv = cache.join(format!("undangle/ruff-{version}/bin/ruff"));
        candidates.push(venv.display().to_string());
    }
    candidates.into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == format!("ruff {version}"))
    })
}

/// Runs `program` in python3 with `scripts/acceptance.py` imported as `acceptance` (and `sys`
/// and `Path` at hand), and asserts what it prints: for the tests of the harness's own code.
pub fn assert_harness_prints(program: &str, expected: &str) {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let program = format!(
        "import sys; sys.path.insert(0, {scripts:?})\n\
         from pathlib import Path\n\
         import acceptance\n\
         {program}"
    );
    let run = std::process::Command::new("python3")
        .args(["-c", &program])
        .output()
        .expect("python3 runs");
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(out, expected, "{err}");
}

/// mypy for the lint-clean tests: `$UNDANGLE_MYPY`, the cache virtualenv that `scripts/mypy.sh`
/// fills, or `mypy` on PATH.
pub fn find_mypy() -> Option<String> {
    find_tool("mypy")
}

/// The lint gate of a fixed project: ruff, under the project's own settings in `dir`, finds
/// nothing. Skips (naming `test`) when ruff is not here; returns ruff for further checks.
pub fn assert_ruff_clean(test: &str, dir: &Path) -> Option<String> {
    let Some(ruff) = find_ruff() else {
        skip(test, "ruff not found", "scripts/ruff.sh");
        return None;
    };
    let lint = std::process::Command::new(&ruff)
        .args(["check", "--no-cache", "--output-format", "concise", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        lint.status.success(),
        "ruff under the project's settings: {}",
        String::from_utf8_lossy(&lint.stdout)
    );
    Some(ruff)
}

/// The type gate of a fixed project: `mypy --strict` on `targets`, run in `dir`, finds nothing.
/// Skips (naming `test`) when mypy is not here.
pub fn assert_mypy_strict_clean(test: &str, dir: &Path, targets: &[&str]) {
    let Some(mypy) = find_mypy() else {
        return skip(test, "mypy not found", "scripts/mypy.sh");
    };
    let checked = std::process::Command::new(mypy)
        .args(["--strict", "--no-incremental"])
        .args(targets)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "mypy --strict: {}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

/// isort for the isort settings tests: `$UNDANGLE_ISORT`, the cache virtualenv that
/// `scripts/isort.sh` fills, or `isort` on PATH.
pub fn find_isort() -> Option<String> {
    find_tool("isort")
}

/// Asserts that isort (with `isort_options`) and ruff's I001, run in `root` on `files`, leave
/// them as they are: a fixed file's imports as the project's own tools would sort them. Without
/// either tool the test is recorded as skipped (a failure under CI).
pub fn held_to_isort_and_i001(test: &str, root: &Path, isort_options: &[&str], files: &[&str]) {
    let (Some(isort), Some(ruff)) = (find_isort(), find_ruff()) else {
        return skip(test, "isort or ruff", "scripts/isort.sh, scripts/ruff.sh");
    };
    let isort_args = [&["--check-only", "--diff"], isort_options, files].concat();
    let ruff_args = [&["check", "--no-cache", "--select", "I001"], files].concat();
    for (tool, args) in [(isort, isort_args), (ruff, ruff_args)] {
        let out = std::process::Command::new(&tool)
            .args(&args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{tool} would change the fix:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Black and flake8 for the settings-discovery tests (`tool`): `$UNDANGLE_BLACK` or
/// `$UNDANGLE_FLAKE8`, the cache virtualenv that `scripts/black.sh` and `scripts/flake8.sh` fill,
/// or the tool on PATH.
pub fn find_python_tool(tool: &str) -> Option<String> {
    find_tool(tool)
}

/// pyright for the lint-clean tests: `$UNDANGLE_PYRIGHT`, the npm prefix that
/// `scripts/pyright.sh` fills, or `pyright` on PATH.
pub fn find_pyright() -> Option<String> {
    find_tool("pyright")
}

/// The user's cache folder, where the `scripts/*.sh` install the peers: `$XDG_CACHE_HOME`, else
/// `~/.cache`.
pub fn cache() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
}

/// The folder with maturin and pre-commit (`program`, the one needed): `$UNDANGLE_PY_TOOLS`,
/// else the cache virtualenv that `scripts/maturin.sh` fills.
pub fn python_tools(program: &str) -> Option<PathBuf> {
    let cache = cache()?;
    std::env::var_os("UNDANGLE_PY_TOOLS")
        .map(PathBuf::from)
        .into_iter()
        .chain([cache.join("undangle/venv/bin")])
        .find(|bin| bin.join(program).is_file())
}

fn find_tool(tool: &str) -> Option<String> {
    let cache = cache();
    let variable = format!("UNDANGLE_{}", tool.to_uppercase());
    let mut candidates: Vec<String> = std::env::var(variable).into_iter().collect();
    if let Some(cache) = cache {
        candidates.push(
            cache
                .join("undangle/venv/bin")
                .join(tool)
                .display()
                .to_string(),
        );
        // npm packages (pyright) live under a prefix of their own.
        candidates.push(
            cache
                .join("undangle")
                .join(tool)
                .join("node_modules/.bin")
                .join(tool)
                .display()
                .to_string(),
        );
    }
    candidates.push(tool.to_owned());
    candidates.into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Copies the tree below `from` into `to` (created as needed).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file below `root`, as (relative path, bytes), sorted.
pub fn read_tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_owned();
                files.push((relative, fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// A Python with the `jsonschema` package: `$UNDANGLE_JSONSCHEMA_PYTHON`, or the cache
/// virtualenv that `scripts/jsonschema.sh` fills.
pub fn jsonschema_python() -> Option<PathBuf> {
    let cache = cache()?;
    let candidates = std::env::var_os("UNDANGLE_JSONSCHEMA_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([cache.join("undangle/venv/bin/python")]);
    candidates.into_iter().find(|python| {
        std::process::Command::new(python)
            .args(["-c", "import jsonschema"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Validates a SARIF log with the official 2.1.0 schema (`testdata/schemas/`).
pub fn assert_valid_sarif(python: &Path, log: &Path) {
    assert_valid(python, "sarif-schema-2.1.0.json", log);
}

/// Validates a JSON file with a schema of `testdata/schemas/`.
pub fn assert_valid(python: &Path, schema: &str, file: &Path) {
    let validate = std::process::Command::new(python)
        .args([
            "-c",
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             cls = jsonschema.validators.validator_for(schema)\n\
             errors = list(cls(schema).iter_errors(json.load(open(sys.argv[2]))))\n\
             [print(e.json_path, e.message) for e in errors]\n\
             sys.exit(1 if errors else 0)",
        ])
        .arg(testdata("schemas").join(schema))
        .arg(file)
        .output()
        .unwrap();
    assert!(
        validate.status.success(),
        "{} does not validate against {schema}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&validate.stdout),
        String::from_utf8_lossy(&validate.stderr)
    );
}

/// One SARIF `artifactChange` applied to the file's text: its replacements, by character offset.
pub fn apply_replacements(original: &str, change: &serde_json::Value) -> String {
    let mut chars: Vec<char> = original.chars().collect();
    let mut replacements: Vec<(usize, &serde_json::Value)> = change["replacements"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .collect();
    // From the end, so earlier offsets stay valid; of two insertions at one offset, the first
    // given ends up first.
    replacements
        .sort_by_key(|&(i, r)| std::cmp::Reverse((r["deletedRegion"]["charOffset"].as_u64(), i)));
    for (_, r) in replacements {
        let offset = r["deletedRegion"]["charOffset"].as_u64().unwrap() as usize;
        let length = r["deletedRegion"]["charLength"].as_u64().unwrap() as usize;
        let inserted: Vec<char> = r["insertedContent"]["text"]
            .as_str()
            .unwrap()
            .chars()
            .collect();
        chars.splice(offset..offset + length, inserted);
    }
    chars.into_iter().collect()
}

/// Every replacement of every fix in a SARIF log, gathered per file (each result carries its
/// own site's): file URI → one artifact change holding them all, in the order given.
pub fn sarif_changes(
    log: &serde_json::Value,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let mut changes = std::collections::BTreeMap::new();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        for fix in result["fixes"].as_array().into_iter().flatten() {
            for change in fix["artifactChanges"].as_array().unwrap() {
                let uri = change["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let all = changes
                    .entry(uri)
                    .or_insert_with(|| serde_json::json!({ "replacements": [] }));
                let all = all["replacements"].as_array_mut().unwrap();
                all.extend(change["replacements"].as_array().unwrap().iter().cloned());
            }
        }
    }
    changes
}

/// pyenv's CPython 3.8 (the oldest with `create_task(name=)`) and its newest, or `None` once
/// the test is skipped for lack of them.
pub fn oldest_and_newest(test: &str) -> Option<[String; 2]> {
    match (pyenv_python(Some((3, 8))), pyenv_python(None)) {
        (Some(oldest), Some(newest)) => Some([oldest, newest]),
        _ => {
            skip(
                test,
                "pyenv's CPython 3.8 and a newest CPython",
                "pyenv install 3.8 3.13",
            );
            None
        }
    }
}

/// pyenv's interpreter for `version` (the newest installed one for `None`).
pub fn pyenv_python(version: Option<(u8, u8)>) -> Option<String> {
    let root = std::process::Command::new("pyenv")
        .arg("root")
        .output()
        .ok()?;
    let root = String::from_utf8(root.stdout).ok()?;
    let mut installed: Vec<(u8, u8, u16, std::path::PathBuf)> =
        fs::read_dir(Path::new(root.trim()).join("versions"))
            .ok()?
            .filter_map(|e| {
                let path = e.ok()?.path();
                let name = path.file_name()?.to_str()?.to_owned();
                let mut parts = name.split('.').map(|p| p.parse().ok());
                let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
                let python = path.join("bin/python3");
                python
                    .is_file()
                    .then_some((major as u8, minor as u8, patch, python))
            })
            .collect();
    installed.sort();
    installed
        .into_iter()
        .rfind(|(major, minor, _, _)| version.is_none_or(|v| v == (*major, *minor)))
        .filter(|(major, _, _, _)| *major == 3)
        .map(|(_, _, _, python)| python.display().to_string())
}

/// The tests that build the wheel with maturin into the tests' own target folder (packaging,
/// pre-commit) take turns: two builds at once in one target folder make one of them fail, and
/// in one test process they would otherwise run side by side.
pub fn wheel_build_turn() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The bin folder of the docs virtualenv (mkdocs, actionlint, jsonschema, PyYAML), when it holds
/// `program`: `$UNDANGLE_DOCS_BIN` (set by `scripts/test.sh`), else the cache virtualenv that
/// `scripts/docs.sh` fills.
pub fn docs_bin(program: &str) -> Option<PathBuf> {
    let cache = cache()?;
    std::env::var_os("UNDANGLE_DOCS_BIN")
        .map(PathBuf::from)
        .into_iter()
        .chain([cache.join("undangle/docs-venv/bin")])
        .find(|bin| bin.join(program).is_file())
}
