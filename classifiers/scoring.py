"""A model's probabilities computed straight from its fitted numbers, not through the Pipeline.

scikit-learn's Pipeline checks its input at every step (ColumnTransformer, two TF-IDF
transformers, the calibrated classifier and the regression inside it, each asking whether the
input is a data frame of some library); for the few mails a sync stores at a time that costs
some 20 ms a call, ten times the arithmetic. The arithmetic is short: each view's counts
sublinear-scaled, weighted by its IDF and normalised, one product with the coefficients, and
the calibration's temperature in a softmax. `LinearScorer.of` reads those numbers from a
pipeline that `model.build_pipeline` made and gives None for any other, which is then asked
as before; the tests hold both to the same probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline


@dataclass(frozen=True)
class _View:
    start: int
    stop: int
    idf: np.ndarray  # float32, one weight a column of the view


@dataclass(frozen=True)
class LinearScorer:
    views: tuple[_View, ...]
    coef_t: np.ndarray  # (columns, classes or 1), float32
    intercept: np.ndarray
    temperature: float | None  # the calibration's beta; None: the regression's own softmax

    @classmethod
    def of(cls, pipeline: Pipeline) -> LinearScorer | None:
        """The scorer for a pipeline of ours (see module docstring), else None."""
        try:
            return cls._read(pipeline)
        except (AttributeError, IndexError, TypeError, ValueError):
            return None

    @classmethod
    def _read(cls, pipeline: Pipeline) -> LinearScorer | None:
        if len(pipeline.steps) != 2:
            return None
        columns, final = pipeline.steps[0][1], pipeline.steps[1][1]
        if not isinstance(columns, ColumnTransformer):
            return None
        views = []
        fitted = [t for t in columns.transformers_ if t[0] != "remainder" or t[1] != "drop"]
        for _, transformer, where in fitted:
            ok = isinstance(transformer, TfidfTransformer) and isinstance(where, slice)
            if not ok or not transformer.sublinear_tf or transformer.norm != "l2":
                return None
            if not hasattr(transformer, "idf_") or where.step not in (None, 1):
                return None
            idf = np.asarray(transformer.idf_, dtype=np.float32)
            views.append(_View(where.start, where.stop, idf))
        if [v.start for v in views[1:]] != [v.stop for v in views[:-1]] or views[0].start != 0:
            return None
        temperature: float | None = None
        regression: Any = final
        if isinstance(final, CalibratedClassifierCV):
            calibrated = final.calibrated_classifiers_
            if final.method != "temperature" or len(calibrated) != 1:
                return None
            regression = calibrated[0].estimator
            temperature = float(calibrated[0].calibrators[0].beta_)
            if list(calibrated[0].classes) != list(final.classes_):
                return None
        if not isinstance(regression, LogisticRegression) or len(regression.classes_) < 2:
            return None
        # Calibration trains the regression on the classes' positions, in the same order.
        order = list(range(len(final.classes_))) if temperature is not None else final.classes_
        if list(regression.classes_) != list(order):
            return None
        coef_t = np.ascontiguousarray(regression.coef_.T, dtype=np.float32)
        if coef_t.shape[0] != views[-1].stop - views[0].start:
            return None
        intercept = np.asarray(regression.intercept_, dtype=np.float32)
        return cls(tuple(views), coef_t, intercept, temperature)

    def probabilities(self, counts: sp.csr_matrix) -> np.ndarray:
        """One row of probabilities per row of hashed counts (the pipeline's own input)."""
        x = sp.csr_matrix(counts, dtype=np.float32, copy=True)
        np.log(x.data, out=x.data)
        x.data += 1.0
        # Each view is a run of columns: weight by its IDF, then give each row of it length 1.
        starts = np.array([v.start for v in self.views])
        idf = np.concatenate([v.idf for v in self.views])
        x.data *= idf[x.indices]
        view_of = np.searchsorted(starts, x.indices, side="right") - 1
        rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
        cell = rows * len(self.views) + view_of  # (mail, view) as one number
        squares = np.bincount(cell, weights=np.square(x.data, dtype=np.float64))
        norms = np.sqrt(squares).astype(np.float32)
        x.data /= norms[cell]  # a cell with any value has a norm above 0
        scores: np.ndarray = np.asarray(x @ self.coef_t, dtype=np.float64) + self.intercept
        if scores.shape[1] == 1:  # two classes: the regression gives the second one's score
            scores = np.hstack([-scores, scores])
            if self.temperature is None:
                scores = scores / 2.0  # a binary regression's probability is sigmoid(score)
        if self.temperature is not None:
            scores = scores * self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores
