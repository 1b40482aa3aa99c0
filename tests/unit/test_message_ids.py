"""Message ids are read from the header as it stands and hold no control characters: an id is
copied into the In-Reply-To and References of every reply, so a CR or LF in one would be a
header of its own there."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from triage.mail.mime import parse_message

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _mail(headers: bytes) -> bytes:
    return b"From: a@student.example.org\r\n" + headers + b"\r\nSubject: Hej\r\n\r\nHej!\r\n"


def _ids(mail) -> list[str]:  # type: ignore[no-untyped-def]
    return [mail.message_id, mail.in_reply_to, *mail.references, *mail.nested_ids]


def test_an_encoded_crlf_in_an_id_never_reaches_the_stored_id():
    raw = _mail(
        b"Message-ID: =?utf-8?q?<abc=0D=0ABcc:_victim@evil.example>?=\r\n"
        b"In-Reply-To: =?utf-8?q?abc=0D=0ABcc:victim@evil.example?=\r\n"
        b"References: =?utf-8?q?<a@x>=0D=0A<b@x>?="
    )

    mail = parse_message(raw)

    assert not any(_CONTROL.search(i) for i in _ids(mail))
    assert mail.message_id == "<abc=0D=0ABcc:_victim@evil.example>"  # as written, not decoded


def test_raw_control_characters_are_dropped_from_ids():
    raw = _mail(
        b"Message-ID: <ab\x00c\x01@x.example>\r\n"
        b"In-Reply-To: <p\x0bq@x.example>\r\n"
        b"References: <r\x7f1@x.example>\r\n\t<r\x1b2@x.example>"
    )

    mail = parse_message(raw)

    assert mail.message_id == "<abc@x.example>"
    assert mail.in_reply_to == "<pq@x.example>"
    assert mail.references == ["<r1@x.example>", "<r2@x.example>"]


def test_an_id_without_brackets_is_kept_and_a_broken_one_is_not():
    assert parse_message(_mail(b"Message-ID: abc@x.example")).message_id == "<abc@x.example>"
    assert parse_message(_mail(b"Message-ID: <abc@x.example")).message_id == ""
    assert parse_message(_mail(b"Message-ID: two words")).message_id == ""


def test_an_over_long_id_is_not_kept_and_long_references_keep_first_and_latest():
    long_id = b"<" + b"a" * 5_000 + b"@x.example>"
    refs = b" ".join(b"<r%d@x.example>" % i for i in range(500))

    mail = parse_message(_mail(b"Message-ID: " + long_id + b"\r\nReferences: " + refs))

    assert mail.message_id == ""
    assert len(mail.references) == 50
    assert mail.references[0] == "<r0@x.example>"
    assert mail.references[-1] == "<r499@x.example>"


def test_the_id_of_a_forwarded_mail_is_clean_too():
    inner = b"From: b@x.example\r\nMessage-ID: =?utf-8?q?<in=0Dner@x.example>?=\r\n\r\nHi\r\n"
    raw = (
        b"From: a@student.example.org\r\nMessage-ID: <outer@x.example>\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nSee below\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\n" + inner + b"--b--\r\n"
    )

    mail = parse_message(raw)

    assert mail.nested_ids == ["<in=0Dner@x.example>"]


_header_bytes = st.binary(max_size=200).map(
    lambda b: b.replace(b"\r", b"").replace(b"\n", b"")  # one header line each
)


@settings(max_examples=300, deadline=None)
@given(message_id=_header_bytes, in_reply_to=_header_bytes, references=_header_bytes)
def test_no_parsed_id_ever_holds_a_control_character_or_space(message_id, in_reply_to, references):
    raw = _mail(
        b"Message-ID: "
        + message_id
        + b"\r\nIn-Reply-To: "
        + in_reply_to
        + b"\r\nReferences: "
        + references
    )

    mail = parse_message(raw)

    for found in filter(None, _ids(mail)):
        assert not _CONTROL.search(found)
        assert not re.search(r"\s", found)
        assert found.startswith("<")
        assert found.endswith(">")
