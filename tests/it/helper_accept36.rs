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
