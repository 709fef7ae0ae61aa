//! `--strategy helper` on the development-set projects of issue 36's acceptance triage
//! (accept36): what the project's own isort accepts in the helper module the fix writes.

use std::fs;

use crate::keepers::fixed_project;

/// `testdata/keepers/lines_between_types_helper/project`, panel's isort settings (`setup.cfg`:
/// `lines_between_types=1`, `force_grid_wrap=4`, `multi_line_output=5`): the new
/// `pnl/_background.py` writes its `import asyncio` and its `from typing import ...` with a
/// blank line between them, as isort does there (it rejected them adjacent: panel's helper
/// module under `--strategy helper`).
#[test]
fn the_helper_module_keeps_the_blank_line_between_import_kinds_its_isort_wants() {
    let dir = fixed_project("keepers/lines_between_types_helper");
    let helper = fs::read_to_string(dir.path().join("pnl/_background.py")).unwrap();
    assert!(
        helper.contains("\nimport asyncio\n\nfrom typing import Any, TypeVar\n"),
        "{helper}"
    );
    let executor = fs::read_to_string(dir.path().join("pnl/io/executor.py")).unwrap();
    assert!(
        executor.contains("from .._background import keep_task\nfrom .state import state\n"),
        "{executor}"
    );
}

/// `testdata/keepers/future_annotations_helper/project`, hikari-crescent's case: Python 3.8 and
/// ruff's FA100 checked (the newest ruff's defaults, for its unbounded `ruff`). The new
/// `crs/_background.py` opens with `from __future__ import annotations` and annotates its set
/// `set[...]` (FA100 rejected `"Set[...]"` there), and the files that only import the helper
/// gain no future import (they annotate nothing).
#[test]
fn the_helper_module_writes_the_future_import_fa100_asks_for_and_only_it() {
    let dir = fixed_project("keepers/future_annotations_helper");
    let helper = fs::read_to_string(dir.path().join("crs/_background.py")).unwrap();
    assert!(
        helper.contains("\nfrom __future__ import annotations\n")
            && helper.contains("_background_tasks: set[asyncio.Future[Any]] = set()"),
        "{helper}"
    );
    for file in ["crs/client.py", "crs/ext/task.py"] {
        let text = fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(
            !text.contains("__future__") && text.contains("keep_task("),
            "{file}: {text}"
        );
    }
}

/// `testdata/keepers/flat_distribution_helper/project`, dbussy's layout: two top-level modules
/// listed in `setup.py`'s `py_modules`, no package. The module the other imports (`core.py`)
/// defines the one helper under its public name, and `high.py` calls it through the name it
/// imports `core` as (`low.keep_task`), where each module wrote a private `_keep_task` before;
/// a second run changes nothing. Named alone, `high.py` keeps its own helper: `core.py` is not
/// fixed in that run.
#[test]
fn a_flat_distribution_shares_the_helper_of_the_module_the_others_import() {
    let dir = fixed_project("keepers/flat_distribution_helper");
    let core = fs::read_to_string(dir.path().join("core.py")).unwrap();
    assert!(core.contains("\ndef keep_task(task: _TaskT)"), "{core}");
    let high = fs::read_to_string(dir.path().join("high.py")).unwrap();
    assert!(
        high.contains("low.keep_task(self.connection.loop.create_task(low.work()))")
            && !high.contains("_keep_task")
            && !high.contains("_background_tasks"),
        "{high}"
    );
    crate::common::undangle()
        .args(["diff", "--preview"])
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout("");
    let alone = tempfile::tempdir().unwrap();
    crate::common::copy_tree(
        &crate::common::testdata("keepers/flat_distribution_helper/project"),
        alone.path(),
    );
    let output = crate::common::undangle()
        .args(["diff", "--preview", "high.py"])
        .current_dir(alone.path())
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        diff.contains("+def _keep_task(") && !diff.contains("low.keep_task"),
        "{diff}"
    );
}

/// `testdata/keepers/flat_distribution_quiet_home/project`: the same layout, but `core.py`
/// drops no task, so its fix writes no helper: `high.py` keeps its own private one rather than
/// import a name `core` would not define.
#[test]
fn a_flat_distributions_home_without_a_site_gains_no_helper_for_the_others() {
    let dir = fixed_project("keepers/flat_distribution_quiet_home");
    let core = fs::read_to_string(dir.path().join("core.py")).unwrap();
    assert!(!core.contains("keep_task"), "{core}");
    let high = fs::read_to_string(dir.path().join("high.py")).unwrap();
    assert!(
        high.contains("\ndef _keep_task(") && !high.contains("low.keep_task"),
        "{high}"
    );
}
