//! `check --output-format`: each format read back the way its consumer reads it, and held to
//! the `json` output of the same run (never to hard-coded figures). SARIF is validated with the
//! official 2.1.0 schema by the `jsonschema` package, and its fixes applied to the files must
//! give what `undangle fix` writes.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use crate::common::{
    self, apply_replacements, assert_valid_sarif, copy_files, jsonschema_python, testdata, undangle,
};
use serde_json::Value;

/// Runs `undangle check --output-format FORMAT` in `dir` (on `.`); stdout, stderr, exit code.
fn check(dir: &Path, format: &str, extra: &[&str]) -> (String, String, i32) {
    let output = undangle()
        .current_dir(dir)
        .args(["check", "--output-format", format])
        .args(extra)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

fn json_findings(dir: &Path) -> Vec<Value> {
    serde_json::from_str(&check(dir, "json", &[]).0).unwrap()
}

/// A scratch copy of `testdata/formats` (odd file names, tabs, non-ASCII, several findings).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_files(&testdata("formats"), dir.path());
    dir
}

const FORMATS: [&str; 7] = [
    "text",
    "full",
    "json",
    "json-lines",
    "github",
    "gitlab",
    "sarif",
];

#[test]
fn every_format_keeps_the_exit_codes_and_flags() {
    let dir = project();
    let findings = json_findings(dir.path()).len();
    assert!(findings >= 8);
    for format in FORMATS {
        let (stdout, stderr, code) = check(dir.path(), format, &[]);
        assert_eq!(code, 1, "{format}: findings exit 1");
        assert!(!stdout.is_empty(), "{format}");
        assert!(
            stderr.contains(&format!("Found {findings} dropped tasks")),
            "{format}: {stderr}"
        );
        let (_, stderr, code) = check(dir.path(), format, &["--exit-zero", "--quiet"]);
        assert_eq!(code, 0, "{format} --exit-zero");
        assert!(stderr.is_empty(), "{format} --quiet: {stderr}");
        // `--statistics` prints the counts by kind whatever the format, as ruff does.
        let (stdout, _, _) = check(dir.path(), format, &["--statistics"]);
        let counted: usize = stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(counted, findings, "{format} --statistics: {stdout}");
    }
    // No finding: every format still writes something its consumer can read.
    let clean = tempfile::tempdir().unwrap();
    fs::write(clean.path().join("ok.py"), "import asyncio\n").unwrap();
    for (format, empty) in [
        ("json", "[]\n"),
        ("gitlab", "[]\n"),
        ("json-lines", ""),
        ("github", ""),
    ] {
        let (stdout, _, code) = check(clean.path(), format, &[]);
        assert_eq!((stdout.as_str(), code), (empty, 0), "{format}");
    }
}

#[test]
fn json_lines_are_the_json_array_one_per_line() {
    let dir = project();
    let array = json_findings(dir.path());
    let (stdout, _, _) = check(dir.path(), "json-lines", &[]);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, array);
}

/// GitHub's toolkit unescaping of a property value or of the message.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_annotations_parse_back_to_the_findings() {
    let dir = project();
    let array = json_findings(dir.path());
    let (stdout, _, _) = check(dir.path(), "github", &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), array.len());
    for (line, finding) in lines.iter().zip(&array) {
        let rest = line.strip_prefix("::warning ").unwrap();
        let (properties, message) = rest.split_once("::").unwrap();
        let mut seen = std::collections::HashMap::new();
        for property in properties.split(',') {
            let (key, value) = property.split_once('=').unwrap();
            seen.insert(key, unescape(value));
        }
        let path = finding["path"].as_str().unwrap();
        assert_eq!(seen["file"], path);
        for (key, field) in [
            ("line", "line"),
            ("col", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
        ] {
            assert_eq!(seen[key], finding[field].to_string(), "{key} in {line}");
        }
        assert_eq!(
            seen["title"],
            format!("undangle ({})", finding["kind"].as_str().unwrap())
        );
        assert!(unescape(message).ends_with(finding["message"].as_str().unwrap()));
    }
}

