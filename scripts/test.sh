#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite, with lint and type checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-tests.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# One worker per core, whole files to a worker (their module-scoped fixtures are built once);
# `bash scripts/test.sh -n 0` runs in one process.
.venv/bin/pytest -n auto --dist loadfile "$@"
