"""Who may get an automatic acknowledgement (RFC 3834): the rules that need no database, one by
one, and the acknowledgement's settings."""

from __future__ import annotations

import pytest

from triage.errors import ConfigError
from triage.mail.autoresponse import read_headers, response_refusal, sender_refusal
from triage.settings import MailboxSettings, load_settings

OFFICE = {"housing@intl.example.se", "fees@intl.example.se"}
INTERNAL = ["intl.example.se", "example-university.se"]


def _refusal(extra: str = "", sender: str = "anna@student.example.org", subject: str = "Key?"):
    block = f"From: Anna <{sender}>\nTo: housing@intl.example.se\nSubject: {subject}\n{extra}"
    return response_refusal(
        read_headers(block.strip()),
        sender,
        subject,
        office_addresses=OFFICE,
        internal_domains=INTERNAL,
    )


def test_a_student_writing_a_question_may_get_one():
    assert _refusal() is None


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Auto-Submitted: auto-replied", "automatic"),
        ("Auto-Submitted: auto-generated", "automatic"),
        ("X-Autoreply: yes", "automatic"),
        ("X-Autorespond: on", "automatic"),
        ("Content-Type: multipart/report; report-type=delivery-status", "automatic"),
        ("Return-Path: <>", "null_sender"),
        ("List-Id: Exchange students <exchange.lists.example.org>", "mailing_list"),
        ("List-Unsubscribe: <mailto:leave@lists.example.org>", "mailing_list"),
        ("List-Post: <mailto:exchange@lists.example.org>", "mailing_list"),
        ("Precedence: bulk", "mailing_list"),
        ("Precedence: list", "mailing_list"),
        ("Precedence: junk", "mailing_list"),
    ],
)
def test_automatic_mail_bounces_and_lists_get_none(header, code):
    refusal = _refusal(header)

    assert refusal is not None
    assert refusal.code == code


def test_auto_submitted_no_is_a_person_writing():
    assert _refusal("Auto-Submitted: no") is None


def test_an_out_of_office_subject_gets_none():
    refusal = _refusal(subject="Automatic reply: Key?")

    assert refusal is not None
    assert refusal.code == "automatic"


@pytest.mark.parametrize(
    "sender",
    [
        "noreply@portal.example.org",
        "no-reply@portal.example.org",
        "no_reply@portal.example.org",
        "do-not-reply@bank.example.com",
        "DoNotReply@bank.example.com",
        "info-noreply@ladok.example.se",
        "noreply+1234@forms.example.org",
        "MAILER-DAEMON@mx.example.org",
        "postmaster@example.org",
    ],
)
def test_addresses_nobody_reads_get_none(sender):
    refusal = sender_refusal(sender, OFFICE, INTERNAL)

    assert refusal is not None
    assert refusal.code == "machine_sender"


@pytest.mark.parametrize("sender", ["reply.norrland@student.example.org", "noreen@example.org"])
def test_names_that_merely_contain_the_letters_still_get_one(sender):
    assert sender_refusal(sender, OFFICE, INTERNAL) is None


@pytest.mark.parametrize(
    "sender",
    [
        "housing@intl.example.se",  # the mailbox itself
        "FEES@intl.example.se",  # another of the office's mailboxes, any case
        "anna.lind@intl.example.se",  # a colleague
        "it-support@mail.example-university.se",  # a subdomain of an internal domain
    ],
)
def test_the_office_and_its_own_domains_get_none(sender):
    refusal = sender_refusal(sender, OFFICE, INTERNAL)

    assert refusal is not None
    assert refusal.code == "office_sender"


def test_a_domain_that_only_ends_like_an_internal_one_is_outside():
    assert sender_refusal("anna@notintl.example.se", OFFICE, INTERNAL) is None


def test_a_mail_without_a_sender_address_gets_none():
    refusal = sender_refusal("", OFFICE, INTERNAL)

    assert refusal is not None
    assert refusal.code == "no_address"


def _mailbox(**acknowledge: object) -> dict[str, object]:
    return {
        "name": "housing",
        "address": "housing@intl.example.se",
        "imap_host": "127.0.0.1",
        "tls": "none",
        "username": "housing",
        "password": "x",
        "smtp": {"host": "127.0.0.1", "port": 2525, "tls": "none"},
        "acknowledge": acknowledge,
    }


def test_acknowledgements_are_off_unless_turned_on():
    mb = MailboxSettings(**_mailbox())  # type: ignore[arg-type]

    assert mb.acknowledge.enabled is False
    assert mb.acknowledge.min_confidence == 0.9
    assert mb.acknowledge.answer_days == 5


def _config(tmp_path, acknowledge: str, smtp: bool = True) -> str:
    smtp_table = '[mailbox.smtp]\nhost = "127.0.0.1"\nport = 2525\ntls = "none"\n'
    path = tmp_path / "triage.toml"
    path.write_text(
        '[[mailbox]]\nname = "housing"\naddress = "housing@intl.example.se"\n'
        'imap_host = "127.0.0.1"\ntls = "none"\nusername = "housing"\npassword = "x"\n'
        + (smtp_table if smtp else "")
        + "[mailbox.acknowledge]\n"
        + acknowledge
    )
    return str(path)


def test_the_toml_table_turns_them_on(tmp_path):
    settings = load_settings(
        _config(tmp_path, "enabled = true\nmin_confidence = 0.8\nanswer_days = 3\n")
    )

    acknowledge = settings.mailbox[0].acknowledge
    assert (acknowledge.enabled, acknowledge.min_confidence, acknowledge.answer_days) == (
        True,
        0.8,
        3,
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("min_confidence = 1.5", "mailbox[1].acknowledge.min_confidence"),
        ("min_confidence = -0.1", "mailbox[1].acknowledge.min_confidence"),
        ('min_confidence = "high"', "mailbox[1].acknowledge.min_confidence"),
        ("answer_days = 0", "mailbox[1].acknowledge.answer_days"),
        ("enabled = true\nanswer_day = 3", "mailbox[1].acknowledge.answer_day"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_key(tmp_path, value, said):
    with pytest.raises(ConfigError) as caught:
        load_settings(_config(tmp_path, value + "\n"))

    assert said in str(caught.value)


def test_acknowledgements_without_a_mail_server_stop_start_up(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_settings(_config(tmp_path, "enabled = true\n", smtp=False))

    assert "acknowledge.enabled = true needs a [mailbox.smtp] table" in str(caught.value)
