"""Out-of-office replies and bounces are recognised, so they never count as a student's question."""

from __future__ import annotations

import pytest

from triage.mail.mime import parse_message


def _mail(*headers: str, sender: str = "Asa Oberg <asa@example.se>", body: str = "Hej") -> bytes:
    """A plain mail to the office; `headers` are added after From and To."""
    lines = [f"From: {sender}", "To: io@uni.se", *headers, "", body, ""]
    return "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "X-Autoreply: yes",
        "Precedence: bulk",
    ],
)
def test_a_mail_with_an_auto_reply_header_is_an_auto_reply(header: str) -> None:
    raw = _mail("Subject: Angående din fråga", header)

    parsed = parse_message(raw)

    assert parsed.is_auto_reply


def test_a_mail_with_auto_submitted_no_is_not_an_auto_reply() -> None:
    raw = _mail("Subject: Angående min fråga", "Auto-Submitted: no")

    parsed = parse_message(raw)

    assert not parsed.is_auto_reply
    assert parsed.auto_reply_reason == ""


def test_a_multipart_report_is_an_auto_reply() -> None:
    raw = (
        b"From: postmaster@partner.example.edu\n"
        b"To: io@uni.se\n"
        b"Subject: Your message\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\n\n'
        b"--R\nContent-Type: text/plain\n\nDelivery failed.\n"
        b"--R\nContent-Type: message/delivery-status\n\n"
        b"Reporting-MTA: dns; mx.partner.example.edu\n\n"
        b"Final-Recipient: rfc822; nobody@partner.example.edu\nAction: failed\n"
        b"--R--\n"
    )

    parsed = parse_message(raw)

    assert parsed.is_auto_reply


def test_a_mail_from_mailer_daemon_is_an_auto_reply() -> None:
    raw = _mail("Subject: Your message", sender="Mail Delivery System <MAILER-DAEMON@mx.uni.se>")

    parsed = parse_message(raw)

    assert parsed.is_auto_reply


@pytest.mark.parametrize(
    "subject",
    [
        "Frånvaromeddelande: Fråga om bostad",
        "=?iso-8859-1?Q?Fr=E5nvaromeddelande=3A_Fr=E5ga_om_bostad?=",
        "Automatiskt svar: Fråga om bostad",
        "=?utf-8?Q?Automatiskt_svar:_Fr=C3=A5ga_om_bostad?=",
        "Out of Office: Question about my room",
        "Automatic reply: Question about my room",
        "Undeliverable: Question about my room",
    ],
)
def test_a_mail_with_an_out_of_office_or_bounce_subject_is_an_auto_reply(subject: str) -> None:
    raw = _mail(f"Subject: {subject}")

    parsed = parse_message(raw)

    assert parsed.is_auto_reply


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Question about my room",
        "Question about my room",
        "Fråga om bostad",
        "Re: Automatiskt svar: Fråga om bostad?",
        "On holiday until 20 August - can I collect my key later?",
        "Är på semester i juli, kan jag flytta in i augusti?",
    ],
)
def test_a_student_question_is_not_an_auto_reply(subject: str) -> None:
    raw = _mail(f"Subject: {subject}", body="Hej! Jag har en fråga om mitt rum.")

    parsed = parse_message(raw)

    assert not parsed.is_auto_reply
    assert parsed.auto_reply_reason == ""
