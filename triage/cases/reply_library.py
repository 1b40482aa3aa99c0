"""The standard-reply library kept by the office in the browser: an officer proposes a new or
changed reply (both languages), the reply's owner or a manager approves it, and only then does
it reach a student; every version stays in the history and can be restored.

Who may approve: anyone with the APPROVE_CONTENT permission (managers, admins), and the owner
of the reply as it stands (the approved version's `owner` naming a user's login or display
name). The owner a proposal *writes* counts only once approved, so nobody approves their own
change by naming themselves. An approval over a version newer than the one the officer edited
is an edit conflict: the second editor is shown the difference, nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from canned_replies.library import Reply, parse_reply
from canned_replies.template import check_template
from triage.cases.content_changes import Changes, changes_between
from triage.cases.content_versions import (
    decide,
    may_approve_content,
    pending_proposal,
    text_diff,
)
from triage.cases.standard_replies import store_version
from triage.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from triage.models import (
    ProposalStatus,
    ReplyProposal,
    ReplyUse,
    StandardReply,
    StandardReplyVersion,
    User,
)

LANGUAGES = ("sv", "en")
# Fields each language version has of its own; the rest are shared by both.
PER_LANGUAGE = ("title", "tags", "examples", "body", "faq_question", "faq_answer")
_FIELD = {"id": "reply_id", "placeholders": "body", "language": "body", "front matter": "body"}


@dataclass
class Version:
    """One language version as the editor holds it; `base_version` is the approved version the
    officer started from (0 for a new reply)."""

    title: str = ""
    examples: list[str] = field(default_factory=list)
    body: str = ""
    faq_question: str = ""
    faq_answer: str = ""
    base_version: int = 0
    tags: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.title.strip() or self.body.strip())


@dataclass
class Draft:
    """A reply in both languages as the editor's form holds it."""

    reply_id: str
    question_types: list[str]
    owner: str
    last_reviewed: date | None = None
    public: bool = False
    versions: dict[str, Version] = field(default_factory=dict)

    def text(self, language: str, today: date) -> str:
        """This language version as a library file (the text that is stored and exported)."""
        version = self.versions[language]
        body = version.body.replace("\r\n", "\n").strip() + "\n"
        return Reply(
            id=self.reply_id,
            language=language,
            title=version.title.strip(),
            question_types=tuple(self.question_types),
            tags=tuple(t.strip() for t in version.tags if t.strip()),
            owner=self.owner.strip(),
            last_reviewed=self.last_reviewed or today,
            examples=tuple(e.strip() for e in version.examples if e.strip()),
            # In the order the text first uses them, as the library's files list them.
            placeholders=tuple(sorted(check_template(body).placeholders, key=body.find)),
            body=body,
            public=self.public,
            faq_question=version.faq_question.strip(),
            faq_answer=version.faq_answer.replace("\r\n", "\n").strip(),
        ).to_text()


class DraftProblems(InvalidInput):
    """What is wrong with a draft, by form field ("reply_id", "body_sv", …)."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {m}" for k, ms in problems.items() for m in ms))
        self.problems = problems


class EditConflict(Conflict):
    """Someone else's version was approved since this editor opened the reply."""

    def __init__(self, language: str, current_version: int, diff: str) -> None:
        super().__init__(f"the {language} version changed (now version {current_version})")
        self.language, self.current_version, self.diff = language, current_version, diff


def draft_of(session: Session, reply_id: str) -> Draft:
    """The approved reply in both languages, ready for the editor."""
    rows = _rows(session, reply_id)
    if not rows:
        raise NotFound(f"no standard reply {reply_id!r}")
    draft: Draft | None = None
    for language, row in rows.items():
        reply, _ = parse_reply(row.text, f"{reply_id}.{language}.md")
        if reply is None:
            continue
        if draft is None:
            draft = Draft(
                reply_id,
                list(reply.question_types),
                reply.owner,
                reply.last_reviewed,
                reply.public,
            )
        draft.versions[language] = Version(
            reply.title,
            list(reply.examples),
            reply.body,
            reply.faq_question,
            reply.faq_answer,
            row.version,
            list(reply.tags),
        )
    if draft is None:
        raise NotFound(f"no readable standard reply {reply_id!r}")
    for language in LANGUAGES:
        draft.versions.setdefault(language, Version())
    return draft


