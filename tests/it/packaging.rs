//! The Python package, as users install it: maturin builds the wheel, pip installs it into a
//! fresh virtualenv, and the installed `undangle` (and `python -m undangle`) check the demo
//! exactly as the binary under test does. Skipped (`common::skip`) when maturin is missing
//! (`scripts/maturin.sh` installs it; `scripts/test.sh` exports its folder as `UNDANGLE_PY_TOOLS`).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::common::{self, undangle};

fn run(command: &mut Command) -> std::process::Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success() || output.status.code() == Some(1),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn the_wheel_installs_an_undangle_that_checks_the_demo() {
    let Some(tools) = common::python_tools("maturin") else {
        common::skip(
            "packaging::the_wheel_installs_an_undangle_that_checks_the_demo",
            "maturin is not installed",
            "scripts/maturin.sh",
        );
        return;
    };
    // Before the build below replaces the target folder's `undangle`: the binary under test
    // for the other tests, running meanwhile in this process (`common::bin`).
    common::bin();
    let _turn = common::wheel_build_turn();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let wheels = scratch.path().join("wheels");
    // The dev profile and the tests' own target folder: the artifacts `cargo test` has just
    // built are reused, so the wheel costs a link, not a build.
    let built = run(Command::new(tools.join("maturin"))
        .args(["build", "--profile", "dev", "--locked", "--quiet", "-o"])
        .arg(&wheels)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target")));
    assert!(
        built.status.success(),
        "maturin build failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("a wheel");
    let size = std::fs::metadata(&wheel).unwrap().len();

    let venv = scratch.path().join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    let started = Instant::now();
    run(Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--disable-pip-version-check",
        ])
        .arg(&wheel));
    eprintln!(
        "wheel {}: {:.1} MB; pip install took {:.2} s",
        wheel.file_name().unwrap().to_string_lossy(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let expected = undangle()
        .current_dir(root)
        .args(["check", "testdata/demo"])
        .output()
        .unwrap();
    assert_eq!(expected.status.code(), Some(1));
    let installed = venv.join("bin/undangle");
    for command in [
        Command::new(&installed).args(["check", "testdata/demo"]),
        Command::new(venv.join("bin/python")).args(["-m", "undangle", "check", "testdata/demo"]),
    ] {
        let output = command
            .current_dir(root)
            .env_remove("PATH")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert_eq!(output.stdout, expected.stdout, "{command:?}");
        assert!(!output.stdout.is_empty());
    }
    // pytest finds the runtime plugin through the wheel's entry point.
    let entry_points = run(Command::new(venv.join("bin/python")).args([
        "-c",
        "import importlib.metadata as m; print(*sorted(f'{e.group} {e.name} = {e.value}' for e in m.distribution('undangle').entry_points), sep='\\n')",
    ]));
    assert!(
        String::from_utf8_lossy(&entry_points.stdout)
            .lines()
            .any(|l| l == "pytest11 undangle = undangle.pytest_plugin"),
        "{}",
        String::from_utf8_lossy(&entry_points.stdout)
    );
    let version = run(Command::new(&installed).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("undangle {}", env!("CARGO_PKG_VERSION"))
    );
}
