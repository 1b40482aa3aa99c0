"""Addresses come from the header as it stands: an encoded word is a display name, never an
address, and a crafted header costs no more than a long one."""

from __future__ import annotations

import base64
import re
from email.headerregistry import Address
from email.utils import formataddr

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from triage.mail import addresses as address_parser
from triage.mail.address_tokens import tokens
from triage.mail.addresses import (
    MAX_ADDRESSES,
    MAX_HEADER_CHARS,
    ParseCounter,
    address_list,
    mailboxes,
    name_shows_other_address,
)
from triage.mail.mime import parse_message

OFFICE = "housing@intl.example.se"


def _b(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def _mail(headers: bytes) -> bytes:
    return headers + b"\r\nSubject: Hej\r\n\r\nHej!\r\n"


# -- Examples ---------------------------------------------------------------------------------


def test_an_office_address_in_an_encoded_display_name_is_not_the_sender():
    raw = _mail(f"From: {_b(OFFICE)} <attacker@evil.example>\r\nTo: {OFFICE}".encode())

    mail = parse_message(raw)

    assert (mail.from_email, mail.from_name) == ("attacker@evil.example", OFFICE)
    assert "the sender's name shows another address than the sender's own" in mail.defects


def test_a_from_that_is_only_an_encoded_word_has_no_address():
    for header in (_b(OFFICE), f"=?utf-8?q?{OFFICE}?=", f"=?utf-8?q?<{OFFICE}>?="):
        mail = parse_message(_mail(f"From: {header}".encode()))

        assert mail.from_email == ""
        assert "From has no address" in mail.defects


def test_an_encoded_word_glued_to_a_word_hides_no_sender():
    # RFC 2047 says "x=?utf-8?q?…?=" is no encoded word, but a lenient reader decodes it into the
    # name and shows the office's address there: it must not become the sender for us either.
    glued = f"Anna=?utf-8?q?<{OFFICE}>?="
    for header, sender in ((f"{glued} <attacker@evil.example>", "attacker@evil.example"),
                           (glued, "")):  # fmt: skip
        mail = parse_message(_mail(f"From: {header}".encode()))

        assert mail.from_email == sender


def test_encoded_words_in_to_and_cc_yield_no_addresses():
    raw = _mail(
        f"From: a@student.example.org\r\nTo: {_b('x@evil.example')}, <{OFFICE}>\r\n"
        f"Cc: =?utf-8?q?cc@evil.example?= <real@student.example.org>".encode()
    )

    mail = parse_message(raw)

    assert (mail.to, mail.cc) == ([OFFICE], ["real@student.example.org"])


def test_an_address_written_as_a_display_name_is_only_a_name():
    mail = parse_message(_mail(f'From: "{OFFICE}" <attacker@evil.example>'.encode()))

    assert (mail.from_email, mail.from_name) == ("attacker@evil.example", OFFICE)


def test_display_names_are_decoded_from_encoded_words_and_raw_8bit_bytes():
    encoded = parse_message(_mail(b"From: =?iso-8859-1?q?=C5sa_Str=F6m?= <asa@x.example>"))
    utf8 = parse_message(_mail("From: Åsa Ström <asa@x.example>".encode()))
    latin1 = parse_message(_mail("From: Åsa Ström <asa@x.example>".encode("latin-1")))

    assert {(m.from_name, m.from_email) for m in (encoded, utf8, latin1)} == {
        ("Åsa Ström", "asa@x.example")
    }


def test_undecodable_8bit_in_a_name_does_not_lose_the_address():
    raw = _mail("From: Юникод запрещен".encode() + b"\xf1 <headers@gmail.example>")

    assert parse_message(raw).from_email == "headers@gmail.example"


def test_an_address_in_raw_utf8_is_kept():
    mail = parse_message(_mail('From: "Jöhn Doe" <jdöe@mächine.example>'.encode()))

    assert (mail.from_name, mail.from_email) == ("Jöhn Doe", "jdöe@mächine.example")


def test_a_missing_closing_bracket_loses_no_address():
    assert address_list(["<a@x.example, b@x.example, <c@x.example"]) == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
    ]


def test_the_first_of_two_from_headers_is_used_and_the_second_is_a_defect():
    mail = parse_message(_mail(b"From: a@x.example\r\nFrom: b@y.example"))

    assert mail.from_email == "a@x.example"
    assert "more than one From header; the first is used" in mail.defects


