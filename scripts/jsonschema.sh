#!/usr/bin/env bash
# Installs the pinned `jsonschema` package that the output-format tests validate SARIF with (the
# official 2.1.0 schema in testdata/schemas/) into the same cache virtualenv as ruff, and prints
# the path of that virtualenv's Python.
#
#   usage: scripts/jsonschema.sh    → prints e.g. ~/.cache/undangle/venv/bin/python
set -euo pipefail
JSONSCHEMA_VERSION=4.25.1
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv"
python="$venv/bin/python"
installed() {
  "$python" -c "import importlib.metadata as m, sys; sys.exit(m.version('jsonschema') != '$JSONSCHEMA_VERSION')" 2>/dev/null
}
if [ ! -x "$python" ] || ! installed; then
  [ -x "$python" ] || python3 -m venv "$venv" >&2
  "$python" -m pip install -q --disable-pip-version-check "jsonschema==$JSONSCHEMA_VERSION" >&2
fi
echo "$python"
