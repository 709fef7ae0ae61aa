#!/usr/bin/env python3
"""Would a maintainer's CI accept undangle's fix? Run it on real code and count the regressions.

    python3 scripts/acceptance.py [--docs] [--strategy S ...] [--devset DIR] [--devset-only]
                                  [--undangle BINARY]

For every package of the corpus (testdata/corpus/packages.tsv, fetched by scripts/corpus.py;
each gets a pyproject.toml with the `requires-python` of its wheel's METADATA), and for every
project of the development set when its cache is present (see testdata/devset/README.md), and
for each strategy (`inline`, `helper`, `owner`), it runs `undangle fix` on a copy and counts, on
every changed file, before against after:

  - new ruff diagnostics of kinds F, E402, E9 and PLE (a (code, message) pair that occurs more
    often after the fix, line numbers left out), and new ones under the rules the project itself
    selects in its ruff settings (where they select nothing, or it brings none, the defaults of
    the ruff it pins, as `undangle check --show-settings` reads them: `ruff_defaults`; for a
    development-set project, only where it runs ruff: ruff's settings found for the file, or a
    ruff hook in its `.pre-commit-config.yaml`);
  - new diagnostics under the project's flake8 settings, where it has them (the file and the
    E501 limit undangle's own discovery finds for each changed file, `undangle check
    --show-settings`, as flake8 run in the file's folder finds them): ruff's implementation of
    flake8's default rules (E, W, F; C90 with `max-complexity`) at that limit, less its
    `ignore` and `extend-ignore` (its plugins' codes are left out); here and under ruff, a
    code that judges the indentation the file's own lines use (W191 tabs, E101, E111, E114:
    PER_FILE), which the fix's lines copy, counts once per file, only where the file had none;
  - files that the project's formatter accepted and now rejects (Black, at the length undangle
    reads, where undangle finds that the project runs it or has its table; ruff format where it
    runs that; else, for a development-set project, nothing: it runs no formatter, and a note
    says the format was not checked; for a corpus package `ruff format --check`), and files that isort accepted and now rejects: isort itself (pinned,
    scripts/isort.sh) run in the file's folder where undangle finds isort's own settings for it
    (`.isort.cfg`, `[tool.isort]`, `setup.cfg`, `tox.ini`, `.editorconfig`), else ruff's isort
    rule (I001, the package's own name first-party where the project brings no settings); ruff
    runs with the project's own settings file where undangle finds one for the file, its
    `target-version` included, else at the declared minimum Python;
  - module- and class-level statements the fix added that fail at import on the declared minimum
    Python (pyenv's interpreter of that version, run on the module's absolute imports and the
    added statements; skipped with a message when that Python is missing, and "not checked"
    with a message, never counted, where an import needs a dependency the project declares
    and that interpreter lacks: a module found nowhere in the project's import root);
  - new `mypy --strict` errors (the file checked in place in its package, before and after), at
    the `python_version` of the project's own mypy settings, else its declared minimum Python: the pinned mypy from 3.10, the older pinned one
    (scripts/mypy-old.sh, mypy 1.4.1) from 3.7; below, "mypy not checked" under the table,
    never 0;
  - the helpers the fix defines (a `_background.py`'s `keep_task`, a file's `_keep_task`) against
    the distributions they fall in: a monorepo's packages and services each with their own
    pyproject.toml, setup.py or setup.cfg, or (outside a test suite) requirements.txt or
    Dockerfile (for a development-set project, read in its repository's mirror, --mirrors), or
    the packages of a namespace package (PEP 420), are installed apart and each gets its own;
    under `--strategy helper` more than one in a distribution is a regression;
  - for a development-set project whose maintainers called a keeper of the project's own
    (keepers.json: `run_bg_task(coro)`, `background_tasks.create(coro)`), how many of the sites
    `undangle check` finds in the changed files the fix keeps through that keeper (a line it
    adds that calls it) rather than with a mechanism of its own.

It prints a table per strategy (docs/evaluation.md, "Acceptance"; --docs rewrites it) and exits 1 on any
regression. mypy's findings are kept in ~/.cache/undangle/acceptance-mypy.json, keyed by what mypy
reads (the tree's modules and settings files, the file, the target, the pinned mypy), so a tree
that an unchanged fix leaves as it was is not checked again. `--devset-only` leaves the corpus out; `--undangle BINARY` uses that build instead of
running `cargo build --release` (as when others are building in the same tree). Needs the pinned ruff, mypy and Black (scripts/ruff.sh, scripts/mypy.sh, scripts/black.sh
install them).
"""

import argparse
import ast
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import corpus
import docs_section

ROOT = corpus.ROOT
STRATEGIES = ["inline", "helper", "owner"]
PYENV_ROOT = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
# Each title says what its cell counts; "x/y" cells say what x and y are.
COLUMNS = [("package", "package"), ("python", "min Python"), ("changed", "files changed"),
           ("lint", "new ruff F/E402/E9/PLE diagnostics"),
           ("own", "new diagnostics under its own ruff rules"),
           ("format", "files its formatter (Black or ruff format) accepted and now rejects"),
           ("isort", "files isort (under its own settings) or else ruff's I001 accepted and now "
                     "rejects"),
           ("import", "files whose added statements fail at import on min Python"),
           ("flake8", "new diagnostics under its flake8 settings"),
           ("mypy", "new mypy --strict errors"),
           ("recall", "sites fixed by hand: found / all"),
           ("keeper", "sites kept through the project's own keeper / fixable sites found"),
           ("helpers", "helpers the fix defines / distributions they fall in")]
TEXT_COLUMNS = {"recall", "keeper", "helpers"}
HELPER = re.compile(r"^def _?keep_task\b", re.M)
# What makes a folder a distribution of its own: a package's project file, or a file that
# installs or deploys a service apart (Single-Agent-Trader's `dashboard/backend/`, with its own
# requirements.txt and Dockerfile), except in a test suite (`tests/requirements.txt` lists
# what the project's tests need: they are installed with the project, not apart).
PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
SERVICE_FILES = ("requirements.txt", "Dockerfile")
TEST_FOLDERS = {"test", "tests"}
MIRRORS = Path("/work/.mirror")


def tool(script):
    return subprocess.run([str(ROOT / "scripts" / script)], capture_output=True, text=True,
                          check=True).stdout.strip()


def requires_python(wheel):
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.endswith(".dist-info/METADATA"):
                text = archive.read(member).decode("utf-8", "replace")
                match = re.search(r"^Requires-Python: *(.+)$", text, re.M)
                return match.group(1).strip() if match else None
    return None


def minimum(spec):
    """The lowest (major, minor) a requires-python allows, as undangle reads it."""
    bounds = []
    for clause in (spec or "").split(","):
        match = re.match(r"\s*(~=|>=|==|>)\s*(\d+)(?:\.(\d+))?", clause)
        if match:
            bounds.append((int(match.group(2)), int(match.group(3) or 0)))
    return max(bounds) if bounds else (3, 9)


def interpreter(version):
    """pyenv's newest CPython of `version`, or None."""
    candidates = sorted(PYENV_ROOT.glob(f"versions/{version[0]}.{version[1]}.*/bin/python3"))
    return str(candidates[-1]) if candidates else None


