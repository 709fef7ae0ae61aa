//! `--strategy helper` in the layouts of issue 36's fifteenth exam (exam36p): one helper per
//! import root, imported as the files import each other.

use std::fs;

use crate::keepers::fixed_project;

/// `testdata/keepers/import_root_script_folder/project`, full-voice-agent's `Flico Agent/`: a
/// folder of top-level modules, no package, whose `server.py` imports `rtp.py` by its bare
/// name. One `keep_task` in `voice agent/_background.py`, imported by both as they import each
/// other (sorted with `from rtp import Transport`), where each wrote a private `_keep_task`
/// before; `tools/lone.py` imports nothing of its folder, nothing proves it an import root,
/// and it keeps its own helper.
#[test]
fn a_script_folder_shares_one_helper_module() {
    let dir = fixed_project("keepers/import_root_script_folder");
    let server = fs::read_to_string(dir.path().join("voice agent/server.py")).unwrap();
    assert!(
        server.contains("from _background import keep_task\nfrom rtp import Transport\n")
            && !server.contains("_keep_task"),
        "{server}"
    );
    let rtp = fs::read_to_string(dir.path().join("voice agent/rtp.py")).unwrap();
    assert!(rtp.contains("from _background import keep_task\n"), "{rtp}");
    assert!(dir.path().join("voice agent/_background.py").is_file());
    let lone = fs::read_to_string(dir.path().join("tools/lone.py")).unwrap();
    assert!(lone.contains("def _keep_task("), "{lone}");
    assert!(!dir.path().join("tools/_background.py").exists());
    second_run_is_empty(dir.path());
}

/// `testdata/keepers/import_root_service/project`, zoe-ai-assistant's `services/zoe-data/`: a
/// service folder of top-level modules and packages, `main.py` importing `store` and
/// `middleware.log`, `jobs/engine.py` importing the service's `db` by its bare name. One
/// `keep_task` in `services/my-data/_background.py` for all three files, where `jobs/` wrote
/// its own `_background.py`, `store.py` a private `_keep_task` and `main.py` an inline set.
#[test]
fn a_service_folder_with_packages_shares_one_helper_module() {
    let dir = fixed_project("keepers/import_root_service");
    let root = dir.path().join("services/my-data");
    for file in ["main.py", "store.py", "jobs/engine.py"] {
        let text = fs::read_to_string(root.join(file)).unwrap();
        assert!(
            text.contains("from _background import keep_task\n")
                && !text.contains("_keep_task")
                && !text.contains("_background_tasks"),
            "{file}: {text}"
        );
    }
    assert!(root.join("_background.py").is_file());
    assert!(!root.join("jobs/_background.py").exists());
    second_run_is_empty(dir.path());
}

/// `testdata/keepers/helper_import_as_the_file_imports/project`, Telegram-AI-Bot's layout:
/// `adapters/bot/chat/save.py` imports its sibling relatively (`from .title import`, one dot)
/// and another top package absolutely (`from domain.services import add`). The helper in
/// `adapters/_background.py` is imported absolutely, sorted with `domain`, not as `from
/// ..._background` deeper than the file's own relative imports go; `deep.py`, whose own
/// relative imports reach the package's top (`from ...core import LIMIT`), imports it so.
#[test]
fn the_helper_is_imported_as_the_file_imports_its_packages() {
    let dir = fixed_project("keepers/helper_import_as_the_file_imports");
    let chat = dir.path().join("adapters/bot/chat");
    let save = fs::read_to_string(chat.join("save.py")).unwrap();
    assert!(
        save.contains(
            "from adapters._background import keep_task\nfrom domain.services import add\n"
        ),
        "{save}"
    );
    let deep = fs::read_to_string(chat.join("deep.py")).unwrap();
    assert!(
        deep.contains("from ..._background import keep_task\nfrom ...core import LIMIT\n"),
        "{deep}"
    );
    second_run_is_empty(dir.path());
}

/// `testdata/keepers/import_root_stdlib_names/project`, the standard library's own folder
/// (golden's stdlib tree: `asyncio/base_subprocess.py`): `aio/base.py` imports its sibling
/// relatively and `subprocess` by the standard library's name, which the folder also has as a
/// module. A standard-library name proves no import root (it resolves from any folder): `aio/`
/// keeps its own helper, imported relatively, while the loose `main.py`, which imports `store`
/// by its bare name, shares the folder's.
#[test]
fn a_standard_library_name_roots_no_package() {
    let dir = fixed_project("keepers/import_root_stdlib_names");
    let base = fs::read_to_string(dir.path().join("aio/base.py")).unwrap();
    assert!(
        base.contains(
            "from ._background import keep_task
from .log import logger
"
        ),
        "{base}"
    );
    assert!(dir.path().join("aio/_background.py").is_file());
    let main = fs::read_to_string(dir.path().join("main.py")).unwrap();
    assert!(
        main.contains(
            "from _background import keep_task
"
        ),
        "{main}"
    );
    assert!(dir.path().join("_background.py").is_file());
    second_run_is_empty(dir.path());
}

fn second_run_is_empty(dir: &std::path::Path) {
    crate::common::undangle()
        .args(["diff", "--preview"])
        .current_dir(dir)
        .assert()
        .success()
        .stdout("");
}
