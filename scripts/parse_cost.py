#!/usr/bin/env python3
"""What parsing alone costs on the fix path: tree-sitter against ruff's parser, in time and memory.

    python3 scripts/parse_cost.py [--docs]

Inputs: the corpus files that `undangle diff` fixes (planning a fix reads each whole through
tree-sitter, and ruff's parser validates it before and after), and the generated file of
50,000 bare calls in one function from scripts/bench_generated.py. For each, times both parsers
(`cargo bench --bench parsers`, best of 5 rounds, one thread) and measures the peak RSS of a
process that only parses it (GNU time). Also the CPU time of reading the corpus once (`rg -l`),
of `undangle check` and of `undangle diff`. --docs (or --readme) writes the tables into docs/performance.md.
"""

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import docs_section

ROOT = Path(__file__).resolve().parent.parent
PARSERS = ("tree-sitter", "ruff")


def bench_binary():
    """The `parsers` bench, built; its path from cargo's build messages."""
    built = subprocess.run(
        ["cargo", "bench", "--bench", "parsers", "--no-run", "--locked", "--message-format=json"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    for line in built.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable") \
                and message["target"]["name"] == "parsers":
            return message["executable"]
    sys.exit("cargo built no `parsers` bench")


def peak_mib(command):
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def cpu_ms(command, runs=5):
    """Median user plus system CPU time of the command, in ms (after one warm-up run)."""
    samples = []
    for round_ in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if round_ > 0:
            samples.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                           * 1e3)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    undangle = str(ROOT / "target/release/undangle")
    bench = bench_binary()
    corpus = subprocess.run([sys.executable, str(ROOT / "scripts/corpus.py"), "--fetch-only"],
                            capture_output=True, text=True, check=True).stdout.strip()
    diff = subprocess.run([undangle, "diff", "--color", "never", corpus], capture_output=True,
                          text=True)
    if diff.returncode not in (0, 1):
        sys.exit(f"undangle diff failed:\n{diff.stderr}")
    # Paths as undangle prints them: as given, so they open from here.
    fixed = re.findall(r"^\+\+\+ b/(.*)$", diff.stdout, re.M)
    if not fixed:
        sys.exit("undangle diff fixed nothing in the corpus")

    lines = ["| input | files | MB | parser | time (ms) | MB/s | peak RSS, parsing only (MiB) |",
             "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "bare-calls-50000.py"
        generated.write_text("import asyncio\n\n\nasync def main():\n" + "".join(
            f"    asyncio.create_task(work({i}))\n" for i in range(50000)))
        inputs = [("corpus files `diff` fixes", fixed),
                  ("50,000 bare calls, one function", [str(generated)])]
        for label, files in inputs:
            timed = json.loads(subprocess.run([bench, *files], capture_output=True, text=True,
                                              check=True).stdout)
            megabytes = timed["bytes"] / 1e6
            for name in PARSERS:
                ms = timed[f"{name} ms"]
                rss = peak_mib([bench, "--parser", name, *files])
                lines.append(f"| {label} | {timed['files']} | {megabytes:.2f} | {name} | "
                             f"{ms:.1f} | {megabytes / (ms / 1e3):.0f} | {rss:.0f} |")
        baseline = peak_mib([bench, "--parser", "ruff"])  # the process with nothing to parse
    rg = shutil.which("rg") or sys.exit("rg not found: install Debian's ripgrep")
    cpu = ["| on the corpus | CPU time, user + system (ms, median of 5) |", "|---|---|"]
    for label, command in [
            ("`rg -l` (reads every file once)",
             [rg, "-l", "-e", "create_task", "-e", "ensure_future", "--type", "py", corpus]),
            ("`undangle check`", [undangle, "check", corpus]),
            ("`undangle diff`", [undangle, "diff", corpus])]:
        cpu.append(f"| {label} | {cpu_ms(command):.0f} |")
    report = ("\n".join(lines) + f"\n\nA process that parses nothing peaks at {baseline:.0f} MiB."
              + "\n\n" + "\n".join(cpu))
    print(report)
    if args.docs:
        docs_section.replace("parsers", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
