//! `scripts/acceptance.py`, the harness that counts what a fix breaks, on the layouts where it
//! once reported the project's fault for its own.

use std::fs;

use crate::common;

/// The import-time check runs an import the fix adds (`from pkg._background import keep_task`)
/// from the folder an installed package is imported from: the one that holds the package, never
/// a folder inside it, where the package's own `pkg/pkg.py` would shadow the package (xknx's
/// `xknx/xknx.py`, reported as a failure of the fix in the second issue-36 exam).
#[test]
fn the_import_check_runs_where_an_installed_package_is_imported_from() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("pkg/sub")).unwrap();
    for init in ["pkg/__init__.py", "pkg/sub/__init__.py"] {
        fs::write(root.join(init), "").unwrap();
    }
    fs::write(root.join("pkg/pkg.py"), "class Pkg:\n    pass\n").unwrap();
    fs::write(
        root.join("pkg/_background.py"),
        "def keep_task(task):\n    return task\n",
    )
    .unwrap();
    let before = "import asyncio\n";
    let after = "import asyncio\n\nfrom pkg._background import keep_task\n";
    fs::write(root.join("pkg/sub/work.py"), after).unwrap();
    let program = format!(
        "root = Path({root:?})\n\
         roots = acceptance.import_roots(root, Path('pkg/sub/work.py'), {before:?})\n\
         snippet = acceptance.added_statements({before:?}, {after:?})\n\
         print(roots == [root], acceptance.import_time_failures(sys.executable, snippet, root, roots))\n",
    );
    common::assert_harness_prints(&program, "True (0, '')\n");
}

/// An import the fix adds that fails only because the package's `__init__` needs a dependency
/// this interpreter lacks (adapter-onebot's `typing_extensions`, the seventh issue-36 exam) is
/// not checked, and said so; a module of the project that is missing is still a failure. And a
/// development-set project is held to ruff's rules only where it runs ruff.
#[test]
fn an_uninstalled_dependency_is_not_a_failure_of_the_fix_and_ruff_counts_where_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("pkg")).unwrap();
    fs::write(
        root.join("pkg/__init__.py"),
        "import not_installed_dependency_xyz\n",
    )
    .unwrap();
    fs::write(
        root.join("pkg/_background.py"),
        "def keep_task(t):\n    return t\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("lib")).unwrap();
    fs::write(root.join("lib/__init__.py"), "").unwrap();
    fs::create_dir_all(root.join("hooks")).unwrap();
    fs::write(
        root.join("hooks/.pre-commit-config.yaml"),
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n",
    )
    .unwrap();
    let program = format!(
        "root = Path({root:?})\n\
         print(acceptance.import_time_failures(sys.executable, 'from pkg._background import keep_task', root)[0])\n\
         print(acceptance.import_time_failures(sys.executable, 'import lib._missing_xyz', root)[0])\n\
         print(acceptance.runs_ruff(root, {{'ruff': None}}), acceptance.runs_ruff(root, {{'ruff': 'ruff.toml'}}), acceptance.runs_ruff(root / 'hooks', None))\n",
    );
    common::assert_harness_prints(&program, "None\n1\nFalse True True\n");
}

/// The helpers figure counts one helper per distribution: a monorepo's services, each with its
/// own setup.cfg (osparc-simcore's), and the packages of a namespace package (backend.ai's
/// `src/ai/backend/<package>/`) are installed apart; a project of top-level modules is one.
#[test]
fn helpers_are_counted_per_distribution() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        "services/a/setup.cfg",
        "services/a/src/svc_a/__init__.py",
        "src/corp/store/__init__.py",
        "src/corp/store/services/artifacts/__init__.py",
        "src/plain/__init__.py",
        "pkg/__init__.py",
    ];
    for file in files {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), "").unwrap();
    }
    let program = format!(
        "root = Path({root:?})\n\
         paths = ['services/a/src/svc_a/m/x.py', 'src/corp/store/services/artifacts/f.py', \
         'src/corp/store/services/s.py', 'src/plain/x.py', 'pkg/x.py', 'mod.py']\n\
         print('\\n'.join(acceptance.distribution(root, p) for p in paths))\n",
    );
    common::assert_harness_prints(
        &program,
        "services/a\nsrc/corp/store\nsrc/corp/store\n.\n.\n.\n",
    );
}

