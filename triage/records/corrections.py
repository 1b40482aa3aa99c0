"""What counts as an officer correcting a case's question type: the one rule the statistics'
corrected share and the cases export both use (the classifier's real accuracy)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Exists, and_, exists
from sqlmodel import col

from triage.models import Case, CaseEvent, EventKind


def is_correction() -> ColumnElement[bool]:
    """A TYPE event by an officer that changed the type from the one it had (the classifier's or
    a colleague's). Setting a type on a case that had none is not a correction."""
    return and_(
        col(CaseEvent.kind) == EventKind.TYPE,
        col(CaseEvent.actor_id).is_not(None),
        col(CaseEvent.old_value).is_not(None),
        col(CaseEvent.old_value) != CaseEvent.new_value,
    )


def was_corrected() -> Exists:
    """Whether the Case of the surrounding query has a correction (use in its WHERE)."""
    return exists().where(col(CaseEvent.case_id) == Case.id, is_correction())
