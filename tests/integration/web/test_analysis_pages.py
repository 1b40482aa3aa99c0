"""The period analysis in the browser: managers only, a period picker, the report with its FAQ
candidates, and the same report to download as HTML, Markdown, JSON, CSV and Excel."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from tests.factories import make_mail
from tests.integration.web.conftest import Office
from triage.models import Case, User
from triage.settings import ReportsSettings

PERIOD = "from=2026-09-01&to=2026-09-30"
URLS = [
    "/stats/analysis",
    f"/stats/analysis/report?{PERIOD}",
    f"/stats/analysis/download.html?{PERIOD}",
    f"/stats/analysis/download.md?{PERIOD}",
    f"/stats/analysis/download.json?{PERIOD}",
    f"/stats/analysis/download.xlsx?{PERIOD}",
    f"/stats/analysis/download/period_types.csv?{PERIOD}",
]
KEY_QUESTIONS = [
    "Hur hämtar jag nyckeln till mitt rum om jag landar sent på kvällen?",
    "Kan någon lämna ut nyckeln till rummet på en lördag?",
    "Var hämtar jag rumsnyckeln när receptionen har stängt?",
    "Jag kommer efter midnatt, hur får jag nyckeln till mitt rum?",
    "Går det att hämta nyckeln till rummet en söndag?",
    "Vem lämnar ut nyckeln till korridorsrummet om jag kommer sent?",
]


@pytest.fixture
def september(office: Office) -> Office:
    """Six questions about room keys (in Swedish) and two others in September 2026 (the mail
    clock starts on 1 September), none answered yet."""
    office.deliver(
        *(
            make_mail("Nyckel", text, sender=f"S{i} <s{i}@student.example.org>")
            for i, text in enumerate(KEY_QUESTIONS)
        ),
        make_mail("Residence permit", "When will Migrationsverket decide on my permit?"),
        make_mail("Avgift", "Hur betalar jag terminsavgiften för våren?"),
    )
    return office


@pytest.mark.parametrize("url", URLS)
def test_officers_may_not_read_the_analysis(september, url):
    assert september.client("anna").get(url, follow_redirects=False).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_managers_may(september, url):
    assert september.client("maria").get(url).status_code == 200


def test_the_page_loads_the_report_for_the_last_whole_month_by_default(september):
    page = september.client("maria").get("/stats/analysis").text
    found = re.search(
        r'hx-get="/stats/analysis/report\?from=(\d{4}-\d\d-01)&amp;to=(\d{4}-\d\d-\d\d)', page
    )
    assert found is not None
    assert 'id="a-from"' in page


def test_the_report_shows_the_recurring_question_with_masked_examples(september):
    report = september.client("maria").get(f"/stats/analysis/report?{PERIOD}").text
    assert "8 cases from 2026-09-01 to 2026-09-30" in report
    candidates = re.findall(r'<section class="candidate">(.*?)</section>', report, re.S)
    assert len(candidates) == 1
    assert re.search(r"nyckel|key", candidates[0], re.I)
    assert "@student.example.org" not in report


def test_the_downloads_carry_the_pages_numbers(september):
    client = september.client("maria")
    as_json = client.get(f"/stats/analysis/download.json?{PERIOD}").json()
    assert (as_json["from"], as_json["to"], as_json["total"]) == ("2026-09-01", "2026-09-30", 8)
    assert len(as_json["candidates"]) == 1

    download = client.get(f"/stats/analysis/download/period_types.csv?{PERIOD}")
    assert (
        'filename="analysis-2026-09-01-2026-09-30-period_types.csv"'
        in download.headers["content-disposition"]
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Question type", "Cases"]
    assert sum(int(r[1]) for r in rows[1:]) == 8

    book = load_workbook(io.BytesIO(client.get(f"/stats/analysis/download.xlsx?{PERIOD}").content))
    assert book.sheetnames[:4] == ["Per question type", "Per mailbox", "Per week", "FAQ candidates"]
    assert [r[:2] for r in book["Per mailbox"].iter_rows(min_row=2, values_only=True)] == [
        (name, n) for name, n in as_json["by_mailbox"].items()
    ]
    sheet = book["FAQ candidates"]
    assert sheet.cell(row=2, column=3).value == as_json["candidates"][0]["size"]
    types = book["Per question type"]
    assert types.cell(row=1, column=3).value == "Share"
    shares = [types.cell(row=r, column=3) for r in range(2, types.max_row + 1)]
    assert sum(c.value for c in shares if c.value is not None) == pytest.approx(1.0, abs=0.01)
    assert {c.number_format for c in shares if c.value is not None} == {"0.0%"}  # 12.5 %, not 0.125

    html = client.get(f"/stats/analysis/download.html?{PERIOD}")
    assert html.headers["content-disposition"].startswith("attachment")
    assert "<script" not in html.text
    markdown = client.get(f"/stats/analysis/download.md?{PERIOD}").text
    assert "2026-09-01" in markdown


def test_the_report_downloads_in_swedish(september):
    html = september.client("maria", language="sv").get(f"/stats/analysis/download.html?{PERIOD}")
    assert "Periodanalys" in html.text
    assert "Kandidater till FAQ och standardsvar" in html.text


def test_the_workbook_in_swedish_names_each_column_once_and_the_types_in_swedish(september):
    client = september.client("maria", language="sv")
    workbook = client.get(f"/stats/analysis/download.xlsx?{PERIOD}").content
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(values_only=True))
        assert len(set(header)) == len(header), f"{sheet.title}: {header}"
        assert not {"routine", "name", "officer", "question_types"} & set(header)
    candidates = [list(r) for r in book["FAQ-kandidater"].iter_rows(values_only=True)]
    header, first = candidates[0], dict(zip(candidates[0], candidates[1], strict=True))
    assert header[-3:] == ["Exempel 1", "Exempel 2", "Exempel 3"]
    assert first["Rutin"]
    assert first["Typer"] == "Ej klassificerat 6"  # no model in these tests


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-09-30&to=2026-09-01", "the period starts 2026-09-30, after its end"),
        ("from=2026-09-01&to=2099-01-01", "in the future"),
        ("from=yesterday&to=2026-09-01", "expected a date as YYYY-MM-DD"),
        ("from=0026-09-01&to=2026-09-30", "before 1970-01-01: no mail is that old"),
        ("mailbox=nosuch", "no mailbox named &#39;nosuch&#39;"),
    ],
)
def test_a_bad_period_is_refused_beside_the_picker(september, query, message):
    response = september.client("maria").get(f"/stats/analysis?{query}")
    assert response.status_code == 400
    assert message in response.text
    assert 'id="a-from"' in response.text
    assert "download.xlsx" not in response.text  # no downloads of a report that cannot be made


def test_a_bad_period_is_explained_in_swedish_without_command_line_options(september):
    client = september.client("maria", language="sv")
    backwards = client.get("/stats/analysis?from=2026-09-30&to=2026-09-01")
    assert backwards.status_code == 400
    assert "perioden börjar 2026-09-30, efter sitt slut 2026-09-01" in backwards.text
    assert "--from" not in backwards.text
    fragment = client.get("/stats/analysis/report?from=2026-09-01&to=2099-01-01")
    assert fragment.status_code == 400
    assert "i framtiden" in fragment.text


def test_figures_per_officer_can_be_turned_off(september):
    with september.session() as session:
        anna = session.exec(select(User).where(User.username == "anna")).one()
        for case in session.exec(select(Case)).all()[:3]:
            case.assignee_id = anna.id
            session.add(case)
        session.commit()
    shown = september.client("maria").get(f"/stats/analysis/report?{PERIOD}").text
    assert 'id="table-per-officer"' in shown
    assert re.search(r'<th scope="row">Anna</th><td class="num">3</td>', shown)
    assert "one closed without being taken, for the officer who closed it." in shown

    settings = september.settings.model_copy(update={"reports": ReportsSettings(per_officer=False)})
    quiet = Office(settings, september.engine, september.mailbox_id)
    hidden = quiet.client("maria").get(f"/stats/analysis/report?{PERIOD}").text
    assert 'id="table-per-officer"' not in hidden
    assert "Figures per officer are not shown." in hidden


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_candidates_routine_opens_in_the_readers_language(september, language):
    """The key questions are Swedish; the routine the analysis finds for them opens, titled, in
    the language of the manager reading the report."""
    client = september.client("maria", language=language)
    report = client.get(f"/stats/analysis/report?{PERIOD}").text
    link = re.search(r'<a href="/routines/([\w-]+)/(sv|en)">([^<]+)</a>', report)
    assert link is not None, "no routine found for the key questions"
    routine, shown_in, title = link.groups()
    assert shown_in == language
    assert client.get(f"/routines/{routine}/{language}").status_code == 200
    assert title in client.get(f"/routines/{routine}/{language}").text


def test_a_year_typed_short_is_refused_by_the_report_and_every_download(september):
    client = september.client("maria")
    for url in URLS[1:]:
        refused = client.get(url.replace("from=2026-09-01", "from=0026-09-01"))
        assert refused.status_code == 400, url


def test_the_page_shows_the_cases_per_mailbox(september):
    report = september.client("maria").get(f"/stats/analysis/report?{PERIOD}").text
    table = re.search(r'id="table-period-mailboxes">(.*?)</table>', report, re.S)
    assert table is not None
    assert re.search(r'<th scope="row">[\w-]+</th><td class="num">8</td>', table.group(1))


def test_who_is_best_placed_names_the_type_and_referral_in_every_download(september):
    """Three housing cases referred to Infocenter: the downloads say "Bostad" and "Hänvisat till
    Infocenter" as the page does, never the ids "housing" and "referred_infocenter"."""
    with september.session() as session:
        for case in session.exec(select(Case)).all()[:3]:
            case.question_type, case.status, case.outcome = (
                "housing",
                "closed",
                "referred_infocenter",
            )
            session.add(case)
        session.commit()
    client = september.client("maria", language="sv")
    page = client.get(f"/stats/analysis/report?{PERIOD}").text
    markdown = client.get(f"/stats/analysis/download.md?{PERIOD}").text
    html = client.get(f"/stats/analysis/download.html?{PERIOD}").text
    book = load_workbook(io.BytesIO(client.get(f"/stats/analysis/download.xlsx?{PERIOD}").content))
    sheet = [list(r) for r in book["Bäst lämpad att svara"].iter_rows(values_only=True)]

    assert re.search(r"Bostad</th><td>frågetyp</td><td>Hänvisat till Infocenter", page)
    assert "| Bostad | frågetyp | Hänvisat till Infocenter | 3 |" in markdown
    assert "<td>Bostad</td><td>frågetyp</td><td>Hänvisat till Infocenter</td>" in html
    assert sheet[1][:4] == ["frågetyp", "Bostad", "Hänvisat till Infocenter", 3]
    for text in (markdown, html, str(sheet)):  # (the test office's mailbox is named housing)
        assert "referred_infocenter" not in text
        assert not re.search(r"type\W+housing", text)


