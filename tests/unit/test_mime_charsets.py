"""Mail text comes out as the sender wrote it, whatever charset the mail declares or lies about."""

from __future__ import annotations

import base64
import quopri

import pytest

from triage.mail.charsets import decode_bytes, decode_header_value
from triage.mail.mime import parse_message

LETTER = (
    "Hej!\n\nJag undrar när terminen börjar och var jag hämtar nyckeln.\n\n"
    "Hälsningar från Göteborg\nÅsa Öberg"
)
QUESTION = (
    "Hej!\n\nJag undrar när terminen börjar. Tack på förhand.\n\nMed vänliga hälsningar\nÅsa Öberg"
)
GREETING = "Hej från Åsa"
CZECH = "Dobrý den,\nprosím o informace o ubytování na koleji.\nS pozdravem\nJiří Dvořák"
POLISH = "Dzień dobry,\nczy mogę przyjechać wcześniej?\nPozdrawiam z Łodzi\nMałgorzata Wójcik"
RUSSIAN = "Здравствуйте!\nЯ хочу подать заявление на обмен.\nС уважением,\nАнна Иванова"


def _mail(body: bytes, content_type: str = "text/plain", cte: str = "8bit") -> bytes:
    return (
        b"From: Asa Oberg <asa@example.se>\n"
        b"To: io@uni.se\n"
        b"Subject: Terminsstart\n"
        b"MIME-Version: 1.0\n"
        b"Content-Type: " + content_type.encode("ascii") + b"\n"
        b"Content-Transfer-Encoding: " + cte.encode("ascii") + b"\n"
        b"\n" + body + b"\n"
    )


def _mail_with_headers(*headers: bytes) -> bytes:
    return b"\n".join([b"To: io@uni.se", *headers, b"", b"Hej"]) + b"\n"


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        pytest.param(LETTER, "windows-1252", id="swedish-windows-1252"),
        pytest.param(LETTER, "iso-8859-1", id="swedish-iso-8859-1"),
        pytest.param(LETTER, "utf-8", id="swedish-utf-8"),
        pytest.param(CZECH, "windows-1250", id="czech-windows-1250"),
        pytest.param(CZECH, "iso-8859-2", id="czech-iso-8859-2"),
        pytest.param(POLISH, "windows-1250", id="polish-windows-1250"),
        pytest.param(POLISH, "iso-8859-2", id="polish-iso-8859-2"),
        pytest.param(RUSSIAN, "koi8-r", id="russian-koi8-r"),
    ],
)
def test_a_body_in_its_declared_charset_reads_as_written(text: str, charset: str) -> None:
    raw = _mail(text.encode(charset), f"text/plain; charset={charset}")

    parsed = parse_message(raw)

    assert parsed.text == text


@pytest.mark.parametrize("declared", ["iso-8859-1", "us-ascii", "windows-1252"])
def test_utf8_bytes_declared_as_a_single_byte_charset_do_not_become_mojibake(
    declared: str,
) -> None:
    raw = _mail(LETTER.encode("utf-8"), f"text/plain; charset={declared}")

    parsed = parse_message(raw)

    assert "Hälsningar från Göteborg" in parsed.text
    assert "Ã" not in parsed.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(LETTER, id="letter"),
        pytest.param(QUESTION, id="question"),
        pytest.param(GREETING, id="greeting"),
    ],
)
def test_latin1_bytes_declared_as_utf8_keep_their_swedish_letters(text: str) -> None:
    raw = _mail(text.encode("iso-8859-1"), "text/plain; charset=utf-8")

    parsed = parse_message(raw)

    assert parsed.text == text
    assert "\ufffd" not in parsed.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(LETTER, id="letter"),
        pytest.param(QUESTION, id="question"),
        pytest.param(GREETING, id="greeting"),
    ],
)
def test_8bit_text_without_a_charset_is_read_as_windows_1252(text: str) -> None:
    raw = _mail(text.encode("cp1252"), "text/plain")

    parsed = parse_message(raw)

    assert parsed.text == text


