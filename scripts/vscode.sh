#!/usr/bin/env bash
# Compiles the VS Code extension (editors/vscode: TypeScript, vscode-languageclient) with its
# pinned npm packages (package-lock.json) and packages it with @vscode/vsce into
# ~/.cache/undangle/undangle.vsix, whose path it prints.
#
#   usage: scripts/vscode.sh    → prints e.g. ~/.cache/undangle/undangle.vsix
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
out="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/undangle.vsix"
mkdir -p "$(dirname "$out")"
{
  npm ci --no-audit --no-fund --loglevel=error
  npx tsc -p ./
  npx vsce package --allow-missing-repository --skip-license --out "$out"
} >&2
echo "$out"
