"""Routines kept by the office in the browser, with the versioning and approval standard replies
have: an officer proposes a new or changed routine (the whole file text, both languages), the
routine's owner or backup owner, or a manager, approves it, and only then do case pages,
checklists and review reminders use it; every version stays and can be restored.

A draft is checked exactly as `triage routines check` checks the files (each text parsed, then
the library's cross checks: the standard replies the steps name, both languages, one routine per
id), each problem with its field path and line. Who may approve: APPROVE_CONTENT (managers,
admins) and the `owner` or `backup_owner` the *approved* version names. An approval over a
version newer than the one edited is an edit conflict, shown as a diff, never an overwrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from routines import read_routines
from routines.lines import field_line
from routines.parse import parse_routine
from triage.cases.content_changes import Changes, changes_between
from triage.cases.content_versions import (
    Version,
    decide,
    may_approve_content,
    pending_proposal,
    text_diff,
)
from triage.cases.reply_library import DraftProblems, EditConflict
from triage.cases.routine_store import (
    approved_texts,
    file_name,
    old_version,
    routine_history,
    routine_rows,
    store_routine_version,
)
from triage.cases.suggestions import matcher
from triage.errors import InvalidInput, NotFound, PermissionDenied
from triage.models import ProposalStatus, RoutineProposal, User

LANGUAGES = ("sv", "en")
ROUTINE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BLANK = """---
id: {id}
language: {language}
title:
question_types: [{types}]
owner: {owner}
backup_owner:
last_reviewed: {today}
review_interval_days: 365
purpose:
refer_elsewhere:
  - when:
    to:
contacts:
  - role:
    how:
steps:
  - text:
    reply:
---
"""


@dataclass
class RoutineDraft:
    """A routine in both languages as the editor holds it: each language's whole file text, and
    the approved version it was edited from (0 for a new routine)."""

    routine_id: str
    texts: dict[str, str] = field(default_factory=dict)
    base_versions: dict[str, int] = field(default_factory=dict)

    def text(self, language: str) -> str:
        """This language's text as it is stored: Unix line ends, one final newline."""
        return _normalised(self.texts.get(language, ""))


def blank_draft(
    routine_id: str, question_types: list[str], owner: str, today: date
) -> RoutineDraft:
    """A new routine's skeleton in both languages, every field named, to be filled in."""
    texts = {
        language: _BLANK.format(
            id=routine_id,
            language=language,
            types=", ".join(question_types),
            owner=owner,
            today=today.isoformat(),
        )
        for language in LANGUAGES
    }
    return RoutineDraft(routine_id, texts, dict.fromkeys(LANGUAGES, 0))


def draft_of(session: Session, routine_id: str) -> RoutineDraft:
    """The approved routine in both languages, ready for the editor."""
    rows = routine_rows(session, routine_id)
    if not rows:
        raise NotFound(f"no routine {routine_id!r}")
    return RoutineDraft(
        routine_id,
        {language: row.text for language, row in rows.items()},
        {language: row.version for language, row in rows.items()},
    )


def check_draft(session: Session, draft: RoutineDraft, *, new: bool) -> dict[str, list[str]]:
    """Every problem by form field (`routine_id`, `text_sv`, `text_en`), each message with the
    field path and the line it is on, as `triage routines check` would find it in the files."""
    problems: dict[str, list[str]] = {}
    if new and not ROUTINE_ID.match(draft.routine_id):
        problems["routine_id"] = ["use lower-case letters, digits and hyphens"]
    elif new and routine_rows(session, draft.routine_id):
        problems["routine_id"] = ["a routine with this id exists already"]
    texts = approved_texts(session)
    mine = {file_name(draft.routine_id, language): language for language in LANGUAGES}
    for path in mine:
        texts.pop(path, None)
    empty = {language for language in LANGUAGES if not draft.text(language).strip()}
    for language in sorted(empty):
        problems[f"text_{language}"] = [
            "missing language version: write the routine in both Swedish and English"
        ]
    for path, language in mine.items():
        if language not in empty:
            texts[path] = draft.text(language)
    library = read_routines(texts, known_replies=set(matcher(session).ids))
    for problem in library.problems:
        column = mine.get(problem.path)
        if column is None or (problem.field == "language" and empty):
            continue  # another routine's, or the missing language already said
        line = field_line(draft.text(column), problem.field)
        where = f" (line {line})" if line else ""
        message = f"{problem.field}{where}: {problem.message}"
        if message not in problems.setdefault(f"text_{column}", []):
            problems[f"text_{column}"].append(message)
    return problems


def may_approve(user: User, routine_id: str, session: Session) -> bool:
    """Managers and admins; the owner or backup owner the approved routine names."""
    owners = []
    for language, row in routine_rows(session, routine_id).items():
        routine, _ = parse_routine(file_name(routine_id, language), row.text)
        if routine is not None:
            owners += [routine.owner, routine.backup_owner]
    return may_approve_content(user, owners)


