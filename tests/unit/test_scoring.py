"""A model's probabilities computed from its numbers are the pipeline's own, for every shape."""

from __future__ import annotations

import numpy as np
import pytest
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

from classifiers.data import heldout_examples, seed_examples
from classifiers.model import Example, QuestionTypeModel, build_pipeline, train
from classifiers.prediction import read
from classifiers.scoring import LinearScorer

ODD = [
    ("", ""),
    ("Re: Rum", "Tack!"),
    ("Hola", "¿Dónde puedo encontrar información sobre el alojamiento?"),
    ("", "\x00\x01 9876543210 " * 50),
    ("Fråga", "Jag har en fråga om min ansökan. " * 400),
]


def _counts(model: QuestionTypeModel, mails: list[tuple[str, str]]):
    readings = [read(subject, body) for subject, body in mails]
    assert model.known is not None
    return model.known.counts(
        [r.prepared.combined() for r in readings], [r.language for r in readings], np.float32
    )


def _pipeline_probabilities(model: QuestionTypeModel, counts) -> np.ndarray:
    with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        return np.asarray(model.pipeline.predict_proba(counts))


def _assert_same(model: QuestionTypeModel, mails: list[tuple[str, str]]) -> None:
    assert model.scorer is not None
    counts = _counts(model, mails)
    ours = model.scorer.probabilities(counts)
    theirs = _pipeline_probabilities(model, counts)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
    assert (ours.argmax(axis=1) == theirs.argmax(axis=1)).all()


def test_the_shipped_model_scores_as_its_pipeline(seed_model_file) -> None:
    model = QuestionTypeModel.load(seed_model_file)
    mails = [(e.subject, e.body) for e in heldout_examples()] + ODD

    _assert_same(model, mails)


def _subset(labels: set[str], per_label: int) -> list[Example]:
    taken: dict[str, int] = {}
    out = []
    for e in seed_examples():
        if e.label in labels and taken.get(e.label, 0) < per_label:
            taken[e.label] = taken.get(e.label, 0) + 1
            out.append(e)
    return out


def test_a_model_without_calibration_scores_as_its_pipeline() -> None:
    examples = _subset({"housing", "fees", "migration"}, 40)
    examples.append(Example("Visum", "Hur lång tid tar ett visum till Kanada?", "visa"))
    model = train(examples, source="test")  # one example of 'visa': too few to calibrate

    assert model.metadata["params"]["calibration"] == "none"
    _assert_same(model, [(e.subject, e.body) for e in _subset({"outbound", "other"}, 30)] + ODD)


@pytest.mark.parametrize("per_label", [2, 3, 60])  # 2: too few to calibrate
def test_a_model_of_two_types_scores_as_its_pipeline(per_label: int) -> None:
    model = train(_subset({"housing", "fees"}, per_label), source="test")

    _assert_same(model, [(e.subject, e.body) for e in _subset({"migration", "fees"}, 30)] + ODD)


def test_a_pipeline_of_another_shape_is_asked_itself() -> None:
    examples = _subset({"housing", "fees", "migration"}, 20)
    model = train(examples, source="test")
    assert model.known is not None
    other = build_pipeline(model.known, calibrate=False)
    other.steps[-1] = ("sigmoid", CalibratedClassifierCV(LogisticRegression(), cv=3))
    mails = [(e.subject, e.body) for e in examples]
    other.fit(_counts(model, mails), [e.label for e in examples])

    assert LinearScorer.of(other) is None
    fallback = QuestionTypeModel(other, model.metadata, model.known)
    assert fallback.scorer is None
    predictions = fallback.predict_many(mails)
    assert sum(p.label == e.label for p, e in zip(predictions, examples, strict=True)) >= 50
