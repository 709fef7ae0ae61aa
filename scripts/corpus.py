#!/usr/bin/env python3
"""Real-world validation: run undangle on pinned PyPI packages and hold it against ruff.

    python3 scripts/corpus.py [--docs]

Fetches the packages in testdata/corpus/packages.tsv (wheels, sha256-checked, *.py only) into
${XDG_CACHE_HOME:-~/.cache}/undangle/corpus (offline after the first run), installs the pinned
ruff (scripts/ruff.sh), builds undangle in release mode, then for every package:

  - runs `undangle check --output-format json` and `ruff check --select RUF006`;
  - runs `undangle fix` on a copy, compiles every changed file with this python3 (or, where this
    interpreter is too old for the original too, compares ruff's syntax errors before and after);
  - runs `undangle diff` and `undangle fix` again on the fixed copy.

It prints one table (docs/evaluation.md, "Real-world results"; --docs rewrites that section) and exits 1 on
any new syntax error, a change to a file without a finding, a non-empty second diff, findings that
change when the prefilter is switched off (`--no-prefilter`), or a ruff finding that undangle
misses and testdata/corpus/differences.tsv does not explain.
"""

import argparse
import collections
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import docs_section

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "testdata/corpus/packages.tsv"
DIFFERENCES = ROOT / "testdata/corpus/differences.tsv"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "undangle/corpus"
KINDS = ["bare", "unused-assignment", "chained-callback", "comprehension", "callback-only",
         "factory-result", "threadsafe-handoff", "rebound", "dying-container",
         "callback-return", "weak-container", "wait-pending"]
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
             "manylinux_2_5_x86_64", "manylinux1_x86_64", "any"]


def fetch(name, version, pyver, wheel, sha):
    """The package's source folder, downloading and unpacking the wheel if needed."""
    wheels, dest = CACHE / "wheels", CACHE / "src" / f"{name}-{version}"
    path = wheels / wheel
    if not path.exists():
        wheels.mkdir(parents=True, exist_ok=True)
        platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "--disable-pip-version-check", "--only-binary=:all:",
                        "--python-version", pyver, "--implementation", "cp", *platforms,
                        "-d", str(wheels), f"{name}=={version}"], check=True,
                       stdout=subprocess.DEVNULL)
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
        sys.exit(f"sha256 mismatch for {wheel}")
    marker = dest / ".unpacked"
    if not marker.exists():
        shutil.rmtree(dest, ignore_errors=True)
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".py") and ".dist-info/" not in member:
                    archive.extract(member, dest)
        marker.touch()
    return dest


def python_files(folder):
    return sorted(p for p in folder.rglob("*.py") if p.is_file())


def undangle(binary, args, cwd):
    started = time.perf_counter()
    result = subprocess.run([str(binary), *args], cwd=cwd, capture_output=True)
    if result.returncode not in (0, 1):
        sys.exit(f"undangle {' '.join(args)} failed in {cwd}:\n{result.stderr.decode()}")
    return result, time.perf_counter() - started


def ruff_diagnostics(ruff, paths, cwd):
    result = subprocess.run([ruff, "check", "--isolated", "--no-cache", "--select", "RUF006",
                             "--output-format", "json", "--exit-zero", *map(str, paths)],
                            cwd=cwd, capture_output=True, check=True)
    return json.loads(result.stdout)


def compiles(data, name):
    try:
        compile(data, name, "exec")
        return True
    except (SyntaxError, ValueError):
        return False


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in python_files(folder)}


def load_differences():
    explained = {}
    for row in DIFFERENCES.read_text().splitlines()[1:]:
        if row.strip():
            path, line, reason = row.split("\t", 2)
            explained[(path, int(line))] = reason
    return explained


