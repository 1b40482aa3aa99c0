"""Which standard replies are suggested for a question, and how a suggestion is logged.

The matcher over the office's replies is read from the database and cached until a reply changes.
The suggestions are logged (REPLY_SUGGESTED) when an officer looks at a case for the first time
or at something new on it, and when an officer's type change alters them: the replies the
officer was actually shown, which the period analysis compares with the one used. Logging them
at ingestion instead cost 1.5-2.5 ms of matching per new case, most of a backlog import's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, func, select

from canned_replies.library import ReplyLibrary, parse_reply
from canned_replies.matching import ReplyMatcher, Suggestion
from triage.models import Case, CaseEvent, EventKind, StandardReply, TypeSource

SUGGESTED = 3  # as many as the case page shows
STANDARD_REPLY_FIELD = "standard_reply"

_matchers: dict[tuple[int, str], ReplyMatcher] = {}


def library_from_db(session: Session) -> ReplyLibrary:
    library = ReplyLibrary()
    for row in session.exec(select(StandardReply).order_by(col(StandardReply.reply_id))):
        reply, problems = parse_reply(row.text, f"{row.reply_id}.{row.language}.md")
        library.problems += problems
        if reply is not None:
            library.replies.append(reply)
    return library


def matcher(session: Session) -> ReplyMatcher:
    """The matcher over the current replies, rebuilt only when a reply has changed."""
    stamp = session.exec(select(func.count(), func.max(StandardReply.updated_at))).one()
    key = (int(stamp[0]), str(stamp[1]))
    if key not in _matchers:
        _matchers.clear()
        _matchers[key] = ReplyMatcher(library_from_db(session))
    return _matchers[key]


def suggest(
    replies: ReplyMatcher,
    subject: str,
    body: str,
    language: str | None,
    question_type: str | None,
    top: int = SUGGESTED,
    unsure_of: str | None = None,
) -> list[Suggestion]:
    """The best replies for a case's first question, in the requester's language (else English);
    `unsure_of`, the classifier's second guess on a case it was unsure of, gets a place too."""
    language = language if language in ("sv", "en") else "en"
    return replies.suggest(
        subject, body, language=language, question_type=question_type, top=top, unsure_of=unsure_of
    )


def second_guess(case: Case) -> str | None:
    """The classifier's next most likely type, on a case it was unsure of and no officer typed."""
    if not case.needs_review or case.type_source == TypeSource.OFFICER:
        return None
    for alternative in case.type_alternatives or []:
        label = alternative.get("label")
        if isinstance(label, str) and label != case.question_type:
            return label
    return None


def suggestion_event(
    suggestions: Sequence[Suggestion], question_type: str | None
) -> dict[str, Any]:
    """`field`, `new` and `data` of a REPLY_SUGGESTED event (the period analysis reads them):
    the top reply's id (None: nothing suggested) and every suggestion, best first."""
    entries = [
        {"id": s.reply.id, "language": s.reply.language, "score": round(s.score, 4)}
        for s in suggestions
    ]
    return {
        "field": STANDARD_REPLY_FIELD,
        "new": entries[0]["id"] if entries else None,
        "data": {"suggestions": entries, "question_type": question_type},
    }


def same_replies(before: list[dict[str, Any]] | None, after: list[dict[str, Any]]) -> bool:
    """Whether two logged lists suggest the same replies in the same order (scores may move a
    little when the library changes; that alone is not worth a new event)."""
    if before is None:
        return False
    return [(s.get("id"), s.get("language")) for s in before] == [
        (s["id"], s["language"]) for s in after
    ]


def last_suggested(session: Session, case_id: int) -> list[dict[str, Any]] | None:
    """The suggestion list last logged for the case; None when none was logged yet."""
    row = session.exec(
        select(CaseEvent.id, CaseEvent.data)
        .where(CaseEvent.case_id == case_id, CaseEvent.kind == EventKind.REPLY_SUGGESTED)
        .order_by(col(CaseEvent.id).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return list((row[1] or {}).get("suggestions") or [])
