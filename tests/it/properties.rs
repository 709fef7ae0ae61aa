//! Property tests on generated modules (see `pygen`). For every case:
//! - no panic, and the file is analysed (the generator writes valid Python);
//! - the findings are exactly the dropped tasks the generator planted (no near-miss reported);
//! - the fixed file parses (tree-sitter here, CPython for the whole batch at the end);
//! - `diff` equals `fix`: the rendered diff, applied to the input, gives the fixed file;
//! - idempotent: a second pass finds nothing to fix;
//! - the prefilter loses nothing: with it switched off the findings are the same.
//!
//! Then a sample of the fixed modules that create no task at import time is imported under CPython
//! and every driver function is run: no NameError or AttributeError, nor any other exception.
//!
//! `cargo test --test it properties::` runs 2,000 cases; `UNDANGLE_PROPTEST_CASES=100000 cargo
//! test --release --test it properties:: -- --ignored` runs a longer search. The cases are split
//! over one runner per core, each with its own random seed.

use std::fs;
use std::process::Command;
use std::sync::Arc;

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use undangle::core::pipeline::{Analysis, Mode, Options, Outcome, factories_of, process};
use undangle::project::factories::FactoryIndex;
use undangle::render::diff;
use undangle::scan::syntax::new_parser;
use undangle::settings::{KeepWith, Settings, Strategy};

use crate::pygen;

const RUNTIME_SAMPLE: usize = 300;

/// Every fix strategy must keep every property.
const STRATEGIES: [Strategy; 3] = [Strategy::Inline, Strategy::Helper, Strategy::Owner];
/// And `keep-with`, the project's own keeper (written beside the modules that run).
const KEEPER: (&str, &str) = ("_keeper", "spawn");
const KEEPER_SOURCE: &str = "kept = set()\n\n\ndef spawn(task):\n    kept.add(task)\n    task.add_done_callback(kept.discard)\n";

/// Every way of fixing: each strategy, then `keep-with`; every kind, those in preview too.
fn configurations() -> Vec<Settings> {
    let mut all: Vec<Settings> = STRATEGIES
        .iter()
        .map(|&strategy| Settings {
            strategy,
            preview: true,
            ..Settings::default()
        })
        .collect();
    all.push(Settings {
        keep_with: Some(KeepWith {
            module: KEEPER.0.to_owned(),
            function: KEEPER.1.to_owned(),
            takes: undangle::settings::Takes::Task,
            in_scope: false,
        }),
        preview: true,
        ..Settings::default()
    });
    all
}

fn analyse(
    bytes: &[u8],
    mode: Mode,
    no_prefilter: bool,
    settings: &Settings,
) -> Result<Analysis, TestCaseError> {
    // The module's own task factories, as a run over its folder finds them.
    let file = std::path::PathBuf::from("/generated/module.py");
    let mut factories = FactoryIndex::default();
    let found = factories_of(bytes, &mut new_parser(), settings);
    factories.add(file.clone(), "module.py".to_owned(), found);
    factories.finish();
    let options = Options {
        no_prefilter,
        settings: Arc::new(settings.clone()),
        factories: Arc::new(factories),
        file: Some(file),
        select: None,
        notebook: false,
        helper_module: None,
        facts: Arc::default(),
    };
    match process(bytes, &mut new_parser(), mode, &options) {
        Outcome::Analyzed(analysis) => Ok(analysis),
        // Nothing the prefilter could see: no findings (the oracle checks that this is right).
        Outcome::NoCandidate => Ok(Analysis::default()),
        Outcome::Skipped(reason) => Err(TestCaseError::fail(format!("skipped: {reason}"))),
    }
}

