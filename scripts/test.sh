#!/usr/bin/env bash
# The tests, set-up included (the README's test command; CI runs it after fmt and clippy).
#
# Installs the pinned peer tools that some tests hold undangle to, into the cache (ruff, and
# ruff 0.15.0 and 0.16.0, mypy,
# the older mypy that targets 3.7, isort, reorder-python-imports, Black, flake8, pyright, maturin and pre-commit, all-repos, jsonschema, pytest-lsp,
# pytest with pytest-asyncio and anyio under 3.8 and the newest CPython, and the docs' mkdocs and
# actionlint; the VS Code extension is built; tmux, zsh, fish, groff, neovim, strace and
# shellcheck with apt-get), then runs `cargo test --locked` with any arguments given, e.g.
#
#   scripts/test.sh                      # everything
#   scripts/test.sh --test it cli::      # one module of the integration tests
#
# A test whose peer is still missing skips itself (tests/it/common, `skip`); the skips are listed
# after the tests, each with the command that installs what it missed. With CI=true a missing
# peer fails its test instead. The last line is `ci: N passed, N failed`; the exit code is
# cargo's.
set -euo pipefail
cd "$(dirname "$0")/.."

# What a missing peer means for its tests: skipped here, failed under CI.
if [ "${CI:-}" = true ]; then fate="will fail (CI=true)"; else fate="will be skipped"; fi

if ruff=$(scripts/ruff.sh); then
  export UNDANGLE_RUFF="$ruff"
else
  echo "WARNING: ruff could not be installed; the differential tests $fate" >&2
fi

# The ruffs before and since 0.16.0 widened its default rules, which a project that pins one
# and selects nothing runs (`check --show-settings`'s `ruff_defaults` is held to each).
for version in 0.15.0 0.16.0; do
  if pinned=$(scripts/ruff.sh "$version"); then
    export "UNDANGLE_RUFF_${version//./_}=$pinned"
  else
    echo "WARNING: ruff $version could not be installed; the ruff defaults test $fate" >&2
  fi
done

if mypy=$(scripts/mypy.sh); then
  export UNDANGLE_MYPY="$mypy"
else
  echo "WARNING: mypy could not be installed; the mypy --strict tests $fate" >&2
fi

if mypy_old=$(scripts/mypy-old.sh); then
  export UNDANGLE_MYPY_PY37="$mypy_old"
else
  echo "WARNING: mypy 1.4.1 could not be installed; the Python 3.7 annotation oracle $fate" >&2
fi

if isort=$(scripts/isort.sh); then
  export UNDANGLE_ISORT="$isort"
else
  echo "WARNING: isort could not be installed; the isort settings tests $fate" >&2
fi

if reorder=$(scripts/reorder.sh); then
  export UNDANGLE_REORDER="$reorder"
else
  echo "WARNING: reorder-python-imports could not be installed; the reorder-python-imports tests $fate" >&2
fi

for tool in black flake8; do
  if found=$(scripts/$tool.sh); then
    export "UNDANGLE_$(echo "$tool" | tr a-z A-Z)=$found"
  else
    echo "WARNING: $tool could not be installed; the settings-discovery tests $fate" >&2
  fi
done

if pyright=$(scripts/pyright.sh); then
  export UNDANGLE_PYRIGHT="$pyright"
else
  echo "WARNING: pyright could not be installed from npm; the pyright strict tests $fate" >&2
fi

if tools=$(scripts/maturin.sh); then
  export UNDANGLE_PY_TOOLS="$tools"
else
  echo "WARNING: maturin and pre-commit could not be installed; the packaging and pre-commit tests $fate" >&2
fi

if python=$(scripts/all-repos.sh); then
  export UNDANGLE_ALL_REPOS_PYTHON="$python"
else
  echo "WARNING: all-repos could not be installed; the batch-driver test $fate" >&2
fi

if python=$(scripts/jsonschema.sh); then
  export UNDANGLE_JSONSCHEMA_PYTHON="$python"
else
  echo "WARNING: jsonschema could not be installed; the SARIF schema test $fate" >&2
fi

if python=$(scripts/pytest-lsp.sh); then
  export UNDANGLE_PYTEST_LSP_PYTHON="$python"
else
  echo "WARNING: pytest-lsp could not be installed; the language server's end-to-end test $fate" >&2
fi

if docs=$(scripts/docs.sh); then
  export UNDANGLE_DOCS_BIN="$docs"
else
  echo "WARNING: mkdocs, actionlint and jsonschema could not be installed; the docs and batch-recipe tests $fate" >&2
fi

if venvs=$(scripts/pytest-plugin.sh); then
  export UNDANGLE_PYTEST_PLUGIN="$venvs"
else
  echo "WARNING: pytest, pytest-asyncio and anyio could not be installed; the pytest plugin's tests $fate" >&2
fi

if vsix=$(scripts/vscode.sh); then
  export UNDANGLE_VSIX="$vsix"
else
  echo "WARNING: the VS Code extension could not be built (node and npm); its test $fate" >&2
fi

# The terminal test drives a tmux pane; the completion tests load the scripts in zsh and fish;
# the man page is rendered by groff; Neovim's LSP client drives the language server.
# strace counts the files a run opens (each is read once); shellcheck checks the batch scripts.
missing=()
for tool in tmux zsh fish groff nvim strace shellcheck; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  packages=("${missing[@]/groff/groff-base}")
  packages=("${packages[@]/nvim/neovim}")
  { apt-get update -qq && apt-get install -y -qq "${packages[@]}"; } >&2 ||
    echo "WARNING: ${missing[*]} could not be installed; the tests that need them $fate" >&2
fi

# Where the tests record their skips (one line each: test, what is missing, the install
# command): in the target folder, emptied before the run.
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
export UNDANGLE_SKIPPED="$target/undangle-skipped.txt"
mkdir -p "$target"
: >"$UNDANGLE_SKIPPED"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --locked "$@" 2>&1 | tee "$log" || status=$?

if [ -s "$UNDANGLE_SKIPPED" ]; then
  echo
  echo "========================================================================================"
  echo "Skipped: $(wc -l <"$UNDANGLE_SKIPPED") test(s) or part(s) of tests, for want of a peer."
  echo "Install what they miss, then run scripts/test.sh again:"
  while IFS=$'\t' read -r test what install; do
    echo "  - $test: $what"
    echo "      $install"
  done <"$UNDANGLE_SKIPPED"
  echo "========================================================================================"
fi

count() { grep -oE "[0-9]+ $1;" "$log" | awk '{n += $1} END {print n + 0}'; }
echo "ci: $(count passed) passed, $(count failed) failed"
exit "$status"
