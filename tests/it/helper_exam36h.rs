//! `--strategy helper`'s new module in the layouts and houses of issue 36's eighth exam
//! (exam36h): a namespace portion inside a regular package (class 3), and the pragma lines every
//! module of a package opens with (class 4).

use std::fs;

use crate::common::assert_mypy_strict_clean;
use crate::keepers::{fixed_project, runs_ok};

const RUN_NAMESPACE_PORTION: &str = "import asyncio, gc
import steam._background as background
from steam import models
from steam.ext.commands import cooldown


async def main():
    models.start()
    cooldown.start()
    await asyncio.sleep(1)
    gc.collect()
    for _ in range(100):
        if not background._background_tasks:
            break
        await asyncio.sleep(0.01)
    assert sorted(models.DONE) == ['cooldown', 'models'], models.DONE
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/namespace_portion_helper/project`, steam.py's layout: `steam/` is the
/// distribution's one package, `steam/ext/` has no `__init__.py`, `steam/ext/commands/` has
/// one, and `cooldown.py` there imports `from ...enums import IntEnum`: `steam.ext` is a
/// namespace portion inside `steam`, and the file's module is `steam`'s. One helper,
/// `steam/_background.py`, which `cooldown.py` imports as `from ..._background`; typed for the
/// asyncio futures it holds, though `gateway.py` calls `run_coroutine_threadsafe` (it waits on
/// that future: no site). The fixed package runs under CPython 3.8 and the newest, and mypy
/// --strict finds nothing in it.
#[test]
fn a_namespace_portion_inside_a_package_shares_the_packages_one_helper() {
    let dir = fixed_project("keepers/namespace_portion_helper");
    let cooldown = fs::read_to_string(dir.path().join("steam/ext/commands/cooldown.py")).unwrap();
    assert!(
        cooldown.contains("from ..._background import keep_task\n"),
        "{cooldown}"
    );
    assert!(
        !dir.path()
            .join("steam/ext/commands/_background.py")
            .exists()
    );
    let helper = fs::read_to_string(dir.path().join("steam/_background.py")).unwrap();
    assert!(
        helper.contains("bound=\"asyncio.Future[Any]\")") && !helper.contains("concurrent"),
        "{helper}"
    );
    let test =
        "helper_exam36h::a_namespace_portion_inside_a_package_shares_the_packages_one_helper";
    runs_ok(test, dir.path(), RUN_NAMESPACE_PORTION);
    assert_mypy_strict_clean(test, dir.path(), &["--namespace-packages", "steam"]);
}

/// `testdata/keepers/pragma_helper/project`: every module of `den` with any content opens with
/// `#!/usr/bin/env python3` and `# -*- coding: utf-8 -*-` (denonavr), every one of `poke` with
/// the coding line and then a comment of its own (poke-env, whose pre-commit
/// `fix-encoding-pragma` adds the line to a module without it); the empty `den/sub/__init__.py`
/// has none and says nothing. Each new helper module opens with its package's pragma lines.
#[test]
fn a_new_helper_module_opens_with_the_packages_pragma_lines() {
    let dir = fixed_project("keepers/pragma_helper");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let docstring = "\"\"\"Keep background tasks alive until they are done.\"\"\"\n";
    let den = read("den/_background.py");
    let header = "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n";
    assert!(den.starts_with(&format!("{header}{docstring}")), "{den}");
    let poke = read("poke/_background.py");
    assert!(
        poke.starts_with(&format!("# -*- coding: utf-8 -*-\n{docstring}")),
        "{poke}"
    );
}
