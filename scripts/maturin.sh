#!/usr/bin/env bash
# Installs the pinned maturin that the packaging test builds the wheel with (and pre-commit, for
# the hook test) into the same cache virtualenv as ruff, and prints the virtualenv's bin folder.
#
#   usage: scripts/maturin.sh        → prints e.g. ~/.cache/undangle/venv/bin
set -euo pipefail
MATURIN_VERSION=1.9.6
PRE_COMMIT_VERSION=4.3.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
if ! "$venv/bin/maturin" --version 2>/dev/null | grep -q "^maturin $MATURIN_VERSION$" ||
   ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -q "^pre-commit $PRE_COMMIT_VERSION$"; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    "maturin==$MATURIN_VERSION" "pre-commit==$PRE_COMMIT_VERSION" >&2
fi
echo "$venv/bin"
