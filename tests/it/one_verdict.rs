//! One site, one verdict (issue 36, exam36k's Nezuko-Telegram-Bot): `check`, `audit` and `fix`
//! read every site the same way. `check` reports `emit_log`'s task as dropped and fixable,
//! `audit` said "run `undangle fix`", and `fix` left it: `check` and `audit` read the parts of
//! the file parsed around the sites, where the module-level `connection_manager =
//! ConnectionManager()` was left out, and `fix` planned on the whole file, where the coroutine
//! never suspends.
//!
//! Every fixture's input (with its settings files) is checked, audited and fixed in one
//! folder: the fixable findings of `check` are the audit's fixable drops, `fix` fixes exactly
//! that many, and a `check` after it finds nothing fixable.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::{testdata, undangle};

/// How many fixable entries each file has, in a JSON array of findings or sites (`check`
/// names the statement, `audit` the call: their positions differ, their numbers may not).
type Sites = BTreeMap<String, usize>;

fn fixable(json: &[u8], keep: impl Fn(&Value) -> bool) -> Sites {
    let entries: Vec<Value> = serde_json::from_slice(json).unwrap();
    let mut counts = Sites::new();
    for e in entries
        .iter()
        .filter(|e| e["fixable"] == Value::Bool(true) && keep(e))
    {
        let path = e["path"].as_str().unwrap_or_default().to_owned();
        *counts.entry(path).or_default() += 1;
    }
    counts
}

fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = undangle().current_dir(dir).args(args).output().unwrap();
    [output.stdout, output.stderr].concat()
}

fn check(dir: &Path) -> Sites {
    let output = (undangle().current_dir(dir))
        .args(["check", "--preview", "--output-format", "json", "."])
        .output()
        .unwrap();
    let json = output.stdout;
    fixable(&json, |_| true)
}

/// The fixture folders' inputs and settings files, in a fresh folder.
fn inputs(dir: &Path, only: Option<&str>) {
    let fixtures = testdata("fixtures");
    for case in fs::read_dir(&fixtures).unwrap() {
        let case = case.unwrap().path();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let to = dir.join(&name);
        fs::create_dir_all(&to).unwrap();
        for file in fs::read_dir(&case).unwrap() {
            let file = file.unwrap().path();
            let file_name = file.file_name().unwrap().to_string_lossy().into_owned();
            if file.is_file() && !matches!(file_name.as_str(), "expected.py" | "findings.txt") {
                fs::copy(&file, to.join(&file_name)).unwrap();
            }
        }
    }
}

fn agree(only: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path(), only);
    let reported = check(dir.path());
    assert!(!reported.is_empty(), "the fixtures have findings");
    let audit = (undangle().current_dir(dir.path()))
        .args(["audit", "--output-format", "json", "."])
        .output()
        .unwrap()
        .stdout;
    let dropped = fixable(&audit, |e| e["verdict"] == "dropped");
    let files: BTreeSet<&String> = reported.keys().chain(dropped.keys()).collect();
    let differ: Vec<_> = (files.into_iter())
        .filter(|f| reported.get(*f) != dropped.get(*f))
        .map(|f| (f, reported.get(f), dropped.get(f)))
        .collect();
    assert!(differ.is_empty(), "check and audit disagree: {differ:?}");
    let fixed = String::from_utf8(run(dir.path(), &["fix", "--preview", "."])).unwrap();
    let want: usize = reported.values().sum();
    let noun = if want == 1 { "task" } else { "tasks" };
    assert!(
        fixed.contains(&format!("Fixed {want} dropped {noun} in ")),
        "check reports {want} fixable, fix says: {fixed}"
    );
    let left = check(dir.path());
    assert!(left.is_empty(), "fixable after fix: {left:?}");
}

/// Nezuko-Telegram-Bot's `emit_log`, in the fixture that stands for it: one verdict (kept) from
/// all three, and the one real drop beside it fixed.
#[test]
fn check_audit_and_fix_agree_on_a_module_instance_left_out_of_the_parts() {
    agree(Some("first_step_module_instance_partial_parse"));
}

/// The same agreement on every fixture at once.
#[test]
fn check_audit_and_fix_agree_on_every_fixture() {
    agree(None);
}
