#!/usr/bin/env bash
# Installs the pinned mypy that the lint-clean tests hold fixed files to (`mypy --strict`) into the
# same cache virtualenv as ruff (never a dependency of undangle itself) and prints its path.
#
#   usage: scripts/mypy.sh          → prints e.g. ~/.cache/undangle/venv/bin/mypy
set -euo pipefail
MYPY_VERSION=2.4.1
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
mypy="$venv/bin/mypy"
if [ ! -x "$mypy" ] || ! "$mypy" --version 2>/dev/null | grep -q "^mypy $MYPY_VERSION "; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "mypy==$MYPY_VERSION" >&2
fi
echo "$mypy"
