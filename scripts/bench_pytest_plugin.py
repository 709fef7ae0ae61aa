"""The pytest plugin's own overhead on a suite where nothing is lost: a generated suite of
pytest-asyncio tests (each starts a few tasks and awaits them), run with and without
`--undangle`, the median of several runs each.

    python3 scripts/bench_pytest_plugin.py [--python PY] [--tests N] [--runs K]

PY is a Python with pytest and pytest-asyncio (default: the newest virtualenv of
scripts/pytest-plugin.sh); the plugin is loaded from this checkout's python/ with `-p`.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))

TEST = '''
@pytest.mark.asyncio
async def test_{n}():
    tasks = [asyncio.create_task(work(i)) for i in range(5)]
    assert await asyncio.gather(*tasks) == [0, 2, 4, 6, 8]


def test_sync_{n}():
    assert asyncio.run(work(3)) == 6
'''


def suite(folder: Path, tests: int) -> None:
    body = "import asyncio\n\nimport pytest\n\n\nasync def work(i):\n"
    body += "    await asyncio.sleep(0)\n    return 2 * i\n"
    per_file = 50
    for start in range(0, tests, per_file):
        numbers = range(start, min(start + per_file, tests))
        text = body + "".join(TEST.format(n=n) for n in numbers)
        (folder / f"test_bench_{start // per_file}.py").write_text(text)
    (folder / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")


def timed(python: str, folder: Path, extra: list) -> float:
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "undangle.pytest_plugin", *extra]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), PYTHONDONTWRITEBYTECODE="1")
    started = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = CACHE / "undangle/pytest-plugin/newest/bin/python"
    parser.add_argument("--python", default=str(default))
    parser.add_argument("--tests", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        suite(folder, args.tests)
        version = subprocess.run(
            [args.python, "-c", "import sys, pytest; print(sys.version.split()[0], pytest.__version__)"],
            capture_output=True,
            text=True,
        ).stdout.split()
        off, on = [], []
        timed(args.python, folder, [])  # warm the file cache
        for _ in range(args.runs):
            off.append(timed(args.python, folder, []))
            on.append(timed(args.python, folder, ["--undangle"]))
    off_s, on_s = statistics.median(off), statistics.median(on)
    tests = 2 * args.tests
    print(f"CPython {version[0]}, pytest {version[1]}: {tests} tests, median of {args.runs} runs")
    print(f"  off:         {off_s:.2f} s")
    print(f"  --undangle:  {on_s:.2f} s  (+{100 * (on_s - off_s) / off_s:.0f} %, "
          f"{1000 * (on_s - off_s) / tests:.2f} ms a test)")


if __name__ == "__main__":
    main()
