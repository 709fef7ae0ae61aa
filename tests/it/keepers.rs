//! `keep-with` names the project's keeper and what it takes: a keeper whose definition in the
//! checked code contradicts that is one error naming it, and no file that would use it changes.

use std::fs;

use crate::common::undangle;

const BG_TAKES_COROUTINE: &str = "import asyncio\n\n_BG = set()\n\n\n\
def spawn(coro):\n    task = asyncio.create_task(coro)\n    _BG.add(task)\n    \
task.add_done_callback(_BG.discard)\n";
const BG_TAKES_TASK: &str = "_BG = set()\n\n\n\
def spawn(task):\n    _BG.add(task)\n    task.add_done_callback(_BG.discard)\n";
const MODULE: &str = "import asyncio\n\n\nasync def work():\n    await asyncio.sleep(1)\n\n\n\
async def main():\n    asyncio.create_task(work())\n";

/// A project with `app/bg.py` (the keeper), `app/m.py` (a dropped task) and `keep-with`.
fn project(keeper: &str, keep_with: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("app")).unwrap();
    fs::write(dir.path().join("app/__init__.py"), "").unwrap();
    fs::write(dir.path().join("app/bg.py"), keeper).unwrap();
    fs::write(dir.path().join("app/m.py"), MODULE).unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        format!("[tool.undangle]\nkeep-with = {keep_with}\n"),
    )
    .unwrap();
    dir
}

#[test]
fn a_keeper_that_contradicts_its_declaration_is_an_error_naming_it() {
    let cases = [
        (
            BG_TAKES_COROUTINE,
            "\"app.bg:spawn\"",
            "take a task",
            "makes a task of its argument `coro`",
        ),
        (
            BG_TAKES_TASK,
            "{ function = \"app.bg:spawn\", takes = \"coroutine\" }",
            "take a coroutine",
            "keeps its argument `task` as a task",
        ),
    ];
    for (keeper, keep_with, declared, found) in cases {
        let dir = project(keeper, keep_with);
        for command in ["check", "fix"] {
            let out = undangle()
                .arg(command)
                .current_dir(dir.path())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
            let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("keep-with")).collect();
            assert_eq!(errors.len(), 1, "one message: {stderr}");
            assert!(errors[0].contains("app/bg.py"), "{stderr}");
            assert!(
                errors[0].contains(declared) && errors[0].contains(found),
                "{stderr}"
            );
            assert!(
                !stderr.contains("Fixed"),
                "no summary after the error: {stderr}"
            );
        }
        assert_eq!(
            fs::read_to_string(dir.path().join("app/m.py")).unwrap(),
            MODULE
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("app/bg.py")).unwrap(),
            keeper
        );
    }
}

#[test]
fn a_keeper_that_takes_the_coroutine_gets_it() {
    let dir = project(
        BG_TAKES_COROUTINE,
        "{ function = \"app.bg:spawn\", takes = \"coroutine\" }",
    );
    undangle()
        .args(["fix", "--preview"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("app/m.py")).unwrap();
    assert!(fixed.contains("from app.bg import spawn\n"), "{fixed}");
    assert!(fixed.contains("    spawn(work())\n"), "{fixed}");
    // And the keeper's own task is kept: nothing to report in its module.
    assert_eq!(
        fs::read_to_string(dir.path().join("app/bg.py")).unwrap(),
        BG_TAKES_COROUTINE
    );
}

/// Runs `program` (`python -c`) in `dir` under CPython 3.8 and the newest, each of which must
/// print `ok` alone; the two Pythons, or `None` when the test is skipped for lack of them.
pub(crate) fn runs_ok(test: &str, dir: &std::path::Path, program: &str) -> Option<[String; 2]> {
    let pythons = crate::common::oldest_and_newest(test)?;
    for python in &pythons {
        let run = std::process::Command::new(python)
            .args(["-c", program])
            .current_dir(dir)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&run.stdout);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(out, "ok\n", "{python}: {err}");
    }
    Some(pythons)
}

