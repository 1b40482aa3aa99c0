"""The question-type model: train, predict with an honest confidence, save and load safely.

One scikit-learn Pipeline reads two views of a mail (stemmed words, raw characters; see
features.py) through hashed TF-IDF into a multinomial logistic regression, whose probabilities
are the confidence. Candidates were compared by 5-fold cross-validation on the seed data and
then on the held-out set (README.md in this package has the table). Model files are skops
files holding only scikit-learn and NumPy types, loaded with an allow-list, never a pickle.
"""

from __future__ import annotations

import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.feature_selection import VarianceThreshold
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from classifiers.features import matrix, views
from classifiers.language import detect_language
from classifiers.prediction import Prediction
from classifiers.text import PreparedText, prepare

FORMAT = 1
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")
_MAX_ALTERNATIVES = 3
# scikit-learn types a model of ours holds beyond the ones skops trusts by default; a file
# naming any other type is refused before anything in it is constructed.
_MODEL_TYPES = frozenset(
    {
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._TemperatureScaling",
    }
)


class ModelFileError(Exception):
    """A model file that is missing, corrupt or holds types we do not load."""


@dataclass(frozen=True)
class Example:
    subject: str
    body: str
    label: str
    language: str | None = None


def build_pipeline(c: float = 30.0, calibrate: bool = True) -> Pipeline:
    words = make_pipeline(
        HashingVectorizer(
            ngram_range=(1, 2),
            n_features=2**18,
            alternate_sign=False,
            norm=None,
            token_pattern=r"(?u)\b\w+\b",
        ),
        TfidfTransformer(sublinear_tf=True),
    )
    chars = make_pipeline(
        HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            n_features=2**19,
            alternate_sign=False,
            norm=None,
        ),
        TfidfTransformer(sublinear_tf=True),
    )
    classifier: Any = LogisticRegression(C=c, max_iter=3000)
    if calibrate:
        # Logistic regression on many sparse features is under-confident here (it says 0.8
        # where it is right 92 % of the time); one temperature fitted on out-of-fold
        # predictions makes the confidence honest and leaves every decision as it was.
        classifier = CalibratedClassifierCV(classifier, method="temperature", cv=3, ensemble=False)
    return make_pipeline(
        ColumnTransformer([("words", words, 0), ("chars", chars, 1)]),
        VarianceThreshold(0.0),  # keeps only hashed columns seen in training: a small model
        classifier,
    )


def featurise(prepared: Sequence[PreparedText], languages: Sequence[str]) -> np.ndarray:
    return matrix([views(p, lang) for p, lang in zip(prepared, languages, strict=True)])


