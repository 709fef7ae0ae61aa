#!/usr/bin/env python3
"""Benchmark: undangle against ruff (cold) and ripgrep on the same trees.

    python3 scripts/bench.py [--tree default|large|all] [--runs N] [--base BIN] [--docs]

Trees (--tree default): the development corpus (scripts/corpus.py fetches it), this machine's
CPython standard library (its own *.py files, copied without site-packages), and eight copies
of that library. --tree large: the 42 asyncio-heavy packages of the large corpus (226 MB,
23,545 files; `../shared/corpus-large/fetch.sh ~/.cache/undangle-corpus-large` fetches them,
pinned with hashes; UNDANGLE_CORPUS_LARGE names another folder). --tree all: both.
Commands, run interleaved (one of each per round, after warm-up rounds):

    undangle check | undangle check --output-format json | undangle audit | undangle diff
    ruff check --isolated --select RUF006 --no-cache        (pinned ruff, scripts/ruff.sh)
    rg -l -e create_task -e ensure_future --type py         (Debian's ripgrep)
    cat of the same *.py files, two in parallel             (the floor: reading them)

Needs Debian's ripgrep and time (apt-get install ripgrep time); not run in CI.

With --base (the previous release build, e.g. `git worktree add /tmp/prev <tag> && cargo build
--release` there), that build's check, audit and diff run in the same rounds, and a before/after
table follows. It prints the median wall time and peak RSS of each, and the ratios of undangle check and diff to
ruff, and of check to rg (peak RSS from GNU time); --docs (or --readme) writes the tables into
docs/performance.md: the development trees' between its bench markers, the large tree's between
its bench-large markers.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import docs_section

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "undangle/bench"
LARGE = "large (42 packages)"


def need(tool, package):
    if shutil.which(tool) is None:
        sys.exit(f"{tool} not found: install Debian's {package} (apt-get install {package})")
    return shutil.which(tool)


def stdlib_trees():
    """A copy of the standard library's *.py files, and eight copies of that."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    single, eight = CACHE / "stdlib", CACHE / "stdlib-8x"
    if not (single / ".done").exists():
        shutil.rmtree(single, ignore_errors=True)
        def ignore(folder, names):
            return [n for n in names if n in ("site-packages", "__pycache__")
                    or (Path(folder, n).is_file() and not n.endswith(".py"))]
        shutil.copytree(stdlib, single, ignore=ignore)
        (single / ".done").touch()
    if not (eight / ".done").exists():
        shutil.rmtree(eight, ignore_errors=True)
        for i in range(8):
            shutil.copytree(single, eight / f"copy{i}")
        (eight / ".done").touch()
    return single, eight


def python_bytes(tree):
    return sum(p.stat().st_size for p in Path(tree).rglob("*.py"))


def large_tree():
    """The large corpus's sources: fetched by its pinned script when absent."""
    tree = Path(os.environ.get("UNDANGLE_CORPUS_LARGE",
                               Path.home() / ".cache/undangle-corpus-large")) / "src"
    if tree.is_dir():
        return tree
    fetch = next((p for p in (ROOT.parent / "shared/corpus-large/fetch.sh",
                              ROOT.parent.parent / "shared/corpus-large/fetch.sh") if p.exists()), None)
    if fetch is None:
        sys.exit(f"{tree} not found: fetch it with ../shared/corpus-large/fetch.sh {tree.parent}")
    subprocess.run(["bash", str(fetch), str(tree.parent)], check=True)
    return tree


def cat_files(tree):
    """`cat` of every *.py file of the tree, two processes in parallel: the cost of reading them."""
    return ["sh", "-c", 'find "$1" -name "*.py" -type f -print0 | xargs -0 -P2 -n256 cat > /dev/null',
            "cat", str(tree)]


def wall(command):
    """Wall seconds of one run, output discarded."""
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(map(str, command))}")
    return elapsed


def peak_rss(command, gnu_time):
    """Peak RSS in KiB, from GNU time: the rusage of a child of Python would also count the
    memory of the forked Python process before it became the command."""
    result = subprocess.run([gnu_time, "-f", "%M", *command], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1])