/// `testdata/<name>/project` fixed by `fix` in a temporary folder, which must then hold what
/// `testdata/<name>/fixed` holds (`UNDANGLE_BLESS=1` rewrites it).
pub(crate) fn fixed_project(name: &str) -> tempfile::TempDir {
    use crate::common::{copy_tree, read_tree, testdata};
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&testdata(&format!("{name}/project")), dir.path());
    undangle()
        .args(["fix", "--preview"])
        .current_dir(dir.path())
        .assert()
        .success();
    let expected = testdata(&format!("{name}/fixed"));
    if std::env::var_os("UNDANGLE_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected);
        copy_tree(dir.path(), &expected);
    }
    assert_eq!(read_tree(dir.path()), read_tree(&expected));
    dir
}

/// `testdata/keepers/imported/project`: `pkg/util.py` defines a keeper that takes a coroutine;
/// the modules that import it (by name, or its module under an alias) call it where a site
/// needs no task back, after a keeper of the same class or module; `pkg/registry.py` defines a
/// class whose method is one, which `pkg/service.py`'s instances hold. `fixed` is what `fix`
/// writes (`UNDANGLE_BLESS=1` rewrites it).
#[test]
fn a_keeper_imported_from_another_file_is_called_with_the_coroutine() {
    let dir = fixed_project("keepers/imported");
    // Each file's call resolves to the keeper it names.
    let app = fs::read_to_string(dir.path().join("pkg/app.py")).unwrap();
    assert!(app.contains("    spawn_bg(work(), name=\"w\")\n"), "{app}");
    let jobs = fs::read_to_string(dir.path().join("pkg/jobs.py")).unwrap();
    assert!(jobs.contains("        self._spawn(work())\n"), "{jobs}");
    assert!(jobs.contains("    u.spawn_bg(work())\n"), "{jobs}");
    // A class of another file, held by the instance, keeps the tasks of its methods.
    let service = fs::read_to_string(dir.path().join("pkg/service.py")).unwrap();
    assert!(
        service.contains("        self.registry.background(work())\n"),
        "{service}"
    );
    assert!(
        service.contains("        self._jobs.background(work())\n"),
        "{service}"
    );
    // Bound to a parameter: its class is unknown, so the strategy keeps the task.
    assert!(service.contains("_background_tasks.add(task)"), "{service}");
}

/// `keep-with = { function = "self.registry.background", takes = "coroutine" }`: a method of
/// an object the instance holds, whose class the project declares; used where `__init__`
/// binds the attribute itself, after the binding, and nowhere else.
#[test]
fn a_keeper_on_a_held_object_is_called_where_init_binds_it() {
    let dir = tempfile::tempdir().unwrap();
    let module = "import asyncio\n\n\nasync def work():\n    await asyncio.sleep(1)\n\n\n\
class Service:\n    def __init__(self, hass):\n        asyncio.create_task(work())\n        \
self.registry = hass.registry\n\n    async def run(self):\n        asyncio.create_task(work())\n\n\n\
class Other:\n    async def run(self):\n        asyncio.create_task(work())\n";
    fs::write(dir.path().join("m.py"), module).unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.undangle]\n\
         keep-with = { function = \"self.registry.background\", takes = \"coroutine\" }\n",
    )
    .unwrap();
    undangle()
        .args(["fix", "--preview"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("m.py")).unwrap();
    let calls: Vec<&str> = fixed
        .lines()
        .filter(|l| l.contains(".background("))
        .collect();
    assert_eq!(
        calls,
        ["        self.registry.background(work())"],
        "{fixed}"
    );
    // Before the binding, and in a class that holds none, the strategy keeps the task.
    assert_eq!(
        fixed.matches("_background_tasks.add(task)").count(),
        2,
        "{fixed}"
    );
}

/// What runs the fixed `keepers/import_anew` project: each fixed site under a running loop, a
/// collection of garbage before the tasks run, then every task done and the keeper's set empty.
const RUN_IMPORT_ANEW: &str = "import asyncio, gc
from app import client, routes, server
from core import async_helpers, views


