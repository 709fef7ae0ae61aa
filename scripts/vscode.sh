#!/usr/bin/env bash
# Type-checks the VS Code extension (editors/vscode: TypeScript, vscode-languageclient), bundles
# it with esbuild into one out/extension.js, both from the pinned npm packages
# (package-lock.json), and packages it with @vscode/vsce into ~/.cache/undangle/undangle.vsix,
# whose path it prints. The .vsix holds the bundle, package.json and the README: no
# node_modules (.vscodeignore).
#
#   usage: scripts/vscode.sh    → prints e.g. ~/.cache/undangle/undangle.vsix
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
out="${XDG_CACHE_HOME:-$HOME/.cache}/undangle/undangle.vsix"
mkdir -p "$(dirname "$out")"
{
  npm ci --no-audit --no-fund --loglevel=error
  rm -rf out
  npm run -s check
  npm run -s compile
  npx vsce package --no-dependencies --allow-missing-repository --skip-license --out "$out"
} >&2
echo "$out"
