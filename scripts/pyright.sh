#!/usr/bin/env bash
# Installs the pinned pyright that the lint-clean tests hold fixed files to (strict mode) from the
# npm registry into undangle's cache (never a dependency of undangle itself) and prints its path.
#
#   usage: scripts/pyright.sh       → prints e.g. ~/.cache/undangle/pyright/node_modules/.bin/pyright
set -euo pipefail
PYRIGHT_VERSION=1.1.414
prefix="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/pyright"
pyright="$prefix/node_modules/.bin/pyright"
if [ ! -x "$pyright" ] || ! "$pyright" --version 2>/dev/null | grep -q "pyright $PYRIGHT_VERSION\$"; then
  command -v npm >/dev/null || { echo "npm is missing: cannot install pyright" >&2; exit 1; }
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --prefix "$prefix" "pyright@$PYRIGHT_VERSION" >&2
fi
echo "$pyright"
