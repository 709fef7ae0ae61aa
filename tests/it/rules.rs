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
    let out = undangle()
        .args(["rule", "callback-return"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("# callback-return\n"), "{page}");
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