def test_8bit_text_without_any_content_type_keeps_its_swedish_letters() -> None:
    raw = b"From: asa@example.se\nSubject: Nyckel\n\n" + LETTER.encode("cp1252") + b"\n"

    parsed = parse_message(raw)

    assert "Hälsningar från Göteborg" in parsed.text


@pytest.mark.parametrize("declared", ["x-unknown-8bit", "foo"])
def test_an_unknown_charset_name_still_gives_the_swedish_letters_of_cp1252_bytes(
    declared: str,
) -> None:
    raw = _mail(LETTER.encode("cp1252"), f'text/plain; charset="{declared}"')

    parsed = parse_message(raw)

    assert parsed.text == LETTER


@pytest.mark.parametrize("declared", ["x-unknown-8bit", "foo"])
def test_an_unknown_charset_name_still_gives_the_swedish_letters_of_utf8_bytes(
    declared: str,
) -> None:
    raw = _mail(LETTER.encode("utf-8"), f'text/plain; charset="{declared}"')

    parsed = parse_message(raw)

    assert parsed.text == LETTER


def test_an_encoded_word_in_an_unknown_charset_keeps_its_swedish_letters() -> None:
    assert decode_header_value("=?x-unknown?Q?Fr=E5ga?=") == "Fråga"


def test_a_quoted_printable_body_is_decoded() -> None:
    raw = _mail(
        quopri.encodestring(LETTER.encode("iso-8859-1")),
        "text/plain; charset=iso-8859-1",
        "quoted-printable",
    )

    parsed = parse_message(raw)

    assert parsed.text == LETTER


def test_a_quoted_printable_soft_line_break_joins_the_line() -> None:
    raw = _mail(
        b"Jag har skickat in min ans=C3=B6kan till utbytesprogr=\nammet i Lund.",
        "text/plain; charset=utf-8",
        "quoted-printable",
    )

    parsed = parse_message(raw)

    assert parsed.text == "Jag har skickat in min ansökan till utbytesprogrammet i Lund."


def test_a_base64_body_is_decoded() -> None:
    raw = _mail(base64.encodebytes(LETTER.encode("utf-8")), "text/plain; charset=utf-8", "base64")

    parsed = parse_message(raw)

    assert parsed.text == LETTER


def test_a_base64_body_in_windows_1250_is_decoded() -> None:
    raw = _mail(
        base64.encodebytes(CZECH.encode("windows-1250")),
        "text/plain; charset=windows-1250",
        "base64",
    )

    parsed = parse_message(raw)

    assert parsed.text == CZECH


def test_a_b_encoded_subject_is_decoded() -> None:
    encoded = base64.b64encode("Hälsningar från Göteborg".encode()).decode("ascii")
    raw = _mail_with_headers(b"From: asa@example.se", f"Subject: =?utf-8?B?{encoded}?=".encode())

    parsed = parse_message(raw)

    assert parsed.subject == "Hälsningar från Göteborg"


def test_a_q_encoded_subject_is_decoded() -> None:
    raw = _mail_with_headers(
        b"From: asa@example.se", b"Subject: =?iso-8859-1?Q?Fr=E5ga_om_bost=E4der?="
    )

    parsed = parse_message(raw)

    assert parsed.subject == "Fråga om bostäder"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("=?windows-1250?Q?Pros=EDm_o_informace?=", "Prosím o informace", id="czech"),
        pytest.param("=?iso-8859-2?Q?Zaj=EAcia_w_=A3odzi?=", "Zajęcia w Łodzi", id="polish"),
        pytest.param("=?koi8-r?B?8NLJ18XU?=", "Привет", id="russian"),
    ],
)
def test_an_encoded_subject_in_a_central_or_east_european_charset_is_decoded(
    header: str, expected: str
) -> None:
    raw = _mail_with_headers(b"From: a@example.cz", f"Subject: {header}".encode("ascii"))

    parsed = parse_message(raw)

    assert parsed.subject == expected


def test_a_b_encoded_from_name_is_decoded() -> None:
    encoded = base64.b64encode("Åsa Öberg".encode()).decode("ascii")
    raw = _mail_with_headers(
        f"From: =?utf-8?B?{encoded}?= <Asa@Example.se>".encode(), b"Subject: x"
    )

    parsed = parse_message(raw)

    assert parsed.from_name == "Åsa Öberg"
    assert parsed.from_email == "asa@example.se"


