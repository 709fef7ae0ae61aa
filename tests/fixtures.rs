//! Every `testdata/fixtures/<case>/input.py` must become `expected.py` under `fix`, must report
//! exactly `findings.txt` under `check` (with the prefilter and without it), and the fixed file
//! must be left alone by a second pass.
//!
//! `UNDANGLE_BLESS=1 cargo test --test fixtures` rewrites the expected files from the current
//! output; review the resulting `git diff` before committing it.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use undangle::pipeline::{Analysis, Mode, Options, Outcome, process};
use undangle::syntax::new_parser;

fn analyse(bytes: &[u8], mode: Mode) -> Analysis {
    analyse_with(bytes, mode, &Options::default())
}

fn analyse_with(bytes: &[u8], mode: Mode, options: &Options) -> Analysis {
    let mut parser = new_parser();
    match process(bytes, &mut parser, mode, options) {
        Outcome::Analyzed(analysis) => analysis,
        Outcome::NoCandidate => Analysis {
            findings: Vec::new(),
            fixed: None,
            fixed_count: 0,
            internal_error: None,
        },
        Outcome::Skipped(reason) => panic!("fixture skipped: {reason}"),
    }
}

fn findings_listing(analysis: &Analysis) -> String {
    let mut out = String::new();
    for f in &analysis.findings {
        let fix = if f.fixable { "fixable" } else { "not-fixable" };
        writeln!(
            out,
            "{}:{} {} {} {}",
            f.line,
            f.column,
            f.kind.as_str(),
            fix,
            f.callee
        )
        .unwrap();
    }
    out
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fixtures");
    let bless = std::env::var_os("UNDANGLE_BLESS").is_some();
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "fixtures are missing: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let input = fs::read(case.join("input.py")).unwrap();
        let analysis = analyse(&input, Mode::Fix);
        assert_eq!(analysis.internal_error, None, "{name}");
        let output = analysis
            .fixed
            .clone()
            .map_or(input.clone(), String::into_bytes);
        let listing = findings_listing(&analyse(&input, Mode::Check));
        assert_eq!(
            listing,
            findings_listing(&analysis),
            "{name}: check and fix disagree"
        );
        if bless {
            fs::write(case.join("expected.py"), &output).unwrap();
            fs::write(case.join("findings.txt"), &listing).unwrap();
            continue;
        }
        let expected = fs::read(case.join("expected.py")).unwrap_or_default();
        if output != expected {
            failures.push(format!(
                "{name}: output differs from expected.py\n--- got ---\n{}",
                String::from_utf8_lossy(&output)
            ));
        }
        let expected_findings = fs::read_to_string(case.join("findings.txt")).unwrap_or_default();
        if listing != expected_findings {
            failures.push(format!("{name}: findings differ\n--- got ---\n{listing}"));
        }
        // Idempotence: the fixed file has nothing left to fix.
        let second = analyse(&output, Mode::Fix);
        if second.fixed.is_some() || second.findings.iter().any(|f| f.fixable) {
            failures.push(format!("{name}: a second pass still changes the file"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_cpython_compiles(&cases);
}

/// tree-sitter is lenient in places; CPython has the last word on whether output is Python.
fn assert_cpython_compiles(cases: &[std::path::PathBuf]) {
    let script =
        "import sys\nfor p in sys.argv[1:]:\n    compile(open(p, 'rb').read(), p, 'exec')\n";
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(cases.iter().map(|c| c.join("expected.py")))
        .status()
        .expect("python3 runs");
    assert!(
        status.success(),
        "an expected.py does not compile under CPython"
    );
}
