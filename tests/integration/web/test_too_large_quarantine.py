"""The admin's unreadable-mail page for mail over the size limit: where it is and why, and no
"Run again" that would store a mail from its headers alone (#15)."""

from __future__ import annotations

import re

from sqlmodel import col, select

from tests.integration.web.conftest import Office
from triage.db import transaction
from triage.mail.ingest.quarantine import imap_place, quarantine_too_large, too_large_reason
from triage.models import Mailbox, Quarantine

HEADERS = b"From: a@student.example.org\r\nSubject: Scanned passport\r\n"


def _too_large(office: Office) -> int:
    with transaction(office.engine) as session:
        mailbox = session.get(Mailbox, office.mailbox_id)
        assert mailbox is not None
        reason = too_large_reason(66_270_000, 52_428_800, imap_place("INBOX", 42, 7))
        quarantine_too_large(session, mailbox, "INBOX:42", HEADERS, 66_270_000, reason)
        session.flush()
        found = session.exec(select(Quarantine.id).order_by(col(Quarantine.id).desc())).first()
        assert found is not None
        return found


def test_a_too_large_mail_is_listed_with_where_it_is_and_why_and_cannot_be_run_again(office):
    kept = _too_large(office)

    page = office.client("root").get("/admin/quarantine").text

    found = re.search(rf"<tr><td>{kept}</td>(.*?)</tr>", page, re.S)
    assert found is not None
    row = found.group(1)
    assert "too large: 63.2 MB is over the 50 MB limit" in row
    assert "on the server in INBOX (UID 42, UIDVALIDITY 7)" in row
    assert "Run again" not in row
    assert "max_message_bytes" in row


def test_a_too_large_mail_downloads_as_the_headers_that_were_kept(office):
    kept = _too_large(office)

    response = office.client("root").get(f"/admin/quarantine/{kept}/raw")

    assert response.content == HEADERS