def submit(
    session: Session, draft: RoutineDraft, user: User, *, new: bool
) -> list[RoutineProposal]:
    """Propose each language version that changed; approved at once when the officer may
    approve. Nothing is stored when any part is wrong or in conflict."""
    problems = check_draft(session, draft, new=new)
    if problems:
        raise DraftProblems(problems)
    rows = routine_rows(session, draft.routine_id)
    changed = []
    for language in LANGUAGES:
        text, row = draft.text(language), rows.get(language)
        if row is not None and _normalised(row.text) == text:
            continue
        current = row.version if row else 0
        if current != draft.base_versions.get(language, 0):
            diff = text_diff(row.text if row else "", text, f"version {current}", "yours")
            raise EditConflict(language, current, diff)
        changed.append((language, text, current))
    if not changed:
        raise InvalidInput("nothing changed")
    approver = may_approve(user, draft.routine_id, session)
    proposals = []
    for language, text, current in changed:
        proposal = _propose(session, draft.routine_id, language, text, current, user)
        if approver:
            _approve(session, proposal, user)
        proposals.append(proposal)
    return proposals


def approve(session: Session, proposal_id: int, user: User) -> RoutineProposal:
    proposal = _pending(session, proposal_id)
    if not may_approve(user, proposal.routine_id, session):
        raise PermissionDenied(f"{user.username} may not approve routine {proposal.routine_id!r}")
    row = routine_rows(session, proposal.routine_id).get(proposal.language)
    current = row.version if row else 0
    if current != proposal.base_version:
        before = row.text if row else ""
        diff = text_diff(before, proposal.text, f"version {current}", "proposed")
        raise EditConflict(proposal.language, current, diff)
    _approve(session, proposal, user)
    return proposal


def reject(session: Session, proposal_id: int, user: User, note: str = "") -> RoutineProposal:
    """Not accepted (by an approver), or withdrawn (by its author)."""
    proposal = _pending(session, proposal_id)
    own = proposal.author_id == user.id
    if not own and not may_approve(user, proposal.routine_id, session):
        raise PermissionDenied(f"{user.username} may not reject routine {proposal.routine_id!r}")
    decide(proposal, ProposalStatus.REJECTED, user, note)
    return proposal


def restore(
    session: Session, routine_id: str, language: str, version: int, user: User
) -> RoutineProposal:
    """An old version as a proposal over the current one (approved at once by an approver)."""
    text = old_version(session, routine_id, language, version)
    row = routine_rows(session, routine_id)[language]
    if text == row.text:
        raise InvalidInput("that version is the current text")
    proposal = _propose(session, routine_id, language, text, row.version, user)
    proposal.note = f"restores version {version}"
    if may_approve(user, routine_id, session):
        _approve(session, proposal, user)
    return proposal


@dataclass(frozen=True)
class Waiting:
    """A pending proposal as a page shows it: what it changes in the approved text, and what
    the reader may do with it."""

    proposal: RoutineProposal
    changes: Changes  # field by field, in words
    diff: str  # the file's lines, for whoever keeps the routines in Git
    may_approve: bool
    may_withdraw: bool


@dataclass(frozen=True)
class RoutineVersions:
    """What the routine page shows of its keeping: proposals, history, the reader's rights."""

    waiting: list[Waiting]
    history: list[Version]
    may_approve: bool


def waiting(session: Session, user: User, routine_id: str | None = None) -> list[Waiting]:
    """Pending proposals (of one routine, or all), oldest first."""
    query = select(RoutineProposal).where(RoutineProposal.status == ProposalStatus.PENDING)
    if routine_id is not None:
        query = query.where(RoutineProposal.routine_id == routine_id)
    rights: dict[str, bool] = {}
    out = []
    for proposal in session.exec(query.order_by(col(RoutineProposal.at))):
        if proposal.routine_id not in rights:
            rights[proposal.routine_id] = may_approve(user, proposal.routine_id, session)
        row = routine_rows(session, proposal.routine_id).get(proposal.language)
        before, version = (row.text, row.version) if row else ("", 0)
        diff = text_diff(before, proposal.text, f"version {version}", "proposed")
        out.append(
            Waiting(
                proposal,
                changes_between(before, proposal.text),
                diff,
                rights[proposal.routine_id],
                proposal.author_id == user.id,
            )
        )
    return out


def versions_of(session: Session, routine_id: str, language: str, user: User) -> RoutineVersions:
    try:
        history = routine_history(session, routine_id, language)
    except NotFound:  # a routine not (yet) kept in the database has no history to show
        history = []
    return RoutineVersions(
        waiting(session, user, routine_id), history, may_approve(user, routine_id, session)
    )


def _propose(
    session: Session, routine_id: str, language: str, text: str, base_version: int, user: User
) -> RoutineProposal:
    proposal = RoutineProposal(
        routine_id=routine_id,
        language=language,
        text=text,
        base_version=base_version,
        author=user.username,
        author_id=user.id,
    )
    session.add(proposal)
    session.flush()
    return proposal


def _approve(session: Session, proposal: RoutineProposal, user: User) -> None:
    path = file_name(proposal.routine_id, proposal.language)
    routine, problems = parse_routine(path, proposal.text)
    if routine is None:  # checked when proposed; kept out of the library all the same
        raise InvalidInput("; ".join(str(p) for p in problems))
    store_routine_version(
        session,
        proposal.routine_id,
        proposal.language,
        routine.title,
        proposal.text,
        proposal.author,
        approved_by=user.username,
    )
    decide(proposal, ProposalStatus.APPROVED, user)


def _pending(session: Session, proposal_id: int) -> RoutineProposal:
    return pending_proposal(session, RoutineProposal, proposal_id)


def _normalised(text: str) -> str:
    text = text.replace("\r\n", "\n").rstrip()
    return text + "\n" if text else ""