async def main():
    client.Client().restart()
    client.Client().crash()
    server.start()
    routes.route()
    views.open_view()
    gc.collect()
    # `run_in_thread` finishes in the executor's thread: wait for it, a few seconds at most.
    for _ in range(500):
        if not async_helpers.background_tasks:
            break
        await asyncio.sleep(0.01)
    assert sorted(client.DONE) == ['crash', 'restart'], client.DONE
    assert server.DONE == ['server'], server.DONE
    assert routes.DONE == ['route'], routes.DONE
    assert not async_helpers.background_tasks, async_helpers.background_tasks
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/import_anew/project`: `core/async_helpers.py` defines the project's keeper
/// and imports only the standard library. A file that imports its module already gets the
/// keeper's name in that import; one that imports another module of its package, absolutely or
/// relatively, gets a new import of it; a file that imports nothing of the package, whose own
/// name is taken, whose site needs the task back, or that is a test, gets the strategy's fix.
/// The fixed project runs under CPython 3.8 (the oldest with `create_task(name=)`) and the
/// newest: the tasks survive a collection and the keeper's set drains.
#[test]
fn a_standalone_keeper_is_imported_where_the_package_already_is() {
    let dir = fixed_project("keepers/import_anew");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let client = read("app/client.py");
    assert!(
        client.contains("import (\n    run_bg_task,\n    run_in_thread,\n    )\n"),
        "{client}"
    );
    let server = read("app/server.py");
    assert!(server.contains("from core.async_helpers import run_bg_task\n"));
    assert!(server.contains("    run_bg_task(configured(Context(\"server\")))\n"));
    assert!(read("core/views.py").contains("from .async_helpers import run_bg_task\n"));
    let routes = read("app/routes.py");
    assert!(
        routes.contains("\"\"\"\nfrom core.async_helpers import run_bg_task\nfrom core.context"),
        "{routes}"
    );
    for other in [
        "app/lonely.py",
        "app/clash.py",
        "app/needs_task.py",
        "tests/test_client.py",
    ] {
        let text = read(other);
        assert!(
            text.contains("_background_tasks.add(task)"),
            "{other}: {text}"
        );
        assert!(!text.contains("import run_bg_task"), "{other}: {text}");
    }
    runs_ok(
        "a_standalone_keeper_is_imported_where_the_package_already_is",
        dir.path(),
        RUN_IMPORT_ANEW,
    );
}

/// What runs the fixed `keepers/package_helper` project: every fixed site under a running loop,
/// a collection of garbage before the tasks run, then every task done and both packages' sets
/// empty.
const RUN_PACKAGE_HELPER: &str = "import asyncio, gc
import lib._background
from lib import client
from pkg import _background, clash, plain, work
from pkg.service import Service
from pkg.sub import jobs
from tests import test_work


async def main():
    Service().start()
    Service().callbacks(asyncio.get_running_loop())
    jobs.start()
    plain.start()
    clash.start()
    client.start()
    await test_work.test_work()
    await asyncio.sleep(1)
    gc.collect()
    for _ in range(100):
        if not (_background._background_tasks or lib._background._background_tasks):
            break
        await asyncio.sleep(0.01)
    assert sorted(work.DONE) == ['callback', 'jobs', 'jobs-again', 'lib', 'service', 'test'], work.DONE
    assert not _background._background_tasks and not lib._background._background_tasks
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/package_helper/project`, `strategy = "helper"`: the files of package `pkg`
/// import one helper from a new `pkg/_background.py` (relatively, or absolutely where the file
/// names its package so, or names none and the modules beside it name it so), and a test that imports `pkg` imports it absolutely; `lib` has that
/// module already, which is imported and left alone, by a script that imports `lib` too (from
/// `agents/`, after putting the project on `sys.path`); a script that imports `pkg`, which has
/// no helper before the fix, keeps its task inline; a script that imports no package, a test
/// that imports none and a file that binds the helper's name keep a helper of their own. `diff`
/// shows the new module as a patch `git apply` takes, a second run changes nothing, and the
/// fixed project runs under CPython 3.8 and the newest.
#[test]
fn helper_writes_one_helper_per_package() {
    use crate::common::{copy_tree, read_tree, testdata};
    let dir = fixed_project("keepers/package_helper");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let own_helpers: Vec<&str> = ["pkg/clash.py", "scripts/run.py", "tests/test_start.py"].into();
    for file in own_helpers {
        assert!(read(file).contains("\ndef _keep_task("), "{file}");
    }
    // `plain.py` names nothing of `pkg`; `service.py` beside it imports `pkg.work`.
    assert!(read("pkg/plain.py").contains("from pkg._background import keep_task\n"));
    assert!(read("pkg/sub/jobs.py").contains("from .._background import keep_task\n"));
    assert!(read("pkg/service.py").contains("from pkg._background import keep_task\n"));
    let test = read("tests/test_work.py");
    assert!(
        test.contains("\nfrom pkg._background import keep_task\n"),
        "{test}"
    );
    // A script imports a package's helper that is there: after what puts it on `sys.path`.
    let tap = read("agents/tap.py");
    let late = "from lib import _background  # noqa: E402\n\
                from lib._background import keep_task  # noqa: E402\n";
    assert!(tap.contains(late), "{tap}");
    // Where there is none yet, a script keeps its task inline: one helper in the project.
    let agent = read("agent.py");
    assert!(agent.contains("_background_tasks.add(task)") && !agent.contains("keep_task"));
    let original = testdata("keepers/package_helper/project/lib/_background.py");
    assert_eq!(
        read("lib/_background.py"),
        fs::read_to_string(original).unwrap()
    );
    // A second run finds nothing to change.
    let again = undangle()
        .args(["diff", "--preview"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert!(again.stdout.is_empty());

    // `diff`, applied by git, gives what `fix` wrote, the new module included.
    let by_patch = tempfile::tempdir().unwrap();
    copy_tree(&testdata("keepers/package_helper/project"), by_patch.path());
    let diff = undangle()
        .args(["diff", "--preview"])
        .current_dir(by_patch.path())
        .output()
        .unwrap();
    let patch = String::from_utf8_lossy(&diff.stdout);
    assert_eq!(
        patch.matches("+++ b/pkg/_background.py\n").count(),
        1,
        "{patch}"
    );
    fs::write(by_patch.path().join("undangle.patch"), &diff.stdout).unwrap();
    let applied = std::process::Command::new("git")
        .args(["apply", "undangle.patch"])
        .current_dir(by_patch.path())
        .status()
        .unwrap();
    assert!(applied.success(), "git apply rejected the diff: {patch}");
    fs::remove_file(by_patch.path().join("undangle.patch")).unwrap();
    assert_eq!(read_tree(by_patch.path()), read_tree(dir.path()));

    let Some(pythons) = runs_ok(
        "helper_writes_one_helper_per_package",
        dir.path(),
        RUN_PACKAGE_HELPER,
    ) else {
        return;
    };
    for python in pythons {
        // The scripts, run as scripts from another folder: `sys.path` is theirs.
        for script in ["agent.py", "agents/tap.py"] {
            let run = std::process::Command::new(&python)
                .arg(dir.path().join(script))
                .current_dir(std::env::temp_dir())
                .output()
                .unwrap();
            let out = String::from_utf8_lossy(&run.stdout);
            let err = String::from_utf8_lossy(&run.stderr);
            assert_eq!(out, "ok\n", "{python} {script}: {err}");
        }
    }
}

/// What runs the fixed `keepers/inherited` project: each fixed site under a running loop, a
/// collection of garbage, then every task done and every set empty.
const RUN_INHERITED: &str = "import asyncio, gc, types
from app import handlers, mass, player, room, work


async def main():
    rooms = [room.Room(), room.Lobby(3), room.Hall(), room.Annex()]
    rooms[0].join()
    rooms[0].leave()
    rooms[1].open()
    rooms[2].open()
    rooms[3].open()
    state = handlers.AppState()
    await handlers.handle('second', state)
    await handlers.other('other', state)
    app = mass.Mass()
    player.Player(app, 'player').play()
    player.Untyped(app).play()
    player.Speaker(app).play()
    request = types.SimpleNamespace(app=types.SimpleNamespace(state=state))
    handlers.launch(request, 'launch')
    gc.collect()
    for _ in range(1000):
        await asyncio.sleep(0.01)
        gc.collect()
        if len(work.DONE) == 13:
            break
    await asyncio.sleep(0.01)
    assert sorted(work.DONE) == sorted(['join', 'leave', 'lobby', 'hall', 'annex', 'first',
                                        'second', 'other', 'player', 'untyped', 'speaker',
                                        'launch', 'after launch']), work.DONE
    assert not state.background_tasks and not rooms[0]._tasks and not app._tasks
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/inherited/project`: `Room(Base)` and `Lobby(Base)` (whose `__init__` runs
/// the base's) call `self._run_task`, the keeper they inherit from `app/base.py`; `Hall`
/// overrides it and `Annex` never runs the base's `__init__`, so the strategy keeps theirs. A
/// handler that keeps a task in `app_state.background_tasks` keeps its other sites there too.
/// `Player(mass: Mass)` keeps `self.mass = mass` and calls `self.mass.create_task`, the keeper
/// of the class its annotation names (`Speaker`'s attribute names it); `Untyped`'s is unknown.
/// `launch` keeps its sites in `app_state.background_tasks`, reached through a local, and in
/// `bg_tasks`, a local alias of it that its done callback uses. The fixed project runs under
/// CPython 3.8 and the newest.
#[test]
fn an_inherited_keeper_and_a_set_the_function_uses_are_reused() {
    let dir = fixed_project("keepers/inherited");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let rooms = read("app/room.py");
    assert!(
        rooms.contains("        self._run_task(work(\"join\"))\n"),
        "{rooms}"
    );
    assert!(
        rooms.contains("self._run_task(work(\"leave\"), name=\"leave\")"),
        "{rooms}"
    );
    assert!(
        rooms.contains("        self._run_task(work(\"lobby\"))\n"),
        "{rooms}"
    );
    assert_eq!(
        rooms.matches("_background_tasks.add(task)").count(),
        2,
        "{rooms}"
    );
    let handlers = read("app/handlers.py");
    for reused in [
        "        app_state.background_tasks.add(work_task)\n",
        "            bg_tasks.add(task)\n            task.add_done_callback(bg_tasks.discard)\n",
    ] {
        assert!(handlers.contains(reused), "{handlers}");
    }
    let players = read("app/player.py");
    assert!(
        players.contains("        self.mass.create_task(work(\"speaker\"))\n"),
        "{players}"
    );
    assert!(
        handlers.contains("app_state.background_tasks.add(work_task)"),
        "{handlers}"
    );
    assert_eq!(
        handlers.matches("_background_tasks.add(task").count(),
        1,
        "{handlers}"
    );
    let players = read("app/player.py");
    assert!(
        players.contains("        self.mass.create_task(work(self.name))\n"),
        "{players}"
    );
    assert_eq!(
        players.matches("_background_tasks.add(task)").count(),
        1,
        "{players}"
    );
    runs_ok(
        "an_inherited_keeper_and_a_set_the_function_uses_are_reused",
        dir.path(),
        RUN_INHERITED,
    );
}

/// `keep-with` naming a framework's own keeper is checked against its contract in
/// `contracts::FRAMEWORK_KEEPERS`: Home Assistant's `hass.async_create_task` takes a
/// coroutine, so declaring that it takes the task (the default) is one error naming the
/// settings, which would otherwise write `self.hass.async_create_task(self.hass.loop
/// .create_task(...))` (a `TypeError`); so is a method newer than the project's declared Home
/// Assistant, and Sanic's `add_task`, which keeps only a task named uniquely.
#[test]
fn a_framework_keeper_is_called_as_its_contract_says() {
    let cases = [
        (
            "\"self.hass.async_create_task\"",
            "",
            "which takes a coroutine",
        ),
        (
            "{ function = \"hass.async_create_background_task\", takes = \"coroutine\" }",
            "[project]\nname = \"light\"\ndependencies = [\"homeassistant>=2022.11.0\"]\n",
            "which Home Assistant 2023.3 added, but the project declares Home Assistant 2022.11",
        ),
        (
            "{ function = \"app.add_task\", takes = \"coroutine\" }",
            "",
            "which keeps a task only under a name of its own",
        ),
    ];
    for (keep_with, project, why) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("light.py"), LIGHT).unwrap();
        let settings = format!("{project}[tool.undangle]\nkeep-with = {keep_with}\n");
        fs::write(dir.path().join("pyproject.toml"), settings).unwrap();
        for command in ["check", "fix"] {
            let out = undangle()
                .arg(command)
                .current_dir(dir.path())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
            let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("keep-with")).collect();
            assert_eq!(errors.len(), 1, "one message: {stderr}");
            assert!(
                errors[0].starts_with("undangle: pyproject.toml: "),
                "{stderr}"
            );
            assert!(errors[0].contains(why), "{stderr}");
        }
        assert_eq!(
            fs::read_to_string(dir.path().join("light.py")).unwrap(),
            LIGHT
        );
    }
}

