"""The figures a benchmark reports to bench/run_all.py's table: one marked line each on standard
output, beside the benchmark's own printout. A benchmark run alone prints them too (one line
each, after its tables), so its output says the same as the table."""

from __future__ import annotations

MARK = "figure|"


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    baseline: float | None = None,
    bar: str = "",
    met: bool | None = None,
) -> None:
    """`value` against `baseline` (run beside it in the same process or run), the bar in words
    ("< 100 ms", ">= 1.00x") and whether this run met it (None: no bar, or not comparable)."""
    ratio = f"{value / baseline:.2f}x" if baseline else ""
    base = f"{baseline:g}" if baseline is not None else ""
    verdict = "" if met is None else ("pass" if met else "FAIL")
    cells = (name, f"{value:g} {unit}".strip(), base, ratio, bar, verdict)
    print(MARK + "|".join(cell.replace("|", "/") for cell in cells), flush=True)


def parse(line: str) -> tuple[str, ...] | None:
    """The cells of a figure line, or None for any other line."""
    if not line.startswith(MARK):
        return None
    cells = tuple(line[len(MARK) :].rstrip("\n").split("|"))
    return cells if len(cells) == 6 else None
