#!/usr/bin/env python3
"""Mutation fuzzing on real code: break the corpus files that create tasks in every way an editor,
a merge or a bad copy can, and hold undangle to its promises on each mutant.

    python3 scripts/fuzz.py [--mutants N] [--seed S] [--batch B]

Each mutant is a corpus file (testdata/corpus/packages.tsv, fetched by scripts/corpus.py) that
mentions `create_task` or `ensure_future`, changed by one deterministic mutation: a line deleted,
duplicated or re-indented, a token or a control byte inserted, the file truncated, or a
structure-aware edit (a statement joined to the next with `;`, moved into a one-line `if`,
continued with a backslash, wrapped in parentheses). Mutants run in batches, many files per
undangle run. For every mutant:

  - no panic, and every exit code in {0, 1, 2};
  - not valid Python (CPython 3.13's `compile()`, or this python3's): `fix` changes no byte;
  - valid: the fixed file is valid Python, `git apply` of the `diff` gives exactly what `fix`
    wrote, and a second `diff` is empty.

It prints the counts and exits 1 on any failure, naming the mutant (kept in --keep DIR).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import corpus

ROOT = corpus.ROOT
PYENV_ROOT = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
TOKENS = ["(", ")", "[", "]", ":", ",", ";", "\\", "=", "async ", "await ", "lambda ", '"""',
          "'", "#", " if ", " else ", "yield ", "return ", "**", "@", "->", "\t", " "]
CONTROL = ["\x0c", "\x1b", "\x07", "\x1a", "\r", "\x00", "\ufeff", "\u2028"]
COMPILE = """
import sys
for path in sys.argv[1:]:
    try:
        compile(open(path, "rb").read(), path, "exec")
        print("ok", path)
    except (SyntaxError, ValueError):
        print("bad", path)
"""


def newest_python():
    candidates = sorted(PYENV_ROOT.glob("versions/3.13.*/bin/python3"))
    return str(candidates[-1]) if candidates else sys.executable


def mutate(text, rng):
    """One mutation of `text`, and its name."""
    lines = text.splitlines(keepends=True) or [""]
    task_lines = [i for i, l in enumerate(lines) if "create_task" in l or "ensure_future" in l]
    i = rng.choice(task_lines) if task_lines and rng.random() < 0.7 else rng.randrange(len(lines))
    line = lines[i]
    kind = rng.choice(["delete", "duplicate", "indent", "dedent", "token", "control",
                       "truncate", "join", "one-line-if", "backslash", "parenthesise"])
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, line)
    elif kind == "indent":
        lines[i] = rng.choice([" ", "    ", "\t", "  "]) + line
    elif kind == "dedent":
        lines[i] = line[rng.randint(1, 4):] if line.startswith(" ") else line.lstrip()
    elif kind in ("token", "control"):
        at = rng.randrange(len(line) + 1)
        insert = rng.choice(TOKENS if kind == "token" else CONTROL)
        lines[i] = line[:at] + insert + line[at:]
    elif kind == "truncate":
        joined = "".join(lines)
        return joined[: rng.randrange(len(joined) + 1)], kind
    elif kind == "join" and i + 1 < len(lines):
        lines[i] = line.rstrip("\r\n") + "; " + lines[i + 1].lstrip()
        del lines[i + 1]
    elif kind == "one-line-if":
        stripped = line.lstrip()
        lines[i] = line[: len(line) - len(stripped)] + "if flag: " + stripped
    elif kind == "backslash":
        indent = line[: len(line) - len(line.lstrip())]
        lines.insert(i, indent + "pass; \\\n")
    elif kind == "parenthesise":
        stripped = line.strip()
        if stripped:
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}({stripped})\n"
    return "".join(lines), kind


def run(binary, args, cwd):
    result = subprocess.run([str(binary), *args], cwd=cwd, capture_output=True)
    return result.returncode, result.stdout, result.stderr.decode("utf-8", "replace")


def validity(python, folder, names):
    result = subprocess.run([python, "-c", COMPILE, *names], cwd=folder, capture_output=True,
                            text=True)
    return {line.split(" ", 1)[1]: line.startswith("ok") for line in result.stdout.splitlines()}