#[test]
fn gitlab_report_has_the_documented_fields_and_stable_fingerprints() {
    let dir = project();
    let array = json_findings(dir.path());
    let report =
        |dir: &Path| -> Vec<Value> { serde_json::from_str(&check(dir, "gitlab", &[]).0).unwrap() };
    let issues = report(dir.path());
    assert_eq!(issues.len(), array.len());
    let severities = ["info", "minor", "major", "critical", "blocker"];
    for (issue, finding) in issues.iter().zip(&array) {
        // The fields GitLab's Code Quality documentation requires, with their types.
        assert!(issue["description"].is_string());
        assert!(issue["check_name"].is_string());
        assert!(issue["fingerprint"].is_string());
        assert!(severities.contains(&issue["severity"].as_str().unwrap()));
        assert_eq!(issue["location"]["path"], finding["path"]);
        assert_eq!(issue["location"]["lines"]["begin"], finding["line"]);
    }
    let fingerprints: HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");

    // Lines added above the findings move them, but not their fingerprints.
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("# a new comment\n\n{text}")).unwrap();
    }
    let moved = report(dir.path());
    for (before, after) in issues.iter().zip(&moved) {
        assert_eq!(before["fingerprint"], after["fingerprint"]);
        assert_eq!(
            after["location"]["lines"]["begin"].as_u64().unwrap(),
            before["location"]["lines"]["begin"].as_u64().unwrap() + 2
        );
    }
}

#[test]
fn full_output_points_at_each_finding() {
    let dir = project();
    let array = json_findings(dir.path());
    let (stdout, _, _) = check(dir.path(), "full", &["--color", "never"]);
    let blocks: Vec<&str> = stdout
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    assert_eq!(blocks.len(), array.len());
    for (block, finding) in blocks.iter().zip(&array) {
        let path = finding["path"].as_str().unwrap();
        let (line, column) = (
            finding["line"].as_u64().unwrap(),
            finding["column"].as_u64().unwrap(),
        );
        assert!(
            block.starts_with(&format!("{path}:{line}:{column}: ")),
            "{block}"
        );
        // The source line under its number, then carets from the finding's column.
        let text = fs::read_to_string(dir.path().join(path)).unwrap();
        let source = text.lines().nth(line as usize - 1).unwrap();
        let rows: Vec<&str> = block.lines().collect();
        let at = rows
            .iter()
            .position(|r| r.trim_start().starts_with(&format!("{line} | ")))
            .unwrap();
        assert!(rows[at].ends_with(source), "{block}");
        let carets = rows[at + 1].split_once(" | ").unwrap().1;
        let indent = carets.chars().take_while(|c| *c != '^').count();
        assert_eq!(indent as u64, column - 1, "{block}");
        let fixable = finding["fixable"].as_bool().unwrap();
        assert_eq!(
            block.contains("= fixable with `undangle fix`"),
            fixable,
            "{block}"
        );
    }
}

/// The interpreter with `jsonschema`: `$UNDANGLE_JSONSCHEMA_PYTHON` (set by `scripts/test.sh`),
/// else the cache virtualenv that `scripts/jsonschema.sh` fills.
#[test]
fn sarif_is_valid_against_the_official_schema() {
    let Some(python) = jsonschema_python() else {
        common::skip(
            "formats::sarif_is_valid_against_the_official_schema",
            "the jsonschema package is not installed",
            "scripts/jsonschema.sh",
        );
        return;
    };
    let dir = project();
    let (stdout, _, _) = check(dir.path(), "sarif", &[]);
    let log = dir.path().join("out.sarif");
    fs::write(&log, &stdout).unwrap();
    assert_valid_sarif(&python, &log);
}

#[test]
fn sarif_results_and_fixes_match_check_and_fix() {
    let dir = project();
    let array = json_findings(dir.path());
    let (stdout, _, _) = check(dir.path(), "sarif", &[]);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), array.len());
    for (result, finding) in results.iter().zip(&array) {
        assert_eq!(result["ruleId"], finding["kind"]);
        assert_eq!(
            rules[result["ruleIndex"].as_u64().unwrap() as usize],
            finding["kind"]
        );
        let location = &result["locations"][0]["physicalLocation"];
        let region = &location["region"];
        assert_eq!(region["startLine"], finding["line"]);
        assert_eq!(region["startColumn"], finding["column"]);
        assert_eq!(region["endLine"], finding["end_line"]);
        assert_eq!(region["endColumn"], finding["end_column"]);
        // Each fixable result carries its own site's fix.
        assert_eq!(
            result["fixes"].is_array(),
            finding["fixable"] == true,
            "{result}"
        );
    }

    // All the fixes of a file applied together give what `undangle fix` writes.
    let mut fixed_files = 0;
    for (uri, change) in common::sarif_changes(&log) {
        let path = percent_decode(&uri);
        let original = fs::read_to_string(dir.path().join(&path)).unwrap();
        let patched = apply_replacements(&original, &change);
        let copy = tempfile::tempdir().unwrap();
        fs::write(copy.path().join("f.py"), &original).unwrap();
        undangle()
            .current_dir(copy.path())
            .args(["fix", "f.py"])
            .assert()
            .success();
        assert_eq!(
            patched,
            fs::read_to_string(copy.path().join("f.py")).unwrap(),
            "{path}"
        );
        fixed_files += 1;
    }
    assert_eq!(fixed_files, 2, "both files carry their fix");
}

fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
