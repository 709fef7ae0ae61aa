#!/usr/bin/env bash
# Installs the pinned pytest, pytest-asyncio and anyio that the runtime plugin's tests run under
# (tests/it/pytest_plugin.rs), in two cache virtualenvs: pyenv's CPython 3.8 with pytest 7, and
# the newest CPython with pytest 8. Prints the folder that holds them (py38/, newest/).
#
#   usage: scripts/pytest-plugin.sh   → prints e.g. ~/.cache/undangle/pytest-plugin
set -euo pipefail
root="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/pytest-plugin"
pyenv_root=$(pyenv root)
newest=$(ls "$pyenv_root/versions" | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -t. -k2,2n -k3,3n | tail -1)
oldest=$(ls "$pyenv_root/versions" | grep -E '^3\.8\.[0-9]+$' | sort -t. -k3,3n | tail -1)
[ -n "$oldest" ] || { echo "pyenv has no CPython 3.8" >&2; exit 1; }

# name, interpreter, pins
install() {
  local venv="$root/$1" python="$pyenv_root/versions/$2/bin/python3"
  shift 2
  local stamp="$venv/.pins" want="$*"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return; fi
  rm -rf "$venv"
  "$python" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" >&2
  echo "$want" >"$stamp"
}
install py38 "$oldest" pytest==7.4.4 pytest-asyncio==0.21.2 anyio==4.5.2
install newest "$newest" pytest==8.3.5 pytest-asyncio==0.26.0 anyio==4.9.0
echo "$root"