def measure(commands, runs, gnu_time, warmup=2):
    samples = {name: [] for name in commands}
    for round_ in range(warmup + runs):
        for name, command in commands.items():  # interleaved: one of each per round
            elapsed = wall(command)
            if round_ >= warmup:
                samples[name].append(elapsed)
    return {name: (statistics.median(samples[name]), peak_rss(command, gnu_time))
            for name, command in commands.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--base", help="the previous release build, measured in the same rounds")
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true")
    parser.add_argument("--tree", choices=("default", "large", "all"), default="default")
    args = parser.parse_args()

    rg = need("rg", "ripgrep")
    gnu_time = need("/usr/bin/time", "time")
    ruff = subprocess.run([str(ROOT / "scripts/ruff.sh")], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    undangle = str(ROOT / "target/release/undangle")
    trees = []
    if args.tree in ("default", "all"):
        corpus = subprocess.run([sys.executable, str(ROOT / "scripts/corpus.py"), "--fetch-only"],
                                capture_output=True, text=True, check=True).stdout.strip()
        single, eight = stdlib_trees()
        trees += [("corpus", corpus), ("stdlib", single), ("stdlib ×8", eight)]
    if args.tree in ("large", "all"):
        trees.append((LARGE, large_tree()))

    rows = []
    for label, tree in trees:
        tree = str(tree)
        results = measure({
            "undangle check": [undangle, "check", tree],
            "undangle check --output-format json": [undangle, "check", "--output-format", "json", tree],
            "undangle audit --output-format json": [undangle, "audit", "--output-format", "json", tree],
            "undangle diff": [undangle, "diff", tree],
            **({
                "base check": [args.base, "check", tree],
                "base audit --output-format json": [args.base, "audit", "--output-format", "json", tree],
                "base diff": [args.base, "diff", tree],
            } if args.base else {}),
            "ruff (cold)": [ruff, "check", "--isolated", "--select", "RUF006", "--no-cache", tree],
            "rg -l": [rg, "-l", "-e", "create_task", "-e", "ensure_future", "--type", "py", tree],
            "cat (2 in parallel)": cat_files(tree),
        }, args.runs, gnu_time)
        rows.append((label, python_bytes(tree), results))

    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    machine = f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"
    footer = (f"Medians of {args.runs} interleaved runs after 2 warm-up rounds, on {machine}"
              f" (load average {os.getloadavg()[0]:.1f} at the end).")
    # The development trees and the large one each have their section of the docs' page.
    sections = {"bench": [r for r in rows if r[0] != LARGE],
                "bench-large": [r for r in rows if r[0] == LARGE]}
    for name, measured in sections.items():
        if not measured:
            continue
        report = tables(measured, args.base) + "\n\n" + footer
        print(report + "\n")
        if args.docs:
            docs_section.replace(name, report)
    return 0


def tables(rows, base):
    """The Markdown tables of `rows` (label, bytes, results): each command's median and peak
    RSS, the ratios the goals name, and with a base build the before/after ratios."""
    lines = ["| tree | MB | command | median (ms) | peak RSS (MB) |", "|---|---|---|---|---|"]
    ratios = ["| tree | check / ruff | diff / ruff | check / rg | check / cat | audit / check "
              "| RSS check / ruff | RSS diff / ruff |",
              "|---|---|---|---|---|---|---|---|"]
    for label, size, results in rows:
        for name, (seconds, rss) in results.items():
            lines.append(f"| {label} | {size / 1e6:.1f} | `{name}` | {seconds * 1e3:.0f} | {rss / 1024:.0f} |")
        check, audit, diff, ruff_, rg_, cat = (results[name] for name in (
            "undangle check", "undangle audit --output-format json", "undangle diff", "ruff (cold)",
            "rg -l", "cat (2 in parallel)"))
        ratios.append(f"| {label} | {check[0] / ruff_[0]:.2f} | {diff[0] / ruff_[0]:.2f} | "
                      f"{check[0] / rg_[0]:.2f} | {check[0] / cat[0]:.2f} | {audit[0] / check[0]:.2f} | "
                      f"{check[1] / ruff_[1]:.2f} | {diff[1] / ruff_[1]:.2f} |")
    if base:
        ratios += ["", "| tree | check now / before | audit now / before | diff now / before | "
                   "audit / check now | audit / check before | RSS check now / before |",
                   "|---|---|---|---|---|---|---|"]
        for label, _, results in rows:
            commands = ("check", "audit --output-format json", "diff")
            now = [results[f"undangle {c}"][0] for c in commands]
            before = [results[f"base {c}"][0] for c in commands]
            rss = results["undangle check"][1] / results["base check"][1]
            ratios.append(f"| {label} | {now[0] / before[0]:.2f} | {now[1] / before[1]:.2f} | "
                          f"{now[2] / before[2]:.2f} | {now[1] / now[0]:.2f} | "
                          f"{before[1] / before[0]:.2f} | {rss:.2f} |")
    return "\n".join(lines) + "\n\n" + "\n".join(ratios)


if __name__ == "__main__":
    sys.exit(main())
