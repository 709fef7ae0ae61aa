"""The pytest plugin: fails a test during which an asyncio task was lost, naming the line that
created the task and whether `undangle check` reports that line.

Off unless asked (`pytest --undangle`, or `undangle = true` in the ini section); off, it only
adds its options. On, while each test runs:

- every asyncio event loop is in debug mode while it creates a task (`loop.create_task`, which
  `asyncio.create_task`, `ensure_future`, task groups and anyio call), so each task records the
  stack that created it (`_source_traceback`). Not otherwise: debug mode's cost is the stack
  every future and callback records, and its slow-callback warnings and thread checks would
  change what a passing test does;
- "Task was destroyed but it is pending!" and "Task exception was never retrieved" are caught
  where asyncio reports them (`call_exception_handler`, whatever loop or handler the test uses)
  and still logged as before;
- at the end of the test's call and teardown, `gc.collect()` flushes the tasks lost meanwhile:
  only when a task created during the test (through `loop.create_task`, which
  `asyncio.create_task` and `ensure_future` call) is still in memory and pending, or failed with
  an exception nobody retrieved, as a full collection is the plugin's main cost.

With `--undangle-pending` (`undangle_pending = true`), a test that ends while tasks created
under the project's folder during it are still pending fails too.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sysconfig
import weakref
from typing import Dict, List, Optional, Tuple

import pytest

LOST = ("Task was destroyed but it is pending!", "Task exception was never retrieved")
REPORTED = "undangle check reports this site"
MISSED = (
    "undangle check does not report this site (a static miss: worth a bug report to undangle, "
    "with this test)"
)
# `check` reports dropped tasks, not lost exceptions: a kept task (one whose coroutine never
# suspends, which the loop holds until its one step ends) can still raise unretrieved.
KEPT = (
    "undangle check does not report this site: undangle audit says the task is kept ({}), "
    "and that its exception is never retrieved"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("undangle", "undangle: lost asyncio tasks")
    group.addoption(
        "--undangle",
        action="store_true",
        default=None,
        help="fail a test during which an asyncio task was lost (garbage-collected while "
        "pending, or its exception never retrieved), naming the line that created it",
    )
    group.addoption(
        "--undangle-pending",
        action="store_true",
        default=None,
        help="also fail a test that ends while tasks it created are still pending",
    )
    parser.addini("undangle", type="bool", default=False, help="as --undangle")
    parser.addini("undangle_pending", type="bool", default=False, help="as --undangle-pending")


def _wanted(config: pytest.Config, name: str) -> bool:
    option = config.getoption(name)
    return bool(config.getini(name) if option is None else option)


def pytest_configure(config: pytest.Config) -> None:
    pending = _wanted(config, "undangle_pending")
    if _wanted(config, "undangle") or pending:
        config.pluginmanager.register(Watcher(config, pending), "undangle-watcher")


class Entry:
    """One lost or pending task: asyncio's record, and where the task was created."""

    def __init__(self, message: str, repr_line: str, stack: Optional[list]) -> None:
        self.message = message
        self.repr_line = repr_line
        # The stack's frames outside asyncio and the standard library, innermost first: the
        # first is the creating line.
        self.frames = _own_frames(stack)
        self.site = self.frames[0] if self.frames else None


