"""The rows one mail becomes, built without touching the database: its message, attachment and
quarantine rows, the content key of its bytes, and the date it is filed under.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from classifiers import detect_language
from triage.mail.ingest.incoming import Location, RawMail
from triage.mail.mime import ParsedMessage
from triage.mail.parts import ParsedAttachment
from triage.models import Direction, Quarantine, utcnow


def message_row(parsed: ParsedMessage, mail: RawMail, when: datetime) -> dict[str, Any]:
    """The Message row of a new mail; its direction is decided by the Ingestor."""
    return {
        "mailbox_id": mail.mailbox.id,
        "dedup_key": parsed.dedup_key,
        "message_id": parsed.message_id,
        "in_reply_to": parsed.in_reply_to,
        "references": " ".join(parsed.references),
        "subject": parsed.subject,
        "from_email": parsed.from_email,
        "from_name": parsed.from_name,
        "to": ", ".join(parsed.to),
        "cc": ", ".join(parsed.cc),
        "date": when,
        "received_at": utcnow(),
        "headers": parsed.headers,
        "text": parsed.text,
        "html": parsed.html,
        "language": parsed.language or detect_language(f"{parsed.subject}\n{parsed.text}"),
        "direction": str(Direction.IN),  # decided by the Ingestor
        "is_auto_reply": parsed.is_auto_reply,
        "auto_reply_reason": parsed.auto_reply_reason,
        "defects": "; ".join(parsed.defects),
        "size": len(mail.raw),
        "raw_sha256": sha(mail.raw),
    }


def attachment_row(message_id: int | None, att: ParsedAttachment) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "filename": att.filename[:255],
        "content_type": att.content_type[:255],
        "size": len(att.data),
        "is_inline": att.is_inline,
        "content_id": att.content_id[:255],
        "blob_sha256": sha(att.data),
    }


def is_import(loc: Location) -> bool:
    """Found in a file (an export), not in an IMAP folder."""
    return loc.folder.startswith("file:")


def quarantine_row(mail: RawMail, error: str) -> Quarantine:
    """A mail kept as it came, with why it could not be stored."""
    loc = mail.location
    source = f"{loc.folder}:{loc.uid}" if loc.uid else loc.folder
    return Quarantine(
        mailbox_id=mail.mailbox.id,
        source=source,
        error=error,
        raw_sha256=sha(mail.raw),
        size=len(mail.raw),
    )


def sha(data: bytes) -> str:
    """The key a blob is stored under."""
    return hashlib.sha256(data).hexdigest()


def sane_date(date: datetime | None, delivered: datetime | None) -> datetime:
    """The Date header, unless it is missing or absurd, or later than the mail was delivered
    (a sender cannot keep a mail on top of the queue by dating it ahead); then the delivery
    time; then now."""
    now = utcnow()
    if delivered is not None and delivered.tzinfo is None:
        delivered = delivered.replace(tzinfo=UTC)
    latest = min(now + timedelta(minutes=5), (delivered or now) + timedelta(hours=1))
    if date is not None and datetime(1990, 1, 1, tzinfo=UTC) < date < latest:
        return date
    return delivered or now
