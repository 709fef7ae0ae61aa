//! `--strategy helper` in the layouts of issue 36's twenty-fourth exam (exam36y): where the
//! project's own absolute imports prove its import root (see `project::path_root`).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::keepers::fixed_project;

/// Imports `modules` under CPython with `root` as the only project folder on `sys.path`, as
/// the project runs: each helper import the fix wrote must resolve there.
fn imports_at_run_time(root: &Path, modules: &str) {
    let Ok(out) = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .current_dir(root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
    else {
        eprintln!("python3 is missing: the run-time import is not checked");
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "import {modules} in {root:?}: {err}");
}

/// `testdata/keepers/helper_stray_init/project`, pumpfun-bonkfun-bot's and
/// MaiBot-Discord-Adapter's layouts (class 1). `pump/src/__init__.py` is stray: `src/cli.py`
/// imports `trading.trader` and `core/client.py` imports `utils.logger`, so `src/` is on
/// `sys.path` and `core` is a top-level package; its helper is `core/_background.py`, imported
/// relatively, never `from .._background` above `core`. `adapter/` holds an `__init__.py`, but
/// its `main.py` imports `src.logger`: `src` is the top package, its helper `src/_background.py`
/// (`from ._background` and `from .._background` in `recv_handler/`). `realpkg/app/`, a real
/// package whose modules import relatively and nothing by a bare name, keeps its helper at its
/// top as before.
#[test]
fn a_stray_init_above_the_proven_import_root_is_no_package() {
    let dir = fixed_project("keepers/helper_stray_init");
    let root = dir.path();
    let read = |file: &str| fs::read_to_string(root.join(file)).unwrap();
    let client = read("pump/src/core/client.py");
    assert!(
        client.contains("from ._background import keep_task\n"),
        "{client}"
    );
    assert!(root.join("pump/src/core/_background.py").is_file());
    assert!(!root.join("pump/src/_background.py").exists());
    let tasks = read("adapter/src/background_tasks.py");
    assert!(
        tasks.contains("from ._background import keep_task\n"),
        "{tasks}"
    );
    let discord = read("adapter/src/recv_handler/discord_client.py");
    assert!(
        discord.contains("from .._background import keep_task\n"),
        "{discord}"
    );
    assert!(root.join("adapter/src/_background.py").is_file());
    assert!(!root.join("adapter/_background.py").exists());
    let near = read("realpkg/app/core/client.py");
    assert!(
        near.contains("from .._background import keep_task\n"),
        "{near}"
    );
    assert!(root.join("realpkg/app/_background.py").is_file());
    imports_at_run_time(&root.join("pump/src"), "cli, core.client");
    imports_at_run_time(
        &root.join("adapter"),
        "main, src.background_tasks, src.recv_handler.discord_client",
    );
    imports_at_run_time(&root.join("realpkg"), "app.cli, app.core.client");
}

/// `testdata/keepers/helper_namespace_package_tree/project`, subhft's layout (class 2):
/// `src/hft_platform/` and its `services/` have no `__init__.py`, `core/` has one. The modules
/// of `services/` import `hft_platform.services.bootstrap` and `hft_platform.events` from `src/`:
/// `services/` is `hft_platform.services` where they run, and its one `_background.py` is
/// imported absolutely, not a `_keep_task` in each file. `tools/`, which nothing imports by a
/// dotted name, keeps its own helper.
#[test]
fn a_namespace_folder_its_imports_spell_shares_one_helper() {
    let dir = fixed_project("keepers/helper_namespace_package_tree");
    let root = dir.path();
    let read = |file: &str| fs::read_to_string(root.join(file)).unwrap();
    let services = root.join("src/hft_platform/services");
    assert!(services.join("_background.py").is_file());
    for file in ["system.py", "market_data.py"] {
        let text = read(&format!("src/hft_platform/services/{file}"));
        let import = "from hft_platform.services._background import keep_task\n";
        assert!(text.contains(import), "{file}: {text}");
        assert!(!text.contains("def _keep_task"), "{file}: {text}");
    }
    let tools = read("src/hft_platform/tools/replay.py");
    assert!(tools.contains("def _keep_task"), "{tools}");
    assert!(!root.join("src/hft_platform/tools/_background.py").exists());
    assert!(!root.join("src/hft_platform/_background.py").exists());
    imports_at_run_time(
        &root.join("src"),
        "hft_platform.services.system, hft_platform.services.market_data",
    );
}

/// `testdata/keepers/helper_flat_root_packages/project`, vajra-stream's layout (issue 36): one
/// distribution whose root holds several top packages that import each other absolutely from
/// it (`core`, `modules`, `config`, and `backend.api` under the namespace folder `backend/`).
/// `core` makes tasks and imports none of the others at its top; `config`, which the others
/// import too, makes none and is no rival home: one `core/_background.py`, imported as
/// `from core._background import keep_task` from `modules` and `backend.api`, not a helper in
/// each package spelled two ways. `tools/one` and `tools/two`, which never import each other,
/// keep one each; `infrastructure/bus.py`, a module of a namespace folder that nothing proves
/// importable from the root, keeps its own `_keep_task`.
#[test]
fn the_top_packages_of_one_root_share_the_helper_they_import() {
    let dir = fixed_project("keepers/helper_flat_root_packages");
    let root = dir.path();
    let read = |file: &str| fs::read_to_string(root.join(file)).unwrap();
    assert!(root.join("core/_background.py").is_file());
    for gone in [
        "modules",
        "backend/api",
        "backend",
        "config",
        "infrastructure",
    ] {
        assert!(!root.join(gone).join("_background.py").exists(), "{gone}");
    }
    for file in [
        "modules/operator.py",
        "backend/api/routes.py",
        "backend/api/ops.py",
    ] {
        let text = read(file);
        let import = "from core._background import keep_task\n";
        assert!(text.contains(import), "{file}: {text}");
        assert!(!text.contains("def _keep_task"), "{file}: {text}");
    }
    let own = read("core/recitation.py");
    assert!(
        own.contains("from ._background import keep_task\n"),
        "{own}"
    );
    assert!(read("infrastructure/bus.py").contains("def _keep_task"));
    for tool in ["tools/one", "tools/two"] {
        assert!(root.join(tool).join("_background.py").is_file(), "{tool}");
    }
    imports_at_run_time(
        root,
        "core.recitation, modules.operator, backend.api.routes, backend.api.ops, \
         infrastructure.bus, tools.one.sync, tools.two.watch",
    );
}
