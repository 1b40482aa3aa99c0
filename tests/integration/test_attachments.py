"""Attachments download under a safe name and type, always as a file, and only from their case."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.factories import make_mail
from triage.errors import NotFound
from triage.mail.attachments import (
    Download,
    attachment_download,
    content_disposition,
    raw_mail_download,
    safe_filename,
)
from triage.mail.ingest.store import Ingestor, IngestResult, Location, RawMail
from triage.models import Attachment, Mailbox, Quarantine

HOSTILE_MAIL = b"""From: Anna Lindqvist <anna.lindqvist@student.example.org>
To: housing@intl.example.se
Subject: My documents
Message-ID: <documents-1@student.example.org>
Date: Tue, 01 Sep 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="part"

--part
Content-Type: text/plain; charset=utf-8

Here are my documents.
--part
Content-Type: text/plain
Content-Disposition: attachment; filename="../../etc/passwd"

root:x:0:0:root:/root:/bin/sh
--part
Content-Type: application/pdf
Content-Disposition: attachment; filename*=utf-8''a%22b%0D%0AX-Evil%3A%201.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQKJeLjz9MK
--part
Content-Type: text/html
Content-Disposition: attachment; filename="<script>.html"

<script>alert(document.cookie)</script>
--part
Content-Type: application/pdf
Content-Disposition: attachment; filename*=utf-8''rapport_%C3%B6.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQKJeLjz9MK
--part
Content-Type: image/svg+xml
Content-Disposition: attachment; filename="logo.svg"

<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>
--part
Content-Type: image/png
Content-Disposition: attachment; filename="photo.png"

<html><script>alert(3)</script></html>
--part--
""".replace(b"\n", b"\r\n")


def _ingest(session, raw: bytes) -> IngestResult:
    mailbox = session.exec(select(Mailbox)).first()
    if mailbox is None:
        mailbox = Mailbox(name="housing", address="housing@intl.example.se")
        session.add(mailbox)
        session.flush()
    ingestor = Ingestor(session, office_addresses={"housing@intl.example.se"})
    result = ingestor.ingest(raw, mailbox, Location("INBOX", 1, 1))
    session.commit()
    return result


def _downloads(session, result: IngestResult) -> dict[str, Download]:
    attachments = session.exec(
        select(Attachment).where(Attachment.message_id == result.message_id)
    ).all()
    assert result.case_id is not None
    return {a.filename: attachment_download(session, a.id, result.case_id) for a in attachments}


def test_hostile_names_and_types_download_as_harmless_files(session):
    result = _ingest(session, HOSTILE_MAIL)

    got = {
        name: (d.filename, d.content_type, d.disposition)
        for name, d in _downloads(session, result).items()
    }

    assert got == {
        ".._.._etc_passwd": (
            "_.._etc_passwd",
            "text/plain; charset=utf-8",
            'attachment; filename="_.._etc_passwd"',
        ),
        'a"b X-Evil: 1.pdf': (
            "a_b X-Evil_ 1.pdf",
            "application/pdf",
            'attachment; filename="a_b X-Evil_ 1.pdf"',
        ),
        "<script>.html": (
            "_script_.html",
            "application/octet-stream",
            'attachment; filename="_script_.html"',
        ),
        "rapport_ö.pdf": (
            "rapport_ö.pdf",
            "application/pdf",
            "attachment; filename=\"rapport_o.pdf\"; filename*=UTF-8''rapport_%C3%B6.pdf",
        ),
        "logo.svg": ("logo.svg", "application/octet-stream", 'attachment; filename="logo.svg"'),
        "photo.png": (
            "photo.png",
            "application/octet-stream",
            'attachment; filename="photo.png"',
        ),
    }


def test_a_download_carries_the_attachment_bytes_unchanged(session):
    result = _ingest(session, HOSTILE_MAIL)

    download = _downloads(session, result)["<script>.html"]

    assert download.data == b"<script>alert(document.cookie)</script>"


@pytest.mark.parametrize(
    ("stored_name", "filename", "disposition"),
    [
        ("../../etc/passwd", "passwd", 'attachment; filename="passwd"'),
        ("C:\\Users\\anna\\cv.pdf", "cv.pdf", 'attachment; filename="cv.pdf"'),
        (
            'a"b\r\nX-Evil: 1.pdf',
            "a_bX-Evil_ 1.pdf",
            'attachment; filename="a_bX-Evil_ 1.pdf"',
        ),
        ("invoice\u202efdp.exe", "invoicefdp.exe", 'attachment; filename="invoicefdp.exe"'),
        ("..", "attachment.bin", 'attachment; filename="attachment.bin"'),
        ("", "attachment.bin", 'attachment; filename="attachment.bin"'),
        (
            "申请表.pdf",
            "申请表.pdf",
            "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''"
            "%E7%94%B3%E8%AF%B7%E8%A1%A8.pdf",
        ),
    ],
)
def test_a_name_stored_as_the_sender_wrote_it_is_made_safe(
    session, stored_name, filename, disposition
):
    result = _ingest(session, HOSTILE_MAIL)
    row = session.exec(select(Attachment).where(Attachment.filename == "logo.svg")).one()
    row.filename = stored_name
    session.commit()

    download = attachment_download(session, row.id, result.case_id)

    assert (download.filename, download.disposition) == (filename, disposition)
    assert not any(c in download.disposition for c in "\r\n\0")


def test_a_very_long_name_is_shortened_and_keeps_its_extension():
    name = safe_filename("å" * 400 + ".pdf")

    assert (len(name), name[-5:]) == (150, "å.pdf")
    assert content_disposition(name).startswith('attachment; filename="aaaa')


def test_an_attachment_asked_for_under_another_case_is_not_found(session):
    documents = _ingest(session, HOSTILE_MAIL)
    other = _ingest(session, make_mail("Keys", "Where do I get my keys?"))
    attachment_id = session.exec(
        select(Attachment.id).where(Attachment.message_id == documents.message_id)
    ).first()
    assert documents.case_id != other.case_id

    with pytest.raises(NotFound):
        attachment_download(session, attachment_id, other.case_id)


def test_an_attachment_that_does_not_exist_is_not_found(session):
    result = _ingest(session, HOSTILE_MAIL)

    with pytest.raises(NotFound):
        attachment_download(session, 999_999, result.case_id)


def test_an_admin_downloads_a_quarantined_mail_as_it_came(session):
    mailbox = Mailbox(name="housing", address="housing@intl.example.se")
    session.add(mailbox)
    session.flush()
    raw = b"Subject: broken\r\n\r\n<html><script>alert(1)</script>"
    Ingestor(session, office_addresses=set()).quarantine(
        RawMail(raw, mailbox, Location("INBOX", 1, 9)), "ValueError: broken"
    )
    session.commit()
    quarantine_id = session.exec(select(Quarantine.id)).one()

    download = raw_mail_download(session, quarantine_id)

    assert download == Download(
        f"quarantine-{quarantine_id}.eml",
        "application/octet-stream",
        raw,
        f'attachment; filename="quarantine-{quarantine_id}.eml"',
    )


def test_a_quarantined_mail_that_does_not_exist_is_not_found(session):
    with pytest.raises(NotFound):
        raw_mail_download(session, 404)
