//! `--strategy helper` on issue 36's eleventh exam (docs/evaluation.md, "Eleventh exam: fresh
//! hand fixes"): how the one helper is imported where the project's own imports say how its
//! modules reach each other.

use std::fs;
use std::process::Command;

use crate::helper_layout::helper_fixed;

/// A module that imports nothing of its folder, which `core.py` imports as `device`.
const DEVICE: &str = "import asyncio\n\n\nclass Device:\n    def ping(self):\n        asyncio.create_task(asyncio.sleep(1))\n";

/// ZigBee-Matter-Manager (class 3): the repository's root holds an empty `__init__.py`, but the
/// service runs from the root as a folder of top-level modules (`main.py`: `from core import
/// start`; `core.py`: `from device import Device`). The helper at the root is imported as the
/// files import each other, `from _background import keep_task`, in `core.py`, in `device.py`
/// (which `core.py` imports so) and in the entry point alike; a relative import would raise "attempted relative import with no known parent
/// package" when `main.py` imports `core`. The fixed service runs.
#[test]
fn a_folder_of_top_level_modules_imports_the_helper_by_its_bare_name() {
    let core = "import asyncio\n\nfrom device import Device\n\nDONE = []\n\n\nasync def poll():\n    await asyncio.sleep(0.01)\n    DONE.append(Device())\n\n\ndef start():\n    asyncio.create_task(poll())\n";
    let main = "import asyncio\n\nfrom core import DONE, start\n\n\nasync def tick():\n    await asyncio.sleep(0.01)\n    DONE.append('tick')\n\n\nasync def main():\n    start()\n    asyncio.create_task(tick())\n    await asyncio.sleep(0.1)\n    assert len(DONE) == 2, DONE\n    print('ok')\n\n\nif __name__ == \"__main__\":\n    asyncio.run(main())\n";
    let dir = helper_fixed(&[
        ("__init__.py", ""),
        ("device.py", DEVICE),
        ("core.py", core),
        ("main.py", main),
    ]);
    for file in ["core.py", "main.py", "device.py"] {
        let fixed = fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(
            fixed.contains("\nfrom _background import keep_task\n"),
            "{file}:\n{fixed}"
        );
        assert!(
            fixed.contains("keep_task(asyncio.create_task("),
            "{file}:\n{fixed}"
        );
    }
    runs_ok(dir.path(), &["main.py"]);
}

/// A project folder whose modules reach each other relatively (an AstrBot plugin's checkout)
/// keeps the relative import: nothing there imports a module of the folder by its bare name.
#[test]
fn a_package_folder_that_imports_relatively_keeps_the_relative_import() {
    let core = "import asyncio\n\nfrom .device import Device\n\n\nasync def poll():\n    await asyncio.sleep(1)\n    return Device()\n\n\ndef start():\n    asyncio.create_task(poll())\n";
    let dir = helper_fixed(&[
        ("__init__.py", ""),
        ("device.py", "class Device:\n    pass\n"),
        ("core.py", core),
    ]);
    let fixed = fs::read_to_string(dir.path().join("core.py")).unwrap();
    assert!(
        fixed.contains("\nfrom ._background import keep_task\n"),
        "{fixed}"
    );
}

const DELETES_LATER: &str = "import asyncio\n\n\nasync def delete_later(message):\n    await asyncio.sleep(1)\n    message.delete()\n\n\ndef schedule(message):\n    asyncio.create_task(delete_later(message))\n";

/// Nezuko-Telegram-Bot (class 5): `apps/bot/utils/auto_delete.py` imports no module of its
/// project, and every module beside it that does imports absolutely (`from apps.bot...`): the
/// helper is imported absolutely there too, as in the modules that name the package, one style
/// in one diff (it was `from ..._background import keep_task` beside `from apps._background`).
/// Where the neighbours import relatively, the relative import stays.
#[test]
fn a_module_that_names_nothing_imports_the_helper_as_its_neighbours_import() {
    let logs = "import asyncio\n\nfrom apps.bot.utils.names import NAME\n\n\nasync def send(line):\n    await asyncio.sleep(1)\n    print(NAME, line)\n\n\ndef log(line):\n    asyncio.create_task(send(line))\n";
    let files = [
        ("apps/__init__.py", ""),
        ("apps/bot/__init__.py", ""),
        ("apps/bot/utils/__init__.py", ""),
        ("apps/bot/utils/names.py", "NAME = 'bot'\n"),
        ("apps/bot/utils/logs.py", logs),
        ("apps/bot/utils/auto_delete.py", DELETES_LATER),
    ];
    let dir = helper_fixed(&files);
    for file in ["logs.py", "auto_delete.py"] {
        let fixed = fs::read_to_string(dir.path().join("apps/bot/utils").join(file)).unwrap();
        assert!(
            fixed.contains("\nfrom apps._background import keep_task\n"),
            "{file}:\n{fixed}"
        );
    }
    let relative = logs.replace("from apps.bot.utils.names", "from .names");
    let files = [
        ("apps/__init__.py", ""),
        ("apps/bot/__init__.py", ""),
        ("apps/bot/utils/__init__.py", ""),
        ("apps/bot/utils/names.py", "NAME = 'bot'\n"),
        ("apps/bot/utils/logs.py", relative.as_str()),
        ("apps/bot/utils/auto_delete.py", DELETES_LATER),
    ];
    let dir = helper_fixed(&files);
    let fixed = fs::read_to_string(dir.path().join("apps/bot/utils/auto_delete.py")).unwrap();
    assert!(
        fixed.contains("\nfrom ..._background import keep_task\n"),
        "{fixed}"
    );
}

/// music-bot (class 4): two top packages side by side, `bot/` and `webapp/`, and `webapp/api.py`
/// imports `from bot.config import settings`; both hold dropped tasks. One helper, in `bot/`,
/// the package the other already imports, and `webapp` imports it from there; not a second
/// `webapp/_background.py`. A third package that `bot` imports back would make a circle: the
/// two keep their own (not tested here; see `project/shared_helper.rs`). The fixed app runs.
#[test]
fn sibling_packages_share_the_helper_of_the_one_they_import() {
    let task = "    asyncio.create_task(asyncio.sleep(0.01))\n";
    let db = format!("import asyncio\n\n\ndef save():\n{task}");
    let api = format!(
        "import asyncio\n\nfrom bot.config import settings\nfrom bot.db import save\n\n\n\
         async def handle():\n{task}    save()\n    await asyncio.sleep(0.05)\n    \
         return settings\n"
    );
    let dir = helper_fixed(&[
        ("bot/__init__.py", ""),
        ("bot/config.py", "settings = 1\n"),
        ("bot/db.py", &db),
        ("webapp/__init__.py", ""),
        ("webapp/api.py", &api),
    ]);
    assert!(dir.path().join("bot/_background.py").is_file());
    assert!(!dir.path().join("webapp/_background.py").exists());
    let fixed = fs::read_to_string(dir.path().join("webapp/api.py")).unwrap();
    assert!(
        fixed
            .contains("\nfrom bot._background import keep_task\nfrom bot.config import settings\n"),
        "{fixed}"
    );
    runs_ok(
        dir.path(),
        &[
            "-c",
            "import asyncio\nfrom webapp.api import handle\nassert asyncio.run(handle()) == 1\nprint('ok')",
        ],
    );
}

/// Runs `python3 args` in `dir` and asserts it succeeds and prints `ok`.
fn runs_ok(dir: &std::path::Path, args: &[&str]) {
    let ran = Command::new("python3")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert!(ran.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "ok\n");
}