/// Applies a unified diff produced by `undangle diff` to `old`.
fn apply_patch(old: &str, patch: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next = 0;
    let mut last_sign = ' ';
    let mut in_hunks = false;
    for line in patch.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("@@ -") {
            in_hunks = true;
            let range = header.split(' ').next().unwrap();
            let (start, count) = range.split_once(',').unwrap_or((range, "1"));
            let start: usize = start.parse().unwrap();
            let until = if count == "0" { start } else { start - 1 };
            out.extend(old_lines[next..until].iter().copied());
            next = until;
        } else if !in_hunks {
            continue; // the --- / +++ headers
        } else if let Some(rest) = line.strip_prefix(' ') {
            out.push_str(rest);
            next += 1;
            last_sign = ' ';
        } else if line.starts_with('-') {
            next += 1;
            last_sign = '-';
        } else if let Some(rest) = line.strip_prefix('+') {
            out.push_str(rest);
            last_sign = '+';
        } else if line.starts_with('\\') && last_sign != '-' {
            out.pop(); // "\ No newline at end of file" for the line just written
        }
    }
    out.extend(old_lines[next..].iter().copied());
    out
}

struct Outputs {
    /// Fixed files not yet compiled by CPython (compiled a batch at a time, so a long run's
    /// memory stays bounded).
    fixed: Vec<Vec<u8>>,
    /// How many fixed files CPython compiled, and what it rejected.
    compiled: usize,
    rejected: Vec<String>,
    /// Fixed files that can be imported and driven.
    runnable: Vec<Vec<u8>>,
}

fn check_case(module: &pygen::Module, outputs: &mut Outputs) -> Result<(), TestCaseError> {
    let rendered = module.render();
    for settings in configurations() {
        check_strategy(&rendered, &settings, outputs).map_err(|e| {
            let how = match &settings.keep_with {
                Some(keep_with) => format!("keep-with {keep_with:?}"),
                None => format!("strategy {:?}", settings.strategy),
            };
            TestCaseError::fail(format!("{how}: {e}"))
        })?;
    }
    Ok(())
}

fn check_strategy(
    rendered: &pygen::Rendered,
    settings: &Settings,
    outputs: &mut Outputs,
) -> Result<(), TestCaseError> {
    let input = &rendered.bytes;
    let analysis = analyse(input, Mode::Fix, false, settings)?;
    let found: Vec<(usize, bool)> = analysis
        .findings()
        .map(|(_, f)| (f.at.line, f.fixable()))
        .collect();
    if found != rendered.expected {
        return Err(TestCaseError::fail(format!(
            "findings {found:?}, expected {:?}\n{}",
            rendered.expected,
            String::from_utf8_lossy(input)
        )));
    }
    if let Some(err) = &analysis.internal_error {
        return Err(TestCaseError::fail(format!("internal error: {err}")));
    }
    let unfiltered = analyse(input, Mode::Check, true, settings)?;
    if unfiltered.sites != analysis.sites {
        return Err(TestCaseError::fail("the prefilter changed the findings"));
    }
    let any_fixable = rendered.expected.iter().any(|&(_, fixable)| fixable);
    let Some(fixed) = analysis.fixed else {
        if any_fixable {
            return Err(TestCaseError::fail("fixable findings, but no fix"));
        }
        return Ok(());
    };
    let original = String::from_utf8(input.clone()).unwrap();
    let patched = apply_patch(&original, &diff::plain("m.py", &original, &fixed));
    if patched != fixed {
        return Err(TestCaseError::fail(format!(
            "diff and fix disagree\n{fixed}"
        )));
    }
    let second = analyse(fixed.as_bytes(), Mode::Fix, false, settings)?;
    if second.fixed.is_some() || second.findings().any(|(_, f)| f.fixable()) {
        return Err(TestCaseError::fail(format!(
            "second pass changes the file\n{fixed}"
        )));
    }
    if rendered.runnable && outputs.runnable.len() < RUNTIME_SAMPLE * (STRATEGIES.len() + 1) {
        outputs.runnable.push(fixed.clone().into_bytes());
    }
    outputs.fixed.push(fixed.into_bytes());
    if outputs.fixed.len() >= COMPILE_BATCH {
        compile_batch(outputs);
    }
    Ok(())
}

/// Fixed files CPython compiles at once.
const COMPILE_BATCH: usize = 20_000;

/// Compiles the pending fixed files with CPython and forgets them, keeping what it rejected.
fn compile_batch(outputs: &mut Outputs) {
    if let Err(rejected) = cpython_compiles(&outputs.fixed) {
        outputs.rejected.push(rejected);
    }
    outputs.compiled += outputs.fixed.len();
    outputs.fixed.clear();
}

