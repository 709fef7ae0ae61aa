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

use undangle::core::pipeline::{Analysis, Mode, Options, Outcome, factories_of, process};
use undangle::project::factories::FactoryIndex;
use undangle::scan::syntax::new_parser;
use undangle::settings::Settings;

use crate::common::pyenv_python;

/// A case's own settings files (`pyproject.toml`, isort's and flake8's INI files), as undangle
/// reads them, with every kind reported (the kinds in preview have fixtures too).
fn case_options(case: &Path) -> Options {
    let settings = Settings {
        preview: true,
        ..Settings::from_folder(case).unwrap()
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
    for (site, f) in analysis.findings() {
        let fix = if f.fixable() {
            "fixable"
        } else {
            "not-fixable"
        };
        writeln!(
            out,
            "{}:{} {} {} {}",
            f.at.line,
            f.at.column,
            f.kind.as_str(),
            fix,
            site.callee
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
        if second.fixed.is_some() || second.findings().any(|(_, f)| f.fixable()) {
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

/// The fix never breaks the import of a module: wherever a case's `input.py` runs at module
/// level (is imported) under CPython 3.6 and 3.8, so does its `expected.py` (a module-level
/// `set[...]` annotation raises `TypeError` at import before 3.9; a project that declares no
/// oldest Python may run there).
#[test]
fn fixed_fixtures_import_wherever_their_input_did() {
    // Each file is run as a module named `fixture` (its `if __name__ == "__main__":` is not);
    // one line per file: "ok", or the exception.
    let script = "import sys\n\
        for p in sys.argv[1:]:\n\
        \x20   try:\n\
        \x20       exec(compile(open(p, 'rb').read(), p, 'exec'), {'__name__': 'fixture'})\n\
        \x20       print('ok')\n\
        \x20   except BaseException as e:\n\
        \x20       print(type(e).__name__ + ': ' + str(e).replace('\\n', ' '))\n";
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fixtures");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("input.py").is_file())
        .collect();
    cases.sort();
    let run = |python: &str, file: &str| -> Vec<String> {
        let out = std::process::Command::new(python)
            .arg("-c")
            .arg(script)
            .args(cases.iter().map(|c| c.join(file)))
            .current_dir(std::env::temp_dir())
            .output()
            .expect("python runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect()
    };
    for version in [(3, 6), (3, 8)] {
        let Some(python) = pyenv_python(Some(version)) else {
            crate::common::skip(
                "fixed_fixtures_import_wherever_their_input_did",
                &format!("CPython {}.{} is not installed", version.0, version.1),
                &format!("pyenv install {}.{}", version.0, version.1),
            );
            continue;
        };
        let (before, after) = (run(&python, "input.py"), run(&python, "expected.py"));
        assert_eq!(before.len(), cases.len(), "{python} ran every input");
        assert_eq!(after.len(), cases.len(), "{python} ran every expected file");
        let mut imported = 0;
        let mut broken = Vec::new();
        for ((case, before), after) in cases.iter().zip(&before).zip(&after) {
            let settings = case_options(case).settings;
            // A project that declares a newer oldest Python may use what it brings.
            let newer = settings.declares_python
                && settings.min_python > undangle::settings::PythonVersion(version.0, version.1);
            if before == "ok" && !newer {
                imported += 1;
                // keep-with's module is the project's, not here.
                let keeper = settings.keep_with.clone();
                let missing_keeper = keeper.is_some_and(|k| {
                    after == &format!("ModuleNotFoundError: No module named '{}'", k.module)
                        || after.starts_with("ModuleNotFoundError: No module named")
                            && k.module
                                .starts_with(after.rsplit('\'').nth(1).unwrap_or("?"))
                });
                if after != "ok" && !missing_keeper {
                    broken.push(format!("{}: {after}", case.display()));
                }
            }
        }
        assert!(
            broken.is_empty(),
            "input.py imports under {python}, expected.py does not:\n{}",
            broken.join("\n")
        );
        assert!(
            imported > 20,
            "only {imported} inputs import under {python}"
        );
    }
}
