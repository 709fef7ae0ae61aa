//! The oldest Python a project declares decides how the fix is written. Besides
//! `pyproject.toml`, a project declares it to setuptools (`python_requires` in `setup.cfg` or
//! `setup.py`); the fixed module must then import and run under that Python.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{pyenv_python, undangle};

const MODULE: &str = "import asyncio


async def work():
    await asyncio.sleep(1)


async def main():
    asyncio.get_event_loop().create_task(work())
    await asyncio.sleep(0.01)
";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Imports `m` from `folder` and runs its `main()` under `python`.
fn runs_under(python: &str, folder: &Path) -> Result<(), String> {
    let script = "import asyncio, sys\nsys.path.insert(0, sys.argv[1])\nimport m\n\
                  asyncio.get_event_loop().run_until_complete(m.main())\n";
    let out = Command::new(python)
        .args(["-c", script])
        .arg(folder)
        .output()
        .expect("python runs");
    match out.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

#[test]
fn setup_cfg_and_setup_py_declare_the_minimum_python() {
    let python37 = pyenv_python(Some((3, 7)));
    if python37.is_none() {
        eprintln!("minimum_python: no CPython 3.7 here; the fixed modules are not run under it");
    }
    let projects = [
        (
            "setup.py",
            "from setuptools import setup\nsetup(name='p', python_requires='~=3.7')\n",
        ),
        (
            "setup.cfg",
            "[metadata]\nname = p\n\n[options]\npython_requires = >=3.7\n",
        ),
    ];
    for (declares, text) in projects {
        for strategy in ["inline", "helper"] {
            // Alone, and beside a pyproject.toml that declares no Python.
            for pyproject in [None, Some("[tool.ruff]\nline-length = 100\n")] {
                let mut files = vec![(declares, text), ("m.py", MODULE)];
                files.extend(pyproject.map(|p| ("pyproject.toml", p)));
                let dir = project(&files);
                undangle()
                    .args(["fix", "--strategy", strategy, "."])
                    .current_dir(dir.path())
                    .assert()
                    .code(0);
                let fixed = fs::read_to_string(dir.path().join("m.py")).unwrap();
                assert_ne!(fixed, MODULE, "{declares}, {strategy}: nothing was fixed");
                // Under 3.7 a module-level `set[...]` annotation fails at import time, and mypy
                // rejects it quoted too.
                assert!(
                    fixed.contains("_background_tasks: \"Set[asyncio.Task[object]]\""),
                    "{declares}, {strategy}, {pyproject:?}: not written for 3.7:\n{fixed}"
                );
                if let Some(python) = &python37 {
                    runs_under(python, dir.path()).unwrap_or_else(|err| {
                        panic!("{declares}, {strategy}: fails under 3.7:\n{err}\n{fixed}")
                    });
                }
            }
        }
    }
}

#[test]
fn a_setup_py_inside_a_project_does_not_hide_its_pyproject() {
    // An example package with its own setup.py, inside a project whose pyproject.toml picks
    // the helper strategy and Python 3.9: the project's settings govern the example.
    let dir = project(&[
        (
            "pyproject.toml",
            "[project]\nrequires-python = \">=3.9\"\n[tool.undangle]\nstrategy = \"helper\"\n",
        ),
        (
            "examples/setup.py",
            "from setuptools import setup\nsetup(python_requires='>=3.7')\n",
        ),
        ("examples/m.py", MODULE),
    ]);
    undangle()
        .args(["fix", "."])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("examples/m.py")).unwrap();
    assert!(fixed.contains("def _keep_task("), "{fixed}");
    assert!(
        fixed.contains("_background_tasks: set[asyncio.Task[object]] = set()"),
        "{fixed}"
    );
}

