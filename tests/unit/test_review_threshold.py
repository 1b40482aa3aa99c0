"""The review threshold is read off the measured curve: the lowest confidence at which the cases
let through are right often enough, with the calibration error and sure errors beside it."""

from __future__ import annotations

from classifiers.evaluation import confidence_report, measured_threshold, threshold_curve
from classifiers.prediction import Prediction


def _said(label: str, confidence: float) -> Prediction:
    return Prediction(label, confidence, "sv", needs_review=confidence < 0.6)


# Often wrong below 0.7, right from there on.
PREDICTIONS = (
    [_said("housing", 0.55)] * 4
    + [_said("housing", 0.65)] * 2
    + [_said("fees", 0.65)] * 2
    + [_said("fees", 0.9)] * 12
)
TRUTH = ["fees"] * 20


def test_the_threshold_is_where_the_rest_becomes_right_often_enough():
    # The first hundredth above the mails said at 0.65, half of them wrong.
    assert measured_threshold(TRUTH, PREDICTIONS) == 0.66


def test_the_target_decides_how_much_is_flagged():
    # At 0.55 and up, 0.875 of the rest are right; at 0.66 and up, all of them.
    assert measured_threshold(TRUTH, PREDICTIONS, target=0.85) == 0.56


def test_the_curve_gives_the_share_flagged_and_the_accuracy_of_the_rest():
    at = {point["threshold"]: point for point in threshold_curve(TRUTH, PREDICTIONS)}

    assert at[0.5] == {"threshold": 0.5, "flagged": 0.0, "accuracy": 0.7}
    assert at[0.6] == {"threshold": 0.6, "flagged": 0.2, "accuracy": 0.875}
    assert at[0.7] == {"threshold": 0.7, "flagged": 0.4, "accuracy": 1.0}


def test_no_threshold_reaching_the_target_gives_the_highest_one():
    wrong = [_said("housing", 0.99)] * 5

    assert measured_threshold(["fees"] * 5, wrong) == 0.95


def test_an_overconfident_model_has_a_large_calibration_error_and_sure_errors():
    sure_and_wrong = [_said("housing", 0.95)] * 5 + [_said("fees", 0.95)] * 5

    report = confidence_report(["fees"] * 10, sure_and_wrong)

    assert report["ece"] == 0.45  # says 0.95, right half the time
    assert (report["sure_errors"], report["sure"]) == (5, 10)