const LIGHT: &str = "import asyncio\n\n\nasync def work():\n    await asyncio.sleep(1)\n\n\n\
class Light:\n    def __init__(self, hass):\n        self.hass = hass\n\n    \
async def turn_on(self):\n        self.hass.loop.create_task(work())\n\n\n\
async def setup(hass, entry):\n    asyncio.create_task(work())\n";

/// `keep-with` naming a framework's keeper on `self.hass`, or on an object in scope at the site
/// (`hass`, a config entry), is called with the coroutine and what else it needs: `hass` first
/// for the entry's, a task name; a site where the object is not in scope keeps the strategy's.
#[test]
fn a_framework_keeper_gets_what_it_needs() {
    let cases = [
        (
            "\"self.hass.async_create_task\"",
            &[
                "        self.hass.async_create_task(work())\n",
                "    task = asyncio.create_task(work())\n",
            ][..],
        ),
        (
            "\"hass.async_create_background_task\"",
            &[
                "        self.hass.async_create_background_task(work(), \"work\")\n",
                "    hass.async_create_background_task(work(), \"work\")\n",
            ][..],
        ),
        (
            "\"entry.async_create_background_task\"",
            &["    entry.async_create_background_task(hass, work(), \"work\")\n"][..],
        ),
    ];
    for (keep_with, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("light.py"),
            LIGHT.replace("setup(", "async_setup_entry("),
        )
        .unwrap();
        let settings = format!(
            "[tool.undangle]\nkeep-with = {{ function = {keep_with}, takes = \"coroutine\" }}\n"
        );
        fs::write(dir.path().join("pyproject.toml"), settings).unwrap();
        undangle()
            .arg("fix")
            .current_dir(dir.path())
            .assert()
            .code(0);
        let fixed = fs::read_to_string(dir.path().join("light.py")).unwrap();
        for line in expected {
            assert!(fixed.contains(line), "{keep_with}: {fixed}");
        }
    }
}

