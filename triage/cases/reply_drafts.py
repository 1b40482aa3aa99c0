"""An officer's reply being written: one draft per officer and case, holding the subject, the
Markdown text, the CC as typed and the attached files, kept until the reply is sent, and the
last failed attempt to send it (a REPLY_FAILED event on the case's history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from classifiers.text import strip_reply_prefixes
from triage.cases.reply_attachments import ReplyAttachment, attach, attachments_of, detach
from triage.errors import NotFound
from triage.events import record_event
from triage.mail.failures import reason_of
from triage.mail.reply_headers import one_line
from triage.mail.threads import case_tag
from triage.models import (
    Case,
    CaseEvent,
    DraftAttachment,
    EventKind,
    Outcome,
    ReplyDraft,
    User,
    utcnow,
)
from triage.settings import Settings


def default_subject(case: Case) -> str:
    """The reply's subject: "Re: <case subject> [#id]", with one "Re:" whatever prefixes the
    requester's mail program wrote (the same rule as the classifier's)."""
    rest = strip_reply_prefixes(one_line(case.subject))
    return with_case_tag(f"Re: {rest}", case)


def with_case_tag(subject: str, case: Case) -> str:
    subject = one_line(subject)  # a header value may not span lines
    tag = case_tag(case.id or 0)
    return subject if tag in subject else f"{subject} {tag}".strip()


@dataclass(frozen=True)
class SendFailure:
    """Why the officer's last send on a case failed: a code and parameters to translate, the
    English sentence, and when (from the REPLY_FAILED event on the history)."""

    code: str
    params: dict[str, str]
    message: str
    at: datetime


@dataclass(frozen=True)
class DraftView:
    """A draft as the editor shows it: its text, CC, files and the last failed send."""

    draft: ReplyDraft
    attachments: list[DraftAttachment] = field(default_factory=list)
    failure: SendFailure | None = None


def draft_for(session: Session, case: Case, user: User) -> ReplyDraft | None:
    """`user`'s draft on `case`, if any (one per officer and case)."""
    return session.exec(
        select(ReplyDraft).where(ReplyDraft.case_id == case.id, ReplyDraft.user_id == user.id)
    ).first()


@dataclass(frozen=True)
class CloseDoubts:
    """What the case page asks about before it closes a case (nothing: it closes)."""

    unanswered: bool  # closing as answered personally, with nothing sent from here
    unsent_own: bool  # the closing officer's reply is still a draft
    unsent_others: list[str]  # the colleagues whose replies are still drafts

    def __bool__(self) -> bool:
        return self.unanswered or self.unsent_own or bool(self.unsent_others)


def close_doubts(session: Session, case: Case, user: User, outcome: str) -> CloseDoubts:
    unsent = [officer for _, officer in unsent_drafts(session, case)]
    return CloseDoubts(
        unanswered=outcome == Outcome.PERSONAL_REPLY and case.first_response_at is None,
        unsent_own=any(officer.id == user.id for officer in unsent),
        unsent_others=[o.display_name or o.username for o in unsent if o.id != user.id],
    )


def unsent_drafts(session: Session, case: Case) -> list[tuple[ReplyDraft, User]]:
    """The drafts on `case` that hold a reply not yet sent (text or a file), with their
    officers: closing the case would leave the requester without them."""
    rows = session.exec(
        select(ReplyDraft, User)
        .join(User, col(User.id) == ReplyDraft.user_id)
        .where(ReplyDraft.case_id == case.id)
        .order_by(col(ReplyDraft.updated_at).desc())
    ).all()
    return [(d, user) for d, user in rows if d.body.strip() or _has_files(session, d)]


def _has_files(session: Session, draft: ReplyDraft) -> bool:
    found = select(DraftAttachment.id).where(DraftAttachment.draft_id == draft.id).limit(1)
    return session.exec(found).first() is not None


def save_draft(
    session: Session,
    case: Case,
    user: User,
    subject: str,
    body: str,
    reply_id: str | None = None,
    reply_language: str | None = None,
    cc: str | None = None,
) -> ReplyDraft:
    """Create or update `user`'s draft reply on `case` (one per officer and case). `cc` is kept
    as typed (checked when sending); None leaves the draft's CC as it was. Its files are added
    with add_attachment and stay until removed or sent."""
    assert case.id is not None
    assert user.id is not None
    draft = draft_for(session, case, user) or ReplyDraft(case_id=case.id, user_id=user.id)
    draft.subject, draft.body = subject, body
    draft.reply_id, draft.reply_language = reply_id, reply_language
    if cc is not None:
        draft.cc = cc
    draft.updated_at = utcnow()
    session.add(draft)
    session.flush()
    return draft


def draft_view(session: Session, case: Case, user: User) -> DraftView | None:
    """`user`'s draft on `case` with its files and, when its last send failed, why."""
    draft = draft_for(session, case, user)
    if draft is None:
        return None
    failure = _last_failure(session, case, user) if draft.last_error else None
    return DraftView(draft, attachments_of(session, draft), failure)


def add_attachment(
    session: Session, settings: Settings, case: Case, user: User, upload: ReplyAttachment
) -> DraftAttachment:
    """Attach a file to `user`'s draft on `case` (a draft is started if there is none). A file
    the [replies] limits or the type allow-list refuse raises RefusedInput (codes
    attachment_empty, attachment_too_big, attachment_type, attachments_too_big,
    too_many_attachments) and leaves the draft as it was."""
    draft = draft_for(session, case, user) or save_draft(
        session, case, user, default_subject(case), ""
    )
    return attach(session, settings.replies, draft, upload)


def remove_attachment(session: Session, case: Case, user: User, attachment_id: int) -> None:
    """Take a file off `user`'s draft on `case`; NotFound when it is not on that draft."""
    draft = draft_for(session, case, user)
    if draft is None or not detach(session, draft, attachment_id):
        raise NotFound(f"no attachment {attachment_id} on your draft for case {case.id}")


def record_failure(
    session: Session, case: Case, user: User, what: str, error: BaseException, **data: Any
) -> None:
    """A REPLY_FAILED event: `what` failed ("reply", "forward"), with the reason's code and
    parameters for the history to say in the reader's language."""
    code, params = reason_of(error)
    details = {"what": what, "code": code, "params": params, "message": str(error), **data}
    record_event(
        session,
        case,
        EventKind.REPLY_FAILED,
        actor=user.username,
        actor_id=user.id,
        new=code,
        data=details,
    )


def _last_failure(session: Session, case: Case, user: User) -> SendFailure | None:
    event = session.exec(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case.id,
            CaseEvent.kind == EventKind.REPLY_FAILED,
            CaseEvent.actor_id == user.id,
        )
        .order_by(col(CaseEvent.at).desc(), col(CaseEvent.id).desc())
        .limit(1)
    ).first()
    if event is None or not event.data:
        return None
    data = event.data
    return SendFailure(data["code"], dict(data["params"]), data["message"], event.at)
