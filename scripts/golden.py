#!/usr/bin/env python3
"""Golden comparison: two builds must print the same bytes on real trees.

    python3 scripts/golden.py --base OLD_BIN [--new NEW_BIN] [TREE ...]

For a restructuring that must not change behaviour (issue 21: "pure moves with byte-identical
output"). For each tree it runs, with both builds, `check --output-format json`,
`audit --output-format json`, and `diff` with each strategy (inline, helper, owner, and owner
with --drain-on-shutdown --log-exceptions), all `--isolated` so that only the code decides, and
compares stdout, stderr and the exit code. Default trees: the development corpus
(scripts/corpus.py, ~/.cache/undangle/corpus/src), the large tree if fetched
(../shared/corpus-large/fetch.sh ~/.cache/undangle-corpus-large), the development set's `before` files if
scripts/devset.py made them, this machine's standard library and testdata/. Prints one line per
difference (the first differing line of each) and exits 1 when there is any.

`--new-arg=--preview` compares a build with preview kinds against one from before them;
`--arg=--preview` gives both builds the argument.

Make the base build from the commit before the change, e.g.
    git worktree add /tmp/base HEAD && cargo build --release --manifest-path /tmp/base/Cargo.toml
"""

import argparse
import difflib
import os
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))

COMMANDS = [
    ["check", "--output-format", "json"],
    ["audit", "--output-format", "json"],
    ["diff", "--strategy", "inline"],
    ["diff", "--strategy", "helper"],
    ["diff", "--strategy", "owner"],
    ["diff", "--strategy", "owner", "--drain-on-shutdown", "--log-exceptions"],
]


def default_trees():
    trees = [
        CACHE / "undangle" / "corpus" / "src",
        CACHE / "undangle-corpus-large" / "src",
        CACHE / "undangle" / "devset",
        Path(sysconfig.get_paths()["stdlib"]),
        ROOT / "testdata",
    ]
    # A missing tree is skipped, but said: a run under another XDG_CACHE_HOME once compared
    # two trees of five and reported "0 differences" as if it had compared them all.
    for tree in trees:
        if not tree.is_dir():
            print(f"golden: no tree at {tree}, skipped", file=sys.stderr)
    return [t for t in trees if t.is_dir()]


def run(binary, command, tree, extra=()):
    done = subprocess.run(
        [binary, *command, *extra, "--isolated", "--threads", "1", str(tree)],
        capture_output=True,
        cwd=tree,
    )
    return done.returncode, done.stdout, done.stderr


def first_difference(a, b):
    lines = difflib.unified_diff(
        a.decode(errors="replace").splitlines(),
        b.decode(errors="replace").splitlines(),
        lineterm="",
        n=0,
    )
    shown = [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return "\n      ".join(shown[:4]) + (f"\n      ... ({len(shown)} lines differ)" if len(shown) > 4 else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the build before the change")
    parser.add_argument("--new", default=str(ROOT / "target" / "release" / "undangle"))
    parser.add_argument(
        "--new-arg",
        action="append",
        default=[],
        help="an argument only the new build is given (e.g. --preview, which an older build "
        "does not know: its default reported every kind)",
    )
    parser.add_argument(
        "--arg",
        action="append",
        default=[],
        help="an argument both builds are given (e.g. --preview, to compare the preview kinds)",
    )
    parser.add_argument("trees", nargs="*", type=Path)
    args = parser.parse_args()
    trees = [t.resolve() for t in args.trees] or default_trees()
    jobs = [(tree, command) for tree in trees for command in COMMANDS]

    def compare(job):
        tree, command = job
        old = run(args.base, command, tree, args.arg)
        new = run(args.new, command, tree, args.arg + args.new_arg)
        problems = []
        for name, a, b in (("exit", old[0], new[0]), ("stdout", old[1], new[1]), ("stderr", old[2], new[2])):
            if a != b:
                detail = f"{a} -> {b}" if name == "exit" else first_difference(a, b)
                problems.append(f"{tree} {' '.join(command)}: {name} differs\n      {detail}")
        return problems

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        problems = [p for found in pool.map(compare, jobs) for p in found]
    for problem in problems:
        print(problem)
    print(f"golden: {len(jobs)} runs on {len(trees)} trees, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