/// Each column title says what its cell counts (an "x/y" cell names both), and the
/// helpers-per-distribution figure under each table is computed from its rows, naming the
/// projects with more than one helper in a distribution.
#[test]
fn the_tables_say_what_they_count_and_compute_the_helpers_figure() {
    let program = "import collections\n\
         titles = dict(acceptance.COLUMNS)\n\
         print(all(' / ' in titles[k] for k in acceptance.TEXT_COLUMNS))\n\
         print(titles['keeper'])\n\
         two = collections.Counter(package='p', python='3.9', changed=2, helper_defs=2, \
         distributions=1, helpers='2/1', crowded=[('.', 2)])\n\
         one = collections.Counter(package='q', python='3.9', changed=1, helper_defs=1, \
         distributions=1, helpers='1/1')\n\
         print(acceptance.helpers_per_distribution([two, one]))\n\
         print(acceptance.helpers_per_distribution([one]))\n\
         print(acceptance.table([two, one]).splitlines()[-1])\n";
    common::assert_harness_prints(
        program,
        "True\n\
         sites kept through the project's own keeper / fixable sites found\n\
         Helpers per distribution: 3 helpers in 2 distributions; more than one in p (2 in .).\n\
         Helpers per distribution: 1 helpers in 1 distributions, one in each.\n\
         | **total** |  | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |  | 3/2 |\n",
    );
}

/// The harness reads each tool's settings through undangle's own discovery and lets the tools
/// judge by them: in a uv workspace whose member's `pyproject.toml` has no `[tool.ruff]`, ruff
/// takes the root's settings, `target-version = "py310"` included, over the member's
/// `requires-python = ">=3.12"` (AstrBot's UP047 on a `TypeVar`, exam36e class 8); in a nested
/// layout whose isort settings are the repository's `.isort.cfg` (`force_single_line`, which
/// ruff's I001 does not read: hikari-lightbulb), isort itself judges the imports, found from
/// the file's folder as isort finds them; mypy checks for the `python_version` of the
/// project's own mypy settings (nbclient's 3.9 over its declared 3.7).
#[test]
fn the_harness_reads_settings_as_the_tools_do_on_workspace_and_nested_layouts() {
    let (Some(ruff), Some(isort)) = (common::find_ruff(), common::find_isort()) else {
        common::skip(
            "acceptance::the_harness_reads_settings_as_the_tools_do",
            "ruff and isort",
            "scripts/ruff.sh; scripts/isort.sh",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let generic = "from typing import Any\nfrom typing import TypeVar\n\n\
                   T = TypeVar(\"T\")\n\n\ndef first(items: list[T]) -> T:\n    \
                   return items[0]\n\n\nANY: Any = None\n";
    let joined = generic.replacen(
        "from typing import Any\nfrom typing import TypeVar\n",
        "from typing import Any, TypeVar\n",
        1,
    );
    let files = [
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "pyproject.toml",
            "[tool.uv.workspace]\nmembers = [\"member\"]\n\n[tool.ruff]\n\
             target-version = \"py310\"\n\n[tool.ruff.lint]\nselect = [\"UP\"]\n",
        ),
        (".isort.cfg", "[settings]\nforce_single_line = true\n"),
        ("setup.cfg", "[mypy]\npython_version = 3.8\n"),
        (
            "member/pyproject.toml",
            "[project]\nname = \"member\"\nrequires-python = \">=3.12\"\n",
        ),
        ("member/pkg/__init__.py", ""),
        ("member/pkg/m.py", generic),
        ("member/pkg/joined.py", joined.as_str()),
    ];
    for (file, text) in files {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), text).unwrap();
    }
    let binary = common::bin();
    let program = format!(
        "root = Path({root:?})\n\
         shown = acceptance.undangle_settings({binary:?}, root, ['member/pkg/m.py'])[0]\n\
         print(shown['ruff'] == str(root / 'pyproject.toml'), \
         shown['isort'] == str(root / '.isort.cfg'))\n\
         options = acceptance.ruff_settings(True, (3, 12), shown)\n\
         own = acceptance.ruff_messages({ruff:?}, ['member/pkg/m.py'], root, None, options)\n\
         old = acceptance.ruff_messages({ruff:?}, ['member/pkg/m.py'], root, None, \
         acceptance.ruff_settings(True, (3, 12)))\n\
         print(sorted(c for _, c, _ in own), sorted(c for _, c, _ in old))\n\
         print(acceptance.isort_rejects({isort:?}, root / 'member/pkg/m.py'), \
         acceptance.isort_rejects({isort:?}, root / 'member/pkg/joined.py'))\n\
         print(acceptance.mypy_target(root, (3, 12)), acceptance.mypy_target(root / 'member', (3, 12)))\n",
    );
    common::assert_harness_prints(
        &program,
        "True True\n[] ['UP047']\nFalse True\n(3, 8) (3, 12)\n",
    );
}

