#!/usr/bin/env bash
# Set up and run the demo: SQLite, the bundled demo mailboxes, a demo login, http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/triage demo "$@"
