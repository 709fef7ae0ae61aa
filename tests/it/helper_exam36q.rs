//! `--strategy helper` in the layouts of issue 36's sixteenth exam (exam36q, class 2): one
//! helper per project, never imported above the project's top-level packages.

use std::fs;

use crate::keepers::fixed_project;

/// `testdata/keepers/helper_self_imported_package/project`, google_workspace_fastmcp2's layout:
/// the repository has a root `__init__.py` but runs as `python server.py`; `middleware/qdrant.py`
/// imports `middleware.core.client` by the bare name, which no distribution the project declares
/// (`pyproject.toml`, `requirements.txt`) can own: `middleware` is a top-level package. Its
/// subpackage's `client.py`, which imports only relatively, shares `middleware/_background.py`
/// (`from .._background`), where it wrote a root `_background.py` imported as `from
/// ..._background`, beyond the top-level package. `bot/telegram/rate.py` imports `telegram`,
/// python-telegram-bot's name (Telegram-AI-Bot): no proof, so `bot/telegram/chat/save.py`, which
/// nothing proves may import the root's helper, keeps to what its own relative imports reach
/// (`from ._background`), where it wrote `from ...._background`.
#[test]
fn a_package_the_project_imports_by_its_bare_name_is_top_level() {
    let dir = fixed_project("keepers/helper_self_imported_package");
    let root = dir.path();
    let client = fs::read_to_string(root.join("middleware/core/client.py")).unwrap();
    assert!(
        client.contains("from .._background import keep_task\n"),
        "{client}"
    );
    let qdrant = fs::read_to_string(root.join("middleware/qdrant.py")).unwrap();
    assert!(
        qdrant.contains("from middleware._background import keep_task\n"),
        "{qdrant}"
    );
    assert!(!root.join("_background.py").exists());
    let save = fs::read_to_string(root.join("bot/telegram/chat/save.py")).unwrap();
    assert!(
        save.contains("from ._background import keep_task\n"),
        "{save}"
    );
    assert!(!root.join("bot/telegram/_background.py").exists());
    second_run_is_empty(root);
}

/// `testdata/keepers/helper_namespace_portion/project`, airis-mcp-gateway's layout: `src/app/`
/// has no `__init__.py`, but its `main.py` imports `from .api.endpoints import proxy` (it runs
/// as `app.main`), and `app/api/` is a regular package. One `app/_background.py` for both
/// files, where `main.py` wrote a private `_keep_task` and `app/api/` a `_background.py` of its
/// own.
#[test]
fn a_namespace_portion_with_modules_of_its_own_holds_the_one_helper() {
    let dir = fixed_project("keepers/helper_namespace_portion");
    let app = dir.path().join("src/app");
    let main = fs::read_to_string(app.join("main.py")).unwrap();
    assert!(
        main.contains("from ._background import keep_task\n") && !main.contains("_keep_task"),
        "{main}"
    );
    let proxy = fs::read_to_string(app.join("api/endpoints/proxy.py")).unwrap();
    assert!(
        proxy.contains("from ..._background import keep_task\n"),
        "{proxy}"
    );
    assert!(app.join("_background.py").is_file());
    assert!(!app.join("api/_background.py").exists());
    second_run_is_empty(dir.path());
}

pub(crate) fn second_run_is_empty(dir: &std::path::Path) {
    crate::common::undangle()
        .args(["diff", "--preview"])
        .current_dir(dir)
        .assert()
        .success()
        .stdout("");
}
