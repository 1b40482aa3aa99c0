"""The whole routine as a substitute reads it: the office facts its links and contacts name,
the standard replies its steps name, and who its owners are among the office's logins. Reached
from a case, a named reply goes into the officer's draft on that case with one click."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from canned_replies import RenderError
from routines import Routine, render_step_html
from triage.cases.owners import Person, person
from triage.cases.reply_drafts import default_subject, draft_for, save_draft
from triage.cases.standard_replies import matcher, render_for_case
from triage.errors import InvalidInput
from triage.models import Case, CaseStatus, ReplyDraft, User
from triage.people.users import active_users
from triage.settings import Settings

_OFFICE_LINK = re.compile(r"^office:([a-z][a-z0-9_]*)$")  # a step's `link: office:<key>`
_OFFICE_FACT = re.compile(r"^office\.([a-z][a-z0-9_]*)$")  # a contact's `how: office.<key>`
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,}$")
_URL_SCHEMES = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Fact:
    """A link or contact as shown: the text, where it leads (only a web, mail or phone
    address), and the office setting it should have come from when that is not set."""

    text: str
    href: str | None = None
    missing_key: str | None = None


@dataclass(frozen=True)
class NamedReply:
    """A standard reply a step names; `text` is its template, None when the library lacks it."""

    id: str
    language: str
    title: str
    text: str | None


@dataclass(frozen=True)
class StepView:
    number: int
    html: str  # the step's Markdown, sanitised by routines.render_step_html
    link: Fact | None
    reply: NamedReply | None


@dataclass(frozen=True)
class RoutineView:
    routine: Routine
    steps: list[StepView]
    contacts: list[tuple[str, Fact]]
    replies: list[NamedReply]
    owner: Person
    backup_owner: Person | None
    is_due: bool


def routine_view(
    session: Session, settings: Settings, routine: Routine, today: date
) -> RoutineView:
    office = settings.office
    replies = _named_replies(session, routine)
    steps = [
        StepView(
            number,
            render_step_html(step),
            resolve_link(step.link, office) if step.link else None,
            replies.get(step.reply) if step.reply else None,
        )
        for number, step in enumerate(routine.steps, 1)
    ]
    users = active_users(session)
    return RoutineView(
        routine=routine,
        steps=steps,
        contacts=[(c.role, resolve_contact(c.how, office)) for c in routine.contacts],
        replies=list(replies.values()),
        owner=person(routine.owner, users),
        backup_owner=person(routine.backup_owner, users) if routine.backup_owner else None,
        is_due=routine.review_due <= today,
    )


def resolve_link(link: str, office: Mapping[str, str]) -> Fact:
    """A step's link: `office:<key>` is the office setting's value; anything else as written."""
    found = _OFFICE_LINK.match(link.strip())
    if found is None:
        return _fact(link.strip())
    value = office.get(found[1], "").strip()
    return _fact(value) if value else Fact(link.strip(), missing_key=found[1])


def resolve_contact(how: str, office: Mapping[str, str]) -> Fact:
    """How to reach a contact: `office.<key>` is the office setting's value."""
    found = _OFFICE_FACT.match(how.strip())
    if found is None:
        return _fact(how.strip())
    value = office.get(found[1], "").strip()
    return _fact(value) if value else Fact(how.strip(), missing_key=found[1])


def _fact(text: str) -> Fact:
    # Only addresses that cannot run anything in the browser become links (no javascript:).
    if text.lower().startswith(_URL_SCHEMES) and not any(c.isspace() for c in text):
        return Fact(text, text)
    if _PHONE.match(text):
        return Fact(text, "tel:" + re.sub(r"[^0-9+]", "", text))
    return Fact(text)


def _named_replies(session: Session, routine: Routine) -> dict[str, NamedReply]:
    library = matcher(session).library
    named: dict[str, NamedReply] = {}
    for step in routine.steps:
        if step.reply is None or step.reply in named:
            continue
        reply = library.in_language(step.reply, routine.language)
        named[step.reply] = (
            NamedReply(reply.id, reply.language, reply.title, reply.body)
            if reply is not None
            else NamedReply(step.reply, routine.language, step.reply, None)
        )
    return named


def open_case_or_none(session: Session, case_id: str) -> Case | None:
    """The case a routine page was opened from (`?case=`), if it is there and still open."""
    if not case_id.isdigit() or len(case_id) > 12:
        return None
    case = session.get(Case, int(case_id))
    return case if case is not None and case.status != CaseStatus.CLOSED else None


def insert_reply(
    session: Session,
    settings: Settings,
    routine: Routine,
    case: Case,
    reply_id: str,
    user: User,
) -> ReplyDraft:
    """Put a reply the routine names, filled in for the case, into the officer's draft on it:
    after what is there already (nothing typed is lost), as the case page's button does."""
    if reply_id not in {step.reply for step in routine.steps}:
        raise InvalidInput(f"routine {routine.id!r} names no standard reply {reply_id!r}")
    if case.status == CaseStatus.CLOSED:
        raise InvalidInput(f"case {case.id} is closed")
    try:
        text = render_for_case(session, settings, case, reply_id, routine.language, user)
    except RenderError as exc:
        raise InvalidInput(str(exc)) from exc
    draft = draft_for(session, case, user)
    before = draft.body.rstrip() if draft else ""
    body = f"{before}\n\n{text}" if before else text
    subject = draft.subject if draft and draft.subject else default_subject(case)
    return save_draft(session, case, user, subject, body, reply_id, routine.language)
