"""In Chromium: no script from any hostile mail (tests/hostile/scripts.py) runs on its case
page, whether it would alert, load /pwned, or change the page; the quoted parts are opened and
the attachments listed too. The sanitiser and the Content-Security-Policy each stop these; this
test sees the page as an officer does."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.hostile.scripts import script_mails
from triage.db import make_engine, transaction, upgrade
from triage.mail.ingest.store import Ingestor, Location
from triage.models import Mailbox
from triage.people.users import add_user


def _seed(settings) -> dict[str, int]:  # type: ignore[no-untyped-def]
    engine = make_engine(settings)
    upgrade(engine)
    cases = {}
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1", "Anna Lind")
        mailbox = Mailbox(name="housing", address="housing@intl.example.se")
        session.add(mailbox)
        session.flush()
        ingestor = Ingestor(session, office_addresses={mailbox.address})
        for name, raw in script_mails():
            found = ingestor.ingest(raw, mailbox, Location("test"))
            assert found.case_id is not None, name
            cases[name] = found.case_id
    engine.dispose()
    return cases


def test_no_hostile_mail_runs_script_on_its_case_page(make_settings, live_server, new_page):
    cases = _seed(make_settings())
    base = live_server(make_settings())
    page: Page = new_page()
    ran: list[str] = []
    page.on("dialog", lambda d: (ran.append(f"dialog: {d.message}"), d.dismiss()))
    page.route(
        "**/pwned*", lambda route: (ran.append(f"request: {route.request.url}"), route.abort())
    )
    page.goto(f"{base}/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("anna-password-1")
    page.get_by_role("button", name="Logga in").click()

    opened = 0
    for name, case_id in cases.items():
        page.goto(f"{base}/cases/{case_id}")
        page.wait_for_load_state("networkidle")
        for details in page.locator("details").all():  # quoted text, history, previews
            if details.is_visible():
                details.locator("summary").first.click()
        page.wait_for_timeout(100)
        assert page.title().endswith("mailtriage"), f"{name} changed the title"
        opened += 1

    assert opened == len(cases) >= 30
    assert ran == []
    # The watchers themselves work: a script of the page's own that alerts and loads /pwned.
    page.evaluate("() => { alert('harness'); fetch('/pwned?harness').catch(() => null); }")
    page.wait_for_timeout(300)
    assert ran[0] == "dialog: harness"
    assert ran[1].endswith("/pwned?harness")
