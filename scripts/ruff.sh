#!/usr/bin/env bash
# Installs the pinned ruff used by the differential tests and the corpus harness into a cache
# virtualenv (never a dependency of undangle itself) and prints its path.
#
#   usage: scripts/ruff.sh          → prints e.g. ~/.cache/undangle/venv/bin/ruff
#          scripts/ruff.sh 0.15.0   → another ruff in a virtualenv of its own, for the tests that
#                                     hold undangle's reading of a project's pinned ruff to it
#                                     (~/.cache/undangle/ruff-0.15.0/bin/ruff)
set -euo pipefail
RUFF_VERSION=0.17.5
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
if [ $# -gt 0 ]; then
  RUFF_VERSION=$1
  venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/ruff-$RUFF_VERSION"
fi
ruff="$venv/bin/ruff"
if [ ! -x "$ruff" ] || [ "$("$ruff" --version 2>/dev/null)" != "ruff $RUFF_VERSION" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "ruff==$RUFF_VERSION" >&2
fi
echo "$ruff"
