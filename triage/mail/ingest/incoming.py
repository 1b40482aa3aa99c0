"""What ingestion takes and gives: a raw mail with where it was found, and what became of it.

IMAP sync, file import, the quarantine's "run again" and the reply service all hand mail to the
Ingestor (store.py) in these terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from triage.models import Mailbox


class IngestStatus(StrEnum):
    """What ingestion did with one mail (a case's close outcome is models.Outcome)."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"


@dataclass(frozen=True)
class Location:
    """Where a mail came from: an IMAP folder and UID, or a file (folder = path, no UID)."""

    folder: str
    uidvalidity: int | None = None
    uid: int | None = None


# Where the reply service files a reply it has just sent (no IMAP folder, UIDVALIDITY or UID).
SENT_BY_US = Location("smtp:sent")


@dataclass(frozen=True)
class RawMail:
    """One mail as it came, before anything is parsed."""

    raw: bytes
    mailbox: Mailbox
    location: Location
    delivered_at: datetime | None = None  # IMAP INTERNALDATE or an export's delivery time


@dataclass(frozen=True)
class IngestResult:
    """What became of one mail: the message and case it is filed under, or why not."""

    status: IngestStatus
    message_id: int | None = None
    case_id: int | None = None
    new_case: bool = False
    auto_reply: bool = False
    error: str = ""
