//! `--strategy helper` in files with no import block at module level: the fix's only new
//! module-level line is the helper's import, which must be written (a file that calls
//! `keep_task` without importing it raises `NameError` when the site runs).

use crate::common::assert_ruff_clean;
use crate::keepers::{fixed_project, runs_ok};

/// Runs every fixed module's `run()` under a loop: each site must reach its helper and its
/// task must finish.
const RUN_ALL: &str = "import asyncio
from pkg import code_first, comment_header, def_first, docstring_first, dunder_first, with_imports


async def main():
    modules = (code_first, comment_header, def_first, docstring_first, dunder_first, with_imports)
    for module in modules:
        await module.run()
    await asyncio.sleep(0.2)
    names = [name for module in modules for name in module.DONE]
    assert sorted(set(names)) == sorted(module.__name__ for module in modules), names


asyncio.run(main())
print('ok')
";

/// `testdata/keepers/helper_no_import_block/project`: files whose only imports are inside
/// functions, with code, a docstring, a comment header, dunder names or a `def` first. Each
/// gets `from ._background import keep_task` above its code (after the docstring, the comment
/// header or the dunder names); `with_imports.py`, which has an import block, gets it there as
/// before, and `no_finding.py` is left alone.
#[test]
fn a_file_without_imports_gets_the_helpers_import() {
    let dir = fixed_project("keepers/helper_no_import_block");
    let root = dir.path();
    for file in [
        "code_first",
        "comment_header",
        "def_first",
        "docstring_first",
        "dunder_first",
        "with_imports",
    ] {
        let text = std::fs::read_to_string(root.join(format!("pkg/{file}.py"))).unwrap();
        assert!(
            text.contains("from ._background import keep_task\n"),
            "{file}: {text}"
        );
        assert!(
            text.contains("    keep_task(asyncio.create_task(_go()))\n"),
            "{text}"
        );
    }
    let untouched = std::fs::read_to_string(root.join("pkg/no_finding.py")).unwrap();
    assert!(!untouched.contains("keep_task"), "{untouched}");
    assert_ruff_clean("a_file_without_imports_gets_the_helpers_import", root);
    runs_ok(
        "a_file_without_imports_gets_the_helpers_import",
        root,
        RUN_ALL,
    );
}