def check_draft(
    session: Session, draft: Draft, office_keys: Collection[str], today: date, *, new: bool
) -> dict[str, list[str]]:
    """Every problem, by form field, exactly as `triage replies check` would find it in the
    files, plus the library's own rules: both languages, an id not already taken."""
    problems: dict[str, list[str]] = {}
    if new and _rows(session, draft.reply_id):
        problems.setdefault("reply_id", []).append("a reply with this id exists already")
    for language in LANGUAGES:
        version = draft.versions.get(language) or Version()
        if version.empty:
            problems.setdefault(f"body_{language}", []).append(
                "missing language version: write the reply in both Swedish and English"
            )
            continue
        text = draft.text(language, today)
        head = text.index("\n---\n") + 5
        before_body = text[:head].count("\n")
        _, found = parse_reply(text, f"{draft.reply_id}.{language}.md", office_keys)
        for problem in found:
            name = _FIELD.get(problem.field, problem.field)
            key = f"{name}_{language}" if name in PER_LANGUAGE else name
            line = f" (line {problem.line - before_body})" if problem.line else ""
            message = problem.message + line
            if message not in problems.get(key, []):
                problems.setdefault(key, []).append(message)
    return problems


def may_approve(user: User, reply_id: str, session: Session) -> bool:
    """Managers and admins; the owner the approved reply names (never one a proposal names)."""
    owners = []
    for row in _rows(session, reply_id).values():
        reply, _ = parse_reply(row.text, f"{reply_id}.{row.language}.md")
        if reply is not None:
            owners.append(reply.owner)
    return may_approve_content(user, owners)


def submit(
    session: Session,
    draft: Draft,
    user: User,
    office_keys: Collection[str],
    today: date,
    *,
    new: bool,
) -> list[ReplyProposal]:
    """Propose the draft (each language version that changed); approved at once when the
    officer may approve. Nothing is stored when any part is wrong or in conflict."""
    problems = check_draft(session, draft, office_keys, today, new=new)
    if problems:
        raise DraftProblems(problems)
    rows = _rows(session, draft.reply_id)
    changed = []
    for language in LANGUAGES:
        text = draft.text(language, today)
        row = rows.get(language)
        if row is not None and _same(row.text, text):
            continue
        current = row.version if row else 0
        if current != draft.versions[language].base_version:
            assert row is not None
            raise EditConflict(language, current, _diff(row.text, text, current))
        changed.append((language, text, current))
    if not changed:
        raise InvalidInput("nothing changed")
    approver = may_approve(user, draft.reply_id, session)
    proposals = []
    for language, text, current in changed:
        proposal = ReplyProposal(
            reply_id=draft.reply_id,
            language=language,
            text=text,
            base_version=current,
            author=user.username,
            author_id=user.id,
        )
        session.add(proposal)
        session.flush()
        if approver:
            _approve(session, proposal, user)
        proposals.append(proposal)
    return proposals


def approve(session: Session, proposal_id: int, user: User) -> ReplyProposal:
    proposal = _pending(session, proposal_id)
    if not may_approve(user, proposal.reply_id, session):
        raise PermissionDenied(f"{user.username} may not approve {proposal.reply_id!r}")
    row = _rows(session, proposal.reply_id).get(proposal.language)
    current = row.version if row else 0
    if current != proposal.base_version:
        assert row is not None
        raise EditConflict(proposal.language, current, _diff(row.text, proposal.text, current))
    _approve(session, proposal, user)
    return proposal


def reject(session: Session, proposal_id: int, user: User, note: str = "") -> ReplyProposal:
    proposal = _pending(session, proposal_id)
    own = proposal.author_id == user.id  # an officer may withdraw their own proposal
    if not own and not may_approve(user, proposal.reply_id, session):
        raise PermissionDenied(f"{user.username} may not reject {proposal.reply_id!r}")
    decide(proposal, ProposalStatus.REJECTED, user, note)
    return proposal


def restore(
    session: Session, reply_id: str, language: str, version: int, user: User
) -> ReplyProposal:
    """An old version as a proposal over the current one (approved at once by an approver)."""
    row = _rows(session, reply_id).get(language)
    if row is None:
        raise NotFound(f"no standard reply {reply_id!r} in {language}")
    old = session.exec(
        select(StandardReplyVersion).where(
            StandardReplyVersion.standard_reply_id == row.id,
            StandardReplyVersion.version == version,
        )
    ).first()
    if old is None:
        raise NotFound(f"no version {version} of {reply_id!r} in {language}")
    if old.text == row.text:
        raise InvalidInput("that version is the current text")
    proposal = ReplyProposal(
        reply_id=reply_id,
        language=language,
        text=old.text,
        base_version=row.version,
        author=user.username,
        author_id=user.id,
        note=f"restores version {version}",
    )
    session.add(proposal)
    session.flush()
    if may_approve(user, reply_id, session):
        _approve(session, proposal, user)
    return proposal


