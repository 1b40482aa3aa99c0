"""One hostile or huge message never hangs its case page: links are found in one pass, each
message is shown up to a budget with a note and the original to download, and the JSON API
renders no HTML it would throw away."""

from __future__ import annotations

import re

from tests.factories import make_mail
from tests.integration.web.conftest import Office
from triage.cases.page import MAX_RENDER_CHARS


def test_a_url_followed_by_a_million_parentheses_shows_its_case_page(office: Office):
    (case_id,) = office.deliver(
        make_mail("Länk", "Se https://www.su.se/bostad" + ")" * 1_000_000 + "\nMvh Anna")
    )
    client = office.client("anna")

    page = client.get(f"/cases/{case_id}")
    api = client.get(f"/api/v1/cases/{case_id}")

    assert page.status_code == 200
    assert 'href="https://www.su.se/bostad"' in page.text
    assert "Länk" in page.text
    assert api.status_code == 200
    assert [m["subject"] for m in api.json()["messages"]] == ["Länk"]


def test_a_message_over_the_render_budget_is_shortened_with_the_original_to_download(
    office: Office,
):
    body = "Början av brevet.\n" + "bla " * (MAX_RENDER_CHARS // 2) + "\nSLUTET AV BREVET"
    raw = make_mail("Långt brev", body)
    (case_id,) = office.deliver(raw)
    client = office.client("anna")

    page = client.get(f"/cases/{case_id}").text
    link = re.search(r'href="(/cases/\d+/messages/\d+/original)"', page)

    assert "Början av brevet." in page
    assert "SLUTET AV BREVET" not in page
    assert "This message is shortened here" in page
    assert link is not None
    original = client.get(link.group(1))
    assert original.status_code == 200
    assert original.content.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert "attachment" in original.headers["content-disposition"]


def test_the_original_of_a_message_on_another_case_is_not_found(office: Office):
    first, second = office.deliver(
        make_mail("Ett", "Första frågan om rummet."),
        make_mail("Två", "Andra frågan om avgiften.", sender="bo@student.example.org"),
    )
    client = office.client("anna")
    page = client.get(f"/api/v1/cases/{second}").json()
    other_message = page["messages"][0]["id"]

    response = client.get(f"/cases/{first}/messages/{other_message}/original")

    assert response.status_code == 404


def test_a_damaged_mail_says_so_and_offers_its_original(office: Office):
    """A multipart mail without its boundary: its words are read as text, as mail programs
    show them, and the page says the mail arrived damaged and where the whole of it is."""
    raw = (
        b"From: Anna <anna@student.example.org>\r\nTo: housing@intl.example.se\r\n"
        b"Subject: Trasigt brev\r\nMessage-ID: <broken@student.example.org>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\n"
        b"Hej! Min kompis svarade aldrig om rummet.\r\n"
    )
    healthy = make_mail("Helt brev", "Hej! När får jag nyckeln?")
    damaged_case, healthy_case = office.deliver(raw, healthy)
    client = office.client("anna")

    page = client.get(f"/cases/{damaged_case}").text
    other = client.get(f"/cases/{healthy_case}").text
    link = re.search(r'href="(/cases/\d+/messages/\d+/original)"', page)

    assert "This mail arrived damaged" in page
    assert "Min kompis svarade aldrig om rummet." in page
    assert "attachment-1.bin" not in page
    assert link is not None
    assert client.get(link.group(1)).content.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert "arrived damaged" not in other