def validate(name, src, binary, ruff, explained):
    """One package's row, and the list of its failures."""
    failures = []
    files = python_files(src)
    row = {"package": name, "files": len(files), "bytes": sum(p.stat().st_size for p in files)}

    checked, row["seconds"] = undangle(binary, ["check", "--output-format", "json", "."], src)
    findings = json.loads(checked.stdout)
    # The prefilter must lose nothing: parsing every file whole finds exactly the same.
    unfiltered, _ = undangle(binary, ["check", "--no-prefilter", "--output-format", "json", "."], src)
    if json.loads(unfiltered.stdout) != findings:
        failures.append(f"{name}: findings differ with the prefilter switched off")
    kinds = collections.Counter(f["kind"] for f in findings)
    row.update({kind: kinds.get(kind, 0) for kind in KINDS})
    row["undangle"] = len(findings)

    ours = collections.defaultdict(list)
    for f in findings:
        ours[f["path"]].append((f["line"], f["end_line"]))
    theirs = [d for d in ruff_diagnostics(ruff, ["."], src) if d["code"] == "RUF006"]
    row["ruff"], row["ruff_found"] = len(theirs), 0
    for d in theirs:
        path = Path(d["filename"]).resolve().relative_to(src.resolve()).as_posix()
        line = d["location"]["row"]
        if any(start <= line <= end for start, end in ours[path]):
            row["ruff_found"] += 1
        elif (f"{name}/{path}", line) not in explained:
            failures.append(f"{name}/{path}:{line}: ruff reports RUF006, undangle does not")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / name
        shutil.copytree(src, work)
        before = snapshot(work)
        undangle(binary, ["fix", "."], work)
        after = snapshot(work)
        changed = sorted(p for p in before if before[p] != after[p])
        row["changed"] = len(changed)
        # A factory-result is fixed in the factory's file.
        fixable = {f["path"] for f in findings if f["fixable"]}
        fixable |= {f["factory"]["path"] for f in findings if f["fixable"] and f.get("factory")}
        failures += [f"{name}/{p}: changed without a finding" for p in changed if p not in fixable]

        too_new = [p for p in changed if not compiles(after[p], p) and not compiles(before[p], p)]
        broken = [p for p in changed if not compiles(after[p], p) and compiles(before[p], p)]
        if too_new:  # this interpreter cannot judge: ask ruff, which parses the newest syntax
            errors = collections.Counter()
            for label, folder in (("before", src), ("after", work)):
                for d in ruff_diagnostics(ruff, too_new, folder):
                    if d["code"] == "invalid-syntax":
                        errors[(label, Path(d["filename"]).name)] += 1
            broken += [p for p in too_new
                       if errors[("after", Path(p).name)] > errors[("before", Path(p).name)]]
        row["new_syntax_errors"] = len(broken)
        failures += [f"{name}/{p}: new syntax error after fix" for p in broken]

        second_diff, _ = undangle(binary, ["diff", "."], work)
        if second_diff.returncode != 0 or second_diff.stdout:
            failures.append(f"{name}: the second diff is not empty")
        undangle(binary, ["fix", "."], work)
        again = snapshot(work)
        row["changed_again"] = sum(1 for p in after if after[p] != again.get(p))
        failures += [f"{name}: the second fix changed files"] * bool(row["changed_again"])
    return row, failures


COLUMNS = [("package", "package"), ("files", "files"), ("bytes", "MB"), ("bare", "bare"),
           ("unused-assignment", "unused"), ("chained-callback", "chained"),
           ("comprehension", "compr."), ("callback-only", "cb-only"),
           ("factory-result", "factory"), ("threadsafe-handoff", "hand-off"),
           ("rebound", "rebound"), ("dying-container", "dying"),
           ("undangle", "undangle total"), ("ruff", "ruff RUF006"),
           ("ruff_found", "of ruff's found"), ("changed", "files fixed"),
           ("new_syntax_errors", "new syntax errors"), ("changed_again", "changed by 2nd fix"),
           ("seconds", "check (s)")]


def table(rows):
    total = {"package": "**total**"}
    for key, _ in COLUMNS[1:]:
        total[key] = sum(r[key] for r in rows)
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for r in rows + [total]:
        cells = []
        for key, _ in COLUMNS:
            value = r[key]
            if key == "bytes":
                value = f"{value / 1e6:.1f}"
            elif key == "seconds":
                value = f"{value:.2f}"
            cells.append(str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true", help="rewrite the table of docs/evaluation.md")
    parser.add_argument("--fetch-only", action="store_true", help="fetch the packages, print the folder")
    args = parser.parse_args()

    packages = [line.split("\t") for line in PACKAGES.read_text().splitlines() if line.strip()]
    sources = [(f"{name}-{version}", fetch(name, version, pyver, wheel, sha))
               for name, version, pyver, wheel, sha in packages]
    if args.fetch_only:
        print(CACHE / "src")
        return 0
    ruff = subprocess.run([str(ROOT / "scripts/ruff.sh")], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    binary = ROOT / "target/release/undangle"
    explained = load_differences()

    rows, failures = [], []
    for name, src in sources:
        row, problems = validate(name, src, binary, ruff, explained)
        rows.append(row)
        failures += problems
    # All packages in one run: the wall time a user would see.
    _, whole = undangle(binary, ["check", "."], CACHE / "src")

    report = table(rows) + (f"\n\nAll {len(rows)} packages in one `undangle check` run: "
                            f"{whole:.2f} s wall time.")
    print(report)
    if args.docs:
        docs_section.replace("corpus", report)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    print(f"{len(failures)} failures", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
