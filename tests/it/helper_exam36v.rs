//! `--strategy helper` in the layouts of issue 36's twenty-first exam (exam36v).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{copy_tree, skip, testdata, undangle};
use crate::keepers::fixed_project;

/// `testdata/keepers/helper_utf8_pragma/project`, py-xiaozhi's header (class 2): every module of
/// `pkg` opens with `# -*- coding: utf-8 -*-` and the project's ruff selects `UP`, so the new
/// `pkg/_background.py` carries no UTF-8 declaration, which UP009 would report. `lat`'s modules
/// declare latin-1, which UP009 leaves alone: its helper module keeps the line, as the package's
/// pragma header always was (`keepers/pragma_helper`, where ruff does not check UP009).
#[test]
fn a_new_module_has_no_utf8_declaration_where_ruff_checks_up009() {
    let dir = fixed_project("keepers/helper_utf8_pragma");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let helper = read("pkg/_background.py");
    assert!(
        helper.starts_with("\"\"\"Keep background tasks"),
        "{helper}"
    );
    let latin = read("lat/_background.py");
    assert!(
        latin.starts_with("# -*- coding: latin-1 -*-\n\"\"\""),
        "{latin}"
    );
}

/// reorder-python-imports for the tests of a project that runs it: `$UNDANGLE_REORDER`, the
/// cache virtualenv that `scripts/reorder.sh` fills, or the command on PATH.
fn find_reorder() -> Option<String> {
    let cache = crate::common::cache().map(|c| c.join("undangle/reorder/bin"));
    let candidates = (std::env::var("UNDANGLE_REORDER").into_iter())
        .chain(cache.map(|c| c.join(REORDER).display().to_string()))
        .chain([REORDER.to_owned()]);
    candidates.into_iter().find(|c| {
        Command::new(c)
            .arg("--help")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

const REORDER: &str = "reorder-python-imports";

/// The `.py` files below `dir`, relative to it.
fn python_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "py") {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(relative.display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// `testdata/keepers/helper_reorder_imports/project`, onyx's layout (exam36v, class 1): the
/// project's pre-commit runs reorder-python-imports (`--py311-plus`,
/// `--application-directories=backend/`), so every import the fix writes is one name a statement
/// in the place the hook sorts it: the helper modules' `from typing import Any` and
/// `from typing import TypeVar` on lines of their own, `from onyx._background import keep_task`
/// among the `onyx.` imports, and `tools`' relative import in the application's block. The hook,
/// run on what each strategy writes, changes nothing.
#[test]
fn the_fix_writes_imports_as_reorder_python_imports_leaves_them() {
    let test = "helper_exam36v::the_fix_writes_imports_as_reorder_python_imports_leaves_them";
    let dir = fixed_project("keepers/helper_reorder_imports");
    let helper = fs::read_to_string(dir.path().join("backend/onyx/_background.py")).unwrap();
    assert!(
        helper.contains("from typing import Any\nfrom typing import TypeVar\n"),
        "{helper}"
    );
    let Some(reorder) = find_reorder() else {
        return skip(test, REORDER, "scripts/reorder.sh");
    };
    for strategy in ["inline", "helper", "owner"] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &testdata("keepers/helper_reorder_imports/project"),
            dir.path(),
        );
        let fixed = undangle()
            .args(["fix", "--preview", "--strategy", strategy])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(fixed.status.success(), "{strategy}: {fixed:?}");
        let args = ["--py311-plus", "--application-directories=backend/"];
        let files = python_files(dir.path());
        let out = Command::new(&reorder)
            .args(args)
            .args(&files)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{strategy}: reorder-python-imports changed the fix:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `testdata/keepers/helper_namespace_tree/project`, xiaozhi-esp32-server's layout (class 3):
/// `main/chat-server/core/` and its folders have no `__init__.py`, and the modules import each
/// other absolutely from `main/chat-server/` (`from core.utils.util import send`). One helper,
/// `core/_background.py`, imported so by the modules whose own imports resolve there (`hello`,
/// `stream`), by the one that `hello` imports by its dotted name (`resume`), and by the
/// top-level `worker.py`, which runs only with `main/chat-server/` on `sys.path` (no import can
/// spell a folder named `chat-server`), where `core` is the one proven tree. Near misses
/// keep their own `_keep_task`: a module nothing proves (`alone`), one whose import does not
/// resolve in the tree (`stray`), and one imported so that may be run by its path (`runner`).
#[test]
fn a_tree_of_namespace_folders_shares_one_helper_at_its_top() {
    let dir = fixed_project("keepers/helper_namespace_tree");
    let core = dir.path().join("main/chat-server/core");
    let read = |file: &str| fs::read_to_string(core.join(file)).unwrap();
    assert!(core.join("_background.py").is_file());
    for file in [
        "handle/hello.py",
        "handle/resume.py",
        "providers/asr/stream.py",
    ] {
        let text = read(file);
        assert!(
            text.contains("from core._background import keep_task\n"),
            "{file}: {text}"
        );
    }
    for file in ["handle/alone.py", "handle/stray.py", "handle/runner.py"] {
        let text = read(file);
        assert!(text.contains("def _keep_task("), "{file}: {text}");
    }
}

/// `testdata/keepers/helper_namespace_climb/project`, dopemux-mvp's `adhd_engine` (exam36u):
/// `services/engine/` is a package, its `core/` and `jobs/` folders are not, and their modules
/// import relatively across them (`from ..config import INTERVAL`), which resolves only where
/// they are modules of `engine`: they import its helper as they import the rest, `from
/// .._background import keep_task`. `domains/shield-x/shield/core/coordinator.py` climbs one
/// folder only and a folder above it is no Python name: it keeps its own.
#[test]
fn a_relative_import_from_a_namespace_folder_reaches_the_package_helper() {
    let dir = fixed_project("keepers/helper_namespace_climb");
    let engine = dir.path().join("services/engine");
    let read = |file: &str| fs::read_to_string(engine.join(file)).unwrap();
    assert!(engine.join("_background.py").is_file());
    for file in ["core/engine.py", "jobs/predict.py"] {
        let text = read(file);
        assert!(
            text.contains("from .._background import keep_task\n"),
            "{file}: {text}"
        );
    }
    let shield = read("domains/shield-x/shield/core/coordinator.py");
    assert!(shield.contains("def _keep_task("), "{shield}");
}

/// `testdata/keepers/helper_namespace_root/project`, py-xiaozhi's layout (class 3): `src/` holds
/// the packages `core` and `ui`, no `__init__.py`, beside the project's `pyproject.toml`, and the
/// modules import each other as `src.core.bus`, `src.ui.shared.models`. `bridge.py` imports only
/// `src.core.bus`: it imports the helper as `src.ui._background`, as `manager.py` does, not
/// `from ..._background`. `local.py`, which imports its package relatively only, keeps the
/// relative spelling; so does a namespace distributions share (`keepers/namespace_helper`).
#[test]
fn a_module_that_imports_through_the_projects_namespace_folder_imports_the_helper_so() {
    let dir = fixed_project("keepers/helper_namespace_root");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    for file in ["src/ui/gui/manager.py", "src/ui/shared/bridge/bridge.py"] {
        let text = read(file);
        assert!(
            text.contains("from src.ui._background import keep_task\n"),
            "{file}: {text}"
        );
    }
    let local = read("src/ui/shared/bridge/local.py");
    assert!(
        local.contains("from ..._background import keep_task\n"),
        "{local}"
    );
}

/// `testdata/keepers/helper_late_package/project`, kutai's `run.py`: the file imports `src.`
/// only below its `sys.path.insert(...)` and more code, so the helper's import goes just before
/// its first `from src.` import, where `src` is importable, never into the imports above that
/// code. `service.py`, which imports `src.` at the top, takes it there.
#[test]
fn a_package_the_file_imports_only_after_code_is_imported_there() {
    let dir = fixed_project("keepers/helper_late_package");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let run = read("src/app/run.py");
    let helper = run.find("import keep_task").unwrap();
    let path_set = run.find("sys.path.insert").unwrap();
    assert!(path_set < helper, "{run}");
    assert!(run.contains("load_dotenv()\n\nfrom src."), "{run}");
    let service = read("src/app/service.py");
    assert!(service.find("import keep_task").unwrap() < service.find("async def").unwrap());
}
