"""Where ingestion gets its classifier: the promoted model when there is one, else none.

Until a model exists, new cases stay unclassified and marked for review. A model that cannot be
loaded is reported, naming the file, and ingestion goes on without it.
"""

from __future__ import annotations

import logging

from classifiers import Classifier
from classifiers.model import ModelFileError
from triage.learning.training import load_promoted
from triage.settings import Settings

log = logging.getLogger(__name__)


def load_classifier(settings: Settings) -> Classifier | None:
    try:
        return load_promoted(settings)
    except ModelFileError as exc:
        log.error("the question-type model cannot be used: %s; cases stay unclassified", exc)
    except Exception as exc:  # a half-written pointer, a full disk …: ingestion goes on
        log.error("no question-type model could be loaded (%s: %s)", type(exc).__name__, exc)
    return None
