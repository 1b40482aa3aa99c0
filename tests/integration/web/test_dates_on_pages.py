"""Every page writes a date one way and a date and time one way, in the reader's time zone
(the office's, Europe/Stockholm): Swedish as ISO 8601, English as the office's date style. No
page shows seconds, a UTC offset, or UTC time as if it were the office's."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from tests.factories import make_mail
from tests.integration.web.conftest import Office
from triage.models import StandardReplyVersion

ROUTINE = "/routines/housing-key-handout/sv"


def _header_and_thread(page: str) -> tuple[str, str]:
    header = page.split('id="thread-title"', 1)[0]
    thread = page.split('id="thread-title"', 1)[1].split("</article>", 1)[0]
    return header, thread


def _seeded_at(office: Office, when: datetime) -> None:
    with office.session() as session:
        for version in session.exec(select(StandardReplyVersion)):
            version.at = when
        session.commit()


def test_the_case_header_and_its_thread_write_the_received_time_alike_in_swedish(
    office: Office,
) -> None:
    (case_id,) = office.deliver(make_mail(date=datetime(2026, 12, 4, 13, 30, 15, tzinfo=UTC)))

    page = office.client("anna", language="sv").get(f"/cases/{case_id}").text

    header, thread = _header_and_thread(page)
    assert "2026-12-04 14:30" in header  # Stockholm time
    assert "2026-12-04 14:30" in thread
    assert "14:30:15" not in page  # no seconds
    assert "4 dec. 2026" not in page


def test_a_routines_review_dates_are_iso_in_swedish(office: Office) -> None:
    page = office.client("anna", language="sv").get(ROUTINE).text

    facts = page.split('routine-facts"', 1)[1].split("</dl>", 1)[0]
    assert "<dd>2026-11-27</dd>" in facts
    assert "nov. 2026" not in facts


def test_a_version_in_the_history_says_when_in_stockholm_time_without_an_offset(
    office: Office,
) -> None:
    _seeded_at(office, datetime(2026, 12, 7, 13, 3, tzinfo=UTC))

    page = office.client("anna", language="sv").get("/replies/migration-decision-time").text

    assert "· biblioteket som följde med · 2026-12-07 14:03" in page
    assert "+00:00" not in page
    assert "2026-12-07T" not in page


def test_an_office_with_british_dates_writes_them_alike_on_every_page(office: Office) -> None:
    office.settings.office_hours.date_style = "en-GB"
    (case_id,) = office.deliver(make_mail(date=datetime(2026, 12, 4, 13, 30, tzinfo=UTC)))
    _seeded_at(office, datetime(2026, 12, 7, 13, 3, tzinfo=UTC))
    client = office.client("bo")

    case_page = client.get(f"/cases/{case_id}").text
    routine = client.get("/routines/housing-key-handout/en").text
    reply = client.get("/replies/migration-decision-time").text

    header, thread = _header_and_thread(case_page)
    assert "4 Dec 2026, 14:30" in header
    assert "4 Dec 2026, 14:30" in thread
    assert "<dd>27 Nov 2026</dd>" in routine
    assert "· the shipped library · 7 Dec 2026, 14:03" in reply
    assert "Reviewed: 27 Nov 2026" in reply
