#!/usr/bin/env bash
# Installs the pinned isort that the isort tests hold fixed files to (where isort finds its
# settings, above the project's folder included) into the same cache virtualenv as ruff (never a
# dependency of undangle itself) and prints its path.
#
#   usage: scripts/isort.sh         → prints e.g. ~/.cache/undangle/venv/bin/isort
set -euo pipefail
ISORT_VERSION=9.0.2
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
isort="$venv/bin/isort"
if [ ! -x "$isort" ] || ! "$venv/bin/python" -m pip show isort 2>/dev/null | grep -q "^Version: $ISORT_VERSION$"; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "isort==$ISORT_VERSION" >&2
fi
echo "$isort"
