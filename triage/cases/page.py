"""Everything the case page shows, gathered in one place: the thread with mail HTML made safe,
the question type, suggested replies with previews, routines with progress, notes and history,
and what this officer may do there (ready flags, so that the template holds no rules).
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlmodel import Session, col, select

from routines import Routine, RoutineLibrary, render_html
from triage.cases.acknowledging import was_acknowledged
from triage.cases.checklists import StepState, progress, routines_for_case
from triage.cases.followups import is_due
from triage.cases.history import HistoryLine
from triage.cases.history import history_of as history_lines
from triage.cases.owners import Person, person
from triage.cases.presence import Presence, others_on_case
from triage.cases.quoting import split_html, split_text
from triage.cases.reply_address import AnswerAddress, answer_address
from triage.cases.reply_text import render_reply
from triage.cases.replying import default_subject, draft_for
from triage.cases.service import SETTABLE_STATUSES, notes_of
from triage.cases.standard_replies import addition_for_case, render_for_case, suggest_for_case
from triage.mail.addresses import name_shows_other_address
from triage.mail.html import safe_html, text_as_html
from triage.mail.ingest.casework import CLAIMS_OFFICE
from triage.models import (
    Attachment,
    Case,
    CaseNote,
    CaseStatus,
    Mailbox,
    Message,
    ReplyDraft,
    TypeSource,
    User,
)
from triage.people.users import active_users
from triage.settings import Settings

SUGGESTIONS = 3
MIN_ALTERNATIVE = 0.05  # an alternative type below this is noise on the page
# A render budget per message: beyond this the page shows the start and a note, and the officer
# downloads the original (the database keeps the whole text). One mail never pins a worker.
MAX_RENDER_CHARS = 100_000
MAX_RENDER_HTML_CHARS = 500_000


@dataclass(frozen=True)
class AttachmentLink:
    id: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class ThreadMessage:
    id: int
    direction: str
    is_auto_reply: bool
    from_name: str
    from_email: str
    to: str
    cc: str
    subject: str
    date: datetime | None
    body_html: str  # sanitised (mail HTML) or escaped (plain text): safe to insert as is
    blocked_images: int
    attachments: list[AttachmentLink]
    quoted_html: str = ""  # earlier mail quoted and the signature, safe like body_html
    shortened: bool = False  # over the render budget: the page shows the start only
    # Received with the office's address in From, yet not sent by the office (a forgery).
    claims_office: bool = False
    # A display name shaped like another address: `"housing@our.domain" <attacker@evil>`.
    name_shows_other_address: bool = False
    # Broken structure or encoding: what could be read is shown, the original holds the rest.
    damaged: bool = False


@dataclass(frozen=True)
class SuggestedReply:
    id: str
    title: str
    language: str
    score: float
    preview: str  # filled in for this case: the Markdown that goes into the editor
    error: str | None = None
    preview_html: str = ""  # the same, rendered as the student will see it (sanitised)
    # Added to a reply already begun: no greeting or closing, and placed above these texts.
    addition: str = ""
    addition_above: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoutineOnCase:
    id: str
    title: str
    language: str
    steps: list[StepState]
    body_html: str  # routines/render.py sanitises the Markdown
    follow_up_steps: tuple[int, ...] = ()  # steps that ask for a follow-up date: link to it
    owner: Person | None = None  # whom to ask, as the routine page names them
    backup_owner: Person | None = None


@dataclass(frozen=True)
class ReplyEditor:
    """What the reply editor holds: the officer's draft, a standard reply filled in for the case,
    or the text of a send that failed (with the reason in `error`)."""

    subject: str
    body: str = ""
    reply_id: str = ""
    reply_language: str = ""
    error: str | None = None
    saved_at: datetime | None = None  # when the draft was last saved (autosave or button)
    error_code: str = ""  # why the last send failed, for the officer's language (labels.py)


@dataclass(frozen=True)
class OtherCase:
    """Another case of the same requester, shown beside the thread."""

    id: int
    subject: str
    status: str
    outcome: str | None
    received_at: datetime


@dataclass
class CasePage:
    case: Case
    mailbox: str
    assignee: User | None
    thread: list[ThreadMessage]
    question_types: list[str]
    alternatives: list[dict[str, Any]]
    suggestions: list[SuggestedReply]
    routines: list[RoutineOnCase]
    notes: list[CaseNote]
    history: list[HistoryLine]
    draft: ReplyDraft | None
    reply_subject: str
    editor: ReplyEditor
    colleagues: list[User] = field(default_factory=list)
    is_closed: bool = False
    can_take: bool = False  # not closed, and nobody's yet
    take_over_from: User | None = None  # not closed, and a colleague's: taking it is a takeover
    can_confirm_type: bool = False  # a type the model set (an officer's needs no confirming)
    settable_statuses: tuple[str, ...] = ()  # what the status form offers; none once closed
    presence: Presence = field(default_factory=Presence)  # colleagues on the case right now
    other_cases: list[OtherCase] = field(default_factory=list)
    follow_up_due: bool = False  # the follow-up day has come: the case is back, marked
    today: date | None = None  # the office's today: the follow-up form's earliest date
    acknowledged: bool = False  # an acknowledgement went out: it may be what answered
    answer_to: AnswerAddress | None = None  # where a reply goes (the requester, or Reply-To)

    @cached_property
    def names(self) -> dict[str, str]:  # looked up once a note: built once a page
        """The colleagues' names by login name, for what is stored under a login name (notes)."""
        return {u.username: u.display_name or u.username for u in self.colleagues}


