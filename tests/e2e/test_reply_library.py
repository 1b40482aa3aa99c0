"""In Chromium: an officer improves a standard reply. A broken placeholder is named beside the
field while she types, before she saves; once fixed, the preview shows the office's facts; she
proposes it, and the page says it waits for approval. Screenshots at 1280 and 390 px."""

from __future__ import annotations

from playwright.sync_api import expect

from triage.cases.standard_replies import ensure_seeded
from triage.db import make_engine, transaction, upgrade
from triage.demo import DEMO_OFFICE
from triage.people.users import add_user


def _seed(settings) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1", "Anna Lind")
        ensure_seeded(session)
    engine.dispose()


def test_the_editor_checks_as_she_types_and_a_proposal_waits(
    make_settings, live_server, new_page, artifacts
):
    settings = make_settings(office=DEMO_OFFICE)
    _seed(settings)
    base = live_server(settings)
    for round, width in enumerate((1280, 390), 1):
        page = new_page(viewport={"width": width, "height": 900})
        page.goto(f"{base}/replies/housing-key-pickup/edit")
        page.get_by_label("Användarnamn").fill("anna")
        page.get_by_label("Lösenord").fill("anna-password-1")
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("heading", name="Redigera standardsvar")).to_be_visible()

        body = page.locator("#f-body-sv")
        body.press("End")
        body.press_sequentially("\n{{ requester.skostorlek }}")
        message = page.locator("#msg-body_sv")
        expect(message).to_contain_text("skostorlek")
        expect(page.locator("#msg-body_en")).to_be_empty()
        page.screenshot(path=str(artifacts / f"reply-editor-{width}.png"), full_page=True)
        width_of_page = page.evaluate("document.documentElement.scrollWidth")
        assert width_of_page <= width  # nothing runs off the side, also on a phone

        body.fill(body.input_value().replace("{{ requester.skostorlek }}", "Välkommen hit!"))
        expect(message).to_be_empty()
        expect(page.locator("#previews")).to_contain_text(DEMO_OFFICE["key_pickup_location"])
        expect(page.locator("#previews")).to_contain_text("Välkommen hit!")

        page.get_by_role("button", name="Föreslå").click()
        expect(page.get_by_text("Svarets ägare eller en chef godkänner det")).to_be_visible()
        # Each round's proposal waits beside the other: approval decides, and a second
        # approval over a newer version would be a conflict, not an overwrite.
        proposals = page.get_by_role("heading", name="Föreslagen ändring (Svenska)")
        expect(proposals).to_have_count(round)
        page.context.close()
