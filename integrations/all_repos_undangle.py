"""An all-repos autofixer (https://github.com/asottile/all-repos): one commit per repository
that has dropped asyncio tasks, whose message is the pull-request body `undangle` writes.

    python integrations/all_repos_undangle.py -C all-repos.json [--dry-run] [--jobs N]
        [--limit N] [--interactive] [--repos PATH ...]

Run it with the Python that has all-repos installed; `undangle` is found on PATH (or set
UNDANGLE to the executable). For each cloned repository, `undangle diff --quiet .` decides:
exit 1 (something to fix) selects it; what undangle reports about a repository (a file that
does not parse, a malformed pyproject.toml) is printed, and a repository whose run fails
(exit 2) is left alone. In each selected repository the fixer runs

    undangle fix --pr-body .git/undangle-pr-body.md .

and commits with that body as the whole commit message (its Markdown title as the title line),
so the push
(a pull request, or `merge_to_master`) carries the description. A file undangle cannot parse is
never changed; the other files of its repository are fixed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

from all_repos import autofix_lib
from all_repos.config import Config

UNDANGLE = os.environ.get("UNDANGLE", "undangle")
BODY = ".git/undangle-pr-body.md"
# Replaces the message all-repos proposes with the body undangle wrote for this repository; its
# Markdown title (`# Keep ...`) becomes the commit's title line.
HOOK = f"""#!/bin/sh
case "$2" in message|"") [ -s {BODY} ] && sed '1s/^# //' {BODY} > "$1" ;; esac
"""


def find_repos(config: Config) -> list[str]:
    repos = []
    for name in sorted(config.get_cloned_repos()):
        path = os.path.join(config.output_dir, name)
        result = subprocess.run([UNDANGLE, "diff", "--quiet", "."], cwd=path,
                                capture_output=True, text=True)
        for line in result.stderr.splitlines():
            print(f"{name}: {line}", file=sys.stderr)
        if result.returncode == 1:
            repos.append(path)
        elif result.returncode not in (0, 1):
            print(f"{name}: undangle failed (exit {result.returncode}), left alone",
                  file=sys.stderr)
    return repos


def apply_fix() -> None:
    # The body stays inside .git/: never committed, and the command it quotes is the same in
    # every repository.
    autofix_lib.run(UNDANGLE, "fix", "--quiet", "--pr-body", BODY, ".", check=False)
    hook = os.path.join(".git", "hooks", "prepare-commit-msg")
    os.makedirs(os.path.dirname(hook), exist_ok=True)
    with open(hook, "w") as f:
        f.write(HOOK)
    os.chmod(hook, 0o755)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    autofix_lib.add_fixer_args(parser)
    args = parser.parse_args(argv)
    repos, config, commit, autofix_settings = autofix_lib.from_cli(
        args,
        find_repos=find_repos,
        msg="Keep asyncio tasks alive until they finish",
        branch_name="undangle",
    )
    autofix_lib.fix(repos, apply_fix=apply_fix, config=config, commit=commit,
                    autofix_settings=autofix_settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
