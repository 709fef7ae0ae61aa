//! One helper for a repository root with top packages side by side, one of them in a namespace
//! folder (issue 36, vajra-stream: `backend/` has no `__init__.py`; `backend/app/` imports
//! `from core.context import ...` at its top). The helper goes in `core/`, the package the
//! other already imports, and both import it; isort and ruff's I001 hold the fixed files.
//! (vajra-stream itself still gets two: its `backend/app/` imports `modules` as well as `core`,
//! both make tasks and `modules` imports `core`; `shared_helper` takes no home from two.)
//! (vajra-stream itself still gets two: its `backend/app/` imports `modules` as well as `core`,
//! both make tasks, and `modules` imports `core`; `shared_helper` takes no home from two.)

use std::fs;
use std::path::Path;

use crate::common::{self, undangle};
use crate::helper_exam36q::second_run_is_empty;

const PYPROJECT: &str = "[project]
name = \"vajra-stream\"
requires-python = \">=3.10\"

[tool.ruff]
target-version = \"py310\"
line-length = 120

[tool.ruff.lint]
select = [\"E\", \"F\", \"W\", \"I\", \"UP\"]
";

const LOOP: &str = "import asyncio


async def run_loop() -> None:
    await asyncio.sleep(1)


def start() -> None:
    asyncio.create_task(run_loop())
";

const API: &str = "import asyncio

from fastapi import APIRouter

from core.context import CONTEXT

router = APIRouter()


async def work() -> None:
    await asyncio.sleep(CONTEXT)


def start() -> None:
    asyncio.create_task(work())
";

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn layout(root: &Path) {
    fs::create_dir(root.join(".git")).unwrap();
    write(root, "pyproject.toml", PYPROJECT);
    write(root, "core/__init__.py", "");
    write(root, "core/context.py", "CONTEXT = 1\n");
    write(root, "core/recitation_loop.py", LOOP);
    write(root, "backend/app/__init__.py", "");
    write(root, "backend/app/api/__init__.py", "");
    write(root, "backend/app/api/operator.py", API);
}

#[test]
fn a_namespace_folders_package_shares_the_helper_of_the_package_it_imports() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    layout(root);
    undangle()
        .args(["fix", "--strategy", "helper", "."])
        .current_dir(root)
        .assert()
        .success();
    assert!(root.join("core/_background.py").is_file());
    assert!(!root.join("backend/app/_background.py").exists());
    let api = fs::read_to_string(root.join("backend/app/api/operator.py")).unwrap();
    assert!(
        api.contains(
            "from fastapi import APIRouter\n\nfrom core._background import keep_task\n\
             from core.context import CONTEXT\n"
        ),
        "{api}"
    );
    assert!(
        api.contains("    keep_task(asyncio.create_task(work()))\n"),
        "{api}"
    );
    let own = fs::read_to_string(root.join("core/recitation_loop.py")).unwrap();
    assert!(
        own.contains("from ._background import keep_task\n"),
        "{own}"
    );
    second_run_is_empty(root);
    held_to_the_tools(root);
}

/// Near miss: `backend/app/` imports nothing of `core/`: each keeps its own helper.
#[test]
fn a_namespace_folders_package_that_imports_no_sibling_keeps_its_own_helper() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    layout(root);
    let api = API.replace("from core.context import CONTEXT\n", "CONTEXT = 1\n");
    write(root, "backend/app/api/operator.py", &api);
    undangle()
        .args(["fix", "--strategy", "helper", "."])
        .current_dir(root)
        .assert()
        .success();
    assert!(root.join("core/_background.py").is_file());
    assert!(root.join("backend/app/_background.py").is_file());
}

/// isort (black profile, the project's first party) and ruff's I001 under the project's
/// settings leave the fixed files as they are.
fn held_to_the_tools(root: &Path) {
    let files = ["backend/app/api/operator.py", "core/recitation_loop.py"];
    let test = "fix65_helper_home::held_to_the_tools";
    common::held_to_isort_and_i001(test, root, &["--profile", "black"], &files);
}
