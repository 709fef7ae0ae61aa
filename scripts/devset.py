#!/usr/bin/env python3
"""Rebuild the development set: real commits in which maintainers fixed dropped tasks by hand.

    python3 scripts/devset.py [--mirrors DIR] [--manifest FILE --cache DIR]

testdata/devset/manifest.tsv names each commit (repository, commit, how it was fixed); another
manifest in the same format (`--manifest testdata/exam36/manifest.tsv`) is built into the
folder `--cache` names instead (default: the development set's, below). The code
itself is never committed here: this script reads each repository from a local git mirror
(`DIR/<owner>+<name>/repo`, as the project's search tool's `fetch` leaves them in
/work/.mirror) and writes, into ${XDG_CACHE_HOME:-~/.cache}/undangle/devset/<name>/:

  - before/<path> and after/<path>: every Python file the commit changed, as it was before and
    after the maintainers' fix;
  - before/pyproject.toml: the project's own, from the parent commit (its ruff, Black and isort
    settings), with `requires-python` added to it when only setup.cfg or setup.py declares it;
  - requires-python: the declared minimum, if any;
  - the project's other settings files at the parent commit (.flake8, setup.cfg, tox.ini,
    .isort.cfg, ruff.toml, .ruff.toml, and every other file undangle's discovery reads: setup.py
    whether or not it declares `python_requires`, .editorconfig, hacs.json, undangle.toml,
    requirements*.txt), where its linters and isort may be configured, and
    those that run its formatter (.pre-commit-config.yaml, .github/workflows/*.yml, Makefile,
    noxfile.py), whose length the fix's lines keep; with
    --nested-settings also those (and pyproject.toml) of every folder above a changed file, as
    a workspace member's tools read them, and with --package-markers (the default;
    --no-package-markers leaves them out) an empty `__init__.py` for each package above a
    copied file, the repository's own folder included where it is one, where the package
    begins (the exam's manifest is built with both);
  - with --snapshot (the default; --no-snapshot leaves them out) the rest of what the fix reads:
    every module of the snapshot (each side at its own commit; where a case's modules weigh
    over 10 MB, those of the folders along each changed file's path and the top only), and,
    in before/, every executable and shell script, Makefile, `*.toml`, `*.cfg`, tox.ini,
    .pre-commit-config.yaml and .github/workflows file (none over 1 MB; a blob the mirror
    lacks is left out): the top-level `main.py` or `src/cli.py` that proves where imports
    begin, the `format.sh` a hook runs with `black --line-length 160`, the `black.toml` only
    `--config` names;
  - context: the project's own modules that the fixed lines call into (the module that defines
    `run_bg_task` when the maintainers wrote `run_bg_task(coro())` and imported it), as they
    were at the parent commit, into both before/ and after/, so that undangle sees the keeper
    the maintainers used; they are listed in context.json and are not hand-fixed files;
  - keepers.json: the project's keepers that the maintainers' fix calls (`run_bg_task`,
    `create`, `_spawn`): functions or methods, defined before the fix in a changed file or a
    context module, that create a task, called in a line the fix adds;
  - fixed.json: per file, the line ranges of the before file that the maintainers changed around
    a task-creating call (not those where they only swapped the task function of a task that
    was already kept, such as `self.task = self.loop.create_task(c)` → `aio.create_task(c)`,
    nor those where they only re-wrapped a line that keeps its task).

scripts/acceptance.py then counts, on the `before` files, what undangle's fix would break and
whether undangle finds every site the maintainers fixed. A repository whose mirror is missing is
skipped with a message.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import corpus

MANIFEST = corpus.ROOT / "testdata/devset/manifest.tsv"
CACHE = corpus.CACHE.parent / "devset"


def git(mirror, *args):
    result = subprocess.run(["git", "-C", str(mirror), *args], capture_output=True)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def declared_python(mirror, parent):
    """requires-python from pyproject.toml, setup.cfg or setup.py at `parent` (a string, or a
    module constant of setup.py), else Poetry's `python` dependency (`^3.10` read as `>=3.10`)."""
    for path, pattern in [("pyproject.toml", r"requires-python\s*=\s*[\"']([^\"']+)"),
                          ("setup.cfg", r"python_requires\s*=\s*([^\n]+)"),
                          ("setup.py", r"python_requires\s*=\s*[\"']([^\"']+)")]:
        text = git(mirror, "show", f"{parent}:{path}")
        match = text and re.search(pattern, text)
        if match and re.search(r"\d", match.group(1)):
            return match.group(1).strip()
    # setup.py's `python_requires=REQUIRES_PYTHON` or `'>={}'.format(MIN_PYTHON_VERSION)`,
    # with the constant assigned a string in the same file.
    text = git(mirror, "show", f"{parent}:setup.py") or ""
    match = re.search(r"python_requires\s*=\s*(?:([\"'][^\"']*\{\}[^\"']*[\"'])\.format\()?"
                      r"([A-Za-z_]\w*)", text)
    if match:
        value = re.search(rf"^{match.group(2)}\s*=\s*[\"']([^\"']+)[\"']", text, re.M)
        if value and re.search(r"\d", value.group(1)):
            template = match.group(1)[1:-1] if match.group(1) else "{}"
            return template.replace("{}", value.group(1).strip())
    # Poetry's `python = "^3.10"` (or ">=3.8,<4") under [tool.poetry.dependencies].
    text = git(mirror, "show", f"{parent}:pyproject.toml") or ""
    section = re.search(r"^\[tool\.poetry\.dependencies\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    match = section and re.search(r"^python\s*=\s*[\"']([^\"']+)", section.group(1), re.M)
    if match and re.search(r"\d", match.group(1)):
        return re.sub(r"^[\^~](?=\d)", ">=", match.group(1).strip())
    return None


def with_requires_python(pyproject, spec):
    """The pyproject text with `requires-python` in its [project] table."""
    if spec is None or re.search(r"^requires-python\s*=", pyproject, re.M):
        return pyproject
    line = f"requires-python = {json.dumps(spec)}"
    if re.search(r"^\[project\]\s*$", pyproject, re.M):
        return re.sub(r"^\[project\]\s*$", f"[project]\n{line}", pyproject, count=1, flags=re.M)
    return f"{pyproject.rstrip()}\n\n[project]\n{line}\n"


CALLEE = re.compile(r"[\w.]*(?:create_task|ensure_future)\(")


def only_callee_swapped(removed, added):
    """Each removed line keeps its task (it is assigned or passed on, not a bare call) and comes
    back with only its task function changed (`self.task = self.loop.create_task(c)` →
    `self.task = aio.create_task(c)`): the hunk fixes no dropped task. A bare call whose
    function is swapped for a keeping one (`bus.loop.create_task(c)` → `bus.create_task(c)`)
    is a fix."""
    def normal(line):
        return CALLEE.sub("CREATE(", line.strip())
    return len(removed) == len(added) and all(
        normal(old) == normal(new) and not normal(old).startswith("CREATE(")
        for old, new in zip(removed, added))


def only_rewrapped(removed, added):
    """The hunk only re-wraps its lines (`t = \\` + `create_task(c)` → `t = create_task(c)`)."""
    def squeezed(lines):
        return re.sub(r"[\s\\]+", "", "".join(lines))
    return bool(removed) and squeezed(removed) == squeezed(added)


SETTINGS = [".flake8", "setup.cfg", "tox.ini", ".isort.cfg", "ruff.toml", ".ruff.toml",
            # Every other file undangle's discovery reads: setup.py anchors the project (and
            # its classifiers), whether or not it declares `python_requires`.
            "setup.py", ".editorconfig", "hacs.json", "undangle.toml",
            # Where a project runs its formatter, whose length the fix's lines keep.
            ".pre-commit-config.yaml", ".pre-commit-config.yml", "Makefile", "noxfile.py"]


# What the fix reads beyond the changed files: every module of the snapshot (a top-level
# `main.py` or `src/cli.py` that imports the package by its bare name proves where imports
# begin), and the files that run or configure its formatter (a `format.sh` that a hook runs with
# `black --line-length 160`, a `black.toml` that only `--config` names).
READ_BY_FIX = re.compile(r"(^|/)(Makefile|[^/]*\.mk|[^/]*\.sh|[^/]*\.toml|[^/]*\.cfg|tox\.ini"
                         r"|\.pre-commit-config\.ya?ml|\.github/workflows/[^/]+\.ya?ml)$")
FILE_CAP = 1 << 20
# Above this many bytes of modules a case keeps only those of the folders along each changed
# file's path (and the top), so that the cache stays small enough to run on each change.
CASE_CAP = 10 << 20


def snapshot_files(mirror, rev, changed):
    """The paths at `rev` that the cache holds beside the changed files: the files that run or
    configure a formatter, and the modules, all of them under CASE_CAP, else those directly in a
    folder along a changed file's path; none over FILE_CAP."""
    listing = git(mirror, "ls-tree", "-r", "-l", rev) or ""
    sized = []
    for line in listing.splitlines():
        meta, _, path = line.partition("\t")
        fields = meta.split()
        if len(fields) == 4 and fields[1] == "blob" and fields[3].isdigit():
            sized.append((path, int(fields[3]), fields[0] == "100755"))
    small = [(path, size, run) for path, size, run in sized if size <= FILE_CAP]
    modules = [(path, size) for path, size, _ in small if path.endswith(".py")]
    if sum(size for _, size in modules) > CASE_CAP:
        folders = nested_folders(changed) | {""}
        modules = [(path, size) for path, size in modules
                   if path.rpartition("/")[0] in folders]
    # An executable is a script a hook or a workflow may run (crypto-trade's `hooks/pre-commit`).
    read = [path for path, _, run in small if run or READ_BY_FIX.search(path)]
    return {path for path, _ in modules} | set(read)


def copy_snapshot(mirror, rev, wanted, root):
    """Writes each of `wanted` as it is at `rev` under `root`, read through one `git cat-file
    --batch` (a mirror may lack a blob: that file is left out)."""
    if not wanted:
        return
    paths = sorted(wanted)
    request = "".join(f"{rev}:{path}\n" for path in paths).encode()
    with subprocess.Popen(["git", "-C", str(mirror), "cat-file", "--batch"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL) as batch:
        # Written from a thread: the answers come back while the requests still go in.
        feeder = threading.Thread(target=lambda: (batch.stdin.write(request), batch.stdin.close()))
        feeder.start()
        for path in paths:
            header = batch.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                continue
            data = batch.stdout.read(int(header[2]))
            batch.stdout.read(1)
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        feeder.join()


def first_party_module(tree, module, folder=None):
    """The repository path of `module`: relative to `folder` (a relative import), else from a
    source root (a folder that is not itself a package: the repository's top or `src/`)."""
    tail = module.replace(".", "/") if module else ""
    files = set(tree)
    if folder is not None:
        base = f"{folder}/{tail}".strip("/")
        for path in (f"{base}.py", f"{base}/__init__.py"):
            if path in files:
                return path
        return None
    hits = []
    for path in files:
        for suffix in (f"{tail}.py", f"{tail}/__init__.py"):
            if path == suffix or path.endswith(f"/{suffix}"):
                root = path[: len(path) - len(suffix)]
                if f"{root}__init__.py" not in files:
                    hits.append(path)
    # The shortest, and of those the first by name: a set has no order of its own.
    return min(hits, key=lambda path: (len(path), path)) if hits else None


def context_modules(tree, path, text, added_lines, changed):
    """The project's modules bound by the imports of `text` (the after file at `path`) whose
    names the added lines use: where the keeper the maintainers called is defined."""
    import ast
    try:
        module = ast.parse(text)
    except SyntaxError:
        return set()
    used = set(re.findall(r"[A-Za-z_]\w*", "\n".join(added_lines)))
    folders = path.split("/")[:-1]
    found = set()
    for stmt in ast.walk(module):
        if isinstance(stmt, ast.ImportFrom):
            folder = None
            if stmt.level:
                folder = "/".join(folders[: len(folders) - stmt.level + 1])
            base = stmt.module or ""
            for alias in stmt.names:
                if (alias.asname or alias.name) not in used:
                    continue
                # `from pkg import mod` binds a module; `from pkg.mod import f`, a name in one.
                for name in (f"{base}.{alias.name}" if base else alias.name, base):
                    hit = first_party_module(tree, name, folder) if name or folder else None
                    if hit:
                        found.add(hit)
                        break
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if (alias.asname or alias.name.split(".")[0]) in used:
                    hit = first_party_module(tree, alias.name)
                    if hit:
                        found.add(hit)
    return found - set(changed)


def parsed(texts):
    """Each of `texts` that parses, with its syntax tree."""
    import ast
    for text in texts:
        try:
            yield text, ast.parse(text)
        except SyntaxError:
            continue


def stand_ins(tree, texts):
    """The project's modules that `texts` import absolutely, as repository paths: ruff and
    isort sort an import of the project's own code (first-party) only when they find its module,
    so the development set holds an empty stand-in for each one it does not copy."""
    import ast
    found = set()
    for _, module in parsed(texts):
        for stmt in ast.walk(module):
            names = []
            if isinstance(stmt, ast.ImportFrom) and not stmt.level and stmt.module:
                names = [stmt.module] + [f"{stmt.module}.{a.name}" for a in stmt.names]
            elif isinstance(stmt, ast.Import):
                names = [a.name for a in stmt.names]
            for name in names:
                hit = first_party_module(tree, name)
                if hit:
                    found.add(hit)
    return found


def keepers_called(texts, added_lines):
    """Names of the keepers in `texts` (the before files and context modules) that
    `added_lines` call: functions that create a task from one of their own parameters
    and keep it (`def spawn(coro): t = asyncio.create_task(coro); _tasks.add(t); ...`), before
    the fix; a factory that the fix itself made keep its tasks is not one. asyncio's own
    `asyncio.create_task(` is no call of a keeper named `create_task` (better_thermostat's
    `self._control_task = asyncio.create_task(...)` beside its `TaskManager.create_task`); a
    function that keeps its task only in a weak container (hail's `BackgroundTaskManager`, a
    `weakref.WeakSet` before the fix) or that can return or raise before it makes the task
    (py-xiaozhi's `TaskManager.spawn`, which drops the coroutine while shutting down) keeps
    nothing on some path and is not one: undangle cannot reuse it."""
    import ast
    called = {name for receiver, name in re.findall(
        r"(?<![\w.])((?:[A-Za-z_]\w*\.)*)([A-Za-z_]\w*)\(", "\n".join(added_lines))
        if receiver != "asyncio."}
    found = set()
    for text, tree in parsed(texts):
        weak = weak_holders(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and node.name in called):
                continue
            params = {a.arg for a in [*node.args.posonlyargs, *node.args.args,
                                      *node.args.kwonlyargs]}
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and call.args
                        and isinstance(call.args[0], ast.Name) and call.args[0].id in params
                        and getattr(call.func, "attr", getattr(call.func, "id", None))
                        in ("create_task", "ensure_future")
                        and stores(node, weak) and not leaves_before(node, call)):
                    found.add(node.name)
    found |= class_sets_used(texts, added_lines)
    return sorted(found)


CLASS_SET = "class set "


def class_sets_used(texts, added_lines):
    """The sets a class binds in its body (`_background_tasks = set()`) and keeps its tasks in
    before the fix (`cls._background_tasks.add(task)` with `.add_done_callback(
    cls._background_tasks.discard)`, through `self`, `cls` or the class's name) that
    `added_lines` name: the class's own keeper (telegram-bot-template-donBarbos's
    `QuizService`, the sixteenth issue-36 exam), as `class set QuizService._background_tasks`."""
    import ast
    used = set(re.findall(r"[A-Za-z_]\w*", "\n".join(added_lines)))
    found = set()
    for text, tree in parsed(texts):
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            source = re.sub(r"\s", "", ast.get_source_segment(text, cls) or "")
            for stmt in cls.body:
                targets = (stmt.targets if isinstance(stmt, ast.Assign)
                           else [stmt.target] if isinstance(stmt, ast.AnnAssign) else [])
                value = getattr(stmt, "value", None)
                if not (len(targets) == 1 and isinstance(targets[0], ast.Name)
                        and isinstance(value, ast.Call) and not value.args
                        and getattr(value.func, "id", None) == "set"):
                    continue
                name = targets[0].id
                keeps = any(f"{r}.{name}.add(" in source
                            and f".add_done_callback({r}.{name}.discard)" in source
                            for r in ("self", "cls", cls.name))
                if keeps and name in used:
                    found.add(f"{CLASS_SET}{cls.name}.{name}")
    return found


def stores(function, weak=frozenset()):
    """Whether the body of `function` puts something in a collection: `.add(x)`, `.append(x)`
    or `d[k] = x`, into none of the `weak` holders (see `weak_holders`). The body's statements,
    not the signature: a default value under a subscript annotation (`client:
    Optional[tuple] = None`, mitmproxy's `asyncio_utils.create_task`, which only names its
    task) is no store."""
    import ast
    for stmt in function.body:
        for node in ast.walk(stmt):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("add", "append")
                    and ast.unparse(node.func.value) not in weak):
                return True
            if (isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Subscript)
                            and ast.unparse(t.value) not in weak for t in node.targets)):
                return True
    return False