def case_page(
    session: Session,
    settings: Settings,
    library: RoutineLibrary,
    case: Case,
    user: User,
    *,
    reader_language: str = "",
) -> CasePage:
    """The case page for `user`, its routines in `reader_language` (the pages' language) when
    given: they are the officer's to read, whatever language the student wrote in."""
    mailbox = session.get(Mailbox, case.mailbox_id)
    draft = draft_for(session, case, user)
    subject = draft.subject if draft and draft.subject else default_subject(case)
    assignee = session.get(User, case.assignee_id) if case.assignee_id else None
    is_closed = case.status == CaseStatus.CLOSED
    colleague = assignee if assignee is not None and assignee.id != user.id else None
    return CasePage(
        case=case,
        mailbox=mailbox.name if mailbox else "",
        assignee=assignee,
        thread=thread_of(session, case),
        question_types=list(settings.classifier.question_types),
        alternatives=_alternatives(case),
        suggestions=suggestions_for(session, settings, case, user),
        routines=routines_on(session, library, case, reader_language),
        notes=notes_of(session, case),
        history=history_lines(session, case, library),
        draft=draft,
        reply_subject=subject,
        editor=editor_for(draft, subject),
        colleagues=active_users(session),
        is_closed=is_closed,
        can_take=not is_closed and assignee is None,
        take_over_from=None if is_closed else colleague,
        can_confirm_type=bool(case.question_type) and case.type_source != TypeSource.OFFICER,
        settable_statuses=() if is_closed else tuple(str(s) for s in SETTABLE_STATUSES),
        presence=others_on_case(session, case, user),
        other_cases=other_cases_of(session, case),
        follow_up_due=is_due(case, settings.today()),
        today=settings.today(),
        acknowledged=was_acknowledged(session, case),
        answer_to=answer_address(session, settings, case),
    )


def _alternatives(case: Case) -> list[dict[str, Any]]:
    """The model's other likely types, worth a look until an officer has set the type."""
    if case.type_source == TypeSource.OFFICER:
        return []
    return [a for a in case.type_alternatives or [] if a.get("confidence", 0) >= MIN_ALTERNATIVE]


def editor_for(draft: ReplyDraft | None, subject: str) -> ReplyEditor:
    """The editor as the officer left it: the draft with its last error, else empty."""
    if draft is None:
        return ReplyEditor(subject)
    return ReplyEditor(
        subject,
        draft.body,
        draft.reply_id or "",
        draft.reply_language or "",
        draft.last_error,
        saved_at=draft.updated_at,
    )


MAX_OTHER_CASES = 10


def other_cases_of(session: Session, case: Case) -> list[OtherCase]:
    """The requester's other cases, newest first: earlier questions explain the new one."""
    if not case.requester_email:
        return []
    found = session.exec(
        select(Case)
        .where(Case.requester_email == case.requester_email, Case.id != case.id)
        .order_by(col(Case.received_at).desc())
        .limit(MAX_OTHER_CASES)
    ).all()
    return [OtherCase(c.id or 0, c.subject, c.status, c.outcome, c.received_at) for c in found]


def thread_of(session: Session, case: Case, *, render: bool = True) -> list[ThreadMessage]:
    """Every message of the case, oldest first, in and out; `render=False` leaves the bodies
    out (the JSON API shows no HTML, so it makes none)."""
    messages = session.exec(
        select(Message)
        .where(Message.case_id == case.id)
        .order_by(col(Message.date), col(Message.id))
    ).all()
    ids = [m.id for m in messages if m.id is not None]
    attachments: dict[int, list[Attachment]] = {}
    if ids:
        found = session.exec(
            select(Attachment)
            .where(col(Attachment.message_id).in_(ids))
            .order_by(col(Attachment.id))
        )
        for att in found:
            attachments.setdefault(att.message_id, []).append(att)
    return [_thread_message(case, m, attachments.get(m.id or 0, []), render) for m in messages]