/// The harness judges the format of a development-set project's file with the formatter the
/// project runs, and with none where it runs none (caproto and dask-gateway, the eighth
/// issue-36 exam's class 5, whose new module ruff format would have requoted); a corpus package,
/// which brings no settings, with ruff format. A dropped factory result that only `--preview`
/// fixes is named at its site (steam.py's `client.py:341`) where the maintainers changed its
/// factory's body, found here by the function's lines.
#[test]
fn the_format_is_judged_by_the_projects_formatter_and_a_factorys_site_by_its_line() {
    let program = "f = acceptance.formatter_of\n\
         print(f({'formatter': 'black'}, True), f({'formatter': 'ruff'}, True), \
         f({'formatter': None}, True), f(None, False))\n\
         text = 'class C:\\n    def f(self):\\n        return 1\\n\\n    def g(self):\\n        pass\\n'\n\
         print(list(acceptance.function_lines(text, 2)))\n";
    common::assert_harness_prints(program, "black ruff format None ruff format\n[2, 3, 4]\n");
}

/// The harness checks each file at the minimum Python undangle's own discovery reads for it
/// (`check --show-settings`), not one it reads itself: a uv workspace member's `requires-python`
/// where the root declares none and no ruff settings exist (Vision-Agents, the ninth issue-36
/// exam's class 2, whose helper with a PEP 695 type parameter was counted as `invalid-syntax`
/// under Python 3.9).
#[test]
fn the_harness_checks_a_workspace_member_at_its_own_minimum() {
    let Some(ruff) = common::ruff_or_skip(
        "acceptance::the_harness_checks_a_workspace_member_at_its_own_minimum",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "pyproject.toml",
            "[project]\nname = \"root\"\n\n[tool.uv.workspace]\nmembers = [\"plugins/*\"]\n",
        ),
        (
            "plugins/aws/pyproject.toml",
            "[project]\nname = \"aws\"\nrequires-python = \">=3.12\"\n",
        ),
        ("plugins/aws/aws/__init__.py", ""),
        (
            "plugins/aws/aws/_background.py",
            "def keep_task[T](task: T) -> T:\n    return task\n",
        ),
    ];
    for (file, text) in files {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), text).unwrap();
    }
    let binary = common::bin();
    let program = format!(
        "root = Path({root:?})\n\
         path = 'plugins/aws/aws/_background.py'\n\
         shown = acceptance.undangle_settings({binary:?}, root, [path])[0]\n\
         options = acceptance.ruff_settings(True, (3, 9), shown)\n\
         print(acceptance.python_of(shown, (3, 9)), options)\n\
         found = acceptance.ruff_messages({ruff:?}, [path], root, 'F,E9', options)\n\
         print(sorted(c for _, c, _ in found))\n",
    );
    common::assert_harness_prints(&program, "(3, 12) ['--target-version', 'py312']\n[]\n");
}

