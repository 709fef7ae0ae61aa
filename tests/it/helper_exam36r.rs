//! `--strategy helper` in the layout of issue 36's seventeenth exam (exam36r): one helper for a
//! distribution of several top-level packages, where one imports another only in its functions.

use std::fs;

use crate::helper_exam36q::second_run_is_empty;
use crate::keepers::{fixed_project, runs_ok};

/// `testdata/keepers/helper_sibling_imported_in_functions/project`, tomcounsell/ai's layout:
/// one `pyproject.toml` for `agent/` and `worker/`, and `worker/__main__.py` imports `agent`'s
/// modules only in its functions (`import agent.state as state` in a done callback). One
/// `agent/_background.py`, which both files import absolutely, where `worker/` wrote an
/// identical `_background.py` of its own, imported relatively. `agent/__init__.py` imports
/// nothing, so the new import at the top of `worker/__main__.py` runs none of the project's
/// code earlier than before. The fixed worker runs, as `python -m worker` would run it.
#[test]
fn a_package_importing_a_sibling_in_its_functions_shares_the_siblings_helper() {
    let dir = fixed_project("keepers/helper_sibling_imported_in_functions");
    let root = dir.path();
    let worker = fs::read_to_string(root.join("worker/__main__.py")).unwrap();
    assert!(
        worker.contains("\nfrom agent._background import keep_task\n"),
        "{worker}"
    );
    let session = fs::read_to_string(root.join("agent/session.py")).unwrap();
    assert!(
        session.contains("keep_task(asyncio.create_task("),
        "{session}"
    );
    assert!(root.join("agent/_background.py").is_file());
    assert!(!root.join("worker/_background.py").exists());
    second_run_is_empty(root);
    let program = "import runpy\nrunpy.run_module('worker', run_name='__main__')\n";
    runs_ok("helper_sibling_imported_in_functions", root, program);
}
