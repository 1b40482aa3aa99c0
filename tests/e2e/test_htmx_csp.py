"""htmx under the strict Content-Security-Policy (no inline styles, no inline scripts): filtering
the queue in place, loading the period analysis after the page, and swapping an element the
browser had styled (a reply box the officer resized) raise no CSP violation.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.factories import make_mail
from triage.cases.standard_replies import ensure_seeded
from triage.db import make_engine, transaction, upgrade
from triage.demo import DEMO_OFFICE
from triage.mail.ingest.store import Ingestor, Location
from triage.models import Mailbox
from triage.people.users import add_user

# Every violation the page reports, kept where the test can read it.
LISTEN = """() => {
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.cspViolations.push(e.violatedDirective + " " + (e.sample || e.blockedURI)));
}"""


def _seed(settings) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "root", "admin", "root-password-1", "Rut")
        mailbox = Mailbox(name="housing", address="housing@intl.example.se")
        session.add(mailbox)
        session.flush()
        ensure_seeded(session)
        Ingestor(session, office_addresses={mailbox.address}).ingest(
            make_mail("Nyckel till rummet", "När kan jag hämta nyckeln till mitt rum?"),
            mailbox,
            Location("test"),
        )
    engine.dispose()


def _violations(page: Page, console: list[str]) -> list[str]:
    found: list[str] = page.evaluate("window.cspViolations")
    return found + [text for text in console if "Content Security Policy" in text]


def test_htmx_swaps_raise_no_content_security_policy_violation(make_settings, live_server, page):
    settings = make_settings(office=DEMO_OFFICE)
    _seed(settings)
    base_url = live_server(settings)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(f"({LISTEN})()")
    page.goto(f"{base_url}/login")
    page.locator("#username").fill("root")
    page.locator("#password").fill("root-password-1")
    page.locator("#password").press("Enter")
    expect(page).to_have_url(f"{base_url}/")

    page.locator("#f-search").fill("nyckel")
    page.locator("#f-search").press("Enter")
    expect(page).to_have_url(re.compile(r"search=nyckel"))  # htmx pushed the filter
    expect(page.locator("table.queue")).to_contain_text("Nyckel till rummet")
    queue_violations = _violations(page, console)

    # A resized text box carries a style the browser set; htmx used to copy it onto the new
    # element with setAttribute when it swapped in a fresh copy, which the CSP refuses.
    page.evaluate("document.querySelector('#main').style.minHeight = '20rem'")
    page.evaluate("htmx.ajax('GET', '/', {target: '#main', swap: 'outerHTML', select: '#main'})")
    expect(page.locator("table.queue")).to_contain_text("Nyckel till rummet")
    page.wait_for_load_state("networkidle")
    swap_violations = _violations(page, console)

    page.goto(f"{base_url}/stats/analysis")
    expect(page.locator("#analysis p.loading")).to_have_count(0)  # the report is in
    analysis_violations = _violations(page, console)

    assert queue_violations == []
    assert swap_violations == []
    assert analysis_violations == []


def test_after_logging_out_the_back_button_shows_no_case_from_a_stored_copy(
    make_settings, live_server, page
):
    settings = make_settings(office=DEMO_OFFICE)
    _seed(settings)
    base_url = live_server(settings)
    page.goto(f"{base_url}/login")
    page.locator("#username").fill("root")
    page.locator("#password").fill("root-password-1")
    page.locator("#password").press("Enter")
    page.locator("#f-search").fill("nyckel")
    page.locator("#f-search").press("Enter")
    expect(page).to_have_url(re.compile(r"search=nyckel"))
    page.locator("#f-search").fill("rummet")
    page.locator("#f-search").press("Enter")
    expect(page).to_have_url(re.compile(r"search=rummet"))

    stored = page.evaluate("JSON.stringify(Object.assign({}, sessionStorage, localStorage))")
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(f"{base_url}/login")
    page.go_back()
    page.wait_for_load_state("networkidle")

    assert "Nyckel till rummet" not in stored  # htmx keeps no copy of the queue in the browser
    assert "Nyckel till rummet" not in page.content()
    expect(page.locator("#username")).to_be_visible()  # back is the login page, from the server