def normalise(message):
    return re.sub(r"\b\d+\b", "N", message)


def python_of(shown, version):
    """The oldest Python undangle's discovery reads for a file (`min_python` of its
    `--show-settings`, `shown`): the one the fix writes for, so the one the file is checked
    at (a uv workspace member's own `requires-python`). `version` where nothing is shown."""
    match = re.fullmatch(r"(\d+)\.(\d+)", (shown or {}).get("min_python") or "")
    return (int(match.group(1)), int(match.group(2))) if match else version


def ruff_settings(own, version, shown=None):
    """ruff's options for a file of a project. Where undangle's discovery (`shown`, its
    `--show-settings` for the file) finds ruff's settings file, none: ruff reads that file as
    it reads it for the project, its `target-version` (or the `requires-python` ruff falls back
    to) included. Else the project's pyproject.toml (a project without ruff settings), or ruff's
    defaults when it brings none, at the minimum Python undangle's discovery reads for the file
    (else `version`, the project's declared one)."""
    if (shown or {}).get("ruff"):
        return []
    version = python_of(shown, version)
    target = ["--target-version", f"py{version[0]}{max(version[1], 7)}"]
    return target if own else ["--isolated", *target]


def own_rules(shown):
    """The rules the project's own ruff runs on a file, as options for the harness's ruff, where
    undangle's discovery (`shown`) reads that its settings select nothing: the defaults of the
    ruff the project pins (`ruff_defaults`; ruff 0.16 widened them, so the harness's ruff's own
    defaults are not the project's), with what its settings add and take out. A `--select` on
    the command line replaces the settings' selection whole, so their `extend-select` and
    `ignore` are passed again; a default an ignore names is left out, as ruff applies an ignore
    over its defaults whatever their specificity. `[]` where the settings select their own
    rules (ruff reads them); `None` where nothing is left to run."""
    defaults = (shown or {}).get("ruff_defaults")
    if defaults is None:
        return []
    ignore = shown.get("ruff_ignore") or []

    def linter(code):
        return re.match(r"[A-Z]*", code).group(0)

    def names(selector, code):
        return selector == "ALL" or (code.startswith(selector) and linter(selector) == linter(code))
    kept = [d for d in defaults if not any(names(i, d) for i in ignore)]
    selected = [*kept, *(shown.get("ruff_extend_select") or [])]
    if not selected:
        return None
    return ["--select", ",".join(selected), *(["--ignore", ",".join(ignore)] if ignore else [])]


def runs_ruff(src, shown):
    """Whether a development-set project runs ruff on a file: undangle finds ruff's settings for
    it, or the project's pre-commit configuration runs ruff's hook."""
    if (shown or {}).get("ruff"):
        return True
    hooks = Path(src) / ".pre-commit-config.yaml"
    return hooks.is_file() and "ruff" in hooks.read_text(errors="replace")


def isort_rejects(isort, file):
    """Whether isort, run in the file's folder as a project runs it, would change the file's
    imports: it finds its settings there as it does (`.isort.cfg`, `pyproject.toml`,
    `setup.cfg`, `tox.ini`, `.editorconfig`, up the folders)."""
    result = subprocess.run([isort, "--check-only", "--quiet", file.name], cwd=file.parent,
                            capture_output=True, text=True)
    return result.returncode != 0


# The codes that judge the indentation a file's own lines use: tabs (W191), a mix of tabs and
# spaces (E101), a unit other than four spaces (E111, E114 on comments). The fix indents its
# lines as the lines around them, so where the file already has one of these, every line the fix
# writes has it too (career-copilot's tab-indented files, 110 W191 in the exam36t run): the
# file's style, not a fault of the fix. Each counts once per file, and only where the file had
# none before. No other code is a property of the whole file: they count per line.
PER_FILE = {"W191", "E101", "E111", "E114"}


def new_diagnostics(old, new):
    """The diagnostics of `new` (ruff_messages' counts after the fix) beyond those of `old`
    (before): per line, but a code of PER_FILE once per file, where the file had none."""
    had = {(path, code) for path, code, _ in old}
    counted = {}
    for (path, code, message), count in (new - old).items():
        if code in PER_FILE:
            if (path, code) in had or any(p == path and c == code for p, c, _ in counted):
                continue
            count = 1
        counted[(path, code, message)] = count
    return counted


def ruff_messages(ruff, files, cwd, select, extra=()):
    """ruff's diagnostics of `files`, counted; `select` None: the rules the project selects."""
    chosen = ["--select", select] if select else []
    result = subprocess.run([ruff, "check", "--no-cache", "--exit-zero",
                             *chosen, "--output-format", "json", *extra,
                             *map(str, files)], cwd=cwd, capture_output=True, text=True)
    counts = collections.Counter()
    for d in json.loads(result.stdout or "[]"):
        path = Path(d["filename"]).resolve().relative_to(Path(cwd).resolve()).as_posix()
        counts[(path, d["code"] or "syntax", normalise(d["message"]))] += 1
    return counts


def last_import_after_code(ruff, root, path, extra=()):
    """Whether the file's last module-level import (in an `if` or `try` at module level too)
    already stands after code, E402 before the fix: a new import joins the import block after
    it, as the fix places imports (nonebot plugins import other plugins after their
    `require("...")` calls), and is E402 wherever it joins that block."""
    try:
        body = ast.parse((root / path).read_text(errors="replace")).body
    except SyntaxError:
        return False
    lines = []
    for stmt in body:
        inner = [stmt]
        if isinstance(stmt, (ast.If, ast.Try)):
            inner = [*stmt.body, *stmt.orelse, *getattr(stmt, "finalbody", []),
                     *(s for h in getattr(stmt, "handlers", []) for s in h.body)]
        lines += [s.lineno for s in inner if isinstance(s, (ast.Import, ast.ImportFrom))]
    if not lines:
        return False
    result = subprocess.run([ruff, "check", "--no-cache", "--exit-zero", "--select", "E402",
                             "--output-format", "json", *extra, path], cwd=root,
                            capture_output=True, text=True)
    rows = {d["location"]["row"] for d in json.loads(result.stdout or "[]")}
    return max(lines) in rows


def undangle_settings(binary, root, files):
    """What undangle reads for each of `files` (relative to `root`): its hidden
    `check --show-settings`, the same discovery the fix uses (the line lengths, and the file each
    tool reads: ruff's, Black's, flake8's)."""
    shown = subprocess.run([str(binary), "check", "--show-settings", *files], cwd=root,
                           capture_output=True, text=True)
    return [json.loads(line) for line in shown.stdout.splitlines()]


