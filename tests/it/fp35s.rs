//! exam35o's `asyncio` read as ruff reads it, and audit row 72 (docs/evaluation.md, "Sixteenth
//! exam"). The code is in `testdata/audit/fp35s/<case>/` and its audit in
//! `testdata/audit/fp35s/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp35s::` rewrites the expected files from the
//! current output (review the diff before committing it).

use std::fs;

use crate::common::{testdata, undangle};

/// AsteriskARI-Bot's snippet file: `asyncio.create_task(...)` in a module that never binds
/// `asyncio` raises `NameError` and makes no task: no finding, and the audit says unknown. An
/// import inside a function, or a star import of another module, may bind it: still a drop.
#[test]
fn an_unbound_asyncio_makes_no_task() {
    crate::common::expect_audit("audit/fp35s", "unbound_asyncio");
    let (lines, code) = crate::common::reported_in("audit/fp35s", "unbound_asyncio");
    assert_eq!(lines, ["in_function.py:11:5", "star.py:7:5"]);
    assert_eq!(code, Some(1));
}

/// `fix` never edits a file that calls `asyncio.` unbound: the `import asyncio` it would add for
/// `loop.create_task` would make those lines run. The summary and the PR body say why.
#[test]
fn fix_skips_a_file_that_calls_asyncio_unbound() {
    let input = fs::read(testdata("fixtures/unbound_asyncio_skipped/input.py")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("snippet.py"), &input).unwrap();
    let other = "import asyncio\n\n\nasync def main(work):\n    asyncio.create_task(work())\n";
    fs::write(dir.path().join("a.py"), other).unwrap();
    let out = undangle()
        .args([
            "fix",
            "--isolated",
            "--pr-body",
            "body.md",
            "snippet.py",
            "a.py",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let skipped = "skipped: the file calls `asyncio.` without binding `asyncio`";
    assert!(
        stderr.contains(&format!(
            "1 finding cannot be fixed automatically (1 {skipped})."
        )),
        "{stderr}"
    );
    assert_eq!(fs::read(dir.path().join("snippet.py")).unwrap(), input);
    assert_ne!(fs::read_to_string(dir.path().join("a.py")).unwrap(), other);
    let body = fs::read_to_string(dir.path().join("body.md")).unwrap();
    let row = format!("| `snippet.py:15` | `loop.create_task` | {skipped} |");
    assert!(body.contains(&row), "{body}");
}

/// mlsip's `dialog.py:132` (audit row 72): `add_done_callback(utils._callback)` after `from .
/// import utils` reads what `_callback`'s body reads (`f.result()`, logged), as `from .utils
/// import _callback` then `_callback` already did; `utils._quiet` reads nothing.
#[test]
fn a_done_callback_spelled_through_its_module_is_read() {
    crate::common::expect_audit("audit/fp35s", "module_callback");
}
