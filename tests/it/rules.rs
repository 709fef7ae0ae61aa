//! `undangle rule`: every kind `check` can report is a rule with its four sections, and its
//! example is real: `check` reports the example's site as that kind (the kinds in preview only
//! with `--preview`), and finds nothing in the code it says to use instead.

use serde_json::Value;

use crate::common::undangle;

fn rules() -> Vec<Value> {
    let out = undangle()
        .args(["rule", "--all", "--output-format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The Python blocks of a rule's `## Example` section: the example, then what to use instead.
fn examples(explanation: &str) -> Vec<String> {
    let section = explanation
        .split("## Example")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    section
        .split("```python\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(str::to_owned)
        .collect()
}

/// The kinds `check` reports in `code`, read from standard input.
fn kinds(code: &str, preview: bool) -> Vec<String> {
    let mut args = vec!["check", "--isolated", "--output-format", "json"];
    if preview {
        args.push("--preview");
    }
    args.extend(["--stdin-filename", "example.py", "-"]);
    let out = undangle().args(&args).write_stdin(code).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    (findings.as_array().unwrap().iter())
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_kind_is_a_rule_whose_example_check_reports() {
    let rules = rules();
    assert_eq!(rules.len(), 12);
    for rule in &rules {
        let name = rule["name"].as_str().unwrap();
        let explanation = rule["explanation"].as_str().unwrap();
        for section in ["What it does", "Why is this bad?", "Example", "Fix safety"] {
            assert!(
                explanation.contains(&format!("## {section}\n")),
                "{name}: no {section}"
            );
        }
        assert!(
            rule["url"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/rules/{name}/"))
        );
        let [example, instead] = &examples(explanation)[..] else {
            panic!("{name}: the example and what to use instead, as two Python blocks");
        };
        assert_eq!(kinds(example, true), [name], "{name}: its example");
        let preview = rule["preview"].as_bool().unwrap();
        let by_default: &[&str] = if preview { &[] } else { &[name] };
        assert_eq!(kinds(example, false), by_default, "{name}: by default");
        assert_eq!(
            kinds(instead, true),
            Vec::<String>::new(),
            "{name}: instead"
        );
    }
}

#[test]
fn one_rule_prints_its_page_and_an_unknown_kind_exits_2_naming_it() {
    let out = undangle().args(["rule", "callback-only"]).output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("# callback-only\n"), "{page}");
    assert!(page.contains("in preview"), "{page}");
    let out = undangle().args(["rule", "dangling"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("`dangling` is not a kind"), "{err}");
}

/// `preview = true` in the project's settings turns the kinds in preview on, as `--preview` does.
#[test]
fn preview_setting_reports_the_kinds_in_preview() {
    let dir = tempfile::tempdir().unwrap();
    let code = "import asyncio\n\n\nasync def main():\n    t = asyncio.create_task(work())\n    t.add_done_callback(print)\n";
    std::fs::write(dir.path().join("app.py"), code).unwrap();
    let check = || {
        let out = undangle()
            .args(["check", "--output-format", "json", "app.py"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(check().as_array().unwrap().len(), 0);
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.undangle]\npreview = true\n",
    )
    .unwrap();
    let findings = check();
    assert_eq!(findings[0]["kind"], "callback-only", "{findings}");
}

/// The registry lists every rule file of `src/detect/kinds/` (all but the model's), and only them.
#[test]
fn every_rule_file_is_a_registered_rule() {
    let kinds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/detect/kinds");
    let mut files: Vec<String> = std::fs::read_dir(&kinds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| Some(p.file_stem()?.to_str()?.replace('_', "-")))
        .filter(|name| !matches!(name.as_str(), "mod" | "kind" | "rule"))
        .collect();
    files.sort();
    let mut names: Vec<String> = (rules().iter())
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(files, names);
}

/// `scripts/add_kind.py` writes a new rule's file with the four sections and registers it: its
/// `Kind` variant, its `mod` line in order, its place at the end of `RULES`; it starts the
/// fixture pair, and refuses a name that is taken, changing nothing.
#[test]
fn add_kind_writes_a_rule_file_and_registers_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let kinds = dir.path().join("src/detect/kinds");
    crate::common::copy_tree(&root.join("src/detect/kinds"), &kinds);
    let add = |name: &str| {
        std::process::Command::new("python3")
            .arg(root.join("scripts/add_kind.py"))
            .args([name, "--root"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    assert!(add("late-binding").status.success());
    let rule = std::fs::read_to_string(kinds.join("late_binding.rs")).unwrap();
    for needle in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Fix safety",
        "kind: Kind::LateBinding,",
        "name: \"late-binding\",",
        "tier: Tier::Preview,",
        "detect: &[Detector::Statement(detect)],",
    ] {
        assert!(rule.contains(needle), "{needle}");
    }
    let kind = std::fs::read_to_string(kinds.join("kind.rs")).unwrap();
    assert!(kind.contains("    LateBinding,\n    /// Never reported"));
    let registry = std::fs::read_to_string(kinds.join("mod.rs")).unwrap();
    assert!(registry.contains("mod factory_result;\nmod late_binding;\nmod rebound;\n"));
    let count = rules().len() + 1;
    assert!(registry.contains(&format!("pub const RULES: [&Rule; {count}] = [")));
    assert!(registry.contains("    &wait_pending::RULE,\n    &late_binding::RULE,\n];"));
    let fixture = dir.path().join("testdata/fixtures/late_binding");
    assert!(fixture.join("input.py").is_file() && fixture.join("findings.txt").is_file());

    let before = crate::common::read_tree(dir.path());
    let again = add("late-binding");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("late_binding.rs exists"));
    assert_eq!(crate::common::read_tree(dir.path()), before);
}