/// What accept36 found the harness counting that was no fault of the fix: mypy's wording of the
/// project's own error (`<nothing>` where the task is dropped, `Any` once it is kept: pypck,
/// RSS-to-Telegram-Bot; `object` where the fix gives the task's local its type) is one error;
/// `asyncio.create_task(` is no call of a keeper named
/// `create_task`; a function whose signature holds `Optional[tuple] = None` and that keeps
/// nothing (mitmproxy's `asyncio_utils.create_task`) is no keeper, where one that adds its task
/// to a set is.
#[test]
fn the_harness_counts_no_reworded_error_and_no_keeper_of_a_name_alone() {
    let program = "import devset\n\
         a = 'Argument 1 to \"create_task\" has incompatible type \"Awaitable[None]\"; expected \"Coroutine[Any, Any, <nothing>]\"'\n\
         print(acceptance.mypy_message(a) == acceptance.mypy_message(a.replace('<nothing>', 'Any')))\n\
         print(acceptance.mypy_message(a) == acceptance.mypy_message(a.replace('<nothing>', 'object')))\n\
         calls = acceptance.keeper_calls(['create_task'])\n\
         print(bool(calls.search('keep_task(asyncio.create_task(x))')), bool(calls.search('asyncio_utils.create_task(x)')))\n\
         named = 'import asyncio\\nfrom typing import Optional\\ndef create_task(coro, *, client: Optional[tuple] = None):\\n    t = asyncio.create_task(coro)\\n    t.set_name(\"x\")\\n    return t\\n'\n\
         kept = 'import asyncio\\n_tasks = set()\\ndef spawn(coro):\\n    t = asyncio.create_task(coro)\\n    _tasks.add(t)\\n    return t\\n'\n\
         print(devset.keepers_called([named, kept], ['create_task(work())', 'spawn(work())']))\n";
    common::assert_harness_prints(program, "True\nTrue\nFalse True\n['spawn']\n");
}

/// A hunk of the maintainers' commit that only changes an import is no site: where it rebinds
/// the name of a task function to the project's keeper (hikari-crescent's `from asyncio import
/// create_task, get_running_loop` made `from crescent.utils import create_task`), the sites
/// are the lines, left unchanged, that call that name; where the name is no longer called it is
/// none (chia's `create_task` made `create_referenced_task`, whose call's hunk counts).
#[test]
fn an_import_hunk_counts_the_calls_it_rebinds_not_itself() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let run = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(run.status.success(), "{run:?}");
    };
    let before = "from asyncio import create_task, get_running_loop\n\n\ndef go(c):\n    create_task(c)\n    get_running_loop()\n";
    let after = "from asyncio import get_running_loop\n\nfrom pkg.utils import create_task\n\n\ndef go(c):\n    create_task(c)\n    get_running_loop()\n";
    let renamed = "from asyncio import get_running_loop\n\nfrom pkg.utils import spawn\n\n\ndef go(c):\n    spawn(c)\n    get_running_loop()\n";
    git(&["init", "-q"]);
    for (file, text) in [("a.py", before), ("b.py", before)] {
        fs::write(dir.path().join(file), text).unwrap();
    }
    git(&["add", "."]);
    git(&["commit", "-qm", "before"]);
    fs::write(dir.path().join("a.py"), after).unwrap();
    fs::write(dir.path().join("b.py"), renamed).unwrap();
    git(&["commit", "-qam", "after"]);
    let program = format!(
        "import devset\n\
         print(devset.fixed_ranges(Path({root:?}), 'HEAD', 'a.py'), devset.fixed_ranges(Path({root:?}), 'HEAD', 'b.py'))\n",
        root = dir.path()
    );
    common::assert_harness_prints(&program, "[[5, 5]] [[5, 5]]\n");
}

