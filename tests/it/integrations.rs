//! The batch recipes under `integrations/`, each checked by its own tool: the shell scripts by
//! `bash -n` and shellcheck, the GitHub Actions workflows by actionlint, the Sourcegraph batch
//! spec by its JSON schema; and each is included in the docs from its file, so the docs show
//! what is checked.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{docs_bin, skip};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The recipe files (not all-repos' autofixer, which `all_repos.rs` runs), relative, sorted.
fn recipes(extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in fs::read_dir(root().join("integrations")).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        for file in fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == extension) {
                found.push(file.strip_prefix(root()).unwrap().to_owned());
            }
        }
    }
    found.sort();
    found
}

fn output(command: &mut Command) -> (bool, String) {
    let out = command.current_dir(root()).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn the_shell_recipes_pass_bash_n_and_shellcheck() {
    let scripts = recipes("sh");
    assert!(scripts.len() >= 4, "{scripts:?}");
    for script in &scripts {
        let (ok, said) = output(Command::new("bash").arg("-n").arg(script));
        assert!(ok, "bash -n {}: {said}", script.display());
    }
    if Command::new("shellcheck")
        .arg("--version")
        .output()
        .is_err()
    {
        skip(
            "integrations::the_shell_recipes_pass_bash_n_and_shellcheck",
            "shellcheck is not installed",
            "apt-get install shellcheck",
        );
        return;
    }
    let (ok, said) = output(Command::new("shellcheck").args(&scripts));
    assert!(ok, "shellcheck:\n{said}");
}

#[test]
fn the_github_workflows_pass_actionlint() {
    let workflows = recipes("yml");
    assert!(workflows.len() >= 2, "{workflows:?}");
    let Some(bin) = docs_bin("actionlint") else {
        skip(
            "integrations::the_github_workflows_pass_actionlint",
            "actionlint is not installed",
            "scripts/docs.sh",
        );
        return;
    };
    // actionlint also runs shellcheck on the `run:` steps when it is on PATH (as in CI).
    let (ok, said) = output(
        Command::new(bin.join("actionlint"))
            .arg("-no-color")
            .args(&workflows),
    );
    assert!(ok, "actionlint:\n{said}");
    // It does look: a workflow with an unknown key fails.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yml");
    let text = fs::read_to_string(root().join(&workflows[0])).unwrap();
    fs::write(&broken, text.replace("runs-on:", "run-on:")).unwrap();
    let (ok, said) = output(Command::new(bin.join("actionlint")).arg(&broken));
    assert!(
        !ok && said.contains("\"runs-on\" section is missing"),
        "{said}"
    );
}

#[test]
fn the_sourcegraph_batch_spec_matches_its_schema() {
    let Some(bin) = docs_bin("python") else {
        skip(
            "integrations::the_sourcegraph_batch_spec_matches_its_schema",
            "the docs virtualenv (jsonschema, PyYAML) is not installed",
            "scripts/docs.sh",
        );
        return;
    };
    let check = |spec: &Path| {
        output(
            Command::new(bin.join("python"))
                .arg("scripts/batch_spec.py")
                .arg(spec),
        )
    };
    let spec = root().join("integrations/sourcegraph/batch-spec.yaml");
    let (ok, said) = check(&spec);
    assert!(ok, "{said}");
    // A misspelt step key, and a changeset template without its branch, are errors.
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(&spec).unwrap();
    for (from, to, error) in [
        (
            "  - container:",
            "  - contaner:",
            "'contaner' was unexpected",
        ),
        (
            "  branch: undangle/keep-tasks\n",
            "",
            "'branch' is a required property",
        ),
    ] {
        let broken = dir.path().join("broken.yaml");
        fs::write(&broken, text.replace(from, to)).unwrap();
        let (ok, said) = check(&broken);
        assert!(!ok && said.contains(error), "{from:?}: {said}");
    }
}

/// Every recipe is shown in the docs by including its file, never by a copy.
#[test]
fn every_recipe_is_included_in_the_docs_from_its_file() {
    let mut docs = String::new();
    for page in fs::read_dir(root().join("docs")).unwrap() {
        let page = page.unwrap().path();
        if page.extension().is_some_and(|e| e == "md") {
            docs += &fs::read_to_string(&page).unwrap();
        }
    }
    let all = [recipes("sh"), recipes("yml"), recipes("yaml")].concat();
    for recipe in all {
        let include = format!("--8<-- \"{}\"", recipe.display());
        assert!(docs.contains(&include), "no page of docs/ has {include}");
    }
}
