"""Run every benchmark, so that none rots: `--quick` runs each on small data in a few seconds to
a minute (it proves the benchmark still starts and prints its figures, not the bars); without it,
each runs at the size its bar names. Ends with one table of every figure: value, baseline, ratio,
bar, pass/fail. Exit 1 when any benchmark fails to run (a missed bar is reported, not an exit).

    .venv/bin/python bench/run_all.py --quick
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.figures import parse  # noqa: E402

# Each benchmark with the arguments of a quick run; a full run passes none.
QUICK = {
    "ingest.py": ["--messages", "300", "--runs", "1"],
    "classify.py": ["--skip-train", "--runs", "1", "--banking77", "sample"],
    "classify_candidates.py": ["--quick"],
    "match.py": [],
    "queue_page.py": ["--cases", "2000", "--requests", "26", "--workdir", "/tmp/mt-bench-quick"],
    "big_mail_memory.py": ["--mb", "5", "--workdir", "/tmp/mt-bench-quick-big"],
    "routine_search.py": [],
    "stats.py": ["--cases", "20000", "--runs", "2", "--workdir", "/tmp/mt-bench-quick-stats"],
    "load.py": ["--quick"],
}
# Modules the benchmarks import, not benchmarks themselves.
HELPERS = {
    "run_all.py",
    "classify_report.py",
    "independent.py",
    "load_officers.py",
    "figures.py",
}
COLUMNS = ("benchmark", "figure", "value", "baseline", "ratio", "bar", "result")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data: does each still run?")
    parser.add_argument("names", nargs="*", help="only these benchmarks (file names)")
    args = parser.parse_args()
    missing = {p.name for p in BENCH.glob("*.py")} - set(QUICK) - HELPERS
    if missing:
        print(f"benchmarks run_all does not know: {sorted(missing)}", file=sys.stderr)
        return 1
    failed, rows = [], []
    for name in args.names or QUICK:
        extra = QUICK[name] if args.quick else []
        print(f"== {name} {' '.join(extra)}", flush=True)
        start = time.monotonic()
        returncode, figures = _run(name, extra)
        took = time.monotonic() - start
        print(f"== {name}: {'ok' if returncode == 0 else 'FAILED'} in {took:.0f} s\n")
        if returncode != 0:
            failed.append(name)
            figures.append(("did not finish", "", "", "", "", "FAIL"))
        elif not figures:
            failed.append(name)
            figures.append(("printed no figure", "", "", "", "", "FAIL"))
        rows += [(name.removesuffix(".py"), *cells) for cells in figures]
    _table(rows, quick=args.quick)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def _run(name: str, extra: list[str]) -> tuple[int, list[tuple[str, ...]]]:
    """Run one benchmark, passing its output through; its exit code and its figures."""
    figures = []
    with subprocess.Popen(
        [sys.executable, str(BENCH / name), *extra], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            cells = parse(line)
            if cells is None:
                sys.stdout.write(line)
                sys.stdout.flush()
            else:
                figures.append(cells)
    return child.returncode, figures


def _table(rows: list[tuple[str, ...]], quick: bool) -> None:
    widths = [max(len(str(r[i])) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    print("\n" + "  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    if quick:
        print("(--quick: small data; the bars are met or missed at full size only)")


if __name__ == "__main__":
    sys.exit(main())