class QuestionTypeModel:
    def __init__(self, pipeline: Pipeline, metadata: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.metadata = metadata
        self.review_threshold = 0.6
        self.secondary_threshold = 0.3

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.pipeline.classes_]

    def predict(self, subject: str, body: str) -> Prediction:
        return self.predict_many([(subject, body)])[0]

    def predict_many(self, mails: Sequence[tuple[str, str]]) -> list[Prediction]:
        """One prediction per (subject, body); never raises on odd text, says why instead."""
        prepared = [prepare(subject, body) for subject, body in mails]
        languages = [detect_language(p.combined()) for p in prepared]
        readable = [i for i, p in enumerate(prepared) if _readable(p)]
        is_readable = set(readable)
        probabilities = np.zeros((len(mails), len(self.labels)))
        if readable:
            features = featurise([prepared[i] for i in readable], [languages[i] for i in readable])
            probabilities[readable] = self.pipeline.predict_proba(features)
        return [
            self._prediction(probabilities[i], languages[i])
            if i in is_readable
            else self._unreadable(prepared[i], languages[i])
            for i in range(len(mails))
        ]

    def _prediction(self, probs: np.ndarray, language: str) -> Prediction:
        order = np.argsort(probs)[::-1]
        labels = self.labels
        best, confidence = labels[order[0]], float(probs[order[0]])
        alternatives = [
            {"label": labels[j], "confidence": round(float(probs[j]), 4)}
            for j in order[1 : 1 + _MAX_ALTERNATIVES]
        ]
        reasons = []
        if confidence < self.review_threshold:
            reasons.append(f"confidence {confidence:.2f} is below {self.review_threshold:.2f}")
        if language == "other":
            reasons.append("written in a language other than Swedish or English")
        second = alternatives[0] if alternatives else None
        secondary = (
            second["label"] if second and second["confidence"] >= self.secondary_threshold else None
        )
        return Prediction(
            best,
            round(confidence, 4),
            language,
            bool(reasons),
            alternatives,
            "; ".join(reasons),
            secondary,
        )

    def _unreadable(self, prepared: PreparedText, language: str) -> Prediction:
        fallback = "other" if "other" in self.labels else None
        reason = (
            "no text to classify (empty, only an attachment, or only a signature)"
            if prepared.is_empty
            else "no readable text (binary or garbled content)"
        )
        return Prediction(fallback, 0.0, language, True, [], reason, None)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        sio.dump({"format": FORMAT, "pipeline": self.pipeline, "metadata": self.metadata}, path)

    @classmethod
    def load(cls, path: Path) -> QuestionTypeModel:
        """Load a model file, refusing anything but the types a model of ours is made of."""
        try:
            untrusted = sio.get_untrusted_types(file=path)
        except FileNotFoundError:
            raise ModelFileError(f"{path}: model file not found") from None
        except Exception as exc:
            raise ModelFileError(f"{path}: not a readable model file ({exc})") from None
        unexpected = [t for t in untrusted if t not in _MODEL_TYPES]
        if unexpected:
            raise ModelFileError(f"{path}: refusing to load unexpected types {unexpected}")
        try:
            content = sio.load(path, trusted=untrusted)
        except Exception as exc:
            raise ModelFileError(
                f"{path}: corrupt model file ({type(exc).__name__}: {exc})"
            ) from None
        if not isinstance(content, dict) or content.get("format") != FORMAT:
            raise ModelFileError(f"{path}: not a mailtriage model file (format {FORMAT})")
        return cls(content["pipeline"], dict(content["metadata"]))


def _readable(prepared: PreparedText) -> bool:
    """Mostly letters: not empty, not binary junk or a column of numbers."""
    sample = prepared.combined()[:2000]
    letters = len(_LETTER.findall(sample))
    visible = len(sample) - len(_SPACE.findall(sample))
    return letters > 0 and letters >= 0.5 * visible


def train(examples: Sequence[Example], *, source: str, c: float = 30.0) -> QuestionTypeModel:
    """Fit a model on `examples`; the metadata records what it was made from and with what.

    Identical examples are trained once with a weight (the same loss, a fraction of the work):
    resampled or re-labelled data often repeats itself.
    """
    weights: dict[Example, int] = {}
    for e in examples:
        weights[e] = weights.get(e, 0) + 1
    unique = list(weights)
    prepared = [prepare(e.subject, e.body) for e in unique]
    languages = [
        e.language or detect_language(p.combined()) for e, p in zip(unique, prepared, strict=True)
    ]
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.label] = counts.get(e.label, 0) + 1
    calibrate = min(counts.values()) >= 3 and len(counts) > 1  # 3-fold needs 3 of each
    pipeline = build_pipeline(c, calibrate=calibrate)
    step = pipeline.steps[-1][0]
    pipeline.fit(
        featurise(prepared, languages),
        [e.label for e in unique],
        **{f"{step}__sample_weight": np.array([weights[e] for e in unique], dtype=float)},
    )
    metadata = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "examples": len(examples),
        "examples_per_label": counts,
        "labels": sorted(counts),
        "unique_examples": len(unique),
        "params": {
            "C": c,
            "model": "hashed word+char TF-IDF, logistic regression",
            "calibration": "temperature, 3-fold out-of-fold" if calibrate else "none",
        },
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
        },
    }
    return QuestionTypeModel(pipeline, metadata)