class Watcher:
    """The plugin's state while it is on: asyncio patched, the entries of the current phase."""

    def __init__(self, config: pytest.Config, pending: bool) -> None:
        self.root = str(config.rootpath)
        self.pending = pending
        self.active = False
        # Inside `loop.create_task`: the loop is in debug mode for the task's creation.
        self.creating = 0
        self.entries: List[Entry] = []
        # The tasks created during the current test, and in which phase.
        self.created: List[Tuple[str, weakref.ReferenceType]] = []
        self.phase = "setup"
        # The audit's sites by file (absolute) and line, once per session; or why it is unknown.
        self.sites: Optional[Dict[Tuple[str, int], List[dict]]] = None
        self.problem = ""
        self._patch()

    def _patch(self) -> None:
        loop = asyncio.BaseEventLoop
        self.saved = {
            name: loop.__dict__[name]
            for name in ("get_debug", "call_exception_handler", "create_task")
        }
        get_debug = self.saved["get_debug"]
        handle = self.saved["call_exception_handler"]
        create_task = self.saved["create_task"]
        watcher = self

        def patched_get_debug(self):  # type: ignore[no-untyped-def]
            return True if watcher.creating else get_debug(self)

        def patched_call_exception_handler(self, context):  # type: ignore[no-untyped-def]
            if watcher.active:
                watcher.record(context)
            return handle(self, context)

        def patched_create_task(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not watcher.active:
                return create_task(self, *args, **kwargs)
            watcher.creating += 1
            try:
                task = create_task(self, *args, **kwargs)
            finally:
                watcher.creating -= 1
            watcher.created.append((watcher.phase, weakref.ref(task)))
            # The task was created by the caller, not by this wrapper (asyncio's repr and log
            # records name the stack's last frame).
            stack = getattr(task, "_source_traceback", None)
            if stack and stack[-1].filename == __file__:
                del stack[-1]
            return task

        loop.get_debug = patched_get_debug  # type: ignore[method-assign]
        loop.call_exception_handler = patched_call_exception_handler  # type: ignore[method-assign]
        loop.create_task = patched_create_task  # type: ignore[method-assign]

    def pytest_unconfigure(self) -> None:
        for name, function in self.saved.items():
            setattr(asyncio.BaseEventLoop, name, function)

    def record(self, context: dict) -> None:
        message = context.get("message")
        key = "task" if "task" in context else "future"
        task = context.get(key)
        if message not in LOST or not isinstance(task, asyncio.Task):
            return
        stack = context.get("source_traceback") or getattr(task, "_source_traceback", None)
        self.entries.append(Entry(message, f"{key}: {task!r}", stack))

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item):  # type: ignore[no-untyped-def]
        self.active = True
        self.created = []
        self.phase = "setup"
        yield

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item: pytest.Item):  # type: ignore[no-untyped-def]
        self.phase = "call"
        yield
        self._flush()
        if self.pending:
            self.entries.extend(self._still_pending())

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item: pytest.Item):  # type: ignore[no-untyped-def]
        self.phase = "teardown"
        yield
        self._flush()
        self.active = False
        self.created = []

    def _flush(self) -> None:
        """Collects garbage if a task of this test may be lost in it."""
        for _, ref in self.created:
            task = ref()
            # `_log_traceback`: its exception is still to be retrieved (CPython's tasks).
            if task is not None and (not task.done() or getattr(task, "_log_traceback", True)):
                del task
                gc.collect()
                return

    def _still_pending(self) -> List[Entry]:
        found = []
        for phase, ref in self.created:
            task = ref()
            if phase != "call" or task is None or task.done():
                continue
            stack = getattr(task, "_source_traceback", None)
            entry = Entry("Task still pending at the end of the test", f"task: {task!r}", stack)
            # Tasks that pytest's asyncio plugins start for themselves are not the test's.
            if entry.site is not None and _of_project(entry.site[0], self.root):
                found.append(entry)
        return found

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
        outcome = yield
        entries, self.entries = self.entries, []
        if not entries:
            return
        report = outcome.get_result()
        text = self.describe(entries)
        if report.failed:
            report.sections.append(("undangle", text))
        else:
            report.outcome = "failed"
            report.longrepr = text

    def describe(self, entries: List[Entry]) -> str:
        lost = sum(1 for e in entries if e.message in LOST)
        pending = len(entries) - lost
        counts = []
        if lost:
            counts.append(f"{lost} asyncio task{'s' if lost > 1 else ''} lost")
        if pending:
            counts.append(f"{pending} still pending")
        lines = [f"undangle: {' and '.join(counts)} during this test"]
        for number, entry in enumerate(entries, 1):
            lines.append(f"{number}. {entry.message}")
            lines.append(f"   {entry.repr_line}")
            if entry.site is None:
                lines.append("   created at: unknown (the task did not record its creation stack)")
                continue
            path, line = entry.site
            lines.append(f"   created at {self.shown(path)}:{line}")
            if entry.message in LOST:
                lines.append(f"   {self.verdict(entry.frames, entry.message)}")
        return "\n".join(lines)

    def shown(self, path: str) -> str:
        if _under(path, self.root):
            return os.path.relpath(path, self.root)
        return path

    def verdict(self, frames: List[Tuple[str, int]], message: str) -> str:
        """Whether `undangle check` reports the site that lost the task: the creating line, or,
        where that line returns the task to its caller (a task factory), the caller's. A lost
        exception of a task the audit says is kept is no miss: the audit says so."""
        if self.sites is None:
            self.sites, self.problem = _audit(self.root)
        for depth, (path, line) in enumerate(frames):
            here = self.sites.get((_real(path), line), [])
            if here and all(site["reference"] == "returned" for site in here):
                continue
            if not any(site.get("kind") for site in here):
                kept = [
                    site
                    for site in here
                    if site.get("verdict") == "kept" and site.get("exceptions") == "not-retrieved"
                ]
                if kept and message == LOST[1]:
                    return KEPT.format(kept[0].get("evidence") or "kept")
                return self.problem or MISSED
            if depth == 0:
                return REPORTED
            return f"{REPORTED}, at its caller {self.shown(path)}:{line} (which drops the task)"
        return self.problem or MISSED


