"""Routine search against a baseline, on searches written down before the ranking was tuned
(bench/data/routine_searches.jsonl: query, the searcher's language, the routines a person expects).

Goal (issue #16): nothing for nonsense, the searcher's language first, the routine whose title and
type fit ranked first. A hit is an expected routine *in the searcher's language*, so a right routine
in the wrong language counts as a miss. The baseline, run on the same searches: routines whose
title contains the query (case-insensitive), the searcher's language first, in library order.

    .venv/bin/python bench/routine_search.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from routines import Routine, RoutineLibrary, load_routines, search

ROOT = Path(__file__).resolve().parents[1]
Ranker = Callable[[RoutineLibrary, str, str], list[Routine]]


def _baseline(library: RoutineLibrary, query: str, language: str) -> list[Routine]:
    hits = [r for r in library.routines if query.casefold() in r.title.casefold()]
    return sorted(hits, key=lambda r: r.language != language)


def _current(library: RoutineLibrary, query: str, language: str) -> list[Routine]:
    return [r for r, _ in search(library, query, prefer_language=language, limit=50)]


def _measure(ranker: Ranker, library: RoutineLibrary, rows: list[dict], verbose: bool) -> dict:
    hit1 = hit3 = rr = 0.0
    results = noisy = 0
    real = [row for row in rows if row["expected"]]
    start = time.perf_counter()
    for row in rows:
        found = ranker(library, row["query"], row["language"])
        if not row["expected"]:
            noisy += bool(found)
            continue
        results += len(found)
        ranks = [
            i
            for i, r in enumerate(found, 1)
            if r.id in row["expected"] and r.language == row["language"]
        ]
        first = ranks[0] if ranks else None
        hit1 += first == 1
        hit3 += first is not None and first <= 3
        rr += 1 / first if first else 0
        if verbose and first != 1:
            top = [f"{r.id}.{r.language}" for r in found[:3]]
            print(f"  {row['query']!r} ({row['language']}): rank {first}, top {top}")
    took_ms = (time.perf_counter() - start) * 1000 / len(rows)
    n = len(real)
    return {
        "hit@1": hit1 / n,
        "hit@3": hit3 / n,
        "MRR": rr / n,
        "results per search": results / n,
        "nonsense with results": f"{noisy}/{len(rows) - n}",
        "ms per search": took_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the searches missed at 1")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (ROOT / "bench/data/routine_searches.jsonl").open()]
    library = load_routines()
    search(library, "warm-up", prefer_language="sv")  # the index is built once per library
    print(
        f"{sum(bool(r['expected']) for r in rows)} searches + "
        f"{sum(not r['expected'] for r in rows)} nonsense, {len(library.routines)} routines"
    )
    columns = {}
    for name, ranker in (("title substring", _baseline), ("mailtriage search", _current)):
        if args.verbose:
            print(f"{name}:")
        columns[name] = _measure(ranker, library, rows, args.verbose)
    print(f"{'':24}" + "".join(f"{name:>20}" for name in columns))
    for metric, ours in columns["mailtriage search"].items():
        base = columns["title substring"][metric]
        if isinstance(ours, float) and isinstance(base, float):
            figure(f"routine search: {metric}", round(ours, 2), "", baseline=round(base, 2) or None)
    for metric in columns["title substring"]:
        cells = [columns[name][metric] for name in columns]
        print(
            f"{metric:24}"
            + "".join(f"{c:>20}" if isinstance(c, str) else f"{c:20.2f}" for c in cells)
        )


if __name__ == "__main__":
    main()