# What the parser notes when a mail's structure or encoding is broken (the email package's
# defect classes, and our own limits); a sender's odd From is warned about on its own.
_DAMAGE = (
    "Defect",
    "nesting too deep",
    "structure too deeply nested",
    "undecodable part",
    "read as far as it goes",
    "without a colon",
)


def _thread_message(
    case: Case, m: Message, attachments: list[Attachment], render: bool
) -> ThreadMessage:
    body, quoted, blocked, shortened = _body(case, m, attachments) if render else _NO_BODY
    assert m.id is not None
    return ThreadMessage(
        id=m.id,
        direction=m.direction,
        is_auto_reply=m.is_auto_reply,
        from_name=m.from_name,
        from_email=m.from_email,
        to=m.to,
        cc=m.cc,
        subject=m.subject,
        date=m.date,
        body_html=body,
        quoted_html=quoted,
        blocked_images=blocked,
        shortened=shortened,
        claims_office=m.direction != "out" and CLAIMS_OFFICE in m.defects,
        name_shows_other_address=name_shows_other_address(m.from_name, m.from_email),
        damaged=any(sign in m.defects for sign in _DAMAGE),
        attachments=[
            AttachmentLink(a.id or 0, a.filename or "attachment", a.content_type, a.size)
            for a in attachments
            if not (a.is_inline and a.content_id)
        ],
    )


_NO_BODY = ("", "", 0, False)


def _body(case: Case, m: Message, attachments: list[Attachment]) -> tuple[str, str, int, bool]:
    """(safe HTML, its quoted part as safe HTML, blocked images, shortened) within the render
    budget: mail HTML over its budget is shown as the start of its text instead."""
    by_cid = {a.content_id.strip("<>"): a for a in attachments if a.content_id}

    def cid_url(cid: str) -> str | None:
        att = by_cid.get(cid.strip("<>"))
        return f"/cases/{case.id}/attachments/{att.id}" if att else None

    if m.html and len(m.html) <= MAX_RENDER_HTML_CHARS:
        html = split_html(m.html)
        safe = safe_html(html.shown, cid_url=cid_url)
        quoted = safe_html(html.hidden, cid_url=cid_url) if html.hidden else None
        blocked = safe.blocked_images + (quoted.blocked_images if quoted else 0)
        return safe.html, quoted.html if quoted else "", blocked, False
    shortened = bool(m.html) or len(m.text) > MAX_RENDER_CHARS
    text = split_text(m.text[:MAX_RENDER_CHARS])
    hidden = text_as_html(text.hidden) if text.hidden else ""
    return text_as_html(text.shown), hidden, 0, shortened


def suggestions_for(
    session: Session, settings: Settings, case: Case, user: User
) -> list[SuggestedReply]:
    """The best standard replies in the requester's language, each previewed for this case."""
    found = []
    for suggestion in suggest_for_case(session, case, top=SUGGESTIONS):
        reply = suggestion.reply
        try:
            preview, error = (
                render_for_case(session, settings, case, reply.id, reply.language, user),
                None,
            )
        except Exception as exc:  # a reply that cannot be filled in must not break the page
            preview, error = "", str(exc)
        shown = render_reply(preview).html if preview else ""
        addition = None
        if preview:
            with suppress(Exception):  # then it goes in whole, as the first one did
                addition = addition_for_case(
                    session, settings, case, reply.id, reply.language, user
                )
        found.append(
            SuggestedReply(
                reply.id,
                reply.title,
                reply.language,
                suggestion.score,
                preview,
                error,
                shown,
                addition.text if addition else "",
                addition.above if addition else (),
            )
        )
    return found


def routines_on(
    session: Session, library: RoutineLibrary, case: Case, reader_language: str = ""
) -> list[RoutineOnCase]:
    """The case's routines with their progress, in the reader's language if it has them, else
    the case's (Swedish when the case is in neither)."""
    language = next(
        (lang for lang in (reader_language, case.language) if lang in ("sv", "en")), "sv"
    )
    found = []
    users = active_users(session)
    for routine_id in routines_for_case(library, case):
        routine: Routine | None = library.get(routine_id, language) or library.get(routine_id, "sv")
        if routine is None:
            continue
        steps = progress(session, library, case, routine_id, routine.language)
        asks = tuple(s.step for s in steps if _FOLLOW_UP_STEP.search(s.text))
        found.append(
            RoutineOnCase(
                routine.id,
                routine.title,
                routine.language,
                steps,
                render_html(routine),
                asks,
                person(routine.owner, users),
                person(routine.backup_owner, users) if routine.backup_owner else None,
            )
        )
    return found


# A routine step that asks the officer to set a follow-up date on the case.
_FOLLOW_UP_STEP = re.compile(
    r"\bbevakning|\bfollow-?up\b.{0,40}\b(?:case|date)|set a follow-?up", re.I
)