def check_batch(binary, python, mutants, keep):
    """Runs one batch; returns (counts, failures)."""
    failures = []
    counts = {"valid": 0, "invalid": 0, "fixed": 0}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        original, fixed, patched = tmp / "original", tmp / "fixed", tmp / "patched"
        original.mkdir()
        names = []
        for n, (text, _kind, _source) in enumerate(mutants):
            name = f"m{n:05d}.py"
            (original / name).write_bytes(text.encode("utf-8", "surrogatepass"))
            names.append(name)
        shutil.copytree(original, fixed)
        shutil.copytree(original, patched)
        valid = validity(python, original, names)

        code, diff, stderr = run(binary, ["diff", "."], original)
        if code not in (0, 1, 2) or "panicked" in stderr:
            failures.append(f"diff exited {code}: {stderr[-500:]}")
        code, _, stderr = run(binary, ["fix", "."], fixed)
        if code not in (0, 2) or "panicked" in stderr:
            failures.append(f"fix exited {code}: {stderr[-500:]}")
        (tmp / "patch.diff").write_bytes(diff)
        if diff:
            applied = subprocess.run(["git", "apply", "--unsafe-paths", str(tmp / "patch.diff")],
                                     cwd=patched, capture_output=True, text=True)
            if applied.returncode != 0:
                failures.append(f"git apply rejects the diff: {applied.stderr[-500:]}")
        after = validity(python, fixed, names)
        for name, (text, kind, source) in zip(names, mutants):
            before_bytes = (original / name).read_bytes()
            fixed_bytes = (fixed / name).read_bytes()
            where = f"{name} ({kind} of {source})"
            if not valid.get(name, False):
                counts["invalid"] += 1
                if fixed_bytes != before_bytes:
                    failures.append(f"{where}: invalid Python, but fix changed it")
                continue
            counts["valid"] += 1
            counts["fixed"] += fixed_bytes != before_bytes
            if not after.get(name, False):
                failures.append(f"{where}: the fix is not valid Python")
            if (patched / name).read_bytes() != fixed_bytes:
                failures.append(f"{where}: git apply of the diff differs from fix")
        code, second, _ = run(binary, ["diff", "."], fixed)
        if second:
            touched = sorted({line[6:].strip() for line in second.decode(errors="replace")
                              .splitlines() if line.startswith("+++ b/")})
            failures.append(f"a second diff is not empty: {', '.join(touched[:10])}")
        if failures and keep:
            target = keep / f"batch-{len(list(keep.glob('batch-*')))}"
            shutil.copytree(original, target)
    return counts, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="copy failing batches here")
    parser.add_argument("--binary", type=Path, help="undangle to test (default: a release build)")
    args = parser.parse_args()

    packages = [line.split("\t") for line in corpus.PACKAGES.read_text().splitlines()
                if line.strip()]
    sources = []
    for name, version, pyver, wheel, sha in packages:
        folder = corpus.fetch(name, version, pyver, wheel, sha)
        for path in corpus.python_files(folder):
            text = path.read_text("utf-8", errors="surrogateescape")
            if "create_task" in text or "ensure_future" in text:
                sources.append((f"{name}/{path.relative_to(folder)}", text))
    binary = args.binary.resolve() if args.binary else None
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
        binary = ROOT / "target/release/undangle"
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    python = newest_python()
    rng = random.Random(args.seed)
    totals = {"valid": 0, "invalid": 0, "fixed": 0}
    failures = []
    done = 0
    while done < args.mutants:
        size = min(args.batch, args.mutants - done)
        batch = []
        for _ in range(size):
            source, text = rng.choice(sources)
            mutant, kind = mutate(text, rng)
            batch.append((mutant, kind, source))
        counts, problems = check_batch(binary, python, batch, args.keep)
        for key in totals:
            totals[key] += counts[key]
        failures += problems
        done += size
        print(f"{done} mutants: {totals['valid']} valid ({totals['fixed']} fixed), "
              f"{totals['invalid']} invalid, {len(failures)} failures", flush=True)
    for failure in failures[:50]:
        print(f"FAIL: {failure}", file=sys.stderr)
    print(f"fuzz: {done} mutants of {len(sources)} files (seed {args.seed}), "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