/// A buffer on stdin is fixed alone, its text printed: it imports the package's helper module
/// only where that is there already, and otherwise keeps a helper of its own.
#[test]
fn a_buffer_on_stdin_imports_only_a_helper_module_that_is_there() {
    use crate::common::{copy_tree, testdata};
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&testdata("keepers/package_helper/project"), dir.path());
    let fixed = |name: &str| {
        let buffer = fs::read(dir.path().join(name)).unwrap();
        let out = undangle()
            .args(["fix", "-", "--stdin-filename", name])
            .current_dir(dir.path())
            .write_stdin(buffer)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let plain = fixed("pkg/plain.py");
    assert!(plain.contains("\ndef _keep_task("), "{plain}");
    assert!(!plain.contains("_background import"), "{plain}");
    assert!(!dir.path().join("pkg/_background.py").exists());
    let client = fixed("lib/client.py");
    assert!(
        client.contains("from ._background import keep_task\n"),
        "{client}"
    );
}

/// A keeper module that starts with a byte order mark and holds decorated functions: the
/// blocks read off its bytes and the tree parsed of its text count from after the mark.
#[test]
fn a_keeper_in_a_file_with_a_byte_order_mark_is_found() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("pkg")).unwrap();
    fs::write(dir.path().join("pkg/__init__.py"), "").unwrap();
    let keeper = "\u{feff}import asyncio\nimport functools\n\n_BG = set()\n\n\n\
@functools.cache\ndef noop():\n    pass\n\n\n@functools.wraps(noop)\n\
def spawn_bg(coro):\n    task = asyncio.create_task(coro)\n    _BG.add(task)\n    \
task.add_done_callback(_BG.discard)\n";
    fs::write(dir.path().join("pkg/util.py"), keeper).unwrap();
    let app = format!("from .util import spawn_bg\n{MODULE}");
    fs::write(dir.path().join("pkg/app.py"), app).unwrap();
    undangle()
        .args(["fix", "."])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("pkg/app.py")).unwrap();
    assert!(fixed.contains("    spawn_bg(work())\n"), "{fixed}");
    assert_eq!(
        fs::read_to_string(dir.path().join("pkg/util.py")).unwrap(),
        keeper
    );
}

