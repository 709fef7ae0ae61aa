#!/usr/bin/env bash
# Installs the pinned reorder-python-imports that the reorder tests hold fixed files to (a
# project's pre-commit hook runs it: every `from` import one name a statement) into a cache
# virtualenv of its own, never a dependency of undangle itself, and prints its path. It is the
# Black-compatible fork (reorder-python-imports-black, the same command), as projects that also
# run Black use it: asottile's own takes out the blank line after a module docstring that
# Black 24 puts back.
#
#   usage: scripts/reorder.sh       → prints e.g. ~/.cache/undangle/reorder/bin/reorder-python-imports
set -euo pipefail
REORDER_VERSION=3.14.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/reorder"
tool="$venv/bin/reorder-python-imports"
if [ ! -x "$tool" ] || ! "$venv/bin/python" -m pip show reorder-python-imports-black 2>/dev/null | grep -q "^Version: $REORDER_VERSION$"; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "reorder-python-imports-black==$REORDER_VERSION" >&2
fi
echo "$tool"
