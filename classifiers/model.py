"""The question-type model: train, predict with an honest confidence, save and load safely.

Two views of a mail (stemmed words, raw characters) are hashed into n-gram counts for a whole
batch at once (features.py); of those columns, a model keeps the ones its training data had.
One scikit-learn Pipeline takes them through TF-IDF (each view normalised on its own) into a
multinomial logistic regression, whose temperature-calibrated probabilities are the confidence.
Candidates were compared by 5-fold cross-validation on the seed data and then on the held-out
set (README.md in this package has the table). Model files are skops files holding only
scikit-learn and NumPy types, loaded with an allow-list, never a pickle.
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
import scipy.sparse as sp
import sklearn
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from classifiers.features import Hashing, KnownColumns, hashed_counts, matrix, views
from classifiers.language import detect_language
from classifiers.prediction import Prediction, Reading, read
from classifiers.scoring import LinearScorer
from classifiers.text import PreparedText, prepare

FORMAT = 2  # 1: the pipeline hashed text itself (still loaded); 2: features.py hashes
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_BLANKS = re.compile(r"\s+")
_MAX_ALTERNATIVES = 3
DEFAULT_REVIEW_THRESHOLD = 0.6
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


def build_pipeline(
    known: KnownColumns | None = None, c: float = 30.0, calibrate: bool = True
) -> Pipeline:
    """TF-IDF of each view (its own norm, so neither drowns the other) into logistic regression.

    Without `known`, the input is all hashed columns of `Hashing()` (as `featurise` gives them).
    """
    if known is None:
        words, columns = Hashing().word_columns, Hashing().columns
    else:
        words, columns = known.words, known.columns
    classifier: Any = LogisticRegression(C=c, max_iter=3000)
    if calibrate:
        # Logistic regression on many sparse features is under-confident here (it says 0.8
        # where it is right 92 % of the time); one temperature fitted on out-of-fold
        # predictions makes the confidence honest and leaves every decision as it was.
        classifier = CalibratedClassifierCV(classifier, method="temperature", cv=3, ensemble=False)
    return make_pipeline(
        ColumnTransformer(
            [
                ("words", TfidfTransformer(sublinear_tf=True), slice(0, words)),
                ("chars", TfidfTransformer(sublinear_tf=True), slice(words, columns)),
            ]
        ),
        classifier,
    )


def featurise(
    prepared: Sequence[PreparedText], languages: Sequence[str], hashing: Hashing | None = None
) -> sp.csr_matrix:
    """Hashed n-gram counts of prepared mails, all columns (a model keeps those it knows)."""
    return hashed_counts([p.combined() for p in prepared], languages, hashing or Hashing())


class QuestionTypeModel:
    def __init__(
        self, pipeline: Pipeline, metadata: dict[str, Any], known: KnownColumns | None = None
    ) -> None:
        self.pipeline = pipeline
        self.metadata = metadata
        self.known = known  # None: a format-1 model, whose pipeline hashes text itself
        # The pipeline's arithmetic without its checks, for a pipeline of ours (scoring.py).
        self.scorer = LinearScorer.of(pipeline) if known is not None else None
        # Below it a case needs review: measured on the held-out set when the model was
        # promoted (evaluation.measured_threshold), else the long-standing 0.6.
        self.review_threshold = float(metadata.get("review_threshold", DEFAULT_REVIEW_THRESHOLD))
        self.secondary_threshold = 0.3

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.pipeline.classes_]

    def predict(self, subject: str, body: str) -> Prediction:
        return self.predict_many([(subject, body)])[0]

    def predict_many(self, mails: Sequence[tuple[str, str]]) -> list[Prediction]:
        """One prediction per (subject, body); never raises on odd text, says why instead."""
        return self.predict_read([read(subject, body) for subject, body in mails])

    def predict_read(self, readings: Sequence[Reading]) -> list[Prediction]:
        """As `predict_many`, of mails already read."""
        prepared = [r.prepared for r in readings]
        languages = [r.language for r in readings]
        readable = [i for i, p in enumerate(prepared) if _readable(p.combined())]
        probabilities = np.zeros((len(readings), len(self.labels)))
        if readable:
            probabilities[readable] = self.probabilities(
                [prepared[i] for i in readable], [languages[i] for i in readable]
            )
        labels = self.labels
        ranked = np.argsort(probabilities, axis=1)[:, ::-1][:, : 1 + _MAX_ALTERNATIVES]
        top = np.take_along_axis(probabilities, ranked, axis=1).tolist()
        is_readable = set(readable)
        return [
            self._prediction([labels[j] for j in ranked[i].tolist()], top[i], languages[i])
            if i in is_readable
            else self._unreadable(prepared[i], languages[i])
            for i in range(len(readings))
        ]

    def probabilities(
        self, prepared: Sequence[PreparedText], languages: Sequence[str]
    ) -> np.ndarray:
        """Calibrated probabilities, one row per mail, columns in the order of `labels`."""
        if self.known is None:
            features: Any = matrix(
                [views(p, lang) for p, lang in zip(prepared, languages, strict=True)]
            )
        else:
            texts = [p.combined() for p in prepared]
            features = self.known.counts(texts, languages, dtype=np.float32)
            if self.scorer is not None:
                return self.scorer.probabilities(features)
        # Our features are finite and our parameters checked when the model was built: skipping
        # scikit-learn's checks saves about a tenth of a call.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return np.asarray(self.pipeline.predict_proba(features))

    def _prediction(self, labels: list[str], probs: list[float], language: str) -> Prediction:
        """From the labels in order of probability (best first) and their probabilities."""
        confidence = probs[0]
        alternatives: list[dict[str, Any]] = [
            {"label": label, "confidence": round(p, 4)}
            for label, p in zip(labels[1:], probs[1:], strict=True)
        ]
        reasons = []
        if confidence < self.review_threshold:
            reasons.append(f"confidence {confidence:.2f} is below {self.review_threshold:.2f}")
        if language == "other":
            reasons.append("written in a language other than Swedish or English")
        secondary = None
        if alternatives and alternatives[0]["confidence"] >= self.secondary_threshold:
            secondary = labels[1]
        return Prediction(
            labels[0],
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
        content: dict[str, Any] = {"format": FORMAT, "pipeline": self.pipeline}
        content["metadata"] = self.metadata
        if self.known is not None:
            content["hashing"] = self.known.hashing.as_dict()
            content["known_columns"] = self.known.known
        else:
            content["format"] = 1
        sio.dump(content, path)

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
        if not isinstance(content, dict) or content.get("format") not in (1, FORMAT):
            raise ModelFileError(f"{path}: not a mailtriage model file (format {FORMAT})")
        known = None
        if content["format"] == FORMAT:
            try:
                hashing = Hashing.from_dict(content["hashing"])
                known = KnownColumns(hashing, content["known_columns"])
                if content["pipeline"].n_features_in_ != known.columns:
                    raise ValueError("the pipeline reads other columns")
            except (AttributeError, KeyError, TypeError, ValueError) as exc:
                raise ModelFileError(f"{path}: corrupt model file (features: {exc})") from None
        return cls(content["pipeline"], dict(content["metadata"]), known)


def _readable(text: str) -> bool:
    """Mostly letters: not empty, not binary junk or a column of numbers."""
    sample = text[:2000]
    letters = len(_NOT_LETTERS.sub("", sample))
    if letters >= 0.5 * len(sample):  # prose: no need to count the blanks
        return letters > 0
    visible = len(_BLANKS.sub("", sample))
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
    hashing = Hashing()
    all_columns = featurise(prepared, languages, hashing)
    known = KnownColumns.seen_in(hashing, all_columns)
    pipeline = build_pipeline(known, c, calibrate=calibrate)
    step = pipeline.steps[-1][0]
    pipeline.fit(
        all_columns[:, known.known],
        [e.label for e in unique],
        **{f"{step}__sample_weight": np.array([weights[e] for e in unique], dtype=float)},
    )
    _single_precision(pipeline)
    _compact_column_lists(pipeline)
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
            "hashing": hashing.as_dict(),
            "known_columns": known.columns,
            "calibration": "temperature, 3-fold out-of-fold" if calibrate else "none",
        },
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
        },
    }
    return QuestionTypeModel(pipeline, metadata, known)


def _single_precision(pipeline: Pipeline) -> None:
    """Keep the coefficients in float32: half the memory, and the same decisions.

    They were fitted in float64; a prediction multiplies float32 TF-IDF values by them.
    """
    final = pipeline.steps[-1][1]
    calibrated = getattr(final, "calibrated_classifiers_", None)
    for model in [c.estimator for c in calibrated] if calibrated else [final]:
        # Column-major, so that the transposed matrix a prediction multiplies by is contiguous
        # (scipy would otherwise copy it for every batch).
        model.coef_ = np.asfortranarray(model.coef_, dtype=np.float32)
        model.intercept_ = model.intercept_.astype(np.float32)


def _compact_column_lists(pipeline: Pipeline) -> None:
    """ColumnTransformer keeps each view's input columns as a list of Python ints, which a
    skops file writes as one JSON object per column (48 MB for 120,000 columns); as NumPy
    arrays they are a few hundred kB and do the same (they are only used to name features)."""
    columns = pipeline.steps[0][1]
    lists = getattr(columns, "_transformer_to_input_indices", None)
    if isinstance(lists, dict):
        columns._transformer_to_input_indices = {
            name: np.asarray(indices, dtype=np.int32) for name, indices in lists.items()
        }
