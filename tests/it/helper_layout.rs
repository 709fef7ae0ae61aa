//! `--strategy helper` in the layouts where a package does not begin at the first folder with an
//! `__init__.py`: namespace distributions (PEP 420) and ruff's ban of relative imports (TID252).

use std::fs;

use crate::common::{assert_ruff_clean, skip};
use crate::keepers::{fixed_project, runs_ok};

/// What runs the fixed `keepers/namespace_helper` project from its `src/`: every fixed site
/// under a running loop, a collection of garbage, then every task done and both sets empty.
const RUN_NAMESPACE_HELPER: &str = "import asyncio, gc
import corp.store._background as store
import corp.web._background as web
from corp.store.services import sync
from corp.store.services.artifacts import fetch
from corp.store.sub import jobs
from corp.store.work import DONE
from corp.web import proxy


async def main():
    for module in (sync, fetch, jobs, proxy):
        module.start()
    await asyncio.sleep(1)
    gc.collect()
    for _ in range(100):
        if not (store._background_tasks or web._background_tasks):
            break
        await asyncio.sleep(0.01)
    assert sorted(DONE) == ['fetch', 'jobs', 'proxy', 'sync'], DONE
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/namespace_helper/project`: `corp` is a namespace package under ruff's `src`
/// (no `__init__.py`), and `corp.store` and `corp.web` two packages of it, each its own
/// distribution. Each gets one helper: `corp.store`'s modules share `corp/store/_background.py`,
/// also across its namespace folder `services/` (`services/sync.py`, which names `corp.store`,
/// and the package `services/artifacts/`), spelled `corp.store._background` as their imports
/// spell the package; `sub/jobs.py`, whose imports are relative, imports it absolutely too, since
/// the project's ruff selects TID252 and `from .._background` is a parent's. ruff, with the
/// project's settings, finds nothing in the fixed project, and it runs under CPython 3.8 and the
/// newest.
#[test]
fn helper_writes_one_helper_per_namespace_distribution() {
    let dir = fixed_project("keepers/namespace_helper");
    let read = |file: &str| fs::read_to_string(dir.path().join("src/corp").join(file)).unwrap();
    let absolute = "from corp.store._background import keep_task\n";
    for file in [
        "store/services/sync.py",
        "store/services/artifacts/fetch.py",
    ] {
        assert!(read(file).contains(absolute), "{file}: {}", read(file));
    }
    let jobs = read("store/sub/jobs.py");
    assert!(
        jobs.contains(absolute) && !jobs.contains(".._background"),
        "{jobs}"
    );
    assert!(read("web/proxy.py").contains("from ._background import keep_task\n"));
    let helpers: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("def keep_task(")))
        .collect();
    assert_eq!(helpers.len(), 2, "{helpers:?}");
    let test = "helper_layout::helper_writes_one_helper_per_namespace_distribution";
    assert_ruff_clean(test, dir.path());
    runs_ok(test, &dir.path().join("src"), RUN_NAMESPACE_HELPER);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        match path.is_dir() {
            true => found.extend(walk(&path)),
            false => found.push(path),
        }
    }
    found
}

/// A project folder with a stray `__init__.py` above its package (`backend/` with its
/// `pyproject.toml`, above `backend/app/`), whose modules import the package absolutely: the
/// helper goes in `app`, imported as the file imports the rest of `app`, not above it (a
/// relative import past the top-level package fails).
#[test]
fn a_stray_init_above_the_package_the_imports_name_is_not_its_top() {
    let dir = tempfile::tempdir().unwrap();
    let backend = dir.path().join("backend");
    fs::create_dir_all(backend.join("app/core/services")).unwrap();
    for init in ["", "app", "app/core", "app/core/services"] {
        fs::write(backend.join(init).join("__init__.py"), "").unwrap();
    }
    fs::write(
        backend.join("pyproject.toml"),
        "[tool.poetry]\nname = \"app\"\n",
    )
    .unwrap();
    fs::write(backend.join("app/core/config.py"), "SETTING = 1\n").unwrap();
    let module = "import asyncio\n\nfrom app.core.config import SETTING\n\n\n\
async def work():\n    await asyncio.sleep(SETTING)\n\n\n\
async def main():\n    asyncio.create_task(work())\n";
    fs::write(backend.join("app/core/services/k8s.py"), module).unwrap();
    crate::common::undangle()
        .args(["fix", "--strategy", "helper", "."])
        .current_dir(&backend)
        .assert()
        .code(0);
    assert!(backend.join("app/_background.py").is_file());
    assert!(!backend.join("_background.py").exists());
    let fixed = fs::read_to_string(backend.join("app/core/services/k8s.py")).unwrap();
    assert!(
        fixed.contains("from app._background import keep_task\n"),
        "{fixed}"
    );
}

/// What runs the fixed `keepers/namespace_packages` project from its `src/`.
const RUN_NAMESPACE_PACKAGES: &str = "import asyncio, gc
import app._background as background
from app import jobs, server
from app.work import DONE


async def main():
    jobs.start()
    server.start()
    await asyncio.sleep(1)
    gc.collect()
    for _ in range(100):
        if not background._background_tasks:
            break
        await asyncio.sleep(0.01)
    assert sorted(DONE) == ['jobs', 'server'], DONE
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/namespace_packages/project`: `src/app/` has no `__init__.py` (a PEP 420
/// package) and the project's ruff names it in `namespace-packages`, so ruff takes it for a
/// package root (no INP001) and so does the fix: its modules share one helper,
/// `src/app/_background.py` (written though there is no `__init__.py` to take the mode of),
/// imported as each file spells its package (`from ._background`, `from app._background`),
/// where without the setting each module keeps a `_keep_task` of its own, as a script does.
/// ruff, with the project's settings (I001, TID252, INP001), finds nothing in the fixed
/// project, and it runs under CPython.
#[test]
fn ruffs_namespace_packages_are_packages_for_the_helper() {
    let dir = fixed_project("keepers/namespace_packages");
    let helpers: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("def keep_task(")))
        .collect();
    assert_eq!(helpers.len(), 1, "{helpers:?}");
    assert!(
        helpers[0].ends_with("src/app/_background.py"),
        "{helpers:?}"
    );
    let test = "helper_layout::ruffs_namespace_packages_are_packages_for_the_helper";
    if let Some(ruff) = assert_ruff_clean(test, dir.path()) {
        // The folders ruff takes for namespace packages are the ones undangle read.
        let file = "src/app/jobs.py";
        let shown = std::process::Command::new(ruff)
            .args(["check", "--show-settings", file])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&shown.stdout);
        let line = (shown.lines())
            .find_map(|l| l.strip_prefix("linter.namespace_packages = "))
            .unwrap_or_default();
        let ruffs: Vec<String> = serde_json::from_str(line).unwrap_or_default();
        let ours = crate::common::undangle()
            .args(["check", "--show-settings", file])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let ours: serde_json::Value = serde_json::from_slice(&ours.stdout).unwrap();
        let ours: Vec<String> =
            serde_json::from_value(ours["namespace_packages"].clone()).unwrap_or_default();
        let app = dir.path().join("src/app").display().to_string();
        assert_eq!((&ruffs, &ours), (&vec![app.clone()], &vec![app]), "{shown}");
    }
    runs_ok(test, &dir.path().join("src"), RUN_NAMESPACE_PACKAGES);
}