@pytest.mark.parametrize(("language", "change"), [("en", "(+200%)"), ("sv", "(+200\xa0%)")])
def test_the_change_against_the_previous_period_is_written_as_the_language_writes_it(
    september, language, change
):
    with september.session() as session:
        for case in session.exec(select(Case)).all()[:2]:
            case.received_at = case.received_at.replace(month=8, day=15)
            session.add(case)
        session.commit()
    client = september.client("maria", language=language)
    report = client.get(f"/stats/analysis/report?{PERIOD}").text
    assert change in report.replace("&nbsp;", "\xa0")


def test_the_report_says_what_the_referred_share_is_out_of(september):
    english = september.client("maria").get(f"/stats/analysis/report?{PERIOD}").text
    swedish = september.client("root", language="sv")
    markdown = swedish.get(f"/stats/analysis/download.md?{PERIOD}").text
    assert "the share referred to Infocenter, Migrationsverket or a department" in english
    assert "andelen som hänvisades till Infocenter, Migrationsverket eller en institution" in (
        markdown
    )


def test_the_swedish_reports_write_numbers_the_swedish_way(september):
    client = september.client("maria", language="sv")
    for fmt in ("md", "html"):
        text = client.get(f"/stats/analysis/download.{fmt}?{PERIOD}").text.replace("&nbsp;", "\xa0")
        assert re.search(r"\d\xa0%", text), fmt  # 75 %, with a space that never breaks
        assert not re.search(r"\d%", text), fmt
