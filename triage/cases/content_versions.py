"""What the office's edited content (standard replies, routines) has in common: a history of
versions shown as diffs, and who may approve a change (managers, or an owner the approved
content names), so the two libraries keep one rule and one look."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from sqlmodel import Session

from triage.errors import Conflict, NotFound
from triage.models import ProposalStatus, User, utcnow
from triage.people.users import Permission, may


@dataclass(frozen=True)
class Version:
    """One version as the history shows it: the diff against the version before."""

    version: int
    author: str
    at: datetime  # UTC, as stored: the page writes it in the reader's time zone
    diff: str
    approved_by: str = ""


@dataclass(frozen=True)
class Stored:
    """A stored version, whichever table it comes from."""

    version: int
    text: str
    author: str
    at: datetime
    approved_by: str = ""


def text_diff(before: str, after: str, from_label: str, to_label: str) -> str:
    """A unified diff, line by line, as the pages show it in a <pre>."""
    lines = difflib.unified_diff(
        before.splitlines(True), after.splitlines(True), from_label, to_label
    )
    return "".join(lines)


def with_diffs(versions: Iterable[Stored]) -> list[Version]:
    """The versions (oldest first in) as the history shows them, newest first."""
    out, before = [], ""
    for v in versions:
        diff = text_diff(before, v.text, f"version {v.version - 1}", f"version {v.version}")
        out.append(Version(v.version, v.author, v.at, diff, v.approved_by))
        before = v.text
    return out[::-1]


def may_approve_content(user: User, owners: Iterable[str]) -> bool:
    """Managers and admins (APPROVE_CONTENT), and a user whom one of the owners names by login
    or display name. `owners` must come from the approved content, never from a proposal, so
    that nobody approves their own change by naming themselves."""
    if may(user, Permission.APPROVE_CONTENT):
        return True
    names = {user.username.casefold(), (user.display_name or "").strip().casefold()} - {""}
    return any(owner.strip().casefold() in names for owner in owners)


class Proposal(Protocol):
    """What a proposal table (ReplyProposal, RoutineProposal) has for its decision."""

    status: str
    decided_by: str | None
    decided_at: datetime | None
    note: str


P = TypeVar("P", bound=Proposal)


def pending_proposal(session: Session, model: type[P], proposal_id: int) -> P:
    """The proposal, while nobody has decided on it yet (a second decision is a conflict)."""
    proposal = session.get(model, proposal_id)
    if proposal is None:
        raise NotFound(f"no proposal {proposal_id}")
    if proposal.status != ProposalStatus.PENDING:
        raise Conflict(f"the proposal was {proposal.status} by {proposal.decided_by}")
    return proposal


def decide(proposal: Proposal, status: ProposalStatus, user: User, note: str | None = None) -> None:
    """Mark the proposal approved or rejected, by whom and when (a note only on rejection)."""
    proposal.status = status
    proposal.decided_by, proposal.decided_at = user.username, utcnow()
    if note is not None:
        proposal.note = note[:500]
