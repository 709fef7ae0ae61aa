#!/usr/bin/env bash
set -e
find . -type f -path "./src/*" -name "*.py" -exec black --line-length 160 {} \+
find . -type f -path "./src/*" -name "*.py" -exec isort --profile black {} \+