def test_a_quoted_q_encoded_from_name_is_decoded() -> None:
    raw = _mail_with_headers(
        b'From: "=?iso-8859-1?Q?J=F6rgen_Str=F6m?=" <jorgen@example.se>', b"Subject: x"
    )

    parsed = parse_message(raw)

    assert parsed.from_name == "Jörgen Ström"
    assert parsed.from_email == "jorgen@example.se"


def test_an_encoded_word_followed_by_plain_words_keeps_the_space_between_them() -> None:
    assert decode_header_value("=?utf-8?Q?Fr=C3=A5ga?= om rummet") == "Fråga om rummet"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("Re: =?iso-8859-1?Q?Fr=E5gor?= om bostad", "Re: Frågor om bostad", id="re"),
        pytest.param("Fwd: =?utf-8?Q?Bostadsans=C3=B6kan?=", "Fwd: Bostadsansökan", id="fwd"),
        pytest.param(
            "=?utf-8?Q?Fr=C3=A5ga?= om =?utf-8?Q?l=C3=A4genhet?=",
            "Fråga om lägenhet",
            id="encoded-plain-encoded",
        ),
    ],
)
def test_plain_words_before_an_encoded_word_keep_a_single_space(header: str, expected: str) -> None:
    assert decode_header_value(header) == expected


def test_a_reply_subject_with_an_encoded_word_reads_as_written() -> None:
    raw = _mail_with_headers(b"From: asa@example.se", b"Subject: Re: =?utf-8?Q?Fr=C3=A5ga?= om rum")

    parsed = parse_message(raw)

    assert parsed.subject == "Re: Fråga om rum"


def test_adjacent_encoded_words_join_without_the_folding_whitespace_between_them() -> None:
    header = "=?UTF-8?Q?H=C3=A4lsningar_fr=C3=A5n?=\n =?UTF-8?Q?_G=C3=B6teborg?="

    assert decode_header_value(header) == "Hälsningar från Göteborg"


def test_a_raw_8bit_utf8_subject_is_decoded() -> None:
    raw = _mail_with_headers(b"From: asa@example.se", "Subject: Ansökan om förlängning".encode())

    parsed = parse_message(raw)

    assert parsed.subject == "Ansökan om förlängning"


def test_a_raw_8bit_utf8_from_name_is_decoded() -> None:
    raw = _mail_with_headers("From: Jörgen Ström <jorgen@example.se>".encode(), b"Subject: x")

    parsed = parse_message(raw)

    assert parsed.from_name == "Jörgen Ström"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param("=?utf-8?Q?Fr=C3=A5ga?= om lägenhet", "Fråga om lägenhet", id="swedish"),
        pytest.param("=?koi8-r?B?8NLJ18XU?= из Москвы", "Привет из Москвы", id="russian"),
    ],
)
def test_a_raw_8bit_subject_next_to_an_encoded_word_keeps_both(subject: str, expected: str) -> None:
    raw = _mail_with_headers(b"From: asa@example.se", b"Subject: " + subject.encode("utf-8"))

    parsed = parse_message(raw)

    assert parsed.subject == expected


def test_nul_bytes_are_removed_from_the_body_text() -> None:
    raw = _mail("Hej\x00 då\x00, vi ses!".encode(), "text/plain; charset=utf-8")

    parsed = parse_message(raw)

    assert parsed.text == "Hej då, vi ses!"


def test_nul_bytes_are_removed_from_the_subject() -> None:
    raw = _mail_with_headers(b"From: asa@example.se", b"Subject: =?utf-8?Q?Fr=C3=A5ga=00_om_rum?=")

    parsed = parse_message(raw)

    assert parsed.subject == "Fråga om rum"


def test_decoding_drops_nul_and_control_characters_but_keeps_newlines_and_tabs() -> None:
    text = decode_bytes(b"Rad\x00 ett\tkolumn\r\nRad\x07 tv\xc3\xa5\n", "utf-8")

    assert text == "Rad ett\tkolumn\r\nRad två\n"