/// A mypy that can still target Python 3.7 and 3.8 (mypy 1.4.1; the pinned one targets 3.10 at
/// the least): `$UNDANGLE_MYPY_PY37`, which scripts/test.sh sets from scripts/mypy-old.sh.
fn mypy_py37() -> Option<String> {
    std::env::var("UNDANGLE_MYPY_PY37").ok().filter(|m| {
        Command::new(m)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// On a project whose oldest Python is below 3.9, the set is annotated `typing.Set[...]` (as the
/// file imports typing, else `from typing import Set` joined to its imports) under every
/// strategy, quoted or not: mypy at `--python-version 3.7` or 3.8 rejects `set[...]` ("not
/// subscriptable, use typing.Set"; temporalio/samples-python, exam36d class 4). Checked with a
/// mypy that targets 3.7 where one is given.
#[test]
fn below_python_3_9_a_set_is_annotated_typing_set_in_every_strategy() {
    let module = "import asyncio\nfrom typing import Any\n\n\nasync def work() -> Any:\n    \
                  await asyncio.sleep(1)\n\n\nclass Greeter:\n    def __init__(self) -> None:\n        \
                  self.name = \"x\"\n\n    def greet(self) -> None:\n        \
                  asyncio.create_task(work())\n\n\ndef start() -> None:\n    \
                  asyncio.create_task(work())\n";
    let pyproject = "[project]\nrequires-python = \">=3.7\"\n";
    let mypy = mypy_py37();
    for strategy in ["inline", "helper", "owner"] {
        let dir = project(&[
            ("pyproject.toml", pyproject),
            ("pkg/__init__.py", ""),
            ("pkg/mod.py", module),
        ]);
        undangle()
            .args(["fix", "--strategy", strategy, "."])
            .current_dir(dir.path())
            .assert()
            .success();
        let mut written = fs::read_to_string(dir.path().join("pkg/mod.py")).unwrap();
        written += &fs::read_to_string(dir.path().join("pkg/_background.py")).unwrap_or_default();
        assert!(!written.contains("set["), "{strategy}: {written}");
        assert!(written.contains("Set[asyncio."), "{strategy}: {written}");
        let Some(mypy) = &mypy else { continue };
        for version in ["3.7", "3.8"] {
            let out = Command::new(mypy)
                .args(["--python-version", version, "--strict", "--no-incremental"])
                .args(["--cache-dir", "/dev/null", "pkg"])
                .current_dir(dir.path())
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{strategy}, {version}: {said}\n{written}"
            );
        }
    }
    if mypy.is_none() {
        crate::common::skip(
            "minimum_python::below_python_3_9_a_set_is_annotated_typing_set_in_every_strategy",
            "no mypy that targets 3.7 ($UNDANGLE_MYPY_PY37) for the oracle",
            "scripts/mypy-old.sh",
        );
    }
}

/// A project that still supports Python 3.4 (its tox envlist begins with `py34`): `typing` is
/// not in 3.4's standard library, so under every strategy the fix writes no type at all (no
/// `typing` import, no annotation, no type comment): `_background_tasks = set()` and an
/// untyped helper, which import on 3.4 (pymysensors' case, docs/evaluation.md's sixth exam of
/// issue 36, class 2).
#[test]
fn below_python_3_5_the_fix_writes_no_types() {
    const OLD_MODULE: &str = "import asyncio


@asyncio.coroutine
def work():
    yield from asyncio.sleep(0)


class Gateway:
    def __init__(self, loop):
        self.loop = loop

    def start(self):
        asyncio.ensure_future(work(), loop=self.loop)
";
    let tox = "[tox]\nenvlist = py34, py35, py36, lint\n";
    for strategy in ["inline", "helper", "owner"] {
        let dir = project(&[
            ("tox.ini", tox),
            (
                "setup.py",
                "from setuptools import setup\nsetup(name='p')\n",
            ),
            ("p/__init__.py", ""),
            ("p/m.py", OLD_MODULE),
        ]);
        undangle()
            .args(["fix", "--strategy", strategy, "."])
            .current_dir(dir.path())
            .assert()
            .code(0);
        let fixed = fs::read_to_string(dir.path().join("p/m.py")).unwrap();
        assert_ne!(fixed, OLD_MODULE, "{strategy}: nothing was fixed");
        let helper = fs::read_to_string(dir.path().join("p/_background.py")).unwrap_or_default();
        for text in [&fixed, &helper] {
            assert!(
                !text.contains("typing") && !text.contains("# type:") && !text.contains("TaskT"),
                "{strategy}: a type written for Python 3.4:\n{text}"
            );
        }
        let declared = match strategy {
            "owner" => "        self._background_tasks = set()\n",
            "helper" => "_background_tasks = set()\n",
            _ => "\n_background_tasks = set()\n",
        };
        let text = if strategy == "helper" {
            &helper
        } else {
            &fixed
        };
        assert!(text.contains(declared), "{strategy}:\n{text}");
        if strategy == "helper" {
            assert!(helper.contains("def keep_task(task):"), "{helper}");
        }
    }
}
