"""Question-type classification: text preparation, language detection, the model."""

from classifiers.language import detect_language
from classifiers.prediction import Classifier, Prediction, Reading, read

__all__ = ["Classifier", "Prediction", "Reading", "detect_language", "read"]
