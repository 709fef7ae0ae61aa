#!/usr/bin/env bash
# Installs the pinned older mypy that scripts/acceptance.py runs where a project's lowest Python
# is below what the pinned mypy (scripts/mypy.sh) can target (3.10): mypy 1.4.1 targets 3.7 and
# later. Its own virtualenv, on CPython 3.11 (pyenv's, else python3.11), which that mypy runs on;
# never a dependency of undangle itself. Prints its path.
#
#   usage: scripts/mypy-old.sh      → prints e.g. ~/.cache/undangle/venv-mypy-old/bin/mypy
set -euo pipefail
MYPY_VERSION=1.4.1
venv="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/venv-mypy-old"
mypy="$venv/bin/mypy"
if [ ! -x "$mypy" ] || ! "$mypy" --version 2>/dev/null | grep -q "^mypy $MYPY_VERSION "; then
  if [ ! -x "$venv/bin/python" ]; then
    python=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.11.*/bin/python3 2>/dev/null | tail -1)
    "${python:-python3.11}" -m venv "$venv" >&2
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "mypy==$MYPY_VERSION" >&2
fi
echo "$mypy"
