"""Standard-reply matching against a baseline, on mails written apart from the replies' own
example questions (bench/data/match_pairs.jsonl).

Bars (issue #5): the expected reply is in the top 3 for >= 90 % of the mails; matching one mail
against 1,000 replies takes < 10 ms. Issue #12: on the independent questions
(bench/data/independent/), a reply of the asker's type among the three shown for >= 95 %.
The baseline, run on the same mails: the predicted question type's most used replies (no use
has been recorded yet, so "most used" is the library's order).

    .venv/bin/python bench/match.py
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from canned_replies import ReplyLibrary, ReplyMatcher, load_library
from classifiers.language import detect_language
from classifiers.model import QuestionTypeModel, train
from classifiers.prediction import Prediction
from triage.learning.training import shipped_examples

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    rows = [json.loads(line) for line in (ROOT / "bench/data/match_pairs.jsonl").open()]
    library = load_library()
    matcher = ReplyMatcher(library)
    model = train(shipped_examples(), source="bench")
    types = [p.label for p in model.predict_many([(r["subject"], r["body"]) for r in rows])]
    ours_strict = ours_any = base_strict = base_any = 0
    for row, qtype in zip(rows, types, strict=True):
        lang = detect_language(f"{row['subject']}\n{row['body']}")
        found = [
            s.reply.id
            for s in matcher.suggest(
                row["subject"],
                row["body"],
                language=lang if lang != "other" else "en",
                question_type=qtype,
            )
        ]
        baseline = sorted({r.id for r in library.replies if qtype in r.question_types})[:3]
        ok = {row["expected"], *row.get("acceptable", [])}
        ours_strict += row["expected"] in found
        ours_any += bool(ok & set(found))
        base_strict += row["expected"] in baseline
        base_any += bool(ok & set(baseline))
    n = len(rows)
    print(f"{n} mails, {len(library.ids())} reply ids")
    print(f"{'top-3 contains':40} {'expected':>9} {'expected or acceptable':>24}")
    print(
        f"{'baseline: most used of predicted type':40} {base_strict / n:9.1%} {base_any / n:24.1%}"
    )
    print(f"{'mailtriage matcher':40} {ours_strict / n:9.1%} {ours_any / n:24.1%}")
    print("bar: >= 90 %")
    figure(
        "reply matcher: expected reply in top 3",
        round(100 * ours_strict / n, 1),
        "%",
        baseline=round(100 * base_strict / n, 1),
        bar=">= 90 %",
        met=ours_strict / n >= 0.90,
    )
    right_type(library, matcher, model)
    latency(library, rows)


def right_type(library: ReplyLibrary, matcher: ReplyMatcher, model: QuestionTypeModel) -> None:
    """On the independent questions (bench/data/independent/ and independent_b/, written apart
    from the replies and the training data): is a reply of the asker's question type among the
    three shown, and is the first one in the asker's language? The baseline: the predicted
    type's first three."""
    try:
        from bench.independent import SETS, load_questions
    except ImportError:
        return
    for eval_set in SETS.values():
        if eval_set.questions.exists():
            _right_type_on(
                eval_set.name, load_questions(eval_set.questions), library, matcher, model
            )


def _right_type_on(
    name: str,
    rows: list[dict[str, str]],
    library: ReplyLibrary,
    matcher: ReplyMatcher,
    model: QuestionTypeModel,
) -> None:
    predictions = model.predict_many([(r["subject"], r["body"]) for r in rows])
    types = {r.id: set(r.question_types) for r in library.replies}
    ours = base = same_language = 0
    for row, prediction in zip(rows, predictions, strict=True):
        lang = detect_language(f"{row['subject']}\n{row['body']}")
        found = matcher.suggest(
            row["subject"],
            row["body"],
            language=lang if lang != "other" else "en",
            question_type=prediction.label,
            unsure_of=_second_guess(prediction),
        )
        baseline = sorted(i for i, t in types.items() if prediction.label in t)[:3]
        ours += any(row["label"] in types[s.reply.id] for s in found)
        base += any(row["label"] in types[i] for i in baseline)
        same_language += bool(found) and found[0].reply.language == row["language"]
    n = len(rows)
    print(f"\n{name}, {n} questions: a reply of the right type among the three shown")
    print(f"{'baseline: first three of predicted type':40} {base / n:9.1%}")
    print(f"{'mailtriage matcher':40} {ours / n:9.1%}   (issue #12: >= 95 %)")
    print(f"the first reply in the asker's language: {same_language / n:.1%}")
    figure(
        f"reply matcher, {name}: right type in top 3",
        round(100 * ours / n, 1),
        "%",
        baseline=round(100 * base / n, 1),
        bar=">= 95 %",
        met=ours / n >= 0.95,
    )


def _second_guess(prediction: Prediction) -> str | None:
    """As the case page has it: the next type, when the classifier was unsure."""
    if not prediction.needs_review or not prediction.alternatives:
        return None
    return str(prediction.alternatives[0]["label"])


def latency(library: ReplyLibrary, rows: list[dict[str, str]]) -> None:
    """Match against 1,000 replies: the library copied under new ids until it is that big."""
    copies = [
        replace(r, id=f"{r.id}-{i}")
        for i in range(1000 // len(library.ids()) + 1)
        for r in library.replies
    ]
    big_ids = sorted({r.id for r in copies})[:1000]
    keep = set(big_ids)
    big = ReplyLibrary([r for r in copies if r.id in keep])
    matcher = ReplyMatcher(big)
    times = []
    for row in rows:
        start = time.perf_counter()
        matcher.suggest(row["subject"], row["body"], language="sv", question_type="housing")
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"matching one mail against {len(keep)} replies: median {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.1f} ms (bar: < 10 ms)"
    )
    p95 = times[int(len(times) * 0.95)]
    figure("matching one mail, p95", round(p95, 2), "ms", bar="< 10 ms", met=p95 < 10)


if __name__ == "__main__":
    main()
