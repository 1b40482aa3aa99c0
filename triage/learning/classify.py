"""Where ingestion gets its classifier: the promoted model, trained on the seed data the first
time a command needs one.

A newcomer following the README (`db upgrade`, `user add`, `serve`, then `import` or `sync`)
has no model until someone runs `triage train`; rather than leave the first mail unclassified,
every command that needs a model (sync, import, classify, replies suggest, serve and worker at
start) trains the seed model once, saying so on stderr. Two processes starting together train
it once: the second waits on a lock file and then finds the first one's model. A model that
cannot be loaded is reported, naming the file, and ingestion goes on without it.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Callable

from sqlalchemy import Engine

from classifiers import Classifier
from classifiers.model import ModelFileError
from triage.learning.training import (
    TrainingReport,
    load_promoted,
    models_dir,
    promoted_path,
    train_and_promote,
)
from triage.settings import Settings

log = logging.getLogger(__name__)
TRAINING_NOTICE = (
    "no question-type model yet: training one on the seed data, once (about a minute)…"
)


def load_classifier(settings: Settings) -> Classifier | None:
    try:
        return load_promoted(settings)
    except ModelFileError as exc:
        log.error("the question-type model cannot be used: %s; cases stay unclassified", exc)
    except Exception as exc:  # a half-written pointer, a full disk …: ingestion goes on
        log.error("no question-type model could be loaded (%s: %s)", type(exc).__name__, exc)
    return None


def ensure_model(
    engine: Engine, settings: Settings, say: Callable[[str], None] | None = None
) -> TrainingReport | None:
    """Train and promote the seed model when no model is promoted yet (None when one is)."""
    if promoted_path(settings) is not None:
        return None
    directory = models_dir(settings)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".training.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process training it: wait, then use its model
        if promoted_path(settings) is not None:
            return None
        (say or log.warning)(TRAINING_NOTICE)
        report = train_and_promote(engine, settings)
        (say or log.warning)(report.summary())
        return report


def classifier_for(
    engine: Engine, settings: Settings, say: Callable[[str], None] | None = None
) -> Classifier | None:
    """The promoted model, trained first if there is none; None only when it cannot be had."""
    try:
        ensure_model(engine, settings, say)
    except Exception as exc:  # no seed data, a full disk …: say why and go on unclassified
        log.error("the seed model could not be trained (%s: %s)", type(exc).__name__, exc)
    return load_classifier(settings)
