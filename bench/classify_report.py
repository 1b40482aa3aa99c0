"""What bench/classify.py prints for one evaluation set: macro-F1 (all, Swedish, English) and
accuracy beside the keyword rules and a naive-Bayes bag of words trained on the same data; for
our model also the honesty of its confidence (ECE, errors at >= 0.8, what the review flag
catches), macro-F1 per type and language, the confusion matrix and the reliability table."""

from __future__ import annotations

from typing import Any

from sklearn.metrics import accuracy_score, f1_score

from classifiers.evaluation import confidence_report
from classifiers.model import Example, QuestionTypeModel
from classifiers.prediction import Prediction

LANGUAGES = (None, "sv", "en")


def macro_f1(truth: list[str], guessed: list[str]) -> float:
    return float(f1_score(truth, guessed, average="macro", zero_division=0))


def _by_language(test: list[Example], guessed: list[str]) -> list[float]:
    cells = []
    for lang in LANGUAGES:
        idx = [i for i, e in enumerate(test) if lang is None or e.language == lang]
        cells.append(macro_f1([test[i].label for i in idx], [guessed[i] for i in idx]))
    return cells


def report_set(
    name: str,
    test: list[Example],
    predictions: list[Prediction],
    baselines: dict[str, list[str]],
    detail: bool = False,
) -> dict[str, Any]:
    """Print the figures for `test`; return ours (for a summary at the end)."""
    truth = [e.label for e in test]
    ours = [p.label or "" for p in predictions]
    print(f"\n== {name}: {len(test)} mails ==")
    print(f"{'':22} {'macro-F1':>8} {'sv':>6} {'en':>6} {'accuracy':>9}")
    for label, guessed in (*baselines.items(), ("mailtriage", ours)):
        f1_all, f1_sv, f1_en = _by_language(test, guessed)
        accuracy = float(accuracy_score(truth, guessed))
        print(f"{label:22} {f1_all:8.3f} {f1_sv:6.3f} {f1_en:6.3f} {accuracy:9.3f}")
    honesty = confidence_report(truth, predictions)
    flagged_share = honesty["flagged"] / max(len(test), 1)
    print(
        f"mailtriage confidence: ECE {honesty['ece']:.3f} (bar <= 0.05); errors at >= 0.8: "
        f"{honesty['sure_errors']} of {honesty['sure']}; flagged for review "
        f"{honesty['flagged']} ({flagged_share:.0%}, bar <= 25 %), of {honesty['errors']} errors "
        f"caught {_caught(truth, predictions)}; accuracy of the rest "
        f"{honesty['accuracy_not_flagged']:.3f} (bar >= 0.95)"
    )
    if detail:
        _per_type(test, ours)
        _confusion(truth, ours)
        _reliability(honesty["reliability"])
    f1_all, f1_sv, f1_en = _by_language(test, ours)
    return {"macro_f1": f1_all, "sv": f1_sv, "en": f1_en, **honesty, "share": flagged_share}


def _caught(truth: list[str], predictions: list[Prediction]) -> int:
    return sum(p.needs_review and p.label != t for p, t in zip(predictions, truth, strict=True))


def _per_type(test: list[Example], ours: list[str]) -> None:
    labels = sorted({e.label for e in test})
    print("F1 per type       " + " ".join(f"{label:>10}" for label in labels))
    for lang in LANGUAGES:
        idx = [i for i, e in enumerate(test) if lang is None or e.language == lang]
        scores = f1_score(
            [test[i].label for i in idx],
            [ours[i] for i in idx],
            labels=labels,
            average=None,
            zero_division=0,
        )
        print(f"  {lang or 'all':15} " + " ".join(f"{s:10.3f}" for s in scores))


def _confusion(truth: list[str], ours: list[str]) -> None:
    labels = sorted(set(truth))
    print("confusion (rows: true, columns: predicted)")
    print(f"  {'':10} " + " ".join(f"{label[:9]:>9}" for label in labels))
    for t in labels:
        row = [
            sum(1 for a, b in zip(truth, ours, strict=True) if a == t and b == p) for p in labels
        ]
        print(f"  {t:10} " + " ".join(f"{n:9d}" for n in row))


def _reliability(bins: list[dict[str, Any]]) -> None:
    print("reliability (stated confidence against how often it was right)")
    for b in bins:
        bar = "#" * round(b["accuracy"] * 20)
        print(
            f"  {b['from']:.1f}-{b['to']:.1f} n={b['count']:4d} says {b['confidence']:.2f} "
            f"right {b['accuracy']:.2f} {bar}"
        )


def predict(model: QuestionTypeModel, test: list[Example]) -> list[Prediction]:
    return model.predict_many([(e.subject, e.body) for e in test])
