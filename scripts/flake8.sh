#!/usr/bin/env bash
# Installs the pinned flake8 that the settings-discovery tests ask for its max-line-length (which
# file it reads, from the folder it runs in upwards) into the same cache virtualenv as ruff (never
# a dependency of undangle itself) and prints its path.
#
#   usage: scripts/flake8.sh        → prints e.g. ~/.cache/undangle/venv/bin/flake8
set -euo pipefail
FLAKE8_VERSION=7.5.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
flake8="$venv/bin/flake8"
if [ ! -x "$flake8" ] || ! "$venv/bin/python" -m pip show flake8 2>/dev/null | grep -q "^Version: $FLAKE8_VERSION$"; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "flake8==$FLAKE8_VERSION" >&2
fi
echo "$flake8"
