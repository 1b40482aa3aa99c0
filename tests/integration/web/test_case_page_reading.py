"""Reading a case: quoted earlier mail and signatures behind "show quoted text", the requester's
other cases beside the thread, the history in words with names, titles and steps."""

from __future__ import annotations

from tests.factories import make_mail
from tests.integration.web.conftest import Office, post

QUOTED = (
    "Tack, då kommer jag på måndag!\n\n"
    "Den 3 okt. 2026 kl. 14:12 skrev Housing <housing@intl.example.se>:\n"
    "> Hej! Nyckeln hämtas i receptionen, som har öppet 9-15 alla vardagar.\n"
    "> Med vänliga hälsningar, Karin"
)


def _message_body(page: str) -> str:
    return page.split('class="message-body">', 1)[1].split("</div>", 1)[0]


def test_quoted_earlier_mail_is_behind_show_quoted_text(office: Office):
    (case_id,) = office.deliver(make_mail("Nyckel", QUOTED))

    page = office.client("anna").get(f"/cases/{case_id}").text

    assert "Tack, då kommer jag på måndag!" in _message_body(page)
    assert "receptionen" not in _message_body(page)
    quoted = page.split('<details class="quoted">', 1)[1]
    assert "Show quoted text" in quoted
    assert "Nyckeln hämtas i receptionen" in quoted


def test_a_reply_written_below_the_quote_shows_its_words_first(office: Office):
    below = (
        "On Thu, 4 Dec 2026, Karin wrote:\n> The reception is closed 23 December to 6 January.\n"
        "> Best regards, Karin\n\nGreat, thank you for your help."
    )
    (case_id,) = office.deliver(make_mail("Keys", below))

    page = office.client("anna").get(f"/cases/{case_id}").text

    assert "Great, thank you for your help." in _message_body(page)
    assert "reception is closed" not in _message_body(page)


def test_html_mail_quotes_are_collapsed_too(office: Office):
    html = (
        '<div>Tack för svaret!</div><div class="gmail_quote">On Mon, X wrote:'
        "<blockquote>Receptionen har öppet nio till femton alla vardagar i augusti."
        "</blockquote></div>"
    )
    (case_id,) = office.deliver(make_mail("Nyckel", "Tack för svaret!", html=html))

    page = office.client("anna").get(f"/cases/{case_id}").text

    assert "Tack för svaret!" in _message_body(page)
    assert "Receptionen har öppet" in page.split('<details class="quoted">', 1)[1]


OUTLOOK_DESKTOP = (
    "<div class=WordSection1><p class=MsoNormal>Tack, då kommer jag på måndag!<o:p></o:p></p>"
    "<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
    "<p class=MsoNormal><b><span lang=SV>Från:</span></b><span lang=SV> Housing "
    "&lt;housing@intl.example.se&gt;<br><b>Skickat:</b> den 3 oktober 2026 14:12<br>"
    "<b>Till:</b> Anna<br><b>Ämne:</b> Nyckel</span></p></div>"
    "<p class=MsoNormal>Hej! Nyckeln hämtas i receptionen, som har öppet 9-15.</p></div>"
)


def test_an_outlook_header_block_without_an_id_is_behind_show_quoted_text_too(office: Office):
    text = "Tack, då kommer jag på måndag!\n\nFrån: Housing\nSkickat: den 3 oktober\n\nHej!"
    (case_id,) = office.deliver(make_mail("Nyckel", text, html=OUTLOOK_DESKTOP))

    page = office.client("anna").get(f"/cases/{case_id}").text

    assert "Tack, då kommer jag på måndag!" in _message_body(page)
    assert "receptionen" not in _message_body(page)
    assert "Nyckeln hämtas i receptionen" in page.split('<details class="quoted">', 1)[1]


def test_a_from_line_in_the_students_own_words_is_not_a_quote(office: Office):
    html = "<p>Hej!</p><p>From: my home country I need a visa. Date: not yet known.</p>"
    (case_id,) = office.deliver(make_mail("Visum", "Hej!", html=html))

    page = office.client("anna").get(f"/cases/{case_id}").text

    assert "From: my home country I need a visa." in _message_body(page)


def test_the_requesters_other_cases_are_listed_beside_the_thread(office: Office):
    first, second = office.deliver(
        make_mail("Hyran för januari", "Hur mycket ska jag betala i januari?"),
        make_mail("Nyckel", "När kan jag hämta nyckeln?"),
    )

    page = office.client("anna").get(f"/cases/{second}").text

    others = page.split('id="other-cases"', 1)[1].split("</section>", 1)[0]
    assert f'href="/cases/{first}"' in others
    assert "Hyran för januari" in others


def test_the_history_speaks_in_words_with_names_and_outcomes(office: Office, a_case):
    client = office.client("anna", language="sv")
    client.post("/preferences", data={"locale": "sv", "csrf_token": _token(client)})
    post(client, f"/cases/{a_case}/assign", {"assignee": "bo"})
    post(client, f"/cases/{a_case}/close", {"outcome": "personal_reply"})

    history = client.get(f"/cases/{a_case}").text.split('id="history-list"', 1)[1]

    assert "Stängt med utfall: Besvarat personligen" in history
    assert "Tilldelat Bo" in history
    assert "Anna · " in history  # the officer's name, not her login
    assert "open → closed" not in history
    assert "→" not in history


def _token(client):  # type: ignore[no-untyped-def]
    from tests.integration.web.conftest import csrf_of

    return csrf_of(client, "/routines")
