#!/usr/bin/env bash
# Installs the pinned `pytest-lsp` (a real LSP client on pygls, for the end-to-end tests of
# `undangle server` in tests/lsp/) into its own cache virtualenv, and prints the path of that
# virtualenv's Python.
#
#   usage: scripts/pytest-lsp.sh    → prints e.g. ~/.cache/undangle/lsp-venv/bin/python
set -euo pipefail
PYTEST_LSP_VERSION=1.0.1
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/lsp-venv"
python="$venv/bin/python"
installed() {
  "$python" -c "import importlib.metadata as m, sys; sys.exit(m.version('pytest-lsp') != '$PYTEST_LSP_VERSION')" 2>/dev/null
}
if [ ! -x "$python" ] || ! installed; then
  [ -x "$python" ] || python3 -m venv "$venv" >&2
  "$python" -m pip install -q --disable-pip-version-check "pytest-lsp==$PYTEST_LSP_VERSION" >&2
fi
echo "$python"
