"""What bench/classify.py prints for one evaluation set: macro-F1 (all, Swedish, English) and
accuracy beside the keyword rules and a naive-Bayes bag of words trained on the same data; for
our model also the honesty of its confidence (ECE, errors at >= 0.8, what the review flag
catches), macro-F1 per type and language, the confusion matrix and the reliability table; and
the BANKING77 section (a public data set standing for an office's own question types).

bench/classify.py imports it; run alone it measures BANKING77 only:

    .venv/bin/python bench/classify_report.py [--banking77 all|sample]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.naive_bayes import MultinomialNB

from bench.figures import figure
from classifiers.data import load_examples
from classifiers.evaluation import confidence_report
from classifiers.model import DEFAULT_REVIEW_THRESHOLD, Example, QuestionTypeModel, train
from classifiers.prediction import Prediction

LANGUAGES = (None, "sv", "en")
BANKING77 = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "banking77"


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


def bag_of_words(train_set: list[Example], test: list[Example]) -> list[str]:
    vec = CountVectorizer()
    x = vec.fit_transform([f"{e.subject} {e.body}" for e in train_set])
    nb = MultinomialNB().fit(x, [e.label for e in train_set])
    return list(nb.predict(vec.transform([f"{e.subject} {e.body}" for e in test])))


def banking77(mode: str) -> None:
    """Train on BANKING77's train split, report on its test split (`sample`: every tenth row
    of each, to show the benchmark still runs; its figures mean nothing)."""
    if not (BANKING77 / "train.csv").exists():
        print(f"\nBANKING77: not found at {BANKING77}, skipped")
        return
    step = 10 if mode == "sample" else 1
    train_set = load_examples(BANKING77 / "train.csv")[::step]
    test = load_examples(BANKING77 / "test.csv")[::step]
    start = time.perf_counter()
    model = train(train_set, source="bench: BANKING77 train")
    took = time.perf_counter() - start
    predictions = predict(model, test)
    truth = [e.label for e in test]
    ours = [p.label or "" for p in predictions]
    nb = bag_of_words(train_set, test)
    honesty = confidence_report(truth, predictions)
    accuracy = sum(a == b for a, b in zip(truth, ours, strict=True)) / len(test)
    f1 = float(f1_score(truth, ours, average="macro"))
    nb_f1 = float(f1_score(truth, nb, average="macro"))
    name = "BANKING77" + (" (every tenth row: figures mean nothing)" if step > 1 else "")
    print(
        f"\n== {name}: trained on {len(train_set):,} in {took:.0f} s, tested on {len(test):,} "
        f"({len(set(truth))} intents) ==\n"
        f"bag of words (NB): macro-F1 {nb_f1:.4f}\n"
        f"mailtriage: macro-F1 {f1:.4f}, accuracy {accuracy:.4f}; ECE {honesty['ece']:.3f}; "
        f"errors at >= 0.8: {honesty['sure_errors']} of {honesty['sure']}; flagged for review "
        f"below {DEFAULT_REVIEW_THRESHOLD}: {honesty['flagged'] / len(test):.0%}, accuracy of the "
        f"rest {honesty['accuracy_not_flagged']:.3f}"
    )
    figure(
        f"{name[:9]}: accuracy",
        round(accuracy, 4),
        "",
        bar=">= 0.93 (issue #12)",
        met=accuracy >= 0.93 if step == 1 else None,
    )
    figure(f"{name[:9]}: macro-F1", round(f1, 4), "", baseline=round(nb_f1, 4), bar="", met=None)
    ece_met = honesty["ece"] <= 0.05 if step == 1 else None
    figure(f"{name[:9]}: ECE", honesty["ece"], "", bar="<= 0.05", met=ece_met)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="BANKING77 train -> test")
    parser.add_argument("--banking77", choices=("all", "sample"), default="all")
    banking77(parser.parse_args().banking77)
