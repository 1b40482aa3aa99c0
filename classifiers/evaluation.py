"""How good a model is on labelled examples: accuracy, macro-F1, per-label precision and recall,
the confusion matrix (rows: true label, columns: predicted), and how honest its confidence is:
the expected calibration error, the errors it is sure of, and what the review flag catches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from classifiers.model import Example, QuestionTypeModel
from classifiers.prediction import Prediction

SURE = 0.8  # "errors at confidence >= 0.8": the mistakes an officer has no reason to doubt
BINS = 10


def evaluate(model: QuestionTypeModel, examples: Sequence[Example]) -> dict[str, Any]:
    predictions = model.predict_many([(e.subject, e.body) for e in examples])
    truth = [e.label for e in examples]
    guessed = [p.label or "" for p in predictions]
    labels = sorted(set(truth) | set(model.labels))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, guessed, labels=labels, zero_division=0
    )
    return {
        "examples": len(examples),
        "accuracy": round(float(accuracy_score(truth, guessed)), 4),
        "macro_f1": round(
            float(f1_score(truth, guessed, labels=labels, average="macro", zero_division=0)), 4
        ),
        "needs_review": round(sum(p.needs_review for p in predictions) / max(len(examples), 1), 4),
        **confidence_report(truth, predictions),
        "per_label": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "confusion": {
            "labels": labels,
            "matrix": confusion_matrix(truth, guessed, labels=labels).tolist(),
        },
    }


def confidence_report(truth: Sequence[str], predictions: Sequence[Prediction]) -> dict[str, Any]:
    """How far the stated confidence is from how often the model is right (ECE, in BINS equal
    bins of confidence, weighted by their counts), the errors made at >= SURE, and the accuracy
    among the cases the review flag lets through (with the share it flags)."""
    right = [p.label == t for p, t in zip(predictions, truth, strict=True)]
    total = max(len(right), 1)
    bins: list[dict[str, Any]] = []
    ece = 0.0
    for b in range(BINS):
        low, high = b / BINS, (b + 1) / BINS
        inside = [
            i
            for i, p in enumerate(predictions)
            if low <= p.confidence < high or (b == BINS - 1 and p.confidence >= high)
        ]
        if not inside:
            continue
        stated = sum(predictions[i].confidence for i in inside) / len(inside)
        observed = sum(right[i] for i in inside) / len(inside)
        ece += len(inside) / total * abs(stated - observed)
        bins.append(
            {"from": low, "to": high, "count": len(inside), "confidence": round(stated, 4),
             "accuracy": round(observed, 4)}
        )  # fmt: skip
    sure = [i for i, p in enumerate(predictions) if p.confidence >= SURE]
    passed = [i for i, p in enumerate(predictions) if not p.needs_review]
    return {
        "ece": round(ece, 4),
        "sure_errors": sum(not right[i] for i in sure),
        "sure": len(sure),
        "errors": sum(not r for r in right),
        "flagged": len(right) - len(passed),
        "accuracy_not_flagged": round(sum(right[i] for i in passed) / max(len(passed), 1), 4),
        "reliability": bins,
    }
