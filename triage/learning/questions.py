"""What a case asks: the first question of each case, the text that classifying and matching
standard replies read."""

from __future__ import annotations

from sqlmodel import Session, col, select

from triage.db import chunked
from triage.models import Direction, Message


def first_questions(session: Session, case_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(subject, text) of each case's first question, for many cases in a few queries."""
    found: dict[int, tuple[str, str]] = {}
    for chunk in chunked(case_ids):
        rows = session.exec(
            select(Message.case_id, Message.subject, Message.text)
            .where(
                col(Message.case_id).in_(chunk),
                Message.direction == Direction.IN,
                col(Message.is_auto_reply).is_(False),
            )
            .order_by(col(Message.case_id), col(Message.date))
        ).all()
        for case_id, subject, text in rows:
            if case_id is not None and case_id not in found:
                found[case_id] = (subject, text)
    return found