def test_common_address_forms():
    assert address_list(
        [
            '"Lindqvist, Anna" <Anna@Student.example.org>, bo@x.example (Bo), Eva e@x.example',
            "Team: c@x.example, d@x.example; <@route.example:f@x.example>, undisclosed:;",
        ]
    ) == [
        "anna@student.example.org",
        "bo@x.example",
        "e@x.example",
        "c@x.example",
        "d@x.example",
        "f@x.example",
    ]
    assert mailboxes(["bo@x.example (Bo Ek)"])[0].name == "Bo Ek"


def test_a_name_that_shows_another_address_is_noticed():
    assert name_shows_other_address(OFFICE, "attacker@evil.example")
    assert name_shows_other_address(f"Housing Office ({OFFICE})", "attacker@evil.example")
    assert not name_shows_other_address("anna@x.example", "Anna@X.example")
    assert not name_shows_other_address("Anna Lindqvist", "anna@x.example")


# -- Caps: the work is bounded by what the parser looks at --------------------------------------


def test_a_200_kb_header_without_an_at_sign_is_read_only_up_to_the_cap():
    for text in ("a" * 200_000, "a " * 100_000, "(" * 200_000, '"a' * 100_000, "<" * 200_000):
        counter = ParseCounter()

        assert address_list([text], counter=counter) == []
        assert counter.chars == MAX_HEADER_CHARS
        assert counter.steps <= 2 * counter.chars


def test_at_most_max_addresses_are_kept():
    header = ", ".join(f"p{i}@x.example" for i in range(MAX_ADDRESSES * 3))

    assert len(address_list([header])) == MAX_ADDRESSES


def test_deeply_nested_comments_are_counted_not_recursed():
    assert address_list(["(" * 5_000 + ")" * 5_000 + " a@x.example"]) == ["a@x.example"]
    assert address_list(["(" * 50_000 + ")" * 50_000 + " a@x.example"]) == []  # past the cap


# -- Properties ------------------------------------------------------------------------------

_ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"
_atoms = st.text(alphabet=_ATEXT, min_size=1, max_size=12)
_labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
addresses = st.builds(
    lambda local, domain: "{}@{}".format(".".join(local), ".".join(domain)),
    st.lists(_atoms, min_size=1, max_size=3),
    st.lists(_labels, min_size=1, max_size=4),
).filter(lambda a: "=?" not in a and "?=" not in a)
_name_chars = st.characters(
    categories=("L", "N", "P", "S"), exclude_characters="\x85\u2028\u2029"
) | st.sampled_from(list("åäöÅÄÖ\"\\,;:<>()@.[]'"))
names = st.lists(st.text(_name_chars, min_size=1, max_size=10), min_size=1, max_size=4).map(
    " ".join
)


def _raw_8bit(text: str) -> str:
    """A header written in raw UTF-8 (RFC 6532), as the mail parser hands it over."""
    return text.encode("utf-8").decode("ascii", "surrogateescape")


# Python's own header folder is not used to write the test headers: it sometimes puts an
# address, or the space between two words, inside an encoded word (a CPython bug).
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, address=addresses)
@example(name="Lindqvist, Anna", address="anna@x.example")
@example(name=OFFICE, address="attacker@evil.example")
def test_a_formatted_address_comes_back(name, address):
    assume(not name.startswith('"') and not name.endswith('"') and "=?" not in name)

    for value in (formataddr((name, address)), _raw_8bit(str(Address(name, addr_spec=address)))):
        (parsed,) = mailboxes([value])

        assert parsed.address == address.lower()
        assert parsed.name == name


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(names, addresses), min_size=1, max_size=20))
def test_a_formatted_address_list_comes_back(pairs):
    value = ",\r\n ".join(formataddr(pair) for pair in pairs)  # folded after each comma

    assert address_list([value]) == list(dict.fromkeys(a.lower() for _, a in pairs))


def _encoded(text: str, how: str) -> str:
    if how == "b":
        return _b(text)
    if how == "q-literal":  # what some decoders accept: "@" and "." left as they are
        return "=?utf-8?q?" + text.replace("?", "=3F").replace(" ", "_") + "?="
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in text.encode()) + "?="


