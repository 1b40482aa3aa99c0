"""What counts as an officer correcting a case's question type: the one rule the statistics'
corrected share and the cases export both use (the classifier's real accuracy).

A case is corrected when it ends on another type than it had before an officer first touched its
type: the classifier's (its last, where a retrained model classified the case again). Changed and
changed back again is no correction, nor is an officer giving a type to a case that had none.
Once an officer has set or confirmed the type, the classifier no longer changes it, so the type
before the first officer's TYPE event is the classifier's last word.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, ScalarSelect, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from triage.models import Case, CaseEvent, EventKind


def type_before_officers() -> ScalarSelect[str | None]:
    """The type the Case of the surrounding query had before an officer first set its type
    (NULL where no officer did, or where it had none)."""
    event = aliased(CaseEvent)
    first: ScalarSelect[str | None] = (
        select(col(event.old_value))
        .where(
            col(event.case_id) == Case.id,
            col(event.kind) == EventKind.TYPE,
            col(event.actor_id).is_not(None),
        )
        .order_by(col(event.id))
        .limit(1)
        .scalar_subquery()
    )
    return first


def was_corrected() -> ColumnElement[bool]:
    """Whether the Case of the surrounding query was corrected (use in its SELECT or WHERE).

    NULL, which WHERE and CASE read as false, where no officer set the type or it had none
    before: one lookup of the case's first officer TYPE event, not two."""
    return col(Case.question_type) != type_before_officers()


def corrected(before_officers: str | None, final: str | None) -> bool:
    """The same rule in Python, from the type before the first officer's TYPE event."""
    return before_officers is not None and final != before_officers
