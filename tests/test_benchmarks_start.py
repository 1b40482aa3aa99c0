"""Every benchmark still starts and reports its figures (`bench/run_all.py --quick`, which CI
runs through this test), and none is named like a module that Python or a library imports.
Timings decide nothing here: a benchmark that misses its bar on small data still passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.figures import parse
from bench.run_all import COLUMNS, HELPERS, QUICK

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def test_no_benchmark_file_is_named_like_a_standard_module() -> None:
    # bench/queue.py once shadowed the standard library's queue for every script in bench/
    names = {path.stem for path in BENCH.glob("*.py")} | {p.name for p in BENCH.iterdir()}

    assert names & set(sys.stdlib_module_names) == set()


def test_run_all_knows_every_benchmark() -> None:
    files = {path.name for path in BENCH.glob("*.py")}

    assert files - HELPERS == set(QUICK)


def test_every_benchmark_runs_quickly_and_reports_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "run_all.py"), "--quick"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    trouble = _what_went_wrong(done.stdout + done.stderr)

    assert done.returncode == 0, trouble
    table = done.stdout[done.stdout.rindex(COLUMNS[0]) :].splitlines()
    reported = {line.split()[0] for line in table[1:] if line.strip() and line[0] != "("}
    assert reported == {name.removesuffix(".py") for name in QUICK}, trouble


def test_a_figure_line_reads_back_as_its_cells() -> None:
    line = "figure|queue page p95|42.5 ms|3.1|13.71x|< 100 ms|pass\n"

    assert parse(line) == ("queue page p95", "42.5 ms", "3.1", "13.71x", "< 100 ms", "pass")
    assert parse("queue page p95 42.5 ms") is None


def _what_went_wrong(output: str) -> str:
    """The lines a reader needs when it fails: each benchmark's verdict and any traceback's end."""
    lines = output.splitlines()
    keep = [line for line in lines if line.startswith("== ") or "Error" in line or "FAIL" in line]
    return "\n".join([*keep[-60:], "--- last lines ---", *lines[-40:]])
