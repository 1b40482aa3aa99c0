"""How good a model is on labelled examples: accuracy, macro-F1, per-label precision and recall,
and the confusion matrix (rows: true label, columns: predicted)."""

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
