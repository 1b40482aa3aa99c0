"""A manager reads the statistics in a real Chromium, in Swedish and in English: the charts are
drawn (by the vendored Chart.js, under the app's CSP, without a console error), each beside a
table with its numbers, and an officer is turned away. Screenshots go to the artifacts folder."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.factories import make_mail
from tests.topics_corpus import period
from triage.db import make_engine, transaction, upgrade
from triage.mail.ingest.files import import_paths
from triage.models import Case, Mailbox, TypeSource
from triage.people.users import add_user

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TYPES = ["housing", "migration", "outbound", "fees", "other"]


def _two_years_of_cases(settings) -> int:
    """Cases from December 2024 to November 2026 with the office's seasons: housing peaks in
    August, migration in June, fees in January. Returns November 2026's count."""
    engine = make_engine(settings)
    upgrade(engine)
    rng = random.Random(7)
    november = 0
    with transaction(engine) as session:
        add_user(session, "maria", "manager", "maria-password-1", display_name="Maria Chef")
        add_user(session, "anna", "officer", "anna-password-1", display_name="Anna Lind")
        boxes = [Mailbox(name="housing", address="h@x.se"), Mailbox(name="io", address="io@x.se")]
        session.add_all(boxes)
        session.flush()
        day = datetime(2024, 12, 1, tzinfo=STOCKHOLM)
        while day < datetime(2026, 12, 1, tzinfo=STOCKHOLM):
            weights = [
                3 + 12 * (day.month == 8),
                2 + 6 * (day.month == 6),
                2 + 3 * (day.month in (3, 10)),
                2 + 6 * (day.month == 1),
                1,
            ]
            for _ in range(rng.randint(0, 3) + (day.month in (1, 8)) * 3):
                kind = rng.choices(TYPES, weights)[0]
                received = day + timedelta(hours=rng.uniform(7, 20))
                answered = received + timedelta(hours=rng.expovariate(1 / 30))
                session.add(
                    Case(
                        mailbox_id=boxes[kind != "housing"].id,
                        received_at=received,
                        question_type=kind,
                        type_source=TypeSource.MODEL,
                        language=rng.choice(["sv", "en"]),
                        first_response_at=answered,
                    )
                )
                november += (received.year, received.month) == (2026, 11)
            day += timedelta(days=1)
    engine.dispose()
    return november


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("sv-SE", {"title": "Statistik", "table": "Per frågetyp", "excel": "Ladda ner som Excel"}),
        (
            "en-GB",
            {"title": "Statistics", "table": "Per question type", "excel": "Download as Excel"},
        ),
    ],
)
def test_a_manager_reads_the_charts_and_their_numbers(
    make_settings, live_server, new_page, artifacts, locale, words
):
    settings = make_settings()
    november = _two_years_of_cases(settings)
    base = live_server(settings)
    page = new_page(locale=locale)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )

    page.goto(f"{base}/login")
    page.locator("#username").fill("maria")
    page.locator("#password").fill("maria-password-1")
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{base}/stats?month=2026-11")  # in the browser's language, as the login page was

    expect(page.get_by_role("heading", level=1)).to_have_text(words["title"])
    expect(page.locator("#table-types caption")).to_contain_text(words["table"])
    expect(page.get_by_role("link", name=words["excel"])).to_be_visible()
    total = page.locator("#table-types tbody tr").last.locator("td").first
    expect(total).to_have_text(str(november))
    for chart in ("chart-types", "chart-response", "chart-weeks"):
        drawn = page.evaluate(f"() => !!Chart.getChart(document.getElementById('{chart}'))")
        assert drawn, f"{chart} was not drawn"
    bars = page.evaluate(
        "() => Chart.getChart(document.getElementById('chart-types')).data.datasets"
        ".reduce((sum, d) => sum + d.data[d.data.length - 1], 0)"
    )
    assert bars == november  # the chart shows the table's number
    assert problems == []
    page.wait_for_timeout(600)  # let the bars finish growing before the picture
    page.screenshot(path=artifacts / f"statistics-{locale[:2]}.png", full_page=True)
    # On a narrow screen the wide table scrolls sideways; the row names stay where they were.
    page.set_viewport_size({"width": 390, "height": 800})
    name = page.locator("#table-types tbody th").first
    before = name.bounding_box()
    scrolled = page.locator("#table-types").evaluate(
        "t => { const w = t.closest('.table-wrap');"
        " const s = w.scrollWidth > w.clientWidth ? w : t;"
        " s.scrollLeft = 400; return s.scrollLeft; }"
    )
    after = name.bounding_box()
    assert scrolled > 100  # the table is wider than the screen and did scroll
    assert before is not None
    assert after is not None
    assert abs(after["x"] - before["x"]) < 2


def test_an_officer_is_turned_away(make_settings, live_server, page):
    settings = make_settings()
    _two_years_of_cases(settings)
    base = live_server(settings)
    page.goto(f"{base}/login")
    page.locator("#username").fill("anna")
    page.locator("#password").fill("anna-password-1")
    page.locator("main form button[type=submit]").first.click()
    response = page.goto(f"{base}/stats")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("link", name="Statistik")).to_have_count(0)


def test_a_manager_runs_the_period_analysis_and_reads_its_candidates(
    make_settings, live_server, new_page, artifacts, tmp_path
):
    """September's questions from the topics corpus (real-looking mail with names, phone numbers
    and personal identity numbers), imported as an office would, then analysed in the browser."""
    settings = make_settings()
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "maria", "manager", "maria-password-1", display_name="Maria Chef")
    mails = period(seed=3, per_topic={"parking": 14, "bike_storage": 12}, noise=12)
    folder = tmp_path / "september"
    folder.mkdir()
    for i, (subject, body, name, _) in enumerate(mails):
        sender = f"{name} <student{i}@student.example.org>"
        when = datetime(2026, 9, 1, 9, tzinfo=STOCKHOLM) + timedelta(hours=13 * i)
        (folder / f"{i}.eml").write_bytes(
            make_mail(subject or "Fråga", body, sender=sender, date=when)
        )
    import_paths(engine, settings, [folder], mailbox_name="io")
    engine.dispose()
    base = live_server(settings)
    page = new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.goto(f"{base}/login")
    page.locator("#username").fill("maria")
    page.locator("#password").fill("maria-password-1")
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{base}/stats")
    page.get_by_role("link", name="Periodanalys (FAQ-kandidater)").click()
    page.get_by_label("Från").fill("2026-09-01")
    page.get_by_label("Till").fill("2026-09-30")
    page.get_by_role("button", name="Analysera").click()

    candidates = page.locator("section.candidate")
    expect(candidates.first).to_be_visible(timeout=60_000)
    text = page.locator("#analysis").inner_text()
    assert re.search(r"parker|parking|garage", text, re.I)
    assert re.search(r"cykel|bike|bicycle", text, re.I)  # both planted topics surface
    assert "student.example.org" not in text
    assert "+46 70" not in text
    assert problems == []
    page.screenshot(path=artifacts / "analysis-sv.png", full_page=True)