/// `testdata/keepers/licensed_helper/project`: the project's ruff requires `from __future__
/// import annotations` in every module (I002), and every module of `corp` with any content
/// opens with `# License: MIT` and a copyright line of the year it was written (2022, 2024;
/// the empty `sub/__init__.py` has none). The helper module `fix` writes carries both: the
/// header at the newest year the modules show, and the required import, which ruff's isort
/// rules then find in order (chia-blockchain and frequenz-sdk-python, exam36d class 6).
#[test]
fn a_new_helper_module_carries_the_license_and_the_required_imports() {
    let dir = fixed_project("keepers/licensed_helper");
    let helper = fs::read_to_string(dir.path().join("corp/_background.py")).unwrap();
    assert!(
        helper.starts_with(
            "# License: MIT\n# Copyright © 2024 Corp Ltd\n\n\"\"\"Keep background tasks alive \
             until they are done.\"\"\"\n\nfrom __future__ import annotations\n\nimport asyncio\n"
        ),
        "{helper}"
    );
    assert_ruff_clean(
        "helper_layout::a_new_helper_module_carries_the_license_and_the_required_imports",
        dir.path(),
    );
}

/// A module of a package with a module-level `if __name__ == "__main__":` and no relative import
/// may be run by its path (`python samples/sample.py`, as temporalio/samples-python's README runs
/// each sample: exam36d class 5), where no import of its package resolves: it keeps its task
/// inline, and still runs by its path once fixed. A module with the same guard that imports
/// relatively can only be run as `python -m samples.tool`: it shares the package's helper, and
/// runs so once fixed. So does one that imports its own package absolutely (`from samples import
/// util`, as chia-blockchain's `daemon/server.py`): it runs only where the package is importable,
/// and there the helper's absolute import resolves too. All run under CPython.
#[test]
fn a_sample_run_by_its_path_keeps_inline_and_a_module_run_with_dash_m_shares_the_helper() {
    let body = "async def work() -> None:\n    await asyncio.sleep(0.001)\n    DONE.append(1)\n\n\n\
                async def main() -> None:\n    asyncio.create_task(work())\n    \
                await asyncio.sleep(0.01)\n    assert DONE == [1]\n    print(\"ok\")\n\n\n\
                if __name__ == \"__main__\":\n    asyncio.run(main())\n";
    let sample = format!("import asyncio\n\nDONE: list = []\n\n\n{body}");
    let tool =
        format!("import asyncio\n\nfrom . import util\n\nDONE: list = util.new()\n\n\n{body}");
    let absolute = format!(
        "import asyncio\n\nfrom samples import util\n\nDONE: list = util.new()\n\n\n{body}"
    );
    let files = [
        (
            "pyproject.toml",
            "[project]\nrequires-python = \">=3.9\"\n".to_owned(),
        ),
        ("samples/__init__.py", String::new()),
        (
            "samples/util.py",
            "def new() -> list:\n    return []\n".to_owned(),
        ),
        ("samples/sample.py", sample),
        ("samples/tool.py", tool),
        ("samples/absolute.py", absolute),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    crate::common::undangle()
        .args(["fix", "--strategy", "helper", "."])
        .current_dir(dir.path())
        .assert()
        .success();
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let sample = read("samples/sample.py");
    assert!(
        !sample.contains("keep_task") && sample.contains("_background_tasks.add(task)"),
        "{sample}"
    );
    let tool = read("samples/tool.py");
    assert!(
        tool.contains("from ._background import keep_task\n"),
        "{tool}"
    );
    assert!(dir.path().join("samples/_background.py").is_file());
    let absolute = read("samples/absolute.py");
    assert!(
        absolute.contains("from samples._background import keep_task\n"),
        "{absolute}"
    );
    let run = |args: &[&str]| {
        let out = std::process::Command::new("python3")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        (said, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (out, err) = run(&["samples/sample.py"]);
    assert_eq!(out, "ok\n", "{err}");
    let (out, err) = run(&["-m", "samples.tool"]);
    assert_eq!(out, "ok\n", "{err}");
    let (out, err) = run(&["-m", "samples.absolute"]);
    assert_eq!(out, "ok\n", "{err}");
}

/// `testdata/keepers/docstring_license_helper/project`: every module of `lic` opens with the
/// same MIT license as its docstring (Wavelink's `"""MIT License ..."""`), and
/// `chat/routes.py` imports the package's modules absolutely (`from lic.store import Store`)
/// beside a relative import of its sibling (`from ._shared import topic`), as robotsix-chat's
/// routes do (issue 36's fifth exam, class 5). The helper module opens with that docstring (the
/// newest year), in place of a docstring of its own, and the site imports it absolutely, not
/// `from .._background`. ruff, with the project's settings, finds nothing in the fixed project.
#[test]
fn a_new_helper_module_carries_a_docstring_license_and_is_imported_as_the_package_is() {
    let test = "helper_layout::a_new_helper_module_carries_a_docstring_license_and_is_imported_as_the_package_is";
    let dir = fixed_project("keepers/docstring_license_helper");
    let helper = fs::read_to_string(dir.path().join("lic/_background.py")).unwrap();
    assert!(
        helper.starts_with("\"\"\"\nMIT License\n\nCopyright (c) 2023-Present Lic Guild\n")
            && helper.matches("\"\"\"").count() == 4,
        "{helper}"
    );
    let routes = fs::read_to_string(dir.path().join("lic/chat/routes.py")).unwrap();
    assert!(
        routes.contains("\nfrom lic._background import keep_task\nfrom lic.store import Store\n"),
        "{routes}"
    );
    assert_ruff_clean(test, dir.path());
}

/// What runs the fixed `keepers/private_home_helper` project: both sites under a running loop,
/// a collection of garbage, then both tasks done and the set empty.
const RUN_PRIVATE_HOME: &str = "import asyncio, gc
import pkg._impl._background as b
from pkg.api import start
from pkg._impl._util import DONE


async def main():
    start().close()
    await asyncio.sleep(1)
    gc.collect()
    for _ in range(100):
        if not b._background_tasks:
            break
        await asyncio.sleep(0.01)
    assert sorted(DONE) == ['api', 'page'], DONE
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/private_home_helper/project`: `pkg` keeps all of its code in one private
/// subpackage (its top folder holds only `__init__.py`, `__main__.py`, `_impl/` and the public
/// `api/` that re-exports `_impl`), as playwright-python keeps `playwright/_impl/` (issue 36's
/// fifth exam, class 5). The helper module goes to `pkg/_impl/_background.py`, beside the
/// private code, not beside the public subpackages: `_impl/_page.py` imports it as a sibling,
/// `api/_gen.py` absolutely, as it imports `_impl`. ruff finds nothing, and it runs.
#[test]
fn the_helper_goes_where_the_package_keeps_its_private_code() {
    let test = "helper_layout::the_helper_goes_where_the_package_keeps_its_private_code";
    let dir = fixed_project("keepers/private_home_helper");
    assert!(!dir.path().join("pkg/_background.py").exists());
    let read = |file: &str| fs::read_to_string(dir.path().join("pkg").join(file)).unwrap();
    assert!(
        read("_impl/_background.py").contains("\ndef keep_task("),
        "{}",
        read("_impl/_background.py")
    );
    let page = read("_impl/_page.py");
    assert!(
        page.contains("\nfrom ._background import keep_task\n"),
        "{page}"
    );
    let generated = read("api/_gen.py");
    assert!(
        generated.contains("\nfrom pkg._impl._background import keep_task\n"),
        "{generated}"
    );
    assert_ruff_clean(test, dir.path());
    runs_ok(test, dir.path(), RUN_PRIVATE_HOME);
}

/// `testdata/keepers/single_quote_helper/project`: the package runs no formatter that says
/// which quote (no Black, no ruff format, no flake8-quotes), and most of its modules write
/// single quotes, as Wavelink's do (issue 36's fifth exam): the new helper module writes them
/// too. Where a formatter normalises, its quote wins (`settings/tool_values.rs`).
#[test]
fn a_new_helper_module_writes_the_quotes_the_package_writes() {
    let dir = fixed_project("keepers/single_quote_helper");
    let helper = fs::read_to_string(dir.path().join("sq/_background.py")).unwrap();
    assert!(
        helper.contains("TypeVar('_TaskT', bound='asyncio.Future[Any]')"),
        "{helper}"
    );
}

/// Writes `files` into a new folder, runs `fix --strategy helper` there, and returns it.
pub(crate) fn helper_fixed(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    crate::common::undangle()
        .args(["fix", "--strategy", "helper", "."])
        .current_dir(dir.path())
        .assert()
        .success();
    dir
}

const STARTS_A_TASK: &str = "import asyncio

from .const import DOMAIN


async def poll():
    await asyncio.sleep(1)


def start():
    asyncio.create_task(poll())
";

/// A Home Assistant custom integration (`custom_components/<name>/` with its `manifest.json`)
/// ships alone: HACS or a manual install copies only that folder. The helper goes inside it,
/// imported relatively, even where the repository keeps a `custom_components/__init__.py` for
/// its tests (better_thermostat, issue 36's sixth exam, class 5): above the integration, it
/// would be imported as `from .._background import keep_task`, which fails in every install.
#[test]
fn a_custom_integrations_helper_goes_inside_the_integration() {
    let dir = helper_fixed(&[
        ("pyproject.toml", "[tool.black]\nline-length = 88\n"),
        (
            "custom_components/__init__.py",
            "\"\"\"For the tests.\"\"\"\n",
        ),
        (
            "custom_components/thermo/__init__.py",
            "\"\"\"Thermo.\"\"\"\n",
        ),
        (
            "custom_components/thermo/manifest.json",
            "{\"domain\": \"thermo\", \"name\": \"Thermo\", \"version\": \"1.0.0\"}\n",
        ),
        ("custom_components/thermo/const.py", "DOMAIN = \"thermo\"\n"),
        ("custom_components/thermo/climate.py", STARTS_A_TASK),
    ]);
    assert!(!dir.path().join("custom_components/_background.py").exists());
    let integration = dir.path().join("custom_components/thermo");
    let helper = fs::read_to_string(integration.join("_background.py")).unwrap();
    assert!(helper.contains("\ndef keep_task("), "{helper}");
    let climate = fs::read_to_string(integration.join("climate.py")).unwrap();
    assert!(
        climate.contains("\nfrom ._background import keep_task\n"),
        "{climate}"
    );
}

/// A uv workspace member (`pkg/core/pyproject.toml` beside its package `pkg/core/core/`, with
/// no `__init__.py` in `pkg/` or `pkg/core/`) installs its package from its own folder: the
/// helper's dotted name starts there (`core._impl._background`), not at the workspace's root
/// (`pkg.core.core._impl._background`, which no installation has: inngest-py, issue 36's sixth exam,
/// class 5).
#[test]
fn a_workspace_members_helper_is_imported_from_the_members_package() {
    let dir = helper_fixed(&[
        (
            "pyproject.toml",
            "[tool.uv.workspace]\nmembers = [\"pkg/core\"]\n\n[tool.ruff]\nline-length = 88\n",
        ),
        (
            "pkg/core/pyproject.toml",
            "[project]\nname = \"core\"\nrequires-python = \">=3.10\"\n",
        ),
        ("pkg/core/core/__init__.py", ""),
        ("pkg/core/core/_impl/__init__.py", ""),
        ("pkg/core/core/_impl/const.py", "DOMAIN = \"core\"\n"),
        ("pkg/core/core/watch/__init__.py", ""),
        (
            "pkg/core/core/watch/watcher.py",
            "import asyncio\n\n\nasync def poll():\n    await asyncio.sleep(1)\n\n\n\
             def start():\n    asyncio.create_task(poll())\n",
        ),
    ]);
    // The package keeps its code in `_impl/`: the helper goes there, and the public
    // `watch/watcher.py` imports it absolutely.
    let package = dir.path().join("pkg/core/core");
    let helper = fs::read_to_string(package.join("_impl/_background.py")).unwrap();
    assert!(helper.contains("\ndef keep_task("), "{helper}");
    let watcher = fs::read_to_string(package.join("watch/watcher.py")).unwrap();
    assert!(
        watcher.contains("\nfrom core._impl._background import keep_task\n"),
        "{watcher}"
    );
}

/// isort (profile black) places a module of a namespace package by looking for it below the
/// project (`_src_path`): `nonebot/` and `nonebot/adapters/` hold no `__init__.py` and no
/// module, so `nonebot.drivers`, which the checkout does not hold, is third-party, while
/// `nonebot.adapters.onebot.*` is first-party (adapter-onebot, issue 36's seventh exam). The
/// helper's import joins the first-party block, and isort, with the project's settings, finds
/// the fixed module sorted.
#[test]
fn a_namespace_packages_helper_import_goes_where_isort_finds_the_package() {
    let Some(isort) = crate::common::find_isort() else {
        return skip(
            "a_namespace_packages_helper_import_goes_where_isort_finds_the_package",
            "isort",
            "scripts/isort.sh",
        );
    };
    let adapter = "import asyncio

from nonebot.drivers import Driver

from nonebot.adapters.onebot.store import ResultStore


async def handle(driver: Driver, store: ResultStore) -> None:
    await asyncio.sleep(1)


def start(driver: Driver, store: ResultStore) -> None:
    asyncio.create_task(handle(driver, store))
";
    let settings = "[project]\nname = \"onebot\"\nrequires-python = \">=3.9\"\n\n\
                    [tool.isort]\nprofile = \"black\"\nforce_sort_within_sections = true\n";
    let dir = helper_fixed(&[
        ("pyproject.toml", settings),
        ("nonebot/adapters/onebot/__init__.py", ""),
        (
            "nonebot/adapters/onebot/store.py",
            "class ResultStore:\n    pass\n",
        ),
        ("nonebot/adapters/onebot/v11/__init__.py", ""),
        ("nonebot/adapters/onebot/v11/adapter.py", adapter),
    ]);
    let path = "nonebot/adapters/onebot/v11/adapter.py";
    let fixed = fs::read_to_string(dir.path().join(path)).unwrap();
    assert!(
        fixed.contains(
            "from nonebot.drivers import Driver\n\n\
             from nonebot.adapters.onebot._background import keep_task\n\
             from nonebot.adapters.onebot.store import ResultStore\n"
        ),
        "{fixed}"
    );
    let out = std::process::Command::new(isort)
        .args(["--check-only", "--diff", path])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