WEAK = ("WeakSet", "WeakValueDictionary", "WeakKeyDictionary")


def weak_holders(tree):
    """The holders a module binds to a weak container anywhere (`self.tasks =
    weakref.WeakSet()`), as spelled: one such binding and a task kept there may be collected,
    as undangle's keeper recognition reads it."""
    import ast
    found = set()
    for node in ast.walk(tree):
        value = getattr(node, "value", None)
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        function = value.func if isinstance(value, ast.Call) else None
        name = getattr(function, "attr", getattr(function, "id", None))
        if name in WEAK:
            found |= {ast.unparse(t) for t in targets}
    return found


def leaves_before(function, call):
    """Whether `function` can return or raise before `call` makes its task: on that path it
    keeps nothing (a nested function's own statements left out)."""
    import ast
    pending = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Return, ast.Raise)) and node.lineno < call.lineno:
            return True
        pending.extend(ast.iter_child_nodes(node))
    return False


def fixed_ranges(mirror, commit, path):
    """Old-side line ranges of the hunks that change a line creating a task. A hunk that only
    changes an import is no site: where it rebinds a task function's name to the project's
    keeper (hikari-crescent's `from asyncio import create_task` made `from crescent.utils import
    create_task`), the sites are the unchanged lines that call that name."""
    diff = git(mirror, "diff", "-U0", f"{commit}^", commit, "--", path) or ""
    ranges, rebound = [], set()
    for hunk in re.split(r"^(?=@@ )", diff, flags=re.M)[1:]:
        header = re.match(r"@@ -(\d+)(?:,(\d+))? ", hunk)
        lines = hunk.splitlines()[1:]
        removed = [line[1:] for line in lines if line.startswith("-")]
        added = [line[1:] for line in lines if line.startswith("+")]
        if only_callee_swapped(removed, added) or only_rewrapped(removed, added):
            continue
        if (any(IMPORT_START.match(line) for line in removed)
                and all(IMPORT_START.match(line) or IMPORT_REST.match(line) for line in removed)):
            rebound |= set(TASK_FUNCTION.findall("\n".join(removed)))
            continue
        # A site the maintainers changed: a removed line that creates a task.
        if header and re.search(r"create_task|ensure_future", "\n".join(removed)):
            start, count = int(header.group(1)), int(header.group(2) or 1)
            ranges.append([start, start + max(count, 1) - 1])
    after = git(mirror, "show", f"{commit}:{path}") or ""
    # Still called bare after the fix, so imported from elsewhere: the project's keeper.
    rebound = {name for name in rebound if bare_call(name).search(after)}
    before = (git(mirror, "show", f"{commit}^:{path}") or "").splitlines()
    for number, line in enumerate(before, 1):
        if (any(bare_call(name).search(line) for name in rebound)
                and not any(start <= number <= end for start, end in ranges)):
            ranges.append([number, number])
    return sorted(ranges)


