"""The candidate comparison behind classifiers/model.py: 5-fold cross-validation on the seed
data only (macro-F1, accuracy, expected calibration error, fit time). Reported in
classifiers/README.md.

    .venv/bin/python bench/classify_candidates.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from bench.figures import figure
from classifiers.data import seed_examples
from classifiers.features import Hashing, KnownColumns
from classifiers.language import detect_language
from classifiers.model import build_pipeline, featurise
from classifiers.text import prepare


def ece(probs: np.ndarray, truth: np.ndarray, classes: np.ndarray) -> float:
    conf, right = probs.max(1), classes[probs.argmax(1)] == truth
    total = 0.0
    for lo in np.linspace(0, 1, 10, endpoint=False):
        inside = (conf > lo) & (conf <= lo + 0.1)
        if inside.any():
            total += inside.mean() * abs(right[inside].mean() - conf[inside].mean())
    return total


class Ours:
    """Our features with another final step: the hashed columns the training folds saw (as
    `train` keeps them), their TF-IDF per view, then `classifier` (None: the chosen one)."""

    def __init__(self, classifier: object | None = None) -> None:
        self.classifier = classifier

    def fit(self, x: sp.csr_matrix, y: np.ndarray) -> Ours:
        self.known = KnownColumns.seen_in(Hashing(), x)
        self.pipe = build_pipeline(self.known)
        if self.classifier is not None:
            self.pipe.steps[-1] = ("clf", self.classifier)
        self.pipe.fit(x[:, self.known.known], y)
        self.classes_ = self.pipe.classes_
        return self

    def predict_proba(self, x: sp.csr_matrix) -> np.ndarray:
        return np.asarray(self.pipe.predict_proba(x[:, self.known.known]))


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 folds, the baseline and ours only")
    args = parser.parse_args()
    seed = seed_examples()
    prepared = [prepare(e.subject, e.body) for e in seed]
    features = featurise(prepared, [detect_language(p.combined()) for p in prepared])
    raw = np.array([f"{e.subject}\n{e.body}" for e in seed], dtype=object)
    labels = np.array([e.label for e in seed])
    candidates = {
        "bag of words, naive Bayes (raw text)": (
            raw,
            lambda: make_pipeline(CountVectorizer(), MultinomialNB()),
        ),
        "word TF-IDF, logistic regression (raw text)": (
            raw,
            lambda: make_pipeline(
                TfidfVectorizer(sublinear_tf=True), LogisticRegression(C=30, max_iter=3000)
            ),
        ),
        "ours: features, LinearSVC + sigmoid": (
            features,
            lambda: Ours(CalibratedClassifierCV(LinearSVC(C=0.5), cv=3)),
        ),
        "ours: features, LinearSVC + isotonic": (
            features,
            lambda: Ours(CalibratedClassifierCV(LinearSVC(C=0.5), cv=3, method="isotonic")),
        ),
        "ours: features, logistic regression C=10": (
            features,
            lambda: Ours(LogisticRegression(C=10, max_iter=3000)),
        ),
        "ours: features, logistic regression C=30": (
            features,
            lambda: Ours(LogisticRegression(C=30, max_iter=3000)),
        ),
        "ours: features, LR C=30 + temperature (chosen)": (features, lambda: Ours()),
    }
    if args.quick:
        keep = (
            "bag of words, naive Bayes (raw text)",
            "ours: features, LR C=30 + temperature (chosen)",
        )
        candidates = {name: candidates[name] for name in keep}
    folds_n = 2 if args.quick else 5
    head = f"candidate ({folds_n}-fold CV on the seed data)"
    print(f"{head:48} {'macro-F1':>8} {'acc':>6} {'ECE':>6} {'fit s':>6}")
    folds = list(StratifiedKFold(folds_n, shuffle=True, random_state=0).split(raw, labels))
    for name, (x, make) in candidates.items():
        f1s, accs, eces, fits = [], [], [], []
        for train_idx, test_idx in folds:
            model = make()
            start = time.perf_counter()
            model.fit(x[train_idx], labels[train_idx])
            fits.append(time.perf_counter() - start)
            probs = model.predict_proba(x[test_idx])
            guess = model.classes_[probs.argmax(1)]
            f1s.append(f1_score(labels[test_idx], guess, average="macro"))
            accs.append(accuracy_score(labels[test_idx], guess))
            eces.append(ece(probs, labels[test_idx], model.classes_))
        cells = (np.mean(f1s), np.mean(accs), np.mean(eces))
        figure(f"CV macro-F1: {name}", round(float(cells[0]), 3), "")
        print(
            f"{name:48} {cells[0]:8.3f} {cells[1]:6.3f} {cells[2]:6.3f} {np.mean(fits):6.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