/// `testdata/keepers/threadsafe_helper/project`: a package whose `conn.py` drops a task and two
/// `run_coroutine_threadsafe` futures (whose done callback holds their task), and whose
/// `jobs.py` drops a task. `--strategy helper` keeps all of them with the package's one helper,
/// typed for both kinds of future (quoted on Python 3.8), not with the helper and a set of
/// futures beside it (scylladb/python-driver in the third issue-36 exam). The fixed package
/// runs: the future pushed from another thread and the tasks are done, and the set is empty.
#[test]
fn one_helper_keeps_tasks_and_threadsafe_futures() {
    let dir = fixed_project("keepers/threadsafe_helper");
    let read = |file: &str| fs::read_to_string(dir.path().join(file)).unwrap();
    let helper = read("pkg/_background.py");
    assert!(
        helper.contains("\"Set[asyncio.Future[Any] | concurrent.futures.Future[Any]]\""),
        "{helper}"
    );
    let conn = read("pkg/conn.py");
    assert!(!conn.contains("_background_futures"), "{conn}");
    assert_eq!(conn.matches("keep_task(").count(), 2, "{conn}");
    assert!(read("pkg/jobs.py").contains("keep_task("));
    runs_ok(
        "one_helper_keeps_tasks_and_threadsafe_futures",
        dir.path(),
        RUN_THREADSAFE_HELPER,
    );
}

