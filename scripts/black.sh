#!/usr/bin/env bash
# Installs the pinned Black that the settings-discovery tests ask for its line length (where it
# finds its pyproject.toml) into the same cache virtualenv as ruff (never a dependency of undangle
# itself) and prints its path.
#
#   usage: scripts/black.sh         → prints e.g. ~/.cache/undangle/venv/bin/black
set -euo pipefail
BLACK_VERSION=26.10.1
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
black="$venv/bin/black"
if [ ! -x "$black" ] || ! "$venv/bin/python" -m pip show black 2>/dev/null | grep -q "^Version: $BLACK_VERSION$"; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "black==$BLACK_VERSION" >&2
fi
echo "$black"
