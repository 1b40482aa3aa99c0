#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite, with lint and type checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-tests.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/pytest "$@"
