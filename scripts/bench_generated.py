#!/usr/bin/env python3
"""How the cost of one file grows with its number of sites.

    python3 scripts/bench_generated.py [--small N] [--large N] [--runs N] [--docs]

For each shape of site (bare calls in one function, `self._loop.create_task` in one method,
never-read assignments in one function, one name bound again and again before one `await`,
a coroutine the file defines that never suspends, `self.m()` of the class, one small function
per site), writes a file with N and with 10·N sites, runs `undangle check` and `diff` on each
(release build; median of 3 runs; peak RSS from GNU time), and prints the time ratio large /
small (linear work gives 10) and the peak memory against the goal of 20 times the file's size
plus 30 MiB. --docs (or --readme) writes the table into docs/performance.md.
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
}


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
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    binary = str(ROOT / "target/release/undangle")

    lines = [f"| shape | command | {args.small:,} sites | {args.large:,} sites | ratio | "
             "peak MiB (large) | goal MiB |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for shape, (head, site, *tail) in SHAPES.items():
            files = {}
            for n in (args.small, args.large):
                path = Path(tmp) / f"{len(files)}-{n}.py"
                body = "".join(site.format(i=i) for i in range(n))
                path.write_text(head + body + "".join(tail))
                files[n] = path
            for command in ("check", "diff"):
                small, _ = measure([binary, command, "-q", str(files[args.small])], args.runs)
                large, rss = measure([binary, command, "-q", str(files[args.large])], args.runs)
                goal = 20 * files[args.large].stat().st_size / 2**20 + 30
                lines.append(f"| {shape} | `{command}` | {small:.2f} s | {large:.2f} s | "
                             f"{large / small:.1f} | {rss:.0f} | {goal:.0f} |")
    report = "\n".join(lines)
    print(report)
    if args.docs:
        docs_section.replace("generated", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