TASK_FUNCTION = re.compile(r"\b(?:create_task|ensure_future)\b")
# An import line, and the other lines of a parenthesized one (`    create_task,`, `)`).
IMPORT_START = re.compile(r"\s*(?:from\s+[\w.]+\s+import\b|import\s)")
IMPORT_REST = re.compile(r"[\w\s,]*\)?\s*$")


def bare_call(name):
    """A call of `name` itself, not of an attribute of that name (`loop.create_task(`)."""
    return re.compile(r"(?<![\w.])%s\s*\(" % re.escape(name))


def nested_folders(paths):
    """Every folder between the repository's top and each of `paths` (the top left out)."""
    folders = set()
    for path in paths:
        parts = path.split("/")[:-1]
        folders |= {"/".join(parts[:i]) for i in range(1, len(parts) + 1)}
    return folders


def build(repository, commit, mirrors, cache=CACHE, nested=False, markers=False,
          whole=True):
    name = repository.split("/")[1]
    mirror = mirrors / repository.replace("/", "+") / "repo"
    if not mirror.is_dir():
        print(f"skipped {repository}: no mirror at {mirror}", file=sys.stderr)
        return None
    paths = (git(mirror, "diff", "--name-only", "--diff-filter=M", f"{commit}^", commit,
                 "--", "*.py") or "").splitlines()
    out = cache / name
    shutil.rmtree(out, ignore_errors=True)
    fixed = {}
    for path in paths:
        before, after = git(mirror, "show", f"{commit}^:{path}"), git(mirror, "show", f"{commit}:{path}")
        if before is None or after is None:
            continue
        for side, text in [("before", before), ("after", after)]:
            target = out / side / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        ranges = fixed_ranges(mirror, commit, path)
        if ranges:
            fixed[path] = ranges
    # The modules the fix calls into (the project's keeper), as they were before the fix.
    tree = (git(mirror, "ls-tree", "-r", "--name-only", f"{commit}^") or "").splitlines()
    context = set()
    for path in fixed:
        diff = git(mirror, "diff", "-U0", f"{commit}^", commit, "--", path) or ""
        added = [line[1:] for line in diff.splitlines()
                 if line.startswith("+") and not line.startswith("+++")]
        context |= context_modules(tree, path, (out / "after" / path).read_text(), added, paths)
    for path in sorted(context):
        text = git(mirror, "show", f"{commit}^:{path}")
        if text is None:
            continue
        for side in ("before", "after"):
            target = out / side / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    (out / "context.json").write_text(json.dumps(sorted(context), indent=1) + "\n")
    copied = [out / "before" / path for path in [*paths, *sorted(context)]]
    snapshot = set()
    if whole:
        # The rest of the snapshot the fix reads, each side as it was (the formatter's files
        # only before: the harness runs the tools there).
        snapshot = snapshot_files(mirror, f"{commit}^", paths) - set(paths) - context
        copy_snapshot(mirror, f"{commit}^", snapshot, out / "before")
        after = {path for path in snapshot_files(mirror, commit, paths) if path.endswith(".py")}
        copy_snapshot(mirror, commit, after - set(paths) - context, out / "after")
    standing_in = sorted(stand_ins(tree, [p.read_text() for p in copied if p.exists()])
                         - set(paths) - context)
    if markers:
        # Each package above a copied file keeps its `__init__.py` (empty): where a package
        # begins decides where a helper module goes and how the project's imports are written.
        # The repository's own folder too, where it is itself a package (an AstrBot plugin:
        # `core/` imports `from ..exceptions import E`): without its marker `core/` and
        # `services/` look like two top packages.
        files = set(tree)
        folders = nested_folders([*paths, *context, *standing_in]) | {""}
        markers_above = {f"{folder}/__init__.py".lstrip("/") for folder in folders}
        standing_in = sorted(set(standing_in) | (markers_above & files) - set(paths) - context)
    standing_in = sorted(set(standing_in) - snapshot)
    for path in standing_in:
        for side in ("before", "after"):
            target = out / side / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("")
    if markers:
        # A Home Assistant custom integration's manifest.json marks the package that ships
        # alone: the helper goes inside it.
        files = set(tree)
        for folder in nested_folders([*paths, *context]):
            manifest = f"{folder}/manifest.json"
            if folder.rsplit("/", 2)[-2:-1] == ["custom_components"] and manifest in files:
                text = git(mirror, "show", f"{commit}^:{manifest}")
                for side in ("before", "after"):
                    if text is not None:
                        (out / side / manifest).write_text(text)
    (out / "stand-ins.json").write_text(json.dumps(standing_in, indent=1) + "\n")
    all_added = []
    for path in fixed:
        diff = git(mirror, "diff", "-U0", f"{commit}^", commit, "--", path) or ""
        all_added += [line[1:] for line in diff.splitlines()
                      if line.startswith("+") and not line.startswith("+++")]
    texts = [(out / "before" / path).read_text() for path in [*paths, *sorted(context)]
             if (out / "before" / path).exists()]
    keepers = keepers_called(texts, all_added)
    (out / "keepers.json").write_text(json.dumps(keepers) + "\n")
    workflows = [p for p in tree if p.startswith(".github/workflows/")
                 and p.endswith((".yml", ".yaml"))]
    # The requirements files beside the settings (the Home Assistant and pyee releases the
    # project declares are read from them).
    workflows += [p for p in tree if "/" not in p and re.fullmatch(r"requirements.*\.txt", p)]
    for setting in [*SETTINGS, *workflows]:
        text = git(mirror, "show", f"{commit}^:{setting}")
        if text is not None:
            (out / "before" / setting).parent.mkdir(parents=True, exist_ok=True)
            (out / "before" / setting).write_text(text)
    if nested:
        # A workspace member's own settings (backend/ruff.toml, packages/x/pyproject.toml),
        # which the tools read for the files under it, as they were before the fix.
        for folder in sorted(nested_folders(paths)):
            for setting in ["pyproject.toml", *SETTINGS]:
                text = git(mirror, "show", f"{commit}^:{folder}/{setting}")
                if text is not None:
                    (out / "before" / folder / setting).write_text(text)
    spec = declared_python(mirror, f"{commit}^")
    pyproject = git(mirror, "show", f"{commit}^:pyproject.toml")
    if pyproject is not None or spec:
        (out / "before/pyproject.toml").write_text(with_requires_python(pyproject or "", spec))
    if spec:
        (out / "requires-python").write_text(spec + "\n")
    (out / "fixed.json").write_text(json.dumps(fixed, indent=1, sort_keys=True) + "\n")
    return name, len(paths), sum(len(r) for r in fixed.values()), len(context), keepers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--manifest", type=Path, default=MANIFEST,
                        help="commits to build (repository, commit, how; a header line first)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where to write the projects")
    parser.add_argument("--nested-settings", action="store_true",
                        help="also copy the settings files of the folders above each changed file")
    # On by default: without them a package's modules look like top-level modules and
    # packages of their own, and `--strategy helper` writes a helper in each (panel's
    # `panel/io/` and `panel/pane/`, a private one in `panel/viewable.py`).
    parser.add_argument("--package-markers", action=argparse.BooleanOptionalAction, default=True,
                        help="an empty __init__.py for each package above a copied file")
    parser.add_argument("--snapshot", action=argparse.BooleanOptionalAction, default=True,
                        help="also every module of the snapshot and the files that run or "
                             "configure its formatter (--no-snapshot: the changed files, their "
                             "context and the known settings files only)")
    args = parser.parse_args()
    rows = [line.split("\t") for line in args.manifest.read_text().splitlines()[1:]
            if line.strip()]
    built = 0
    for repository, commit, _how in rows:
        result = build(repository, commit, args.mirrors, args.cache, args.nested_settings,
                       args.package_markers, args.snapshot)
        if result:
            built += 1
            print(f"{result[0]}: {result[1]} files, {result[2]} fixed sites, "
                  f"{result[3]} context modules, keepers called: {result[4]}")
    print(f"{built} of {len(rows)} projects in {args.cache}")
    return 0 if built else 1


if __name__ == "__main__":
    sys.exit(main())
