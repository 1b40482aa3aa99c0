"""Where ingestion gets its classifier: the promoted model when there is one, else none.

Until a model exists, new cases stay unclassified and marked for review. A model that cannot be
loaded is reported once, naming the file, and ingestion goes on without it.
"""

from __future__ import annotations

import logging

from classifiers import Classifier
from triage.settings import Settings

log = logging.getLogger(__name__)


def load_classifier(settings: Settings) -> Classifier | None:
    path = settings.classifier.model_path
    if path is None or not path.exists():
        return None
    log.warning(
        "model file %s found, but no loader is installed yet; cases stay unclassified", path
    )
    return None
