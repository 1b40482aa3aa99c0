"""The classifier on real-looking mail, odd input, and broken model files."""

from __future__ import annotations

import pytest

from classifiers.model import ModelFileError, QuestionTypeModel


@pytest.fixture(scope="module")
def model(seed_model_file):
    return QuestionTypeModel.load(seed_model_file)


@pytest.mark.parametrize(
    ("subject", "body", "label"),
    [
        ("Nyckel", "Jag landar sent på söndag, hur får jag nyckeln till mitt rum?", "housing"),
        (
            "Question",
            "My residence permit is still not decided by Migrationsverket, what to do?",
            "migration",
        ),
        ("", "Hur ansöker jag om utbytesstudier vid ett partneruniversitet i Japan?", "outbound"),
        ("Payment", "When is the deadline to pay the tuition fee for the second semester?", "fees"),
    ],
)
def test_clear_questions_get_their_type_with_confidence(model, subject, body, label):
    prediction = model.predict(subject, body)

    assert prediction.label == label
    assert prediction.confidence >= model.review_threshold
    assert not prediction.needs_review


def test_the_alternatives_and_confidences_add_up(model):
    prediction = model.predict("Fråga", "Jag har en fråga om min ansökan.")

    total = prediction.confidence + sum(a["confidence"] for a in prediction.alternatives)
    assert len(prediction.alternatives) == 3
    assert total == pytest.approx(1.0, abs=0.02)


@pytest.mark.parametrize(
    ("subject", "body", "reason"),
    [
        ("", "", "no text to classify"),
        ("", "--\nAnna Svensson\nStudent, Uppsala", "no text to classify"),
        ("", "\x00\x01\x02\x03\x04\xff" * 500 + "9876543210" * 200, "no readable text"),
        (
            "Hola",
            "¿Dónde puedo encontrar información sobre el alojamiento para estudiantes?",
            "language other than Swedish or English",
        ),
    ],
)
def test_odd_input_gets_a_reason_and_needs_review(model, subject, body, reason):
    prediction = model.predict(subject, body)

    assert prediction.needs_review
    assert reason in prediction.reason


def test_five_megabytes_of_text_is_classified_without_error(model):
    body = "Jag undrar hur jag betalar studieavgiften. " * 120_000

    prediction = model.predict("Avgift", body)

    assert prediction.label == "fees"


def test_a_missing_model_file_is_named(tmp_path):
    with pytest.raises(ModelFileError, match=r"nowhere\.skops: model file not found"):
        QuestionTypeModel.load(tmp_path / "nowhere.skops")


def test_a_corrupt_model_file_is_named(tmp_path):
    path = tmp_path / "broken.skops"
    path.write_bytes(b"PK\x03\x04 this is not a model")

    with pytest.raises(ModelFileError, match=r"broken\.skops"):
        QuestionTypeModel.load(path)


def test_a_model_file_with_foreign_types_is_refused(tmp_path):
    import skops.io as sio

    path = tmp_path / "foreign.skops"
    sio.dump({"format": 1, "pipeline": tmp_path, "metadata": {}}, path)

    with pytest.raises(ModelFileError, match="refusing to load unexpected types"):
        QuestionTypeModel.load(path)


def test_the_model_file_carries_its_metadata(model):
    meta = model.metadata

    assert meta["labels"] == ["fees", "housing", "migration", "other", "outbound"]
    assert meta["examples"] == sum(meta["examples_per_label"].values())
    assert {"scikit-learn", "numpy", "python"} <= set(meta["versions"])
