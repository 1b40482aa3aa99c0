"""What a routine description is once read: immutable values the rest of the app can pass around,
plus the Problem a broken file turns into, so that one bad file never stops the library loading."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Step:
    """One checklist item; `reply` names a standard reply, `link` may be an `office:` key."""

    text: str
    reply: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Referral:
    """When a question belongs with someone else, and who that is."""

    when: str
    to: str


@dataclass(frozen=True)
class Contact:
    """Who to reach for a part of the routine; `how` may be an `office.` placeholder."""

    role: str
    how: str


@dataclass(frozen=True)
class Routine:
    """One language version of a routine description (`<id>.<language>.md`)."""

    id: str
    language: str
    title: str
    question_types: tuple[str, ...]
    owner: str
    backup_owner: str
    last_reviewed: date
    review_interval_days: int
    purpose: str
    refer_elsewhere: tuple[Referral, ...]
    contacts: tuple[Contact, ...]
    steps: tuple[Step, ...]
    body: str
    path: Path

    @property
    def review_due(self) -> date:
        """The day the owner should check the routine again, so stale advice gets noticed."""
        return self.last_reviewed + timedelta(days=self.review_interval_days)


@dataclass(frozen=True)
class Problem:
    """Something wrong in one file, named precisely enough for the editor to fix it.

    `field` is a path into the front matter such as `steps[3].reply` (list positions count
    from 0, as in the YAML tooling editors use), or `front matter`/`file` for the whole file.
    """

    path: Path
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"
