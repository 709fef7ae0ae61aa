//! isort's `force_sort_within_sections` read as isort reads it (`isort/sorting.py`'s
//! `section_key`, on `output._unwrap_for_sort`'s line): a section's lines compare whole, case
//! and all (`order_by_type`), without their commas and brackets, their length first under
//! `length_sort`, in natural order; `lexicographical` and `group_by_package` as the google
//! profile sets them. Held to isort itself: the `helper` import the fix adds is where isort
//! leaves it.

use std::fs;
use std::process::Command;

use crate::common::{self, undangle};

const MODULE: &str = "import asyncio\n\n{imports}\n\n\n\
                      def start(loop: asyncio.AbstractEventLoop) -> None:\n    \
                      loop.create_task(run())\n";

/// (isort settings, the package's other modules, the module's first-party imports)
const CASES: [(&str, &[&str], &str); 4] = [
    // Case kept: `pkg.Models` sorts before `pkg._background` (`M` before `_`), though its
    // lower case would not.
    (
        "force_sort_within_sections = true\n",
        &["Models"],
        "from pkg.Models import run",
    ),
    // Lengths without the commas: `pkg.ab import a b c d e f g h i` (31) before
    // `pkg._background import keep_task` (32); with its commas it would be 39.
    (
        "force_sort_within_sections = true\nlength_sort = true\n",
        &["ab"],
        "from pkg.ab import a, b, c, d, e, f, g, h, i, run",
    ),
    // Case ignored where `order_by_type` is off.
    (
        "force_sort_within_sections = true\norder_by_type = false\n",
        &["Models"],
        "from pkg.Models import run",
    ),
    // google: single lines, `a.b` for `from a import b`, a `from` line by its module.
    (
        "profile = \"google\"\n",
        &["zz", "Models"],
        "from pkg.Models import run\nfrom pkg.zz import other",
    ),
];

#[test]
fn the_helper_import_goes_where_isort_sorts_it_within_sections() {
    let test = "isort_sections::the_helper_import_goes_where_isort_sorts_it_within_sections";
    let Some(isort) = common::find_isort() else {
        return common::skip(test, "isort", "scripts/isort.sh");
    };
    for (settings, modules, imports) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("pkg")).unwrap();
        let pyproject = format!(
            "[project]\nname = \"pkg\"\nrequires-python = \">=3.9\"\n\n\
             [tool.isort]\nknown_first_party = [\"pkg\"]\n{settings}"
        );
        fs::write(root.join("pyproject.toml"), pyproject).unwrap();
        fs::write(root.join("pkg/__init__.py"), "").unwrap();
        for module in modules {
            let code = "import asyncio\n\n\nasync def run() -> None:\n    await asyncio.sleep(1)\n\n\n\
                        def other() -> None:\n    pass\n";
            fs::write(root.join(format!("pkg/{module}.py")), code).unwrap();
        }
        let code = MODULE.replace("{imports}", imports);
        fs::write(root.join("pkg/m.py"), &code).unwrap();
        // The input as isort leaves it.
        let before = Command::new(&isort)
            .args(["--check-only", "--diff", "pkg/m.py"])
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            before.status.success(),
            "{settings}: the input is not isort's:\n{}",
            String::from_utf8_lossy(&before.stdout)
        );
        undangle()
            .args(["fix", "--strategy", "helper", "pkg"])
            .current_dir(root)
            .assert()
            .success();
        let fixed = fs::read_to_string(root.join("pkg/m.py")).unwrap();
        assert!(fixed.contains("keep_task"), "{settings}: {fixed}");
        let after = Command::new(&isort)
            .args(["--check-only", "--diff", "pkg/m.py"])
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            after.status.success(),
            "{settings}: isort would change the fix:\n{}",
            String::from_utf8_lossy(&after.stdout)
        );
    }
}

