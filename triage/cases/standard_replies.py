"""The office's standard replies in the database: seeded from files, edited by officers with a
version history, exported back to files, matched to cases, and their use on cases recorded.

The files under canned_replies/library are the seed; once imported, the database is where the
office's replies live. Every save is validated exactly like a file at load time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from canned_replies.library import (
    DEFAULT_FOLDER,
    Reply,
    ReplyLibrary,
    load_library,
    parse_reply,
)
from canned_replies.matching import Suggestion
from canned_replies.template import letter_parts, render
from triage.cases.content_versions import Stored, Version, with_diffs
from triage.cases.reply_mail import signature_for
from triage.cases.suggestions import (
    SUGGESTED,
    last_suggested,
    same_replies,
    second_guess,
    suggest,
    suggestion_event,
)
from triage.cases.suggestions import library_from_db as library_from_db  # re-exported: older
from triage.cases.suggestions import matcher as matcher  # callers import them from here
from triage.errors import InvalidInput, NotFound
from triage.events import record_event
from triage.learning.questions import first_questions
from triage.mail.threads import case_tag
from triage.models import (
    Case,
    EventKind,
    Mailbox,
    ReplyUse,
    StandardReply,
    StandardReplyVersion,
    User,
    utcnow,
)
from triage.settings import Settings


def ensure_seeded(session: Session, folder: Path = DEFAULT_FOLDER) -> int:
    """Import the seed files when the office has no standard replies yet; returns how many."""
    if session.exec(select(func.count()).select_from(StandardReply)).one():
        return 0
    library = load_library(folder)
    for reply in library.replies:
        store_version(session, reply.id, reply.language, reply.title, reply.to_text(), "seed")
    return len(library.replies)


def save_reply(session: Session, text: str, user: User) -> StandardReply:
    """Validate and store a new version of a reply (new or edited); refuse it with every
    problem, file-style, when it would not load."""
    reply, problems = parse_reply(text, "the edited reply")
    if reply is None:
        raise InvalidInput("; ".join(str(p) for p in problems))
    return store_version(session, reply.id, reply.language, reply.title, text, user.username)


def store_version(
    session: Session,
    reply_id: str,
    language: str,
    title: str,
    text: str,
    author: str,
    approved_by: str = "",
) -> StandardReply:
    row = session.exec(
        select(StandardReply).where(
            StandardReply.reply_id == reply_id, StandardReply.language == language
        )
    ).first()
    if row is None:
        row = StandardReply(reply_id=reply_id, language=language, version=0)
        session.add(row)
    row.title, row.text, row.version = title, text, row.version + 1
    row.updated_at, row.updated_by = utcnow(), author
    session.flush()
    assert row.id is not None
    session.add(
        StandardReplyVersion(
            standard_reply_id=row.id,
            version=row.version,
            text=text,
            author=author,
            approved_by=approved_by,
        )
    )
    return row


def history(session: Session, reply_id: str, language: str) -> list[Version]:
    """Every version, newest first, with the diff against the one before it."""
    row = session.exec(
        select(StandardReply).where(
            StandardReply.reply_id == reply_id, StandardReply.language == language
        )
    ).first()
    if row is None:
        raise NotFound(f"no standard reply {reply_id!r} in {language}")
    versions = session.exec(
        select(StandardReplyVersion)
        .where(StandardReplyVersion.standard_reply_id == row.id)
        .order_by(col(StandardReplyVersion.version))
    ).all()
    return with_diffs(Stored(v.version, v.text, v.author, v.at, v.approved_by) for v in versions)


def export_replies(session: Session, folder: Path) -> int:
    """Write every reply back to `<id>.<lang>.md` files (to review, or to seed another office)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = session.exec(select(StandardReply)).all()
    for row in rows:
        (folder / f"{row.reply_id}.{row.language}.md").write_text(row.text, encoding="utf-8")
    return len(rows)


@dataclass(frozen=True)
class Imported:
    added: int
    changed: int
    unchanged: int


def import_replies(session: Session, library: ReplyLibrary, author: str = "import") -> Imported:
    """Make the database hold these files' replies (the other half of the round trip with
    `export_replies`): a new version where a text differs, nothing where it is the same.
    Replies only in the database stay. The caller refuses a library with problems."""
    if library.problems:
        raise InvalidInput("; ".join(str(p) for p in library.problems))
    current = {(r.reply_id, r.language): r.text for r in session.exec(select(StandardReply))}
    added = changed = 0
    for reply in library.replies:
        text = reply.path.read_text(encoding="utf-8") if reply.path else reply.to_text()
        before = current.get((reply.id, reply.language))
        if before == text:
            continue
        added, changed = added + (before is None), changed + (before is not None)
        store_version(session, reply.id, reply.language, reply.title, text, author)
    return Imported(added, changed, len(library.replies) - added - changed)