/// A fixed file under a folder whose name holds a space (full-voice-agent's `Flico Agent/`) is
/// one path, copied before and after, not two names that match nothing.
#[test]
fn a_fixed_file_under_a_folder_with_a_space_is_one_path() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("mirrors/o+n/repo");
    fs::create_dir_all(repo.join("Flico Agent")).unwrap();
    let git = |args: &[&str]| {
        let run = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(run.status.success(), "{run:?}");
    };
    let before = "import asyncio\n\n\ndef go(c):\n    asyncio.ensure_future(c)\n";
    let after = "import asyncio\n\n_tasks = set()\n\n\ndef go(c):\n    _tasks.add(asyncio.ensure_future(c))\n";
    git(&["init", "-q"]);
    fs::write(repo.join("Flico Agent/session.py"), before).unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "before"]);
    fs::write(repo.join("Flico Agent/session.py"), after).unwrap();
    git(&["commit", "-qam", "after"]);
    let program = format!(
        "import devset, json\n\
         root = Path({root:?})\n\
         devset.build('o/n', 'HEAD', root / 'mirrors', root / 'cache')\n\
         print(sorted(json.loads((root / 'cache/n/fixed.json').read_text())))\n\
         print((root / 'cache/n/before/Flico Agent/session.py').exists())\n",
        root = dir.path()
    );
    common::assert_harness_prints(&program, "['Flico Agent/session.py']\nTrue\n");
}

/// An import the fix adds that fails because the package's `__init__` raises on its own where a
/// dependency is not installed (mafic's `NoCompatibleLibraries` without a discord library, the
/// 180-case run of stop 57) is not checked: the package fails the same way before the fix. A
/// helper module that fails where its package imports is still the fix's failure.
#[test]
fn a_package_that_fails_before_the_fix_too_is_not_a_failure_of_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    for (tree, init, helper) in [
        (
            "before/raises",
            "raise RuntimeError('no compatible library')\n",
            None,
        ),
        (
            "after/raises",
            "raise RuntimeError('no compatible library')\n",
            Some("def keep_task(t):\n    return t\n"),
        ),
        ("before/broken", "", None),
        (
            "after/broken",
            "",
            Some("raise RuntimeError('broken helper')\n"),
        ),
    ] {
        let package = dir.path().join(tree).join("pkg");
        fs::create_dir_all(&package).unwrap();
        fs::write(package.join("__init__.py"), init).unwrap();
        if let Some(helper) = helper {
            fs::write(package.join("_background.py"), helper).unwrap();
        }
    }
    let program = format!(
        "top = Path({top:?})\n\
         snippet = 'from pkg._background import keep_task'\n\
         for case in ('raises', 'broken'):\n\
         \x20   after, before = top / 'after' / case, top / 'before' / case\n\
         \x20   print(acceptance.import_time_failures(sys.executable, snippet, after, [after], before))\n",
        top = dir.path(),
    );
    common::assert_harness_prints(
        &program,
        "(None, \"not checked: the project's package `pkg` fails at import here before the fix \
         too (RuntimeError: no compatible library)\")\n\
         (1, 'RuntimeError: broken helper')\n",
    );
}

/// A new import counts as a new E402 only where the file's imports stood before code: where the
/// file's last import already stands after code (nonebot-plugin-ai-groupmate imports its
/// plugins after `require("...")` calls, and its maintainers' own fix imported there too), the
/// fix's import joins that block and is E402 wherever it joins it.
#[test]
fn a_new_import_after_imports_that_already_stand_after_code_is_no_new_e402() {
    let Some(ruff) = common::ruff_or_skip(
        "acceptance::a_new_import_after_imports_that_already_stand_after_code_is_no_new_e402",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("late.py"),
        "import os\n\nrequire(\"x\")\nimport json\n\nprint(os, json)\n",
    )
    .unwrap();
    fs::write(
        root.join("early.py"),
        "import os\nimport json\n\nrequire(\"x\")\nprint(os, json)\n",
    )
    .unwrap();
    let program = format!(
        "root = Path({root:?})\n\
         print([acceptance.last_import_after_code({ruff:?}, root, f, ['--isolated']) for f in ('late.py', 'early.py')])\n",
    );
    common::assert_harness_prints(&program, "[True, False]\n");
}

