"""Big mail is parsed without the copies the email parser makes, and to the same result (#15):
big base64 parts decoded from the raw bytes, the dedup key hashed without copying the body."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from email.message import EmailMessage

from hypothesis import given
from hypothesis import strategies as st

from triage.mail.bodyhash import header_block, update_with_body
from triage.mail.largeparts import cut_large_parts
from triage.mail.mime import dedup_key, parse_message

_HEADER_LINE = re.compile(rb"^(?:From |[!-9;-~]+[ \t]*:)")


def _reference_body_digest(raw: bytes) -> tuple[bytes, str]:
    """The dedup key's header block and body hash as computed before #15 (with copies)."""
    data = raw.replace(b"\r\n", b"\n")
    if not _HEADER_LINE.match(data):
        head, body = b"", data
    else:
        split = data.find(b"\n\n")
        head, body = (data, b"") if split < 0 else (data[:split], data[split + 2 :])
    return head, hashlib.sha256(body.rstrip()).hexdigest()


def _streamed_body_digest(raw: bytes, chunk: int) -> tuple[bytes, str]:
    head, start = header_block(raw) if _HEADER_LINE.match(raw) else (b"", 0)
    digest = hashlib.sha256()
    update_with_body(digest, raw, start, chunk)
    return head, digest.hexdigest()


def _mail_with_attachment(data: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"] = "a@student.example.org"
    msg["Subject"] = "Scan"
    msg["Message-ID"] = "<scan@student.example.org>"
    msg.set_content("Hej! Here is the scan.\n")
    msg.add_attachment(data, maintype="application", subtype="pdf", filename="scan.pdf")
    return msg.as_bytes().replace(b"\n", b"\r\n")


@given(
    st.binary(max_size=60).map(lambda b: bytes(b"a:\r\n \t"[x % 6] for x in b)),
    st.integers(min_value=1, max_value=7),
)
def test_the_streamed_body_hash_is_the_copied_one_byte_for_byte(raw: bytes, chunk: int) -> None:
    assert _streamed_body_digest(raw, chunk) == _reference_body_digest(raw)


def test_a_big_attachment_is_cut_out_before_parsing_and_decoded_whole() -> None:
    scan = b"%PDF-1.7\n" + os.urandom(400_000)
    raw = _mail_with_attachment(scan)

    cut = cut_large_parts(raw)
    parsed = parse_message(raw)

    assert len(cut.spans) == 1
    assert len(cut.raw) < 2000
    assert [a.data for a in parsed.attachments] == [scan]
    assert parsed.attachments[0].filename == "scan.pdf"
    assert parsed.text == "Hej! Here is the scan."
    assert parsed.dedup_key == dedup_key(raw, "<scan@student.example.org>")


def test_base64_text_inside_a_plain_part_is_left_to_the_parser() -> None:
    block = base64.encodebytes(os.urandom(300_000))
    fake_part = b"Content-Transfer-Encoding: base64\n\n" + block
    raw = b"From: a@student.example.org\nSubject: Pasted\n\nLook:\n--\n" + fake_part

    cut = cut_large_parts(raw)
    parsed = parse_message(raw)

    assert len(cut.spans) == 1  # it looked like a part, but the parser reads one text
    assert parsed.attachments == []
    assert block.decode()[:1000] in parsed.text