/// Writes `files` as `<prefix><N>.py` into a new folder (passed to python3 whole: a long run
/// has more files than an argument list can hold).
fn write_batch(files: &[Vec<u8>], prefix: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, bytes) in files.iter().enumerate() {
        fs::write(dir.path().join(format!("{prefix}{i}.py")), bytes).unwrap();
    }
    dir
}

/// CPython compiles every fixed file.
fn cpython_compiles(files: &[Vec<u8>]) -> Result<(), String> {
    let dir = write_batch(files, "m");
    let script = "import glob, sys\nbad = []\nfor p in sorted(glob.glob(sys.argv[1] + '/*.py')):\n    try:\n        compile(open(p, 'rb').read(), p, 'exec')\n    except SyntaxError as e:\n        bad.append(f'{p}: {e}')\nprint('\\n'.join(bad))\nsys.exit(1 if bad else 0)\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    match out.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&out.stdout).into_owned()),
    }
}

/// Imports each module and runs every `f<N>` driver under asyncio.
fn assert_modules_run(files: &[Vec<u8>]) {
    let dir = write_batch(files, "gen");
    fs::write(dir.path().join(format!("{}.py", KEEPER.0)), KEEPER_SOURCE).unwrap();
    let driver = r#"
import asyncio, glob, importlib.util, inspect, sys
failures = []
for path in sorted(glob.glob(sys.argv[1] + '/*.py')):
    name = path.rsplit('/', 1)[-1][:-3]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        drivers = [f for n, f in sorted(vars(module).items())
                   if n[:1] == 'f' and n[1:].isdigit() and inspect.iscoroutinefunction(f)]
        for f in drivers:
            asyncio.run(f())
    except Exception as e:
        failures.append(f'{path}: {type(e).__name__}: {e}')
print('\n'.join(failures))
sys.exit(1 if failures else 0)
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(driver)
        .arg(dir.path())
        // `from _keeper import spawn` (keep-with) is found beside the modules.
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "fixed modules fail at run time:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Runs `cases` cases split over the machine's cores: one runner per thread, each with its own
/// random seed and its own outputs (a long run is CPU-bound and every case is independent).
fn run_properties(cases: u32) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(cases.max(1) as usize) as u32;
    let shards: Vec<Outputs> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|i| {
                // The first shards take the remainder, so the counts add up to `cases`.
                let share = cases / threads + u32::from(i < cases % threads);
                scope.spawn(move || run_shard(share))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut outputs = Outputs {
        fixed: Vec::new(),
        compiled: 0,
        rejected: Vec::new(),
        runnable: Vec::new(),
    };
    for shard in shards {
        outputs.compiled += shard.compiled;
        outputs.rejected.extend(shard.rejected);
        outputs.runnable.extend(shard.runnable);
    }
    outputs
        .runnable
        .truncate(RUNTIME_SAMPLE * (STRATEGIES.len() + 1));
    assert!(
        outputs.compiled as u64 > u64::from(cases) * 2,
        "too few cases were fixed"
    );
    assert!(
        outputs.rejected.is_empty(),
        "CPython rejects fixed files:\n{}",
        outputs.rejected.join("\n")
    );
    eprintln!(
        "{cases} cases on {threads} threads, {} fixed files compiled by CPython",
        outputs.compiled
    );
    assert!(outputs.runnable.len() >= RUNTIME_SAMPLE.min(cases as usize / 10));
    assert_modules_run(&outputs.runnable);
}

/// One thread's share of the cases; every fixed file is compiled by CPython before it returns.
fn run_shard(cases: u32) -> Outputs {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let outputs = std::cell::RefCell::new(Outputs {
        fixed: Vec::new(),
        compiled: 0,
        rejected: Vec::new(),
        runnable: Vec::new(),
    });
    let result = runner.run(&pygen::module(), |module| {
        check_case(&module, &mut outputs.borrow_mut())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
    let mut outputs = outputs.into_inner();
    compile_batch(&mut outputs);
    outputs
}

#[test]
fn properties() {
    run_properties(2_000);
}

#[test]
#[ignore = "long run: set UNDANGLE_PROPTEST_CASES"]
fn properties_long() {
    let cases = std::env::var("UNDANGLE_PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok());
    run_properties(cases.unwrap_or(50_000));
}
