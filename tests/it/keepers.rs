//! `keep-with` names the project's keeper and what it takes: a keeper whose definition in the
//! checked code contradicts that is one error naming it, and no file that would use it changes.

use std::fs;

use crate::common::undangle;

const BG_TAKES_COROUTINE: &str = "import asyncio\n\n_BG = set()\n\n\n\
def spawn(coro):\n    task = asyncio.create_task(coro)\n    _BG.add(task)\n    \
task.add_done_callback(_BG.discard)\n";
const BG_TAKES_TASK: &str = "_BG = set()\n\n\n\
def spawn(task):\n    _BG.add(task)\n    task.add_done_callback(_BG.discard)\n";
const MODULE: &str = "import asyncio\n\n\nasync def work():\n    await asyncio.sleep(0)\n\n\n\
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

/// `testdata/<name>/project` fixed by `fix` in a temporary folder, which must then hold what
/// `testdata/<name>/fixed` holds (`UNDANGLE_BLESS=1` rewrites it).
fn fixed_project(name: &str) -> tempfile::TempDir {
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
    let module = "import asyncio\n\n\nasync def work():\n    await asyncio.sleep(0)\n\n\n\
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
    use crate::common::{pyenv_python, skip};
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
    let (Some(oldest), Some(newest)) = (pyenv_python(Some((3, 8))), pyenv_python(None)) else {
        return skip(
            "a_standalone_keeper_is_imported_where_the_package_already_is",
            "pyenv's CPython 3.8 and a newest CPython",
            "pyenv install 3.8 3.13",
        );
    };
    for python in [oldest, newest] {
        let run = std::process::Command::new(&python)
            .args(["-c", RUN_IMPORT_ANEW])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&run.stdout);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(out, "ok\n", "{python}: {err}");
    }
}