def pending(session: Session, reply_id: str | None = None) -> list[ReplyProposal]:
    query = select(ReplyProposal).where(ReplyProposal.status == ProposalStatus.PENDING)
    if reply_id is not None:
        query = query.where(ReplyProposal.reply_id == reply_id)
    return list(session.exec(query.order_by(col(ReplyProposal.at))).all())


def proposal_diff(session: Session, proposal: ReplyProposal) -> str:
    row = _rows(session, proposal.reply_id).get(proposal.language)
    return _diff(row.text if row else "", proposal.text, row.version if row else 0)


def proposal_changes(session: Session, proposal: ReplyProposal) -> Changes:
    """What the proposal changes in the approved text, field by field, for its approver."""
    row = _rows(session, proposal.reply_id).get(proposal.language)
    return changes_between(row.text if row else "", proposal.text)


@dataclass(frozen=True)
class Listed:
    """One reply on the library page: both languages, its use and its signals."""

    reply_id: str
    titles: dict[str, str]
    question_types: tuple[str, ...]
    owner: str
    last_reviewed: date
    public: bool
    used: int
    pending: int
    review_due: bool


REVIEW_AFTER = timedelta(days=365)


def library_listing(
    session: Session,
    today: date,
    *,
    query: str = "",
    question_type: str = "",
    language: str = "",
) -> list[Listed]:
    """The approved replies, one entry per id, filtered by words, type and language."""
    from triage.cases.suggestions import library_from_db

    replies = library_from_db(session).replies
    uses = dict(
        session.exec(select(ReplyUse.reply_id, func.count()).group_by(ReplyUse.reply_id)).all()
    )
    waiting: dict[str, int] = {}
    for proposal in pending(session):
        waiting[proposal.reply_id] = waiting.get(proposal.reply_id, 0) + 1
    words = query.lower().split()
    by_id: dict[str, list[Reply]] = {}
    for reply in replies:
        by_id.setdefault(reply.id, []).append(reply)
    listed = []
    for reply_id, versions in sorted(by_id.items()):
        if language and language not in {r.language for r in versions}:
            continue
        first = versions[0]
        if question_type and question_type not in first.question_types:
            continue
        haystack = " ".join(
            f"{r.id} {r.title} {' '.join(r.tags)} {' '.join(r.examples)} {r.body}" for r in versions
        ).lower()
        if not all(word in haystack for word in words):
            continue
        listed.append(
            Listed(
                reply_id,
                {r.language: r.title for r in versions},
                first.question_types,
                first.owner,
                min(r.last_reviewed for r in versions),
                any(r.public for r in versions),
                int(uses.get(reply_id, 0)),
                waiting.get(reply_id, 0),
                min(r.last_reviewed for r in versions) + REVIEW_AFTER <= today,
            )
        )
    return listed


def _approve(session: Session, proposal: ReplyProposal, user: User) -> None:
    reply, problems = parse_reply(proposal.text, f"{proposal.reply_id}.{proposal.language}.md")
    if reply is None:  # checked when proposed; a library rule may have changed since
        raise InvalidInput("; ".join(str(p) for p in problems))
    store_version(
        session,
        reply.id,
        reply.language,
        reply.title,
        proposal.text,
        proposal.author,
        approved_by=user.username,
    )
    decide(proposal, ProposalStatus.APPROVED, user)


def _pending(session: Session, proposal_id: int) -> ReplyProposal:
    return pending_proposal(session, ReplyProposal, proposal_id)


def _same(before: str, after: str) -> bool:
    """The same reply, whatever the file's layout (the order of the placeholder list, the
    spacing an editor or a form adds)."""
    old, _ = parse_reply(before, "before")
    new, _ = parse_reply(after, "after")
    if old is None or new is None:
        return before == after

    def key(r: Reply) -> tuple[object, ...]:
        return (
            r.title, r.question_types, r.tags, r.owner, r.last_reviewed, r.examples,
            sorted(r.placeholders), r.body.strip(), r.public, r.faq_question, r.faq_answer,
        )  # fmt: skip

    return key(old) == key(new)


def _rows(session: Session, reply_id: str) -> dict[str, StandardReply]:
    rows = session.exec(select(StandardReply).where(StandardReply.reply_id == reply_id)).all()
    return {row.language: row for row in rows}


def _diff(current: str, proposed: str, version: int) -> str:
    return text_diff(current, proposed, f"version {version}", "proposed")
