//! Every `testdata/fixtures/<case>/input.py` must become `expected.py` under `fix`, must report
//! exactly `findings.txt` under `check` (with the prefilter and without it), and the fixed file
//! must be left alone by a second pass.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fixtures::` rewrites the expected files from the current
//! output; review the resulting `git diff` before committing it.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use undangle::app::pipeline::{Analysis, Mode, Options, Outcome, factories_of, process};
use undangle::project::factories::FactoryIndex;
use undangle::scan::syntax::new_parser;
use undangle::settings::Settings;

use crate::common::pyenv_python;

/// A case's own `pyproject.toml`, when it has one, as undangle reads it.
fn case_options(case: &Path) -> Options {
    let pyproject = case.join("pyproject.toml");
    let settings = match fs::read_to_string(&pyproject) {
        Ok(text) => Settings::from_pyproject(&pyproject, &text).unwrap(),
        Err(_) => Settings::default(),
    };
    Options {
        settings: Arc::new(settings),
        ..Options::default()
    }
}

/// The options with the input's own task factories, as a run over the case's folder finds them.
fn with_factories(input: &[u8], options: &Options) -> Options {
    let file = PathBuf::from("/fixture/input.py");
    let mut index = FactoryIndex::default();
    let found = factories_of(input, &mut new_parser(), &options.settings);
    index.add(file.clone(), "input.py".to_owned(), found);
    index.finish();
    Options {
        factories: Arc::new(index),
        file: Some(file),
        ..options.clone()
    }
}

fn analyse_with(bytes: &[u8], mode: Mode, options: &Options) -> Analysis {
    let options = &with_factories(bytes, options);
    let mut parser = new_parser();
    match process(bytes, &mut parser, mode, options) {
        Outcome::Analyzed(analysis) => analysis,
        Outcome::NoCandidate => Analysis::default(),
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
        let options = case_options(case);
        let analysis = analyse_with(&input, Mode::Fix, &options);
        assert_eq!(analysis.internal_error, None, "{name}");
        let output = analysis
            .fixed
            .clone()
            .map_or(input.clone(), String::into_bytes);
        let listing = findings_listing(&analyse_with(&input, Mode::Check, &options));
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
        let second = analyse_with(&output, Mode::Fix, &options);
        if second.fixed.is_some() || second.findings.iter().any(|f| f.fixable) {
            failures.push(format!("{name}: a second pass still changes the file"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_cpython_compiles(&cases);
}

/// tree-sitter is lenient in places; CPython has the last word on whether output is Python: each
/// expected file compiles under the oldest Python its case declares and under the newest one
/// installed (pyenv's), or `python3` when pyenv has neither.
fn assert_cpython_compiles(cases: &[std::path::PathBuf]) {
    let script =
        "import sys\nfor p in sys.argv[1:]:\n    compile(open(p, 'rb').read(), p, 'exec')\n";
    let newest = pyenv_python(None).unwrap_or_else(|| "python3".into());
    let mut by_python: std::collections::BTreeMap<String, Vec<std::path::PathBuf>> =
        std::collections::BTreeMap::new();
    for case in cases {
        let file = case.join("expected.py");
        by_python
            .entry(newest.clone())
            .or_default()
            .push(file.clone());
        let minimum = case_options(case).settings.min_python;
        match pyenv_python(Some((minimum.0, minimum.1))) {
            Some(python) => by_python.entry(python).or_default().push(file),
            None => eprintln!(
                "fixtures: no CPython {minimum} here; {} compiled only under {newest}",
                file.display()
            ),
        }
    }
    for (python, files) in by_python {
        let status = std::process::Command::new(&python)
            .arg("-c")
            .arg(script)
            .args(&files)
            .status()
            .expect("python runs");
        assert!(
            status.success(),
            "an expected.py does not compile under {python}"
        );
    }
}
