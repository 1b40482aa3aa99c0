"""In Chromium: what an officer types on the case page survives everything else they do there.

Type a reply, add a note (htmx), the reply is still there; reload, the draft is back; tick a
checklist step, focus stays on it; a follow-up date takes the case out of the queue; closing
over an unsent reply brings the question on screen. Screenshots
of the case page at 1280 and 390 px go to the artifacts folder to be looked at.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.factories import make_mail
from triage.cases.standard_replies import ensure_seeded
from triage.db import make_engine, transaction, upgrade
from triage.demo import DEMO_OFFICE
from triage.mail.ingest.store import Ingestor, Location
from triage.models import Mailbox
from triage.people.users import add_user

QUESTION = (
    "Hej! Jag landar sent på kvällen den 20 augusti. Hur hämtar jag nyckeln till mitt "
    "studentrum om ni har stängt?\n\nDen 3 aug. 2026 kl. 10:00 skrev Housing:\n"
    "> Välkommen till Uppsala! Receptionen har öppet 9-15 på vardagar.\n> Hälsningar, Karin"
)


def _seed(settings) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1", "Anna Lind")
        mailbox = Mailbox(name="housing", address="housing@intl.example.se")
        session.add(mailbox)
        session.flush()
        ensure_seeded(session)
        ingestor = Ingestor(session, office_addresses={mailbox.address})
        raw = make_mail("Nyckel till mitt rum", QUESTION, sender="Li Wei <li.wei@example.org>")
        ingestor.ingest(raw, mailbox, Location("test"))
        ingestor.ingest(
            make_mail(
                "Hyran", "Hur mycket är hyran i januari?", sender="Li Wei <li.wei@example.org>"
            ),
            mailbox,
            Location("test"),
        )
    engine.dispose()


def _serve(make_settings, live_server) -> str:  # type: ignore[no-untyped-def]
    """The office of `_seed`, served; its address."""
    settings = make_settings(office=DEMO_OFFICE)
    _seed(settings)
    return str(live_server(settings))


def _log_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("anna-password-1")
    page.get_by_role("button", name="Logga in").click()


def test_the_reply_survives_a_note_a_reload_and_a_checklist_tick(
    make_settings, live_server, page, new_page, artifacts
):
    base = _serve(make_settings, live_server)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, base)
    page.goto(f"{base}/cases/1")
    page.get_by_label("Ändra frågetypen till").select_option("housing")
    page.get_by_role("button", name="Ändra typ").click()
    expect(page.locator("#routines h3").first).to_be_visible()

    body = page.get_by_label("Text", exact=True)
    body.fill("Hej Li! Nyckeln finns i nyckelboxen vid entrén.")
    expect(page.locator("#draft-status")).to_contain_text("Sparat ")
    page.get_by_label("Ny anteckning (syns bara för kollegor)").fill("Ringde Li om ankomsten")
    page.get_by_role("button", name="Lägg till anteckning").click()

    expect(page.locator("#notes")).to_contain_text("Ringde Li om ankomsten")
    expect(body).to_have_value("Hej Li! Nyckeln finns i nyckelboxen vid entrén.")

    step = page.get_by_role("button", name="Markera steg 1 som klart").first
    step.focus()
    step.press("Enter")
    done = page.get_by_role("button", name="Markera steg 1 som inte klart").first
    expect(done).to_be_focused()
    expect(body).to_have_value("Hej Li! Nyckeln finns i nyckelboxen vid entrén.")

    page.get_by_role("link", name="Använd det här svaret").first.click()
    expect(body).to_have_value(
        re.compile(r"^Hej Li! Nyckeln finns i nyckelboxen vid entrén\.\n\n.+", re.S)
    )
    expect(page.locator("#draft-status")).to_contain_text("Sparat ")

    page.reload()
    expect(page.get_by_label("Text", exact=True)).to_contain_text("Hej Li! Nyckeln finns")
    expect(page.locator(".message-body").first).not_to_contain_text("Receptionen har öppet")
    expect(page.locator("details.quoted").first).to_contain_text("Visa citerad text")
    expect(page.locator("#other-cases")).to_contain_text("Hyran")
    page.locator("#history summary").click()
    expect(page.locator("#history-list")).to_contain_text("Checklistesteg klart")
    page.screenshot(path=artifacts / "case-editing-1280.png", full_page=True)

    phone = new_page(viewport={"width": 390, "height": 844})
    _log_in(phone, base)
    phone.goto(f"{base}/cases/1")
    expect(phone.get_by_label("Text", exact=True)).to_contain_text("Hej Li! Nyckeln finns")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=artifacts / "case-editing-390.png", full_page=True)
    assert errors == []


def test_a_follow_up_date_takes_the_case_out_of_the_queue(
    make_settings, live_server, page, artifacts
):
    base = _serve(make_settings, live_server)
    _log_in(page, base)
    expect(page.locator('a.case-link[href="/cases/1"]')).to_have_count(1)

    page.goto(f"{base}/cases/1")
    later = (make_settings(office=DEMO_OFFICE).today() + timedelta(days=5)).isoformat()
    page.get_by_label("Bevakningsdatum").fill(later)
    page.get_by_label("Vad ska kontrolleras då (valfritt)").fill("Har Li fått nyckeln?")
    page.get_by_role("button", name="Sätt bevakning").click()
    expect(page.locator("#follow-up")).to_contain_text("Ärendet är borta ur kön till")
    expect(page.locator("#case-header")).to_contain_text("Bevakning")
    page.screenshot(path=artifacts / "case-follow-up-1280.png", full_page=False)

    page.goto(f"{base}/")
    expect(page.locator('a.case-link[href="/cases/2"]')).to_have_count(1)
    expect(page.locator('a.case-link[href="/cases/1"]')).to_have_count(0)
    page.get_by_label("Bevakning", exact=True).select_option("set")
    expect(page.locator('a.case-link[href="/cases/1"]')).to_have_count(1)


def test_a_cc_a_file_and_the_preview_keep_the_text_being_written(
    make_settings, live_server, page, artifacts, tmp_path
):
    base = _serve(make_settings, live_server)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    certificate = tmp_path / "intyg.pdf"
    certificate.write_bytes(b"%PDF-1.4\n%%EOF\n")
    _log_in(page, base)
    page.goto(f"{base}/cases/1")

    body = page.get_by_label("Text", exact=True)
    body.fill("Hej Li! Intyget är **bifogat**.")
    page.get_by_label("Kopia", exact=True).fill("infocenter@uni.example.se")
    expect(page.locator("#draft-status")).to_contain_text("Sparat ")
    page.get_by_label("Bifoga en fil").set_input_files(str(certificate))
    page.get_by_role("button", name="Bifoga", exact=True).click()
    expect(page.locator(".reply-file-list")).to_contain_text("intyg.pdf")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.locator("#reply-preview strong")).to_have_text("bifogat")
    page.screenshot(path=artifacts / "case-reply-tools.png", full_page=True)

    expect(body).to_have_value("Hej Li! Intyget är **bifogat**.")
    page.reload()
    expect(page.get_by_label("Kopia", exact=True)).to_have_value("infocenter@uni.example.se")
    expect(page.locator(".reply-file-list")).to_contain_text("intyg.pdf")
    expect(page.get_by_label("Text", exact=True)).to_have_value("Hej Li! Intyget är **bifogat**.")
    assert errors == []


def test_closing_over_an_unsent_reply_shows_the_question_where_the_officer_looks(
    make_settings, live_server, page, artifacts
):
    base = _serve(make_settings, live_server)
    _log_in(page, base)
    page.goto(f"{base}/cases/1")
    page.get_by_label("Text", exact=True).fill("Hej Li! Nyckeln finns i nyckelboxen.")
    expect(page.locator("#draft-status")).to_contain_text("Sparat ")

    page.get_by_label("Utfall").select_option("standard_reply")
    page.get_by_role("button", name="Stäng", exact=True).click()

    warning = page.get_by_role("alert").filter(has_text="Ditt svar i ärendet har inte skickats")
    expect(warning).to_be_in_viewport()  # at the foot of the side column, yet on screen
    expect(page.get_by_role("button", name="Stäng ändå")).to_be_focused()
    page.screenshot(path=artifacts / "close-over-a-draft.png")
    # The page a POST answered stands at the case's own address: reloading it asks nothing,
    # and the back and forward buttons find it.
    expect(page).to_have_url(re.compile(r"/cases/1$"))
    page.get_by_role("button", name="Stäng ändå").click()
    expect(page.get_by_role("status")).to_contain_text("är stängt")


def test_the_heading_follows_the_assignee_filter(make_settings, live_server, page):
    base = _serve(make_settings, live_server)
    _log_in(page, base)

    page.get_by_label("Tilldelad").select_option("me")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina ärenden")
    expect(page.locator("#queue-status")).to_have_text("0 ärenden matchar filtren.")
    expect(page).to_have_title("Mina ärenden – mailtriage")
    main_menu = page.get_by_role("navigation", name="Huvudmeny")
    expect(main_menu.locator("[aria-current=page]")).to_have_text("Mina ärenden")
    page.get_by_label("Tilldelad").select_option("covering")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vikarierar för frånvarande kollegor")
    expect(page.locator("#away-today")).to_have_text("Ingen är borta i dag.")
    page.get_by_label("Tilldelad").select_option("anyone")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kö")
    expect(page.locator("#away-today")).to_have_count(0)
    expect(page.locator("#queue-status")).to_have_text("2 ärenden matchar filtren.")
    expect(page).to_have_title("Kö – mailtriage")
    expect(main_menu.locator("[aria-current=page]")).to_have_text("Kö")


def test_taking_a_case_leaves_the_focus_on_what_changed(make_settings, live_server, page):
    base = _serve(make_settings, live_server)
    _log_in(page, base)
    page.goto(f"{base}/cases/1")

    page.get_by_role("button", name="Ta ärendet").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#assignment")).to_contain_text("Anna Lind")
    expect(page.get_by_role("heading", name="Tilldelning och status")).to_be_focused()


def test_a_second_standard_reply_goes_in_above_the_first_ones_closing_without_its_greeting(
    make_settings, live_server, page, artifacts
):
    base = _serve(make_settings, live_server)
    _log_in(page, base)
    page.goto(f"{base}/cases/1")
    page.get_by_label("Ändra frågetypen till").select_option("housing")
    page.get_by_role("button", name="Ändra typ").click()
    uses = page.get_by_role("link", name="Använd det här svaret")
    expect(uses.nth(1)).to_be_visible()
    first_id, second_id = (uses.nth(i).get_attribute("data-reply-id") for i in (0, 1))

    uses.nth(0).click()
    uses.nth(1).click()

    text = page.get_by_label("Text", exact=True).input_value()
    page.screenshot(path=artifacts / "two-replies.png", full_page=True)
    assert text.count("Hej Li") == 1, text
    assert text.count("Vänliga hälsningar") == 1, text
    assert text.count("ärendenummer [#1]") == 1, text  # the first reply's line, not the second's
    closing = text.index("ärendenummer [#1]")
    item = uses.nth(1).locator("xpath=ancestor::li")
    second = item.locator("template.reply-addition").evaluate("t => t.content.textContent")
    assert second.strip()
    assert second.strip() in text[:closing], text
    assert text.index(second.strip()) > text.index("Hej Li")
    used = page.locator("input[name=reply_id]").input_value()
    assert used.split() == [first_id, second_id]
    items = [uses.nth(i).locator("xpath=ancestor::li") for i in (0, 1)]
    titles = [item.locator("strong.reply-title").inner_text() for item in items]
    expect(page.locator("#reply-started-from")).to_have_text(
        f"Standardsvar i texten: {titles[0]}; {titles[1]}"
    )
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.locator("#reply-started-from")).to_have_text(
        f"Standardsvar i texten: {titles[0]}; {titles[1]}"
    )
