"""Who else is on a case: colleagues who had its page open in the last few minutes (an open
page says "still here" every minute) and colleagues with a reply draft on it, so that two
officers do not answer the same student at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from triage.models import Case, CaseView, ReplyDraft, User, utcnow

# A page pings every minute; three missed pings and the colleague has gone.
PRESENT_FOR = timedelta(minutes=3)


@dataclass(frozen=True)
class Colleague:
    name: str
    at: datetime  # last seen on the case, or when the draft was last saved


@dataclass(frozen=True)
class Presence:
    viewing: list[Colleague] = field(default_factory=list)
    drafting: list[Colleague] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.viewing or self.drafting)


def still_here(session: Session, case: Case, user: User) -> bool:
    """`user` still has the case page open: refresh their look (CaseView.seen_at), no event.
    Only a look that has seen everything is refreshed: mail that arrived after the page was
    loaded stays "new" for them in the queue. False then (the page can say "new mail")."""
    assert user.id is not None
    assert case.id is not None
    view = session.get(CaseView, (user.id, case.id))
    if view is None or case.last_message_at > view.seen_at:
        return False
    view.seen_at = max(view.seen_at, utcnow())
    session.add(view)
    return True


def others_on_case(session: Session, case: Case, user: User) -> Presence:
    assert case.id is not None
    return others_on_cases(session, [case.id], user).get(case.id, Presence())


def others_on_cases(
    session: Session, case_ids: Iterable[int], user: User, now: datetime | None = None
) -> dict[int, Presence]:
    """For each case with someone on it: the colleagues (not `user`) looking at it or writing."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    since = (now or utcnow()) - PRESENT_FOR
    name = func.coalesce(func.nullif(col(User.display_name), ""), col(User.username))
    views = session.exec(
        select(CaseView.case_id, name, CaseView.seen_at)
        .join(User, col(User.id) == col(CaseView.user_id))
        .where(
            col(CaseView.case_id).in_(ids),
            CaseView.user_id != user.id,
            CaseView.seen_at >= since,
        )
        .order_by(col(CaseView.seen_at).desc())
    ).all()
    drafts = session.exec(
        select(ReplyDraft.case_id, name, ReplyDraft.updated_at)
        .join(User, col(User.id) == col(ReplyDraft.user_id))
        .where(
            col(ReplyDraft.case_id).in_(ids),
            ReplyDraft.user_id != user.id,
            func.length(func.trim(col(ReplyDraft.body))) > 0,
        )
        .order_by(col(ReplyDraft.updated_at).desc())
    ).all()
    found: dict[int, Presence] = {}
    for case_id, who, at in views:
        found.setdefault(case_id, Presence()).viewing.append(Colleague(who, at))
    for case_id, who, at in drafts:
        found.setdefault(case_id, Presence()).drafting.append(Colleague(who, at))
    return found