/// ruff's `force-sort-within-sections` with `length-sort` orders by the module's length, not
/// the line's (`from os import path` before `import asyncio`): held to ruff's I001.
#[test]
fn ruff_sorts_within_sections_by_module_length() {
    let test = "isort_sections::ruff_sorts_within_sections_by_module_length";
    let Some(ruff) = common::ruff_or_skip(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".git")).unwrap();
    let pyproject = "[project]\nname = \"m\"\nrequires-python = \">=3.9\"\n\n\
                     [tool.ruff.lint]\nselect = [\"I\"]\n\n[tool.ruff.lint.isort]\n\
                     force-sort-within-sections = true\nlength-sort = true\n";
    fs::write(root.join("pyproject.toml"), pyproject).unwrap();
    let code = "from os import path\nfrom typing import Any, Callable\nimport collections\n\n\n\
                def start(loop: Any, job: Callable[[], Any]) -> None:\n    \
                loop.create_task(job())\n    path.join(\"a\")\n    collections.OrderedDict()\n";
    fs::write(root.join("m.py"), code).unwrap();
    let lint = |stage: &str| {
        let out = Command::new(&ruff)
            .args(["check", "--no-cache", "--diff", "m.py"])
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{stage}: ruff's I001:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    };
    lint("the input");
    undangle()
        .args(["fix", "m.py"])
        .current_dir(root)
        .assert()
        .success();
    let fixed = fs::read_to_string(root.join("m.py")).unwrap();
    assert!(fixed.contains("import asyncio"), "{fixed}");
    lint("the fix");
}

/// isort's first party is every module it finds below its source folder (the settings file's
/// folder): where the helper's package is a top-level package there, the project's other
/// top-level packages are first-party too, and the new import joins their block (exam36x's
/// prompting: `from shared import settings`, then `settings.shared_settings = ...`, then more
/// imports). A package the project does not hold stays third-party: the import gets a section
/// of its own. isort runs in the file's folder, as pre-commit's hook reads its settings.
#[test]
fn the_helper_import_joins_the_project_packages_isort_finds() {
    let test = "isort_sections::the_helper_import_joins_the_project_packages_isort_finds";
    let Some(isort) = common::find_isort() else {
        return common::skip(test, "isort", "scripts/isort.sh");
    };
    // The helper's own package imported nowhere: the file is spelled relative to it, and the
    // new import opens isort's local section after the first block's first-party one.
    let code = |shared_block: &str| {
        format!(
            "import asyncio\n\nfrom fastapi import FastAPI\n{shared_block}from shared import settings\n\n\
             settings.value = 1\n\nimport json\n\napp = FastAPI()\n\n\n\
             async def run() -> None:\n    await asyncio.sleep(json.loads(\"1\"))\n\n\n\
             async def startup() -> None:\n    asyncio.create_task(run())\n"
        )
    };
    // Its package imported only after the set-up code: the new import joins that later import,
    // since importing the package may need what the code sets up.
    let later = "import asyncio\n\nfrom fastapi import FastAPI\n\nfrom shared import settings\n\n\
                 settings.value = 1\n\nfrom api.utils import run\n\napp = FastAPI()\n\n\n\
                 async def startup() -> None:\n    asyncio.create_task(run())\n";
    // (whether the checkout holds `shared/`, the input, the lines the fix leaves)
    let cases = [
        (
            true,
            code("\n"),
            "from shared import settings\n\nfrom ._background import keep_task\n\nsettings",
        ),
        (
            false,
            code(""),
            "from shared import settings\n\nfrom ._background import keep_task\n\nsettings",
        ),
        (
            true,
            later.to_string(),
            "settings.value = 1\n\nfrom api._background import keep_task\nfrom api.utils import run\n",
        ),
    ];
    for (holds_shared, code, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("api")).unwrap();
        let pyproject = "[tool.poetry.dependencies]\npython = \">=3.10 <3.11\"\n\n\
                         [tool.isort]\nprofile = \"black\"\nline_length = 120\n";
        fs::write(root.join("pyproject.toml"), pyproject).unwrap();
        if holds_shared {
            fs::create_dir_all(root.join("shared")).unwrap();
            fs::write(root.join("shared/__init__.py"), "").unwrap();
            fs::write(root.join("shared/settings.py"), "value = 0\n").unwrap();
        }
        fs::write(root.join("api/__init__.py"), "").unwrap();
        let utils = "import asyncio\n\n\nasync def run() -> None:\n    await asyncio.sleep(1)\n";
        fs::write(root.join("api/utils.py"), utils).unwrap();
        fs::write(root.join("api/app.py"), code).unwrap();
        let isort_check = |stage: &str| {
            let out = Command::new(&isort)
                .args(["--check-only", "--diff", "app.py"])
                .current_dir(root.join("api"))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{holds_shared} {stage}: isort would change it:\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
        };
        isort_check("the input");
        undangle()
            .args(["fix", "--strategy", "helper", "."])
            .current_dir(root)
            .assert()
            .success();
        let fixed = fs::read_to_string(root.join("api/app.py")).unwrap();
        assert!(fixed.contains(expected), "{holds_shared}: {fixed}");
        isort_check("the fix");
    }
}