/// Runs the fixed `keepers/threadsafe_helper` project: a push from another thread (a concurrent
/// future), one from the loop's (a task) and a job, a collection of garbage, then all done.
const RUN_THREADSAFE_HELPER: &str = "import asyncio, gc, threading
from pkg import _background, conn, jobs


async def main():
    loop = asyncio.get_running_loop()
    connection = conn.Connection(loop)
    connection._loop_thread = threading.current_thread()
    pusher = threading.Thread(target=connection.push, args=('threadsafe',))
    pusher.start()
    connection.push('task')
    jobs.start('job')
    gc.collect()
    for _ in range(100):
        await asyncio.sleep(0.01)
        gc.collect()
        if len(conn.DONE) == 3:
            break
    pusher.join()
    await asyncio.sleep(0.01)
    assert sorted(conn.DONE) == ['job', 'task', 'threadsafe'], conn.DONE
    assert not _background._background_tasks
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// A keeper of another module is imported as ruff's TID252 lets the file import: `from ..bg
/// import spawn` only where relative imports from parent packages are allowed for that file
/// (TID252 off, or switched off by `per-file-ignores`); where TID252 bans it, the site gets the
/// strategy's keeping, and ruff finds no new TID252.
#[test]
fn a_keepers_relative_import_follows_tid252_and_its_per_file_ignores() {
    let run = |ignored: &str| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("app/sub")).unwrap();
        for init in ["app/__init__.py", "app/sub/__init__.py", "app/models.py"] {
            fs::write(root.join(init), "").unwrap();
        }
        fs::write(root.join("app/bg.py"), BG_TAKES_COROUTINE).unwrap();
        // The file imports from its parent package already: its TID252 is switched off, or it
        // is reported there already.
        let module = MODULE.replacen("\n\n\n", "\n\nfrom ..models import Thing\n\n\n", 1);
        fs::write(root.join("app/sub/m.py"), module).unwrap();
        fs::write(
            root.join("pyproject.toml"),
            format!(
                "[tool.ruff.lint]\nselect = [\"TID\"]\n\n\
                 [tool.ruff.lint.per-file-ignores]\n\"{ignored}\" = [\"TID252\"]\n"
            ),
        )
        .unwrap();
        let fixed = undangle()
            .args(["fix", "."])
            .current_dir(root)
            .output()
            .unwrap();
        assert!(fixed.status.success(), "{fixed:?}");
        fs::read_to_string(root.join("app/sub/m.py")).unwrap()
    };
    let allowed = run("app/sub/*");
    assert!(allowed.contains("from ..bg import spawn\n"), "{allowed}");
    assert!(allowed.contains("    spawn(work())\n"), "{allowed}");
    let banned = run("app/other/*");
    assert!(!banned.contains("from ..bg"), "{banned}");
    assert!(banned.contains("_background_tasks.add(task)"), "{banned}");
}
