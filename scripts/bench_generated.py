#!/usr/bin/env python3
"""How the cost of one file grows with its number of sites.

    python3 scripts/bench_generated.py [--small N] [--large N] [--runs N] [--binary PATH]
                                       [--shape TEXT] [--docs]

For each shape of site (bare calls in one function, `self._loop.create_task` in one method,
never-read assignments in one function, one name bound again and again before one `await`,
a coroutine the file defines that never suspends, `self.m()` of the class, one small function
per site, tasks kept in a module's set, a list gathered at the end, `self._tasks`), writes a
file with N and with 10·N sites, runs `undangle check`, `diff` and `audit --output-format
json` on each (release build, or --binary; median of 3 runs; peak RSS from GNU time), and
prints the time ratio large / small (linear work gives 10) and the peak memory against the
goal of 20 times the file's size plus 30 MiB. --shape runs only the shapes whose name holds
TEXT. --docs (or --readme) writes the table into docs/performance.md.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docs_section

ROOT = Path(__file__).resolve().parent.parent

SHAPES = {
    "bare calls, one function": (
        "import asyncio\n\n\nasync def main():\n", "    asyncio.create_task(work({i}))\n"),
    "`self._loop.create_task`, one method": (
        "class C:\n    def start(self):\n", "        self._loop.create_task(work({i}))\n"),
    "never-read assignments, one function": (
        "import asyncio\n\n\nasync def main():\n", "    t{i} = asyncio.create_task(work({i}))\n"),
    "one name bound again and again, one function": (
        "import asyncio\n\n\nasync def main():\n", "    t = asyncio.create_task(work({i}))\n",
        "    await t\n"),
    "a coroutine of the file that never suspends, one function": (
        "import asyncio\n\n\nasync def work(i):\n    pass\n\n\nasync def main():\n",
        "    asyncio.create_task(work({i}))\n"),
    "`self.m()` of the class, one method": (
        "import asyncio\n\n\nclass C:\n    async def m(self, i):\n        pass\n\n"
        "    async def main(self):\n", "        asyncio.create_task(self.m({i}))\n"),
    "one function per site": (
        "import asyncio\n", "\n\nasync def f{i}():\n    asyncio.create_task(work({i}))\n"),
    # `audit` read the holder's module or class again for each task kept in it (stop 69).
    "a module set keeps each task, one function": (
        "import asyncio\n\ntasks = set()\n\n\nasync def main():\n",
        "    t{i} = asyncio.create_task(work({i}))\n    tasks.add(t{i})\n"
        "    t{i}.add_done_callback(tasks.discard)\n"),
    "a list of the tasks, gathered, one function": (
        "import asyncio\n\n\nasync def main():\n    tasks = []\n",
        "    tasks.append(asyncio.create_task(work({i})))\n", "    await asyncio.gather(*tasks)\n"),
    "`self._tasks.add(...)`, one method": (
        "import asyncio\n\n\nclass C:\n    def __init__(self):\n        self._tasks = set()\n\n"
        "    def start(self):\n", "        self._tasks.add(asyncio.create_task(work({i})))\n"),
}

# `audit` prints every site, so its JSON (the lines a reader would parse) is what is timed.
COMMANDS = (["check", "-q"], ["diff", "-q"], ["audit", "-q", "--output-format", "json"])


def measure(command, runs):
    """Median wall seconds of `runs` runs, and the peak RSS (MiB) of the last."""
    samples = [run(command) for _ in range(runs)]
    return statistics.median(s for s, _ in samples), samples[-1][1]


def run(command):
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    return elapsed, int(result.stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", help="an undangle build to time (default: build this tree's)")
    parser.add_argument("--shape", default="", help="only the shapes whose name holds this text")
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true")
    args = parser.parse_args()
    binary = args.binary
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
        binary = str(ROOT / "target/release/undangle")

    lines = [f"| shape | command | {args.small:,} sites | {args.large:,} sites | ratio | "
             "peak MiB (large) | goal MiB |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for shape, (head, site, *tail) in SHAPES.items():
            if args.shape not in shape:
                continue
            files = {}
            for n in (args.small, args.large):
                path = Path(tmp) / f"{len(files)}-{n}.py"
                body = "".join(site.format(i=i) for i in range(n))
                path.write_text(head + body + "".join(tail))
                files[n] = path
            for command in COMMANDS:
                small, _ = measure([binary, *command, str(files[args.small])], args.runs)
                large, rss = measure([binary, *command, str(files[args.large])], args.runs)
                goal = 20 * files[args.large].stat().st_size / 2**20 + 30
                lines.append(f"| {shape} | `{command[0]}` | {small:.2f} s | {large:.2f} s | "
                             f"{large / small:.1f} | {rss:.0f} | {goal:.0f} |")
    report = "\n".join(lines)
    print(report)
    if args.docs:
        docs_section.replace("generated", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
