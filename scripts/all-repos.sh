#!/usr/bin/env bash
# Installs the pinned all-repos that the batch-driver test runs the autofixer with into the same
# cache virtualenv as ruff, and prints that virtualenv's Python.
#
#   usage: scripts/all-repos.sh     → prints e.g. ~/.cache/undangle/venv/bin/python
set -euo pipefail
ALL_REPOS_VERSION=1.33.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
python="$venv/bin/python"
installed() {
  "$python" -c "import importlib.metadata as m, sys; sys.exit(m.version('all-repos') != '$ALL_REPOS_VERSION')" 2>/dev/null
}
if [ ! -x "$python" ] || ! installed; then
  [ -x "$python" ] || python3 -m venv "$venv" >&2
  "$python" -m pip install -q --disable-pip-version-check "all-repos==$ALL_REPOS_VERSION" >&2
fi
echo "$python"
