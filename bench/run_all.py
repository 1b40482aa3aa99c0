"""Run every benchmark, so that none rots: `--quick` runs each on small data in a few seconds to
a minute (it proves the benchmark still starts and prints its figures, not the bars); without it,
each runs at the size its bar names. Exit 1 when any benchmark fails.

    .venv/bin/python bench/run_all.py --quick
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# Each benchmark with the arguments of a quick run; a full run passes none.
QUICK = {
    "ingest.py": ["--messages", "300", "--runs", "1"],
    "classify.py": ["--skip-train", "--runs", "1"],
    "classify_candidates.py": ["--quick"],
    "match.py": [],
    "queue_page.py": ["--cases", "2000", "--requests", "26", "--workdir", "/tmp/mt-bench-quick"],
    "big_mail_memory.py": ["--mb", "5", "--workdir", "/tmp/mt-bench-quick-big"],
    "routine_search.py": [],
    "stats.py": ["--cases", "20000", "--runs", "2", "--workdir", "/tmp/mt-bench-quick-stats"],
    "load.py": ["--quick"],
}
# Modules the benchmarks import, not benchmarks themselves.
HELPERS = {"run_all.py", "classify_report.py", "independent.py", "load_officers.py"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data: does each still run?")
    parser.add_argument("names", nargs="*", help="only these benchmarks (file names)")
    args = parser.parse_args()
    missing = {p.name for p in BENCH.glob("*.py")} - set(QUICK) - HELPERS
    if missing:
        print(f"benchmarks run_all does not know: {sorted(missing)}", file=sys.stderr)
        return 1
    failed = []
    for name in args.names or QUICK:
        extra = QUICK[name] if args.quick else []
        print(f"== {name} {' '.join(extra)}", flush=True)
        start = time.monotonic()
        done = subprocess.run([sys.executable, str(BENCH / name), *extra], check=False)
        took = time.monotonic() - start
        print(f"== {name}: {'ok' if done.returncode == 0 else 'FAILED'} in {took:.0f} s\n")
        if done.returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
