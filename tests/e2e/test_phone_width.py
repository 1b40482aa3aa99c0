"""At phone width (390 px, an iPhone 12 to 15) every page fits: nothing scrolls sideways.

Wide tables may scroll inside their own box; the page itself must not. Each page is
screenshotted at 390 px into the artifacts folder to be looked at.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.factories import make_mail
from triage.cases.standard_replies import ensure_seeded
from triage.db import make_engine, transaction, upgrade
from triage.demo import DEMO_OFFICE
from triage.mail.ingest.store import Ingestor, Location, RawMail
from triage.models import Mailbox
from triage.people.absences import add_absence
from triage.people.users import add_user

PHONE = {"width": 390, "height": 844}
# The outermost elements that reach past the viewport's right edge: what a failure names.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll("*")].filter(
    (e) => e.getBoundingClientRect().right > width + 0.5 && e.closest(".table-wrap") === null);
  return wide.filter((e) => !wide.includes(e.parentElement)).slice(0, 5).map(
    (e) => e.tagName.toLowerCase()
      + (e.className ? "." + String(e.className).split(" ").join(".") : "")
      + " " + Math.round(e.getBoundingClientRect().right) + "px");
}"""
PAGES = {
    "queue": "/",
    "covering": "/?assignee=covering",
    "routines": "/routines",
    "routine": "/routines/fees-late-payment/en",
    "absences": "/absences",
    "statistics": "/stats",
    "analysis": "/stats/analysis",
    "case": "/cases/1",
    "admin-mailboxes": "/admin/mailboxes",
    "admin-quarantine": "/admin/quarantine",
    "admin-users": "/admin/users",
    "profile": "/profile",
    "not-found": "/no/such/page",
}


def _seed_office(settings) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        root = add_user(session, "root", "admin", "root-password-1", "Rut Administratörsson")
        anna = add_user(session, "anna.lindqvist", "officer", "anna-password-1", "Anna Lindqvist")
        mailbox = Mailbox(name="international", address="international@intl.example.se")
        mailbox.last_error = "LOGIN failed: [AUTHENTICATIONFAILED] Authentication failed."
        session.add(mailbox)
        session.flush()
        ensure_seeded(session)
        ingestor = Ingestor(session, office_addresses={mailbox.address})
        for subject in (
            "Uppehållstillståndsansökan för utbytesstudenter vårterminen 2027 (Migrationsverket)",
            "Question about the student accommodation contract and the deposit payment deadline",
        ):
            raw = make_mail(subject, "Hej! " * 80, to=mailbox.address)
            ingestor.ingest(raw, mailbox, Location("test"))
        ingestor.quarantine(
            RawMail(b"\r\n\r\n", mailbox, Location("imap:INBOX/uid=4711-with-a-long-location")),
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe5 in position 1234",
        )
        today = settings.today()
        add_absence(session, anna, today, today + timedelta(days=14), "Semester i Norrland", root)
    engine.dispose()


def test_every_page_fits_a_phone_without_scrolling_sideways(
    make_settings, live_server, new_page, artifacts
):
    settings = make_settings(office=DEMO_OFFICE)
    _seed_office(settings)
    base_url = live_server(settings)
    page = new_page(viewport=PHONE, locale="sv-SE")
    page.goto(f"{base_url}/login")
    page.locator("#username").fill("root")
    page.locator("#password").fill("root-password-1")
    page.locator("#password").press("Enter")
    expect(page).to_have_url(f"{base_url}/")

    widths: dict[str, tuple[int, list[str]]] = {}
    for name, path in PAGES.items():
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            widths[name] = (width, page.evaluate(OVERFLOWING))
        page.screenshot(path=artifacts / f"phone-{name}.png", full_page=True)

    assert widths == {}, f"pages wider than {PHONE['width']} px (width, what sticks out): {widths}"