def flake8_options(ruff, config, max_line_length, version):
    """ruff's options that stand in for flake8's settings in `config` (the file undangle found
    for the files, as flake8 finds it), at E501's limit as undangle read it."""
    import configparser
    config_parser = configparser.RawConfigParser(inline_comment_prefixes=("#", ";"), strict=False)
    try:
        config_parser.read(config)
    except configparser.Error:
        return None
    if not config_parser.has_section("flake8"):
        return None
    section = dict(config_parser.items("flake8"))

    def codes(key):
        return [c for c in re.split(r"[\s,]+", section.get(key, "")) if c]

    def known(code):  # flake8 plugins' codes (B, D, FFF1) are not ruff's
        return re.fullmatch(r"(E|W|F|C9)\d*", code) and subprocess.run(
            [ruff, "check", "--isolated", "--select", code, "--stdin-filename", "x.py", "-"],
            input="", capture_output=True, text=True).returncode == 0
    select = [c for c in codes("select") if known(c)] or ["E", "W", "F"]
    complexity = section.get("max-complexity")
    if complexity and not codes("select"):
        select.append("C90")
    # flake8's default ignore list applies only when `ignore` is not set.
    ignore = codes("ignore") if "ignore" in section else ["E121", "E123", "E126", "E226", "E24",
                                                          "E704", "W503", "W504"]
    ignore = [c for c in [*ignore, *codes("extend-ignore")] if known(c)]
    options = ["--isolated", "--target-version", f"py{version[0]}{max(version[1], 7)}",
               "--select", ",".join(select), "--line-length", str(max_line_length or 79)]
    if ignore:
        options += ["--ignore", ",".join(ignore)]
    if complexity:
        options += ["--config", f"lint.mccabe.max-complexity = {int(complexity)}"]
    return options


def formatter_of(shown, development):
    """The formatter that judges a changed file: Black where undangle finds that the project runs
    it (or has its table), ruff format where it runs that; else, for a development-set project,
    none (its own tools are the judge, and it runs no formatter: nothing is checked), and ruff
    format for a corpus package, which brings no settings of its own."""
    shown = shown or {}
    if shown.get("formatter") == "black":
        return "black"
    if shown.get("formatter") == "ruff" or not development:
        return "ruff format"
    return None


def formatted(tools, file, settings, shown):
    """Whether the project's formatter leaves `file` as it is: Black where undangle finds that
    the project runs it (or has its table), at the length undangle reads, else ruff format."""
    if formatter_of(shown, False) == "black":
        command = [tools["black"], "--check", "--quiet", "--line-length",
                   str(shown["line_length"]), str(file)]
    else:
        command = [tools["ruff"], "format", "--check", "--no-cache", *settings, str(file)]
    return subprocess.run(command, cwd=file.parent, capture_output=True).returncode == 0


# The pinned mypy targets Python 3.10 and later only; below, the older pinned one
# (scripts/mypy-old.sh) targets 3.7 and later.
MYPY_OLDEST, OLD_MYPY_OLDEST = (3, 10), (3, 7)


def mypy_target(root, version):
    """The Python the project's own mypy settings check for (`python_version` in the first of
    mypy's files in the project's folder that has a mypy section, as mypy run there finds
    it), else `version`, its declared minimum."""
    import configparser
    import tomllib
    for name, section in [("mypy.ini", "mypy"), (".mypy.ini", "mypy"),
                          ("pyproject.toml", None), ("setup.cfg", "mypy")]:
        path = root / name
        if not path.is_file():
            continue
        if section is None:
            try:
                table = tomllib.loads(path.read_text()).get("tool", {}).get("mypy")
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            value = table.get("python_version") if isinstance(table, dict) else None
            if table is None:
                continue
        else:
            parser = configparser.RawConfigParser(strict=False)
            try:
                parser.read(path)
            except configparser.Error:
                continue
            if not parser.has_section(section):
                continue
            value = parser.get(section, "python_version", fallback=None)
        match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", str(value or ""))
        return (int(match.group(1)), int(match.group(2))) if match else version
    return version


def mypy_for(tools, version):
    """The mypy that can check for `version`, and the target it is given; (None, None) where
    none can (counted as not checked, never as 0)."""
    if version >= MYPY_OLDEST:
        return tools["mypy"], version
    if tools.get("mypy_old") and version >= OLD_MYPY_OLDEST:
        return tools["mypy_old"], version
    return None, None


# mypy's findings on a tree are a function of the tree's files, the file checked, the target and
# the pinned mypy; the tree before the fix and the maintainers' tree are the same under every
# strategy and every run of an unchanged fix, and mypy is most of the harness's time.
MYPY_MEMO = (Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
             / "undangle/acceptance-mypy.json")
MYPY_READS = (".py", ".pyi")
MYPY_SETTINGS = ("mypy.ini", ".mypy.ini", "setup.cfg", "pyproject.toml")
memo = {}
fingerprints = {}