def _audit(root: str) -> Tuple[Dict[Tuple[str, int], List[dict]], str]:
    """Every task site of the project that `undangle audit` finds (its `kind` is what `check`
    reports), by file and each line it spans; or why there are none."""
    executable = os.environ.get("UNDANGLE")
    if not executable:
        try:
            from undangle.__main__ import find_undangle_bin

            executable = find_undangle_bin()
        except (ImportError, FileNotFoundError):
            return {}, "undangle check did not run: no undangle executable (set UNDANGLE)"
    try:
        run = subprocess.run(
            [executable, "audit", "--output-format", "json", "--quiet", root],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
        )
        found = json.loads(run.stdout) if run.stdout.strip() else None
    except (OSError, ValueError) as error:
        return {}, f"undangle check did not run: {error}"
    if not isinstance(found, list):
        first = (run.stderr.strip().splitlines() or [f"exit {run.returncode}"])[0]
        return {}, f"undangle check failed: {first}"
    sites: Dict[Tuple[str, int], List[dict]] = {}
    for site in found:
        path = _real(os.path.join(root, site["path"]))
        for line in range(site["line"], site.get("end_line", site["line"]) + 1):
            sites.setdefault((path, line), []).append(site)
    return sites, ""


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _stdlib() -> Tuple[str, ...]:
    paths = sysconfig.get_paths()
    folders = {os.path.realpath(paths[key]) for key in ("stdlib", "platstdlib") if key in paths}
    return tuple(os.path.normcase(folder) + os.sep for folder in folders)


STDLIB = _stdlib()


def _in_stdlib(path: str) -> bool:
    if path.startswith("<"):
        # <frozen ...>, <string>: not a file of the project.
        return True
    real = os.path.normcase(os.path.realpath(path))
    if not real.startswith(STDLIB):
        return False
    # A Python installed without a virtualenv keeps site-packages inside its stdlib folder.
    parts = real.split(os.sep)
    return "site-packages" not in parts and "dist-packages" not in parts


def _own_frames(stack: Optional[list]) -> List[Tuple[str, int]]:
    """The frames of a creation stack outside asyncio and the standard library, innermost
    first."""
    return [
        (os.path.abspath(frame.filename), frame.lineno)
        for frame in reversed(stack or [])
        if not _in_stdlib(frame.filename)
    ]


def _of_project(path: str, root: str) -> bool:
    """A file under the project's folder, not an installed package (a virtualenv in it)."""
    parts = os.path.normcase(os.path.abspath(path)).split(os.sep)
    installed = "site-packages" in parts or "dist-packages" in parts
    return _under(path, root) and not installed


def _under(path: str, root: str) -> bool:
    path = os.path.normcase(os.path.abspath(path))
    root = os.path.normcase(os.path.abspath(root))
    return path.startswith(root.rstrip(os.sep) + os.sep)

