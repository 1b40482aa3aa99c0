"""Which case a mail belongs to: by its threading headers, by a case tag, or none (a new case).

A mail never joins an old case by a similar subject alone; only In-Reply-To/References, the
message ids quoted in a bounce, or an explicit tag such as [#123] put it into an existing case.
"""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from triage.models import Case, Message

_TAG = re.compile(r"\[#(\d{1,9})\]")


def case_tag(case_id: int) -> str:
    return f"[#{case_id}]"


def tagged_case_id(subject: str) -> int | None:
    found = _TAG.search(subject)
    return int(found.group(1)) if found else None


def find_case(
    session: Session,
    *,
    message_id: str,
    in_reply_to: str,
    references: list[str],
    subject: str,
    extra_ids: list[str],
) -> Case | None:
    """The case this mail continues, or None when it starts a new one.

    Mail can arrive out of order (an export of two folders, a slow server): when a reply to
    this mail is already stored, the mail joins the reply's case.
    """
    ids = [i for i in [in_reply_to, *reversed(references), *extra_ids] if i]
    if ids:
        rows = session.exec(
            select(Message.message_id, Message.case_id).where(
                col(Message.message_id).in_(ids), col(Message.case_id).is_not(None)
            )
        ).all()
        by_id = dict(rows)
        for mid in ids:  # nearest ancestor first
            if mid in by_id and by_id[mid] is not None:
                return session.get(Case, by_id[mid])
    if message_id:
        child = session.exec(
            select(Message.case_id).where(
                Message.in_reply_to == message_id, col(Message.case_id).is_not(None)
            )
        ).first()
        if child is not None:
            return session.get(Case, child)
    tagged = tagged_case_id(subject)
    if tagged is not None:
        return session.get(Case, tagged)
    return None


def latest_case_of(session: Session, email: str) -> Case | None:
    """The requester's most recent case: where an unthreaded auto-reply from them belongs."""
    if not email:
        return None
    return session.exec(
        select(Case).where(Case.requester_email == email).order_by(col(Case.id).desc()).limit(1)
    ).first()