def fingerprint(root):
    """The identity of what mypy reads under `root`: its modules, stubs and settings files."""
    key = str(root)
    if key not in fingerprints:
        digest = hashlib.sha256()
        for path in sorted(p for p in Path(root).rglob("*") if p.is_file() and (
                p.suffix in MYPY_READS or p.name in MYPY_SETTINGS)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        fingerprints[key] = digest.hexdigest()
    return fingerprints[key]


def load_memo():
    try:
        memo.update(json.loads(MYPY_MEMO.read_text()))
    except (OSError, ValueError):
        pass


def save_memo():
    MYPY_MEMO.parent.mkdir(parents=True, exist_ok=True)
    partial = MYPY_MEMO.with_suffix(".tmp")
    partial.write_text(json.dumps(memo, sort_keys=True))
    partial.replace(MYPY_MEMO)


def mypy_messages(mypy, root, relative, version):
    key = "\t".join([mypy, str(os.stat(mypy).st_mtime_ns), fingerprint(root), relative,
                     f"{version[0]}.{version[1]}"])
    if key not in memo:
        memo[key] = dict(run_mypy(mypy, root, relative, version))
    return collections.Counter(memo[key])


def run_mypy(mypy, root, relative, version):
    target = f"{version[0]}.{version[1]}"
    result = subprocess.run([mypy, "--strict", "--ignore-missing-imports",
                             "--follow-imports=silent", "--no-incremental", "--cache-dir=/dev/null",
                             "--no-error-summary",
                             "--hide-error-context", "--show-error-codes",
                             "--python-version", target, relative],
                            cwd=root, capture_output=True, text=True)
    counts = collections.Counter()
    for line in result.stdout.splitlines():
        match = re.match(r"[^:]+:\d+: error: (.*)$", line)
        if match:
            counts[mypy_message(match.group(1))] += 1
    return counts


def mypy_beyond(mypy, before_root, fixed_root, maintainers, path, target):
    """The mypy errors of the fixed file that the file before the fix does not have, nor the
    maintainers' own fix of it (`maintainers`, a development-set project's `after/` tree, where
    known): an error their version has too (kailash-py's un-annotated `task =
    loop.create_task(awaitable)`, var-annotated, in the sixteenth issue-36 exam) is the
    project's way, not the fix's. Their file is checked only where the fix's has new errors."""
    new = (mypy_messages(mypy, fixed_root, path, target)
           - mypy_messages(mypy, before_root, path, target))
    if new and maintainers is not None and (maintainers / path).is_file():
        new -= mypy_messages(mypy, maintainers, path, target)
    return new


def mypy_message(message):
    """A mypy error as it is counted. A type mypy cannot infer reads `<nothing>` (`Never` in
    newer mypy) where nothing surrounds the call and `Any` once its task is handed on
    (`keep_task(create_task(x))`, `task = create_task(x)`), and `object` where the fix gives
    the task's local its type (`task: asyncio.Task[object] = create_task(x)`): the project's own
    error worded again (pypck, RSS-to-Telegram-Bot), not a new one."""
    message = re.sub(r"<nothing>|\bNever\b", "Any", message)
    if re.match(r'Argument \d+ to "(create_task|ensure_future)"', message):
        message = re.sub(r"\bobject\b", "Any", message)
    return normalise(message)


def keeper_calls(keepers):
    """A line that calls one of the project's keepers (`run_bg_task(`, `tasks.create(`), not
    asyncio's own function of the same name (`asyncio.create_task(`)."""
    functions = [r"(?<!asyncio\.)\b%s\(" % re.escape(k) for k in keepers
                 if not k.startswith(CLASS_SET)]
    # A class's own set (see `class_set_ranges`) is used as `<receiver>.<set>.add(`.
    sets = [r"\.%s\.add\(" % re.escape(k.rsplit(".", 1)[-1]) for k in keepers
            if k.startswith(CLASS_SET)]
    return re.compile("|".join(functions + sets))


CLASS_SET = "class set "


def class_set_ranges(keepers, root, path):
    """Where the sites a class's own set can keep lie: the line ranges of the classes in `path`
    that `keepers` name (`class set QuizService._background_tasks`); `None` where a keeper is a
    function, which any site can call."""
    classes = {k[len(CLASS_SET):].rsplit(".", 1)[0] for k in keepers if k.startswith(CLASS_SET)}
    if len(classes) < len(keepers):
        return None
    try:
        tree = ast.parse((root / path).read_text(errors="replace"))
    except SyntaxError:
        return []
    return [(n.lineno, n.end_lineno) for n in ast.walk(tree)
            if isinstance(n, ast.ClassDef) and n.name in classes]


def added_statements(before, after):
    """What the fix declares at import time (imports, module-level names and functions that
    `before` did not have, new class-level statements), with the module's absolute imports above
    them, as code to run on an old Python. Rewritten sites are left out: they call the project's
    own code, which is not there."""
    try:
        old, new = ast.parse(before), ast.parse(after)
    except SyntaxError:
        return None
    old_dumps = collections.Counter(ast.dump(s) for s in old.body)
    old_names = {target.id for s in old.body if isinstance(s, (ast.Assign, ast.AnnAssign))
                 for target in (s.targets if isinstance(s, ast.Assign) else [s.target])
                 if isinstance(target, ast.Name)}
    old_names |= {s.name for s in old.body if isinstance(s, (ast.FunctionDef, ast.ClassDef))}
    old_classes = {s.name: s for s in old.body if isinstance(s, ast.ClassDef)}
    lines = []
    for stmt in new.body:
        dump = ast.dump(stmt)
        unchanged = old_dumps[dump] > 0
        if unchanged:
            old_dumps[dump] -= 1
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
            lines.insert(0, ast.unparse(stmt))
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            if getattr(stmt, "level", 0):
                continue
            code = ast.unparse(stmt)
            # Third-party packages are not installed: only the fix's own imports must work. A
            # name the project re-exports from one (`from syncer import asyncio`) that is a
            # standard-library module is bound to that module, as the package would bind it.
            names = [a.asname or a.name.split(".")[0] for a in stmt.names]
            fallback = "".join(
                f"\n    try:\n        {n} = __import__({n!r})\n    except Exception:\n        pass"
                for n in names if n != "*")
            # The project's own modules are there (run from the fixed tree): an import the fix
            # adds of one (its keeper) must work; one it had may fail for reasons of its own.
            lines.append(f"try:\n    {code}\nexcept Exception:{fallback or chr(10) + '    pass'}"
                         if unchanged else code)
        elif unchanged:
            continue
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if all(isinstance(t, ast.Name) and t.id not in old_names for t in targets):
                lines.append(ast.unparse(stmt))
        elif isinstance(stmt, ast.FunctionDef) and stmt.name not in old_names:
            lines.append(ast.unparse(stmt))
        elif isinstance(stmt, ast.ClassDef) and stmt.name in old_classes:
            old_body = {ast.dump(s) for s in old_classes[stmt.name].body}
            lines += [ast.unparse(s) for s in stmt.body
                      if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                      and ast.dump(s) not in old_body]
    return "\n".join(lines) + "\n"


def import_roots(root, path, before):
    """The folders from which the absolute imports the fix added resolve (the project's keeper):
    for each top-level name they import that is not the standard library's, the nearest folder
    above the file, inside `root`, that holds it (`backend/` for `from src.core.tasks import
    ...` in `backend/src/api/x.py`), as the project runs with it on its path. A folder inside a
    package (one with an `__init__.py`) is never on the path of an installed package: from
    there, a module of the package would shadow it (xknx's own `xknx/xknx.py` for `from
    xknx._background import keep_task`). Only the added ones: a folder put on the path for an
    import the file had may shadow the standard library with a module of the project
    (chainlit's own `types.py`)."""
    try:
        module = ast.parse((root / path).read_text(errors="replace"))
        old = {ast.dump(stmt) for stmt in ast.parse(before).body}
    except SyntaxError:
        return []
    added = [stmt for stmt in module.body if ast.dump(stmt) not in old]
    tops = {alias.name.split(".")[0] for stmt in added if isinstance(stmt, ast.Import)
            for alias in stmt.names}
    tops |= {stmt.module.split(".")[0] for stmt in added
             if isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level}
    tops -= set(sys.stdlib_module_names)
    roots = []
    for top in sorted(tops):
        for folder in (root / path).parents:
            inside_a_package = (folder / "__init__.py").is_file()
            if not inside_a_package and ((folder / top).is_dir() or (folder / f"{top}.py").is_file()):
                if folder not in roots:
                    roots.append(folder)
                break
            if folder == root:
                break
    return roots


def import_time_failures(python, snippet, root, roots=(), before_root=None):
    """Runs the snippet from the fixed project's `root`, or from the first of `roots`, where
    the project's own modules can be imported (a folder, not PYTHONPATH: the harness's folder
    names hold a `:`). `before_root`, the project before the fix, tells a package that fails
    at import on its own from a failure of the fix."""
    if snippet is None:
        return 0, "unparsable"
    cwd = next(iter(roots), root)
    result = subprocess.run([python, "-c", snippet], capture_output=True, text=True, cwd=cwd)
    if result.returncode == 0:
        return 0, ""
    why = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
    # A dependency of the project that this interpreter lacks (the package's `__init__`
    # importing `typing_extensions`): not checked, and said so, never counted as the fix's.
    missing = re.match(r"ModuleNotFoundError: No module named '([\w.]+)'", why)
    if missing:
        top = missing.group(1).split(".")[0]
        if not ((Path(cwd) / top).is_dir() or (Path(cwd) / f"{top}.py").is_file()):
            return None, f"not checked: the project's dependency `{top}` is not installed"
    # A package the added import goes through that fails at import before the fix as well
    # (mafic's `__init__` raises its own NoCompatibleLibraries where no discord library is
    # installed): the project's dependency, not checked, never counted as the fix's.
    before_cwd = None if before_root is None else Path(before_root) / Path(cwd).relative_to(root)
    if before_cwd is not None and before_cwd.is_dir():
        for package in added_packages(snippet):
            alone = subprocess.run([python, "-c", f"import {package}"], capture_output=True,
                                   text=True, cwd=before_cwd)
            if alone.returncode != 0:
                return None, (f"not checked: the project's package `{package}` fails at import "
                              f"here before the fix too ({why})")
    return 1, why


def climbs_above_top(root, path, before):
    """Why a relative import the fix added to `path` fails at import, where it climbs above the
    top-level package the project imports the file's package as; else None. The check runs the
    added absolute imports only, so this one is read: the project imports a package `P` on the
    file's path absolutely (`from middleware.qdrant_core.client import ...`), so `P` is
    top-level, and `from ..._background import keep_task` in `middleware/qdrant_core/client.py`
    reaches above it ("attempted relative import beyond top-level package"; the sixteenth
    issue-36 exam's google_workspace_fastmcp2, whose repository has an `__init__.py` of its
    own). The outermost such `P` is taken: the reading that fails the fewest imports."""
    try:
        module = ast.parse((root / path).read_text(errors="replace"))
        old = {ast.dump(stmt) for stmt in ast.parse(before).body}
    except SyntaxError:
        return None
    added = [stmt for stmt in module.body if ast.dump(stmt) not in old
             and isinstance(stmt, ast.ImportFrom) and stmt.level]
    if not added:
        return None
    folder = (root / path).parent
    packages = [f for f in [folder, *folder.parents]
                if root in f.parents and (f / "__init__.py").is_file()]
    if not packages:
        return None
    imported = absolute_tops(root)
    tops = [p for p in packages if p.name in imported]
    if not tops:
        return None
    top = tops[-1]
    for stmt in added:
        reached = folder
        for _ in range(stmt.level - 1):
            reached = reached.parent
        if reached != top and top not in reached.parents:
            return (f"ImportError: attempted relative import beyond top-level package "
                    f"(`{'.' * stmt.level}{stmt.module or ''}` above `{top.name}`, which the "
                    f"project imports as a top-level package)")
    return None


ABSOLUTE_TOPS = {}


def absolute_tops(root):
    """The first names of every absolute import in the project at `root`, read once per
    project and strategy (`measure` clears them)."""
    if root not in ABSOLUTE_TOPS:
        imported = set()
        for file in corpus.python_files(root):
            try:
                tree = ast.parse(file.read_text(errors="replace"))
            except (SyntaxError, ValueError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    imported |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    imported.add(node.module.split(".")[0])
        ABSOLUTE_TOPS[root] = imported
    return ABSOLUTE_TOPS[root]


def added_packages(snippet):
    """The packages above the modules that the snippet's added absolute imports name (`pkg` and
    `pkg.sub` for `from pkg.sub._background import keep_task`): the imports the file had are
    wrapped in `try`, so the added ones are the module-level imports left."""
    try:
        body = ast.parse(snippet).body
    except SyntaxError:
        return []
    modules = [alias.name for stmt in body if isinstance(stmt, ast.Import)
               for alias in stmt.names]
    modules += [stmt.module for stmt in body
                if isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level]
    packages = []
    for module in modules:
        parts = module.split(".")
        for end in range(1, len(parts)):
            package = ".".join(parts[:end])
            if package not in packages and package != "__future__":
                packages.append(package)
    return packages


def distribution(root, path, tree=frozenset()):
    """The distribution a file of the project at `root` is installed with, as a folder: the
    nearest folder below `root` with its own pyproject.toml, setup.py or setup.cfg (a monorepo's
    package or service) or, outside a test suite, its own requirements.txt or Dockerfile (a
    service installed or deployed apart), in `root` or in `tree` (the repository's files, for a
    development-set project, whose copy holds only some of them); else, where the outermost
    package on the file's path lies below a namespace package (PEP 420: a folder without an
    `__init__.py` that is not an import root, `src/ai/backend/` above backend.ai's `storage/`),
    that package, one portion of the namespace installed on its own; else the project."""
    folders = list((root / path).parents)
    for folder in folders:
        if folder == root:
            break
        relative = folder.relative_to(root).as_posix()
        names = PROJECT_FILES if TEST_FOLDERS & set(folder.relative_to(root).parts) else (
            *PROJECT_FILES, *SERVICE_FILES)
        if any((folder / name).is_file() or f"{relative}/{name}" in tree for name in names):
            return relative
    inside = [f for f in reversed(folders) if f != root and root in f.parents]
    top = next((f for f in inside if (f / "__init__.py").is_file()), None)
    if top is not None and top.parent not in (root, root / "src"):
        return top.relative_to(root).as_posix()
    return "."


def helpers_added(before_root, after_root, changed, tree=frozenset()):
    """Per distribution, how many helpers (`keep_task`, a file's `_keep_task`) the fix defined;
    `tree`: the repository's files (distribution)."""
    added = collections.Counter()
    for path in changed:
        before = len(HELPER.findall((before_root / path).read_text(errors="replace")))
        after = len(HELPER.findall((after_root / path).read_text(errors="replace")))
        if after > before:
            added[distribution(after_root, path, tree)] += after - before
    return added


def changed_lines(diff):
    """Per file of a unified diff, the old lines it removes or inserts after."""
    changed = collections.defaultdict(list)
    path, old = None, 0
    for line in diff.splitlines():
        if line.startswith("--- a/"):
            path = line[len("--- a/"):]
        elif line.startswith("@@ "):
            old = int(line.split()[1].lstrip("-").split(",")[0])
        elif path and line.startswith("-") and not line.startswith("---"):
            changed[path].append(old)
            old += 1
        elif path and line.startswith("+") and not line.startswith("+++"):
            changed[path].append(max(old - 1, 1))
        elif path and line.startswith(" "):
            old += 1
    return changed


def kept_lines(binary, root):
    """Per file, the lines of the tasks `audit` finds kept."""
    audited = subprocess.run([str(binary), "audit", *FLAGS, "--output-format", "json", "."],
                             cwd=root, capture_output=True)
    kept = collections.defaultdict(list)
    for task in json.loads(audited.stdout or "[]"):
        if task.get("verdict") == "kept":
            kept[task["path"]].append(task["line"])
    return kept


def function_lines(text, line):
    """The lines of the function whose `def` is at `line` (1-based): to the next line indented
    no deeper than it."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return range(0)
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    end = line
    while end < len(lines) and (not lines[end].strip()
                                or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return range(line, end + 1)


def fixed_in_factory(binary, before_root, after_root, findings, hand_fixed):
    """The dropped results of factories (`--preview`'s `factory-result`, which `check` leaves
    without it) whose factory the maintainers changed, as (path, line, factory's path:line):
    they fixed the site there (steam.py's `_schedule_event`, for `dispatch`'s drop at
    client.py:341). `findings`: `check`'s, without `--preview`."""
    if not after_root.is_dir():
        return []
    seen = {(f["path"], f["line"]) for f in findings}
    checked = subprocess.run([str(binary), "check", *FLAGS, "--preview", "--output-format", "json",
                              "."], cwd=before_root, capture_output=True)
    sites = []
    for finding in json.loads(checked.stdout or "[]"):
        factory = finding.get("factory")
        if not factory or (finding["path"], finding["line"]) in seen:
            continue
        before, after = before_root / factory["path"], after_root / factory["path"]
        if not (before.is_file() and after.is_file()):
            continue
        diff = subprocess.run(["diff", "-U0", "--label", f"a/{factory['path']}", "--label",
                               f"b/{factory['path']}", str(before), str(after)],
                              capture_output=True, text=True).stdout
        body = function_lines(before.read_text(errors="replace"), factory["line"])
        counted = hand_fixed.get(factory["path"], [])
        if any(start <= line <= end for start, end in counted for line in body):
            continue  # its range is counted already
        if any(line in body for line in changed_lines(diff).get(factory["path"], [])):
            sites.append((finding["path"], finding["line"],
                          f"{factory['path']}:{factory['line']}"))
    return sites


# Flags given to every `undangle` run (`--ignore-noqa`).
FLAGS = []


def measure(name, src, spec, strategy, binary, tools, work, hand_fixed=None, keepers=(),
            tree=frozenset()):
    """One project's row and its problems, for one strategy. `hand_fixed`: for a
    development-set project, the line ranges its maintainers fixed, per file; `keepers`: the
    project's keepers its maintainers called; `tree`: its repository's project files. `tools`:
    the pinned ruff, mypy and Black."""
    ruff = tools["ruff"]
    version = minimum(spec)
    row = collections.Counter()
    problems = []
    before_root, after_root = work / "before" / name, work / "after" / name
    ABSOLUTE_TOPS.clear()
    settings = ruff_settings((Path(src) / "pyproject.toml").exists(), version)
    for root in (before_root, after_root):
        shutil.copytree(src, root, ignore=shutil.ignore_patterns(".unpacked"))
        # A development-set project brings its own pyproject.toml (its ruff, Black, isort).
        if spec and not (root / "pyproject.toml").exists():
            (root / "pyproject.toml").write_text(f"[project]\nrequires-python = {json.dumps(spec)}\n")
    if hand_fixed is not None:
        # Every site the maintainers fixed must still be found.
        checked = subprocess.run([str(binary), "check", *FLAGS, "--output-format", "json", "."],
                                 cwd=before_root, capture_output=True)
        lines = collections.defaultdict(list)
        findings = json.loads(checked.stdout or "[]")
        for finding in findings:
            lines[finding["path"]].append((finding["line"], finding["end_line"]))
        # A dropped factory result is fixed inside the factory: the factory's `def` line, which
        # the finding names, and the lines the fix changes there are sites found too.
        factories = {f["factory"]["path"] for f in findings if f.get("factory")}
        for finding in findings:
            if finding.get("factory"):
                line = finding["factory"]["line"]
                lines[finding["factory"]["path"]].append((line, line))
        if factories:
            diff = subprocess.run([str(binary), "diff", *FLAGS, "."], cwd=before_root,
                                  capture_output=True, text=True)
            for path, changed in changed_lines(diff.stdout).items():
                if path in factories:
                    lines[path].extend((line, line) for line in changed)
        kept = kept_lines(binary, before_root)
        # The sites only `--preview` reports (a dropped result of the project's own task
        # factory that the maintainers kept at the site: mitmproxy's
        # `asyncio_utils.create_task(...)`): still not found, but said so.
        previewed = subprocess.run([str(binary), "check", *FLAGS, "--preview", "--output-format",
                                    "json", "."], cwd=before_root, capture_output=True)
        preview = collections.defaultdict(list)
        for finding in json.loads(previewed.stdout or "[]"):
            preview[finding["path"]].append((finding["line"], finding["end_line"],
                                             finding.get("kind") or "preview"))
        for path, ranges in hand_fixed.items():
            for start, end in ranges:
                if any(s <= end + 1 and e >= start - 1 for s, e in lines[path]):
                    row["hand"] += 1
                    row["found"] += 1
                elif any(start <= line <= end for line in kept[path]):
                    # The maintainers changed how a kept task is kept (steam.py's channel.py:80,
                    # a local the context manager cancels, moved to a TaskGroup): no drop.
                    print(f"note: {name}/{path}:{start}: changed by hand, a task audit finds "
                          f"kept: not a dropped site ({strategy})", file=sys.stderr)
                else:
                    row["hand"] += 1
                    only = [k for s, e, k in preview[path] if s <= end + 1 and e >= start - 1]
                    why = (f"found only by undangle check --preview ({only[0]})" if only
                           else "not found by undangle check")
                    problems.append(f"{name}/{path}:{start}: fixed by hand, {why} ({strategy})")
        for path, line, factory in fixed_in_factory(binary, before_root, Path(src).parent / "after",
                                                    findings, hand_fixed):
            row["hand"] += 1
            problems.append(f"{name}/{path}:{line}: fixed by hand in its factory ({factory}), "
                            f"found only by undangle check --preview ({strategy})")
    fixable = []
    if keepers:
        checked = subprocess.run([str(binary), "check", *FLAGS, "--output-format", "json", "."],
                                 cwd=before_root, capture_output=True)
        fixable = [f for f in json.loads(checked.stdout or "[]") if f.get("fixable", True)]
    args = ["fix", *FLAGS, "."] if strategy == "inline" else ["fix", *FLAGS, "--strategy", strategy, "."]
    fixed = subprocess.run([str(binary), *args], cwd=after_root, capture_output=True)
    if fixed.returncode not in (0, 1):
        return None, [f"{name}: undangle {' '.join(args)} exited {fixed.returncode}: "
                      f"{fixed.stderr.decode(errors='replace')}"]
    # A module the fix created (the package's helper module of `--strategy helper`) is checked
    # as a change of an empty file: everything in it is new.
    for p in corpus.python_files(after_root):
        if not (before_root / p.relative_to(after_root)).exists():
            (before_root / p.relative_to(after_root)).write_bytes(b"")
    changed = sorted(p.relative_to(after_root).as_posix() for p in corpus.python_files(after_root)
                     if p.read_bytes() != (before_root / p.relative_to(after_root)).read_bytes())
    row["package"], row["python"] = name, f"{version[0]}.{version[1]}"
    row["changed"] = len(changed)
    if not changed:
        if keepers:
            row["keeper"] = "0/0"
        return row, problems

    # Every tool's settings for each changed file, as undangle's discovery finds them: ruff's
    # file (its options, target version included, read by ruff itself), isort's, flake8's.
    shown_settings = {shown["path"]: shown
                      for shown in undangle_settings(binary, before_root, changed)}
    # The minimum Python shown is the oldest the changed files are written for.
    oldest = min(python_of(shown_settings.get(path), version) for path in changed)
    row["python"] = f"{oldest[0]}.{oldest[1]}"
    own = "--isolated" not in settings
    package = sorted(p.name for p in Path(src).iterdir() if (p / "__init__.py").exists())
    by_options = collections.defaultdict(list)
    for path in changed:
        options = ruff_settings(own, version, shown_settings.get(path))
        rules = own_rules(shown_settings.get(path))
        by_options[(tuple(options), None if rules is None else tuple(rules))].append(path)
    # isort's own settings for a file: isort itself judges it; else ruff's I001 (the package's
    # name first-party where the project brings no settings of its own).
    by_isort = [path for path in changed if (shown_settings.get(path) or {}).get("isort")]
    for (options, rules), files in sorted(by_options.items(), key=repr):
        options = list(options)
        first_party = [] if "--isolated" not in options else [
            "--config", "lint.isort.known-first-party = "
            + json.dumps(package or [name.split("-")[0]])]
        isort_files = [f for f in files if f not in by_isort]
        # The project's own selection: its ruff settings; the defaults of the ruff it pins
        # where they select nothing, as undangle reads them (for a corpus package, which brings
        # none, or a development-set project that runs ruff without settings: its pre-commit
        # hook's); none where the project runs no ruff at all.
        own_files = [f for f in files if rules is not None
                     and (hand_fixed is None or runs_ruff(src, shown_settings.get(f)))]
        for select, key, extra, checked in [("F,E402,E9,PLE", "lint", options, files),
                                            (None, "own", [*options, *(rules or ())], own_files),
                                            ("I001", "isort", [*options, *first_party],
                                             isort_files)]:
            if not checked:
                continue
            old = ruff_messages(ruff, checked, before_root, select, extra)
            new = ruff_messages(ruff, checked, after_root, select, extra)
            for (path, code, message), count in new_diagnostics(old, new).items():
                if key == "isort" and any(p == path for p, _, _ in old):
                    continue  # not isort-clean before: no regression to count
                if code == "E402" and last_import_after_code(ruff, before_root, path, extra):
                    print(f"note: {name}/{path}: a new import joins the file's last imports, "
                          f"which already stand after code (E402) ({strategy})", file=sys.stderr)
                    continue
                row[key] += count
                problems.append(f"{name}/{path}: new {code} {message} ({strategy})")
    for path in by_isort:
        if (not isort_rejects(tools["isort"], before_root / path)
                and isort_rejects(tools["isort"], after_root / path)):
            row["isort"] += 1
            problems.append(f"{name}/{path}: isort rejects the fix under "
                            f"{shown_settings[path]['isort']} ({strategy})")

    # flake8's settings for each changed file, as undangle finds them (flake8 run in its folder).
    by_config = collections.defaultdict(list)
    for shown in shown_settings.values():
        if shown.get("flake8"):
            key = (shown["flake8"], shown.get("max_line_length"), python_of(shown, version))
            by_config[key].append(shown["path"])
    for (config, max_line_length, file_version), files in sorted(by_config.items()):
        flake8 = flake8_options(ruff, config, max_line_length, file_version)
        if flake8 is None:
            continue
        old = ruff_messages(ruff, files, before_root, None, flake8)
        new = ruff_messages(ruff, files, after_root, None, flake8)
        for (path, code, message), count in new_diagnostics(old, new).items():
            row["flake8"] += count
            problems.append(f"{name}/{path}: new {code} {message} under its flake8 settings "
                            f"({strategy})")
    # One helper per project: per distribution of a monorepo or a namespace package.
    helpers = helpers_added(before_root, after_root, changed, tree)
    row["helpers"] = f"{sum(helpers.values())}/{len(helpers)}" if helpers else ""
    row["helper_defs"], row["distributions"] = sum(helpers.values()), len(helpers)
    row["crowded"] = [(folder, count) for folder, count in sorted(helpers.items()) if count > 1]
    for folder, count in sorted(helpers.items()):
        if strategy == "helper" and count > 1:
            problems.append(f"{name}: {count} helpers in one distribution ({folder}) ({strategy})")
    if keepers:
        # Sites kept through the project's keeper, of the sites fixed.
        calls = keeper_calls(keepers)
        through = sites = 0
        for path in changed:
            old_lines = collections.Counter(
                (before_root / path).read_text(errors="replace").splitlines())
            for line in (after_root / path).read_text(errors="replace").splitlines():
                if old_lines[line] > 0:
                    old_lines[line] -= 1
                elif calls.search(line):
                    through += 1
            ranges = class_set_ranges(keepers, before_root, path)
            sites += sum(1 for f in fixable if f["path"] == path and (
                ranges is None or any(a <= f["line"] <= b for a, b in ranges)))
        row["keeper"] = f"{through}/{sites}"
        row["through"], row["sites"] = through, sites
        if through < sites:
            problems.append(f"{name}: {sites - through} of {sites} sites kept without the "
                            f"project's keeper ({', '.join(keepers)}) ({strategy})")

    for path in changed:
        shown = shown_settings.get(path)
        file_version = python_of(shown, version)
        python = interpreter(file_version)
        if python is None:
            print(f"note: no CPython {file_version[0]}.{file_version[1]} here; {name}/{path}'s "
                  f"import-time check runs on the newest one", file=sys.stderr)
            python = interpreter((3, 13)) or sys.executable
        options = ruff_settings(own, version, shown)
        formatter = formatter_of(shown, hand_fixed is not None)
        if formatter is None:
            print(f"note: {name}/{path}: the project runs no formatter: format not checked "
                  f"({strategy})", file=sys.stderr)
        elif (formatted(tools, before_root / path, options, shown)
                and not formatted(tools, after_root / path, options, shown)):
            row["format"] += 1
            problems.append(f"{name}/{path}: {formatter} rejects the fix ({strategy})")
        before = (before_root / path).read_text(errors="replace")
        snippet = added_statements(before, (after_root / path).read_text(errors="replace"))
        failed, why = import_time_failures(python, snippet, after_root,
                                           import_roots(after_root, path, before), before_root)
        climbs = climbs_above_top(after_root, path, before)
        if climbs and not failed:
            failed, why = 1, climbs
        if failed is None:
            print(f"note: {name}/{path}: import-time check {why} ({strategy})", file=sys.stderr)
        elif failed:
            row["import"] += 1
            problems.append(f"{name}/{path}: fails at import on "
                            f"{file_version[0]}.{file_version[1]}: {why} ({strategy})")

    # Each file at the Python its project's mypy settings name, else the one the fix wrote for.
    checked = []
    for path in changed:
        file_version = python_of(shown_settings.get(path), version)
        mypy, target = mypy_for(tools, mypy_target(before_root, file_version))
        if mypy is None:
            # Not 0: nothing here can check for that Python.
            row["mypy_unchecked"] += 1
            print(f"note: {name}/{path}: mypy not checked: no pinned mypy targets Python "
                  f"{file_version[0]}.{file_version[1]}", file=sys.stderr)
        else:
            checked.append((path, mypy, target))

    maintainers = Path(src).parent / "after" if hand_fixed is not None else None

    def mypy_new(job):
        path, mypy, target = job
        return path, mypy_beyond(mypy, before_root, after_root, maintainers, path, target)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for path, new in pool.map(mypy_new, checked):
            row["mypy"] += sum(new.values())
            problems += [f"{name}/{path}: new mypy error: {m} ({strategy})" for m in new]
    return row, problems


def helpers_per_distribution(rows):
    """The helpers-per-distribution figure of a table, computed from its rows: helpers defined,
    distributions they fall in, and the projects with more than one in a distribution."""
    defs = sum(r["helper_defs"] for r in rows)
    distributions = sum(r["distributions"] for r in rows)
    over = [f"{r['package']} ({', '.join(f'{n} in {d}' for d, n in r['crowded'])})"
            for r in rows if r["crowded"]]
    unchecked = [f"{r['package']} ({r['mypy_unchecked']})" for r in rows if r["mypy_unchecked"]]
    return (f"Helpers per distribution: {defs} helpers in {distributions} distributions"
            + (f"; more than one in {', '.join(over)}." if over else ", one in each.")
            + (f" mypy not checked (no pinned mypy targets their Python; files): "
               f"{', '.join(unchecked)}." if unchecked else ""))


def table(rows):
    total = collections.Counter()
    for r in rows:
        for key, _ in COLUMNS[2:]:
            if key not in TEXT_COLUMNS:
                total[key] += r[key]
    total["package"], total["python"] = "**total**", ""
    hand = sum(r["hand"] for r in rows)
    total["recall"] = f"{sum(r['found'] for r in rows)}/{hand}" if hand else ""
    with_keeper = [r for r in rows if r["keeper"]]
    total["keeper"] = (f"{sum(r['through'] for r in with_keeper)}/"
                       f"{sum(r['sites'] for r in with_keeper)}" if with_keeper else "")
    with_helpers = [r for r in rows if r["helpers"]]
    total["helpers"] = (f"{sum(r['helper_defs'] for r in with_helpers)}/"
                        f"{sum(r['distributions'] for r in with_helpers)}" if with_helpers else "")
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for r in rows + [total]:
        lines.append("| " + " | ".join(str(r[key] or "") if key in TEXT_COLUMNS else str(r[key])
                                       for key, _ in COLUMNS) + " |")
    return "\n".join(lines)


def repository_files(manifest, mirrors):
    """Per development-set project of `manifest` (the commits scripts/devset.py built), the
    files of its repository at the commit before the fix that make a distribution
    (PROJECT_FILES, SERVICE_FILES), read from its mirror: the copy holds only the files undangle
    reads, and a service's requirements.txt or Dockerfile, which undangle would read as the
    project's, is not among them."""
    wanted = (*PROJECT_FILES, *SERVICE_FILES)
    if not manifest.is_file():
        print(f"note: no manifest at {manifest}; distributions are read from the copies only",
              file=sys.stderr)
        return {}
    files = {}
    for line in manifest.read_text().splitlines()[1:]:
        if not line.strip():
            continue
        repository, commit = line.split("\t")[:2]
        mirror = mirrors / repository.replace("/", "+") / "repo"
        listed = subprocess.run(["git", "-C", str(mirror), "ls-tree", "-r", "--name-only",
                                 f"{commit}^"], capture_output=True, text=True)
        if listed.returncode != 0:
            print(f"note: no mirror of {repository} at {mirror}; its distributions are read "
                  "from its copy only", file=sys.stderr)
            continue
        files[repository.split("/")[1]] = frozenset(
            path for path in listed.stdout.splitlines()
            if path.rsplit("/", 1)[-1] in wanted)
    return files


def devset_projects(folder, mirrors=MIRRORS):
    """(name, source folder, requires-python, fixed lines, keepers, repository's project files)
    of each cached development-set project."""
    if folder is None or not folder.is_dir():
        print(f"note: no development set at {folder}; corpus only "
              "(testdata/devset/README.md says how to build it)", file=sys.stderr)
        return []
    # The manifest a development-set folder was built from: testdata/devset/'s for the devset,
    # testdata/exam36t/'s for ~/.cache/undangle/exam36t.
    trees = repository_files(ROOT / "testdata" / folder.name / "manifest.tsv", mirrors)
    projects = []
    for project in sorted(p for p in folder.iterdir() if (p / "before").is_dir()):
        spec_file = project / "requires-python"
        spec = spec_file.read_text().strip() if spec_file.exists() else None
        fixed = json.loads((project / "fixed.json").read_text())
        keepers_file = project / "keepers.json"
        keepers = json.loads(keepers_file.read_text()) if keepers_file.exists() else []
        projects.append((f"devset:{project.name}", project / "before", spec or None, fixed,
                         keepers, trees.get(project.name, frozenset())))
    return projects


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true", help="rewrite the tables of docs/evaluation.md")
    parser.add_argument("--strategy", action="append", choices=STRATEGIES)
    parser.add_argument("--devset", type=Path, default=corpus.CACHE.parent / "devset")
    parser.add_argument("--devset-only", action="store_true", help="leave the corpus out")
    parser.add_argument("--mirrors", type=Path, default=MIRRORS,
                        help="the repositories' mirrors (scripts/devset.py's), read for the "
                             "distributions of a development-set project")
    parser.add_argument("--undangle", type=Path, help="this build, not `cargo build --release`")
    parser.add_argument("--ignore-noqa", action="store_true",
                        help="run undangle with --ignore-noqa (suppression comments ignored)")
    args = parser.parse_args()
    if args.ignore_noqa:
        FLAGS.append("--ignore-noqa")

    packages = [line.split("\t") for line in corpus.PACKAGES.read_text().splitlines()
                if line.strip()]
    projects = []
    for name, version, pyver, wheel, sha in [] if args.devset_only else packages:
        src = corpus.fetch(name, version, pyver, wheel, sha)
        projects.append((f"{name}-{version}", src,
                         requires_python(corpus.CACHE / "wheels" / wheel), None, [],
                         frozenset()))
    projects += devset_projects(args.devset, args.mirrors)
    tools = {"ruff": tool("ruff.sh"), "mypy": tool("mypy.sh"), "black": tool("black.sh"),
             "isort": tool("isort.sh")}
    try:
        tools["mypy_old"] = tool("mypy-old.sh")
    except subprocess.CalledProcessError:
        print("note: the older mypy could not be installed (scripts/mypy-old.sh); projects "
              "below Python 3.10 are not checked by mypy", file=sys.stderr)
    if args.undangle:
        binary = args.undangle.resolve()
    else:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
        binary = ROOT / "target/release/undangle"

    sections, failures = [], []
    load_memo()
    for strategy in args.strategy or STRATEGIES:
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            for name, src, spec, fixed, keepers, tree in projects:
                row, problems = measure(name, src, spec, strategy, binary, tools, Path(tmp),
                                        fixed, keepers, tree)
                failures += problems
                save_memo()
                if row is not None and (row["changed"] or fixed is not None):
                    if fixed is not None:
                        row["recall"] = f"{row['found']}/{row['hand']}"
                    rows.append(row)
        fingerprints.clear()
        sections.append(f"`--strategy {strategy}` (only projects with a changed file):\n\n"
                        + table(rows) + "\n\n" + helpers_per_distribution(rows))
        print(sections[-1] + "\n", flush=True)
    if args.docs:
        docs_section.replace("acceptance", "\n\n".join(sections))
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    print(f"{len(failures)} regressions", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