/// The sixteenth issue-36 exam's harness findings. A relative import the fix adds that climbs
/// above the package the project imports as top-level (google_workspace_fastmcp2's `from
/// ..._background import keep_task` in `middleware/qdrant_core/`, the repository's own
/// `__init__.py` above `middleware`) fails at import; one that stays inside does not, nor one
/// where no absolute import proves the top. A set the class binds in its body and keeps its
/// tasks in (`QuizService._background_tasks`) is the project's keeper, counted at the sites in
/// that class only.
#[test]
fn an_import_above_the_top_package_fails_and_a_class_set_is_the_projects_keeper() {
    let program = r#"import devset, tempfile, os
d = Path(tempfile.mkdtemp())
def w(p, t):
    (d / p).parent.mkdir(parents=True, exist_ok=True); (d / p).write_text(t)
for f in ["__init__.py", "middleware/__init__.py", "middleware/core/__init__.py"]:
    w(f, "")
w("server.py", "from middleware.core.client import C\n")
before = "import asyncio\n"
w("middleware/core/client.py", before + "\nfrom ..._background import keep_task\n")
print(acceptance.climbs_above_top(d, Path("middleware/core/client.py"), before) is not None)
w("middleware/core/client.py", before + "\nfrom .._background import keep_task\n")
print(acceptance.climbs_above_top(d, Path("middleware/core/client.py"), before))
os.remove(d / "server.py"); acceptance.ABSOLUTE_TOPS.clear()
w("middleware/core/client.py", before + "\nfrom ..._background import keep_task\n")
print(acceptance.climbs_above_top(d, Path("middleware/core/client.py"), before))
quiz = "import asyncio\nclass Q:\n    _background_tasks = set()\n    @classmethod\n    def a(cls):\n        t = asyncio.create_task(cls.b())\n        cls._background_tasks.add(t)\n        t.add_done_callback(cls._background_tasks.discard)\n    @classmethod\n    async def b(cls):\n        asyncio.create_task(cls.b())\n\nasync def f():\n    asyncio.create_task(g())\n"
keepers = devset.keepers_called([quiz], ["        cls._background_tasks.add(task)"])
print(keepers)
calls = acceptance.keeper_calls(keepers)
print(bool(calls.search("        cls._background_tasks.add(task)")), bool(calls.search("_background_tasks_1.add(task)")))
w("q.py", quiz)
print(acceptance.class_set_ranges(keepers, d, "q.py"), acceptance.class_set_ranges(["spawn"] + keepers, d, "q.py"))
print(devset.keepers_called([quiz], ["keep_task(x)"]))
"#;
    common::assert_harness_prints(
        program,
        "True\nNone\nNone\n['class set Q._background_tasks']\nTrue False\n[(2, 11)] None\n[]\n",
    );
}

/// A mypy error the maintainers' own fix has too (kailash-py's un-annotated `task =
/// loop.create_task(awaitable)`, the sixteenth issue-36 exam) is not counted against the fix;
/// one their version does not have is.
#[test]
fn a_mypy_error_the_maintainers_fix_has_too_is_not_the_fixs() {
    let Some(mypy) = common::find_mypy() else {
        eprintln!("skipped: no mypy");
        return;
    };
    let program = format!(
        r#"import tempfile
d = Path(tempfile.mkdtemp())
before = "import asyncio\nfrom typing import Awaitable\n\n\ndef run(loop: asyncio.AbstractEventLoop, awaitable: Awaitable[None]) -> None:\n    loop.create_task(awaitable)  # type: ignore[arg-type]\n"
fixed = before.replace("    loop.create_task", "    task = loop.create_task")
for name, text in [("before", before), ("fixed", fixed), ("after", fixed), ("other", before)]:
    (d / name).mkdir(); (d / name / "m.py").write_text(text)
args = ({mypy:?}, d / "before", d / "fixed")
print(sum(acceptance.mypy_beyond(*args, None, "m.py", (3, 11)).values()),
      sum(acceptance.mypy_beyond(*args, d / "after", "m.py", (3, 11)).values()),
      sum(acceptance.mypy_beyond(*args, d / "other", "m.py", (3, 11)).values()))
"#
    );
    common::assert_harness_prints(&program, "1 0 1\n");
}

