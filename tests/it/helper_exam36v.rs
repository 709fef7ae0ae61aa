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