@settings(deadline=None)
@given(
    hidden=addresses | names,
    how=st.sampled_from(["b", "q", "q-literal"]),
    form=st.sampled_from(["{ew}", '"{ew}"', "{ew} {ew}", "<{ew}>", "{ew}@x.example", "x{ew}"]),
)
def test_an_encoded_word_never_yields_an_address(hidden, how, form):
    ew = _encoded(hidden, how)
    assume(" " not in ew)

    alone = form.format(ew=ew)

    assert address_list([alone]) == []
    if form != "<{ew}>" and not any(c in ew for c in '"()\\<>,'):  # else ambiguous
        assert address_list([f"{alone} <real@x.example>"]) == ["real@x.example"]
        assert address_list([f"{alone}, real@x.example"]) == ["real@x.example"]


_pieces = st.sampled_from(
    ["<", ">", "@", ",", ";", ":", ".", '"', "(", ")", "[", "]", " ", "\\", "\r\n ", "\x00"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        _pieces
        | _atoms
        | addresses
        | st.builds(_encoded, addresses | names, st.sampled_from(["b", "q", "q-literal"])),
        max_size=30,
    )
)
@example(["0", "=?utf-8?q?<a@_>?="])  # an atom glued to an encoded word hiding an address
def test_every_address_found_is_written_outside_any_encoded_word(pieces):
    header = "".join(pieces)
    # Encoded words become a character no address holds; spaces, quotes and escapes go, as the
    # parser may join "a . b" or unquote "a"@b.
    outside = re.sub(r"=\?[^?\s]{1,75}\?[bBqQ]\?[^?\s]*\?=", "\x01", header).lower()
    outside = re.sub(r'[\s"\\]', "", outside)

    for address in address_list([header]):
        local, _, domain = address.rpartition("@")
        assert domain in outside
        assert re.sub(r'[\s"\\]', "", local) in outside


@settings(max_examples=200, deadline=None)
@given(
    unit=st.text(min_size=1, max_size=20)
    | st.lists(_pieces | _atoms, min_size=1, max_size=8).map("".join),
    repeat=st.integers(min_value=1, max_value=200_000),
)
def test_the_parser_never_looks_past_the_cap_and_does_linear_work(unit, repeat):
    header = unit * repeat
    counter = ParseCounter()

    found = address_list([header], counter=counter)

    assert counter.chars == min(len(header), MAX_HEADER_CHARS)
    assert counter.steps <= 2 * counter.chars
    assert found == address_list([header[:MAX_HEADER_CHARS]])
    assert len(found) <= MAX_ADDRESSES


# -- The plain-value shortcut reads as the scanner does ----------------------------------------

_PIECES = st.sampled_from(
    [
        "Åsa", "Asa", "Oberg", "Dr.", ".", " ", "  ", "\t", "<", ">", "@", ",", ";", ":", '"',
        "(", ")", "[", "]", "\\", "=?utf-8?q?=C3=85sa?=", _b(OFFICE), "=?", "?=", "\x00", "\r\n",
        "asa@example.se", "ASA.OBERG@Example.SE", "a..b@example.se", ".a@example.se",
        "a@example.se.", "a@exa_mple.se", "a@[127.0.0.1]", "<asa@example.se>", "x" * 330, "é",
        "<@route.example:asa@example.se>", "a@b@c.se",
    ]
)  # fmt: skip


def _scanned(value: str) -> list[tuple[str, str]]:
    """The value read by the scanner alone, the way it was read before the shortcut."""
    entries = address_parser._split_entries(tokens(value, ParseCounter()))
    return [(e.address, address_parser._decode_name(e.phrase)) for e in entries]


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=8).map("".join))
@example("Asa Oberg <asa@example.se>")
@example("  Dr.  Asa   Oberg<Asa.Oberg@Example.SE>  ")
@example(f"{_b('Åsa Öberg')} <asa@example.se>")
@example("asa@example.se")
@example(" asa@example.se\t")
@example("<asa@example.se>")
@example("Asa <a..b@example.se>")
@example("Asa <asa@example.se> trailing")
def test_a_value_reads_the_same_with_or_without_the_plain_shortcut(value):
    read = [(m.address, m.name) for m in mailboxes([value], limit=1000)]

    assert read == _scanned(value)


def test_plain_values_take_the_shortcut_and_odd_ones_the_scanner():
    plain = ["Asa Oberg <asa@example.se>", "asa@example.se", f"{_b('Åsa')} <asa@example.se>"]
    odd = ['"Oberg, Asa" <asa@example.se>', "a@b.se, c@d.se", "Asa <asa@example.se> (x)"]

    assert all(address_parser._plain_entry(v) is not None for v in plain)
    assert all(address_parser._plain_entry(v) is None for v in odd)