/// A code that judges the indentation a file's own lines use (W191 on a tab-indented file) is
/// no fault of the fix that indents its lines as the file does: it counts once per file, and
/// only where the file had none (exam36t's career-copilot, whose tab-indented files were counted
/// 110 new W191 under its flake8 settings). Every other code counts per line.
#[test]
fn an_indentation_code_the_file_already_has_is_not_counted_per_line() {
    let Some(ruff) = common::ruff_or_skip(
        "acceptance::an_indentation_code_the_file_already_has_is_not_counted_per_line",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let long = format!("X = \"{}\"\n", "x".repeat(80));
    let tabs = "def f():\n\treturn 1\n";
    let tabs_after = format!("{tabs}\n\ndef g():\n\ty = 1\n\treturn y\n{long}{long}");
    let fresh_after = "X = 1\n\n\ndef g():\n\ty = 1\n\treturn y\n";
    let files = [
        ("setup.cfg", "[flake8]\nmax-line-length = 79\n"),
        ("before/tabs.py", tabs),
        ("after/tabs.py", tabs_after.as_str()),
        ("before/fresh.py", "X = 1\n"),
        ("after/fresh.py", fresh_after),
    ];
    for (file, text) in files {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), text).unwrap();
    }
    let program = format!(
        "root = Path({root:?})\n\
         options = acceptance.flake8_options({ruff:?}, str(root / 'setup.cfg'), 79, (3, 9))\n\
         old, new = (acceptance.ruff_messages({ruff:?}, ['tabs.py', 'fresh.py'], root / side, \
         None, options) for side in ('before', 'after'))\n\
         print(sorted((p, c, n) for (p, c, _), n in acceptance.new_diagnostics(old, new).items()))\n",
    );
    common::assert_harness_prints(
        &program,
        "[('fresh.py', 'W191', 1), ('tabs.py', 'E501', 2)]\n",
    );
}

/// A folder with its own requirements.txt or Dockerfile is a service installed or deployed
/// apart, a distribution of its own (the devset's Single-Agent-Trader: `dashboard/backend/`,
/// counted with `bot/` as one distribution holding two helpers), whether the file is in the
/// copy or, for a development-set project, whose copy leaves it out, in its repository at the
/// commit before the fix, read from the mirror its manifest names; a test suite's
/// requirements.txt lists what its tests need and makes no distribution.
#[test]
fn a_service_with_its_own_requirements_or_dockerfile_is_a_distribution() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("copy");
    for file in [
        "pyproject.toml",
        "bot/__init__.py",
        "worker/requirements.txt",
        "tests/requirements.txt",
    ] {
        fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        fs::write(root.join(file), "").unwrap();
    }
    let repo = dir.path().join("mirrors/o+trader/repo");
    fs::create_dir_all(repo.join("dashboard/backend")).unwrap();
    let git = |args: &[&str]| {
        let run = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(run.status.success(), "{run:?}");
    };
    git(&["init", "-q"]);
    fs::write(repo.join("dashboard/backend/Dockerfile"), "FROM python\n").unwrap();
    fs::write(repo.join("dashboard/backend/main.py"), "").unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "before"]);
    fs::write(repo.join("dashboard/backend/main.py"), "x = 1\n").unwrap();
    git(&["commit", "-qam", "fix"]);
    let manifest = dir.path().join("manifest.tsv");
    fs::write(
        &manifest,
        "repository\tcommit\thow\no/trader\tHEAD\tby hand\n",
    )
    .unwrap();
    let program = format!(
        "root = Path({root:?})\n\
         trees = acceptance.repository_files(Path({manifest:?}), Path({mirrors:?}))\n\
         print(sorted(trees['trader']))\n\
         paths = ['bot/x.py', 'dashboard/backend/main.py', 'worker/w.py', 'tests/test_x.py']\n\
         print([acceptance.distribution(root, p, trees['trader']) for p in paths])\n\
         print([acceptance.distribution(root, p) for p in paths])\n",
        mirrors = dir.path().join("mirrors"),
    );
    common::assert_harness_prints(
        &program,
        "['dashboard/backend/Dockerfile']\n\
         ['.', 'dashboard/backend', 'worker', '.']\n\
         ['.', '.', 'worker', '.']\n",
    );
}
