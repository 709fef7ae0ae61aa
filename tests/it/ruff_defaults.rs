//! `check --show-settings`'s `ruff_defaults`: the rules ruff runs on a file whose settings select
//! nothing are the defaults of the ruff the project pins (ruff 0.16.0 widened them from `E4`,
//! `E7`, `E9`, `F` to 413 rules), not those of whichever ruff a harness runs. Held to ruff 0.15.0
//! and 0.16.0 themselves: the harness (`scripts/acceptance.py`), running its own pinned ruff with
//! what undangle prints, enables exactly the rules the project's ruff enables, and reports what
//! it reports.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common;

/// The codes of the rules a ruff enables for `file` (its `--show-settings`), run in `root`.
fn enabled(ruff: &str, root: &Path, args: &[&str], file: &str) -> Vec<String> {
    let output = Command::new(ruff)
        .args(["check", "--no-cache", "--show-settings"])
        .args(args)
        .arg(file)
        .current_dir(root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text
        .lines()
        .skip_while(|line| line.trim() != "linter.rules.enabled = [");
    lines.next();
    let mut codes: Vec<String> = lines
        .take_while(|line| line.trim() != "]")
        .filter_map(|line| {
            let code = line.trim().trim_end_matches(',').strip_suffix(')')?;
            Some(code.rsplit_once('(')?.1.to_owned())
        })
        .collect();
    codes.sort();
    codes
}

/// The harness's options for `file`: its `ruff_settings` and `own_rules` from what undangle
/// shows, as JSON strings.
fn harness_options(root: &Path, file: &str) -> Vec<String> {
    let binary = common::bin();
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let program = format!(
        "import sys, json; sys.path.insert(0, {scripts:?})\n\
         from pathlib import Path\n\
         import acceptance\n\
         shown = acceptance.undangle_settings({binary:?}, Path({root:?}), [{file:?}])[0]\n\
         rules = acceptance.own_rules(shown)\n\
         print(json.dumps(acceptance.ruff_settings(True, (3, 8), shown) + (rules or [])))\n",
    );
    let run = Command::new("python3")
        .args(["-c", &program])
        .output()
        .expect("python3 runs");
    let err = String::from_utf8_lossy(&run.stderr);
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {err}"))
}

/// A project that pins `version` in one of two ways, with code that ruff 0.16's defaults
/// report (FA100 at Python 3.8) and 0.15's do not.
fn project(root: &Path, version: &str, settings: bool) {
    let pyproject = match settings {
        // Its ruff settings select nothing: they only add to the defaults and take from them.
        true => format!(
            "[project]\nname = \"p\"\nrequires-python = \">=3.8\"\n\n\
             [dependency-groups]\ndev = [\"ruff=={version}\"]\n\n\
             [tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\n\
             extend-select = [\"B006\", \"SIM\"]\nignore = [\"F841\", \"E7\"]\n"
        ),
        // No ruff settings: the pre-commit hook runs the ruff of its `rev`.
        false => "[project]\nname = \"p\"\nrequires-python = \">=3.8\"\n".to_owned(),
    };
    let hook = format!(
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v{version}\n    \
         hooks:\n      - id: ruff\n"
    );
    let code = "from typing import Set\n\n\ndef f(x: Set[int] = set()) -> None:\n    \
                y = 1\n    if x == None:\n        pass\n";
    let mut files = vec![
        (".git/HEAD", "ref: refs/heads/main\n".to_owned()),
        ("pyproject.toml", pyproject),
        ("pkg/__init__.py", String::new()),
        ("pkg/m.py", code.to_owned()),
    ];
    if !settings {
        files.push((".pre-commit-config.yaml", hook));
    }
    for (file, text) in files {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), text).unwrap();
    }
}

#[test]
fn the_harness_runs_the_default_rules_of_the_ruff_a_project_pins() {
    let test = "ruff_defaults::the_harness_runs_the_default_rules_of_the_ruff_a_project_pins";
    let Some(ruff) = common::ruff_or_skip(test) else {
        return;
    };
    for version in ["0.15.0", "0.16.0"] {
        let Some(pinned) = common::find_ruff_at(version) else {
            common::skip(
                test,
                &format!("ruff {version}"),
                &format!("scripts/ruff.sh {version}"),
            );
            continue;
        };
        for settings in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            project(root, version, settings);
            let file = "pkg/m.py";
            let options = harness_options(root, file);
            let options: Vec<&str> = options.iter().map(String::as_str).collect();
            let theirs = enabled(&pinned, root, &[], file);
            let ours = enabled(&ruff, root, &options, file);
            assert!(theirs.len() > 40, "{version}: {theirs:?}");
            assert_eq!(
                ours, theirs,
                "ruff {version}, settings {settings}: {options:?}"
            );
            // And what it reports on the file, code for code.
            let report = |ruff: &str, options: &[&str]| {
                let output = Command::new(ruff)
                    .args([
                        "check",
                        "--no-cache",
                        "--exit-zero",
                        "--output-format",
                        "json",
                    ])
                    .args(options)
                    .arg(file)
                    .current_dir(root)
                    .output()
                    .unwrap();
                let found: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
                let mut codes: Vec<String> = (found.iter())
                    .map(|d| d["code"].as_str().unwrap_or("syntax").to_owned())
                    .collect();
                codes.sort();
                codes
            };
            let expected = report(&pinned, &[]);
            assert_eq!(report(&ruff, &options), expected, "ruff {version}");
            let wide = expected.iter().any(|c| c == "FA100");
            assert_eq!(wide, version == "0.16.0", "{expected:?}");
        }
    }
}
