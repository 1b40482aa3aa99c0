"""What a classifier says about one mail, and the interface ingestion calls."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from classifiers.language import detect_language
from classifiers.text import PreparedText, prepare


@dataclass(frozen=True)
class Prediction:
    label: str | None
    confidence: float
    language: str
    needs_review: bool
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""
    secondary: str | None = None  # a second topic the mail clearly also has

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Reading:
    """What a model reads of a mail: its new text, and the language of that text.

    Model-independent, so ingestion's parse workers compute it beside the parse, off the
    process that stores the mail.
    """

    prepared: PreparedText
    language: str


def read(subject: str, body: str) -> Reading:
    prepared = prepare(subject, body)
    return Reading(prepared, detect_language(prepared.combined()))


class Classifier(Protocol):
    """Anything that can name a question type for a mail, with an honest confidence."""

    def predict(self, subject: str, body: str) -> Prediction: ...

    def predict_many(self, mails: list[tuple[str, str]]) -> list[Prediction]:
        """One prediction per (subject, body), in order; faster than one call each."""
        ...

    def predict_read(self, readings: list[Reading]) -> list[Prediction]:
        """As `predict_many`, of mails already read (`read`)."""
        ...