def first_question(session: Session, case: Case) -> tuple[str, str]:
    assert case.id is not None
    return first_questions(session, [case.id]).get(case.id, (case.subject, ""))


def suggest_for_case(session: Session, case: Case, top: int = SUGGESTED) -> list[Suggestion]:
    subject, body = first_question(session, case)
    replies = matcher(session)
    return suggest(
        replies, subject, body, case.language, case.question_type, top, second_guess(case)
    )


def log_suggestions(
    session: Session, case: Case, *, actor: str = "system", actor_id: int | None = None
) -> bool:
    """Log the replies suggested for the case now (REPLY_SUGGESTED) when they differ from the
    last ones logged; with no standard replies at all there is nothing to log. True if logged."""
    if not matcher(session).ids:
        return False
    assert case.id is not None
    details = suggestion_event(suggest_for_case(session, case), case.question_type)
    if same_replies(last_suggested(session, case.id), details["data"]["suggestions"]):
        return False
    record_event(
        session, case, EventKind.REPLY_SUGGESTED, actor=actor, actor_id=actor_id, **details
    )
    return True


def render_for_case(
    session: Session, settings: Settings, case: Case, reply_id: str, language: str, officer: User
) -> str:
    """Standard reply `reply_id` filled in for `case`, as `officer` sends it."""
    reply = _reply(session, reply_id, language)
    context = _context(session, settings, case, language, officer)
    return render(reply.body, context, reply.optional_office_keys)


@dataclass(frozen=True)
class Addition:
    """A standard reply filled in for a reply already begun: without its greeting and closing,
    and the texts (case-number line, closing) it goes above in that reply."""

    text: str
    above: tuple[str, ...]


def addition_for_case(
    session: Session, settings: Settings, case: Case, reply_id: str, language: str, officer: User
) -> Addition | None:
    """As `render_for_case`, for a second reply in one letter; None: it goes in whole."""
    reply = _reply(session, reply_id, language)
    parts = letter_parts(reply.body)
    if parts is None:
        return None
    context = _context(session, settings, case, language, officer)
    keys = reply.optional_office_keys
    return Addition(
        render(parts.middle, context, keys).strip(),
        tuple(text for tail in parts.tails if (text := render(tail, context, keys).strip())),
    )


def _reply(session: Session, reply_id: str, language: str) -> Reply:
    reply = matcher(session).library.in_language(reply_id, language)
    if reply is None:
        raise NotFound(f"no standard reply {reply_id!r}")
    return reply


def _context(
    session: Session, settings: Settings, case: Case, language: str, officer: User
) -> dict[str, dict[str, Any]]:
    mailbox = session.get(Mailbox, case.mailbox_id)
    name = case.requester_name or case.requester_email
    return {
        "requester": {
            "first_name": name.split()[0] if name else "",
            "name": name,
            "email": case.requester_email,
        },
        "case": {"ref": case_tag(case.id or 0), "subject": case.subject},
        "officer": {
            "name": officer.display_name or officer.username,
            "signature": signature_for(officer, language),  # as the sent mail is signed
        },
        "mailbox": {
            "address": mailbox.address if mailbox else "",
            "name": mailbox.name if mailbox else "",
        },
        "office": dict(settings.office),
    }


def record_reply_use(
    session: Session, case: Case, reply_id: str, language: str, user: User
) -> None:
    """Which reply an officer used on which case: for the period analysis."""
    assert case.id is not None
    session.add(ReplyUse(case_id=case.id, reply_id=reply_id, language=language, user_id=user.id))
    record_event(
        session,
        case,
        EventKind.REPLY_USED,
        actor=user.username,
        actor_id=user.id,
        new=reply_id,
        data={"language": language},
    )


def office_key_problems(library: ReplyLibrary, settings: Settings) -> list[str]:
    """Office facts the replies print that the configuration does not fill in."""
    problems = []
    for reply in library.replies:
        needed = {p.split(".", 1)[1] for p in reply.placeholders if p.startswith("office.")}
        for key in sorted(needed - set(settings.office) - reply.optional_office_keys):
            problems.append(
                f"{reply.path}: office.{key}: not set under [office] in the configuration"
            )
    return problems
