//! The documentation site: its generated pages (the rules from `undangle rule`, the settings
//! reference from `undangle config`), `mkdocs build --strict` with the pinned packages of
//! docs/requirements.txt, and the `config` command the reference is generated from.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{bin, copy_tree, docs_bin, skip, undangle};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config_json() -> Vec<Value> {
    let out = undangle()
        .args(["config", "--output-format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn config_lists_describes_and_prints_every_setting_as_json() {
    let settings = config_json();
    assert_eq!(settings.len(), 12);
    let list = undangle().arg("config").output().unwrap();
    assert!(list.status.success());
    let list = String::from_utf8(list.stdout).unwrap();
    assert_eq!(list.lines().count(), settings.len());
    for (line, setting) in list.lines().zip(&settings) {
        let name = setting["name"].as_str().unwrap();
        assert!(line.starts_with(&format!("{name} ")), "{line}");
        for field in ["type", "default", "doc", "example"] {
            assert!(setting[field].is_string(), "{name}: {field}");
        }
    }
    let one = undangle()
        .args(["config", "drain-timeout"])
        .output()
        .unwrap();
    let one = String::from_utf8(one.stdout).unwrap();
    assert!(one.starts_with("drain-timeout\n"), "{one}");
    assert!(one.contains("\nDefault: 10\n") && one.contains("\nFlag: --drain-timeout\n"));
    let json = undangle()
        .args(["config", "strategy", "--output-format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json, settings[0]);
    let unknown = undangle().args(["config", "strategee"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let said = String::from_utf8(unknown.stderr).unwrap();
    assert!(said.contains("unknown setting `strategee`") && said.contains("strategy"));
}

/// Each setting's example, written into a project's `pyproject.toml`, is taken by `check` (a
/// settings file it cannot use exits 2).
#[test]
fn every_example_of_config_is_a_setting_check_accepts() {
    for setting in config_json() {
        let dir = tempfile::tempdir().unwrap();
        let example = setting["example"].as_str().unwrap();
        fs::write(dir.path().join("pyproject.toml"), format!("{example}\n")).unwrap();
        fs::write(dir.path().join("app.py"), "import asyncio\n").unwrap();
        let out = undangle().arg("check").arg(dir.path()).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The generator's pages for the rules `undangle rule --all` prints: the expected pages.
#[test]
fn the_rule_pages_are_generated_from_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .arg(root().join("scripts/docs.py"))
        .arg("--undangle")
        .arg(bin())
        .arg("--docs")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = root().join("testdata/docs/expected");
    for page in ["rules/index.md", "rules/bare.md", "rules/wait-pending.md"] {
        let made = fs::read_to_string(dir.path().join(page)).unwrap();
        if std::env::var_os("UNDANGLE_BLESS").is_some() {
            fs::create_dir_all(expected.join("rules")).unwrap();
            fs::write(expected.join(page), &made).unwrap();
        }
        assert_eq!(
            made,
            fs::read_to_string(expected.join(page)).unwrap(),
            "{page}"
        );
    }
    // The settings reference has a section for each setting `config` lists.
    let reference = fs::read_to_string(dir.path().join(".generated/settings.md")).unwrap();
    for setting in config_json() {
        let name = setting["name"].as_str().unwrap();
        assert!(reference.contains(&format!("### `{name}`\n")), "{name}");
    }
}

/// `mkdocs build --strict` of a copy of the site's sources, with the pages generated from this
/// binary: no broken link or anchor, no missing include, no page left out.
#[test]
fn the_site_builds_strictly() {
    let Some(docs) = docs_bin("mkdocs") else {
        skip(
            "docs::the_site_builds_strictly",
            "mkdocs (docs/requirements.txt) is not installed",
            "scripts/docs.sh",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path();
    for folder in ["docs", "integrations"] {
        copy_tree(&root().join(folder), &copy.join(folder));
    }
    // Pages a build in the checkout generated are made again here.
    let _ = fs::remove_dir_all(copy.join("docs/rules"));
    let _ = fs::remove_dir_all(copy.join("docs/.generated"));
    fs::create_dir_all(copy.join("scripts")).unwrap();
    fs::copy(root().join("scripts/docs.py"), copy.join("scripts/docs.py")).unwrap();
    fs::copy(root().join("mkdocs.yml"), copy.join("mkdocs.yml")).unwrap();
    let mut build = Command::new(docs.join("python"));
    build
        .arg(copy.join("scripts/docs.py"))
        .arg("--undangle")
        .arg(bin());
    let out = build.arg("build").current_dir(copy).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "mkdocs build --strict:\n{said}");
    let site = copy.join("site");
    let batch = fs::read_to_string(site.join("batch/index.html")).unwrap();
    // The recipes are there, from their files (the highlighter splits them into spans).
    for word in [
        "create-prs",
        "repositoriesMatchingQuery",
        "peter-evans/create-pull-request",
    ] {
        assert!(batch.contains(word), "{word}");
    }
    let configuration = fs::read_to_string(site.join("configuration/index.html")).unwrap();
    for setting in config_json() {
        let name = setting["name"].as_str().unwrap();
        assert!(configuration.contains(&format!("id=\"{name}\"")), "{name}");
    }
    assert!(site.join("rules/index.html").is_file());
    assert!(site.join("rules/bare/index.html").is_file());
}
