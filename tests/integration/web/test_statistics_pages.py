"""The manager's statistics page: only managers and admins open it, its tables carry the same
numbers as the month's JSON, and its CSV and Excel downloads carry the page's numbers."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.factories import make_mail
from triage.records.reports import build_monthly_report
from triage.records.statistics import statistics_for

URLS = [
    "/stats",
    "/stats?month=2026-09",
    "/stats/download/types.csv?month=2026-09",
    "/stats/download/month.xlsx?month=2026-09",
    "/stats/reports/2026-09",
    "/stats/reports/2026-09/download/month.xlsx",
    "/stats/reports/2026-09/download/types.csv",
]


@pytest.fixture
def september(office):
    """Three questions in September 2026 (the mail clock starts on 1 September)."""
    office.deliver(
        make_mail("Nyckel", "Hej! När kan jag hämta nyckeln till mitt rum?"),
        make_mail("Residence permit", "When will Migrationsverket decide on my permit?"),
        make_mail("Tuition fee", "How do I pay the tuition fee for the spring?"),
    )
    with office.session() as session:
        build_monthly_report(session, office.settings, date(2026, 9, 1))
        session.commit()
    return office


@pytest.mark.parametrize("url", URLS)
def test_officers_may_not_read_statistics(september, url):
    assert september.client("anna").get(url, follow_redirects=False).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_without_a_login_statistics_send_you_to_log_in(september, url):
    response = september.client().get(url, follow_redirects=False)
    assert response.status_code in (303, 307)
    assert "/login" in response.headers["location"]


@pytest.mark.parametrize("who", ["maria", "root"])
@pytest.mark.parametrize("url", URLS)
def test_managers_and_admins_may(september, who, url):
    assert september.client(who).get(url).status_code == 200


def test_only_managers_and_admins_see_statistics_in_the_menu(september):
    assert 'href="/stats"' not in september.client("anna").get("/").text
    assert 'href="/stats"' in september.client("maria").get("/").text


def _cells(page: str, table_id: str) -> list[list[str]]:
    """The text of each row of one table on the page, header row first."""
    table = re.search(rf'<table class="stats" id="{table_id}">(.*?)</table>', page, re.S)
    assert table is not None, f"no table {table_id}"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells]


def test_the_page_shows_the_months_figures(september):
    with september.session() as session:
        figures = statistics_for(session, september.settings, [date(2026, 9, 1)])
    page = september.client("maria").get("/stats?month=2026-09").text

    assert f"{figures['total']} new cases" in page
    rows = {row[0]: row for row in _cells(page, "table-types")[1:]}
    assert rows["All types"][1] == str(figures["total"]) == "3"
    months = _cells(page, "table-months")
    assert months[-1][0] == "2026-09"
    assert months[-1][-3] == "3"  # the month's total in the twelve-month table
    data = json.loads(re.search(r'id="stats-data">(.*?)</script>', page, re.S).group(1))
    assert data["months"][-1] == "2026-09"
    assert sum(t["counts"][-1] for t in data["types"]) == 3


def test_the_csv_and_the_workbook_hold_the_pages_numbers(september):
    client = september.client("maria")
    page = client.get("/stats?month=2026-09").text
    on_page = _cells(page, "table-types")

    download = client.get("/stats/download/types.csv?month=2026-09")
    assert download.headers["content-type"].startswith("text/csv")
    assert 'filename="statistics-2026-09-types.csv"' in download.headers["content-disposition"]
    in_csv = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert in_csv[0] == on_page[0]
    assert [row[:2] for row in in_csv[1:]] == [row[:2] for row in on_page[1:]]

    workbook = client.get("/stats/download/month.xlsx?month=2026-09")
    book = load_workbook(io.BytesIO(workbook.content), read_only=True)
    assert "Per question type" in book.sheetnames
    assert "Weekly workload" in book.sheetnames
    sheet = [list(r) for r in book["Per question type"].iter_rows(values_only=True)]
    assert list(sheet[0]) == on_page[0]
    assert [[r[0], str(r[1])] for r in sheet[1:]] == [row[:2] for row in on_page[1:]]


def test_one_mailbox_and_an_empty_month(september):
    client = september.client("maria")
    page = client.get("/stats?month=2026-08&mailbox=housing").text
    assert "2026-08: 0 new cases" in page


@pytest.mark.parametrize(
    "page", ["/stats?month=2026-09", "/stats/analysis?from=2026-09-01&to=2026-09-30"]
)
def test_the_mailbox_picker_offers_mailboxes_holding_mail_and_shows_the_chosen_one(september, page):
    """The office's "housing" mailbox holds mail but is not in the configuration (imported, or
    configured no longer): a manager can still choose it, and sees that it is chosen."""
    client = september.client("maria")
    everything = client.get(page)
    assert everything.status_code == 200
    assert '<option value="housing" >housing</option>' in everything.text
    chosen = client.get(f"{page}&mailbox=housing").text
    assert '<option value="housing" selected>housing</option>' in chosen


@pytest.mark.parametrize(
    ("month", "message"),
    [("2026-13", "expected a month as YYYY-MM"), ("2099-01", "is in the future"), ("x", "YYYY-MM")],
)
def test_a_bad_month_is_refused_beside_the_picker(september, month, message):
    response = september.client("maria").get(f"/stats?month={month}")
    assert response.status_code == 400
    assert message in response.text
    assert 'id="s-month"' in response.text


def test_an_unknown_mailbox_is_refused(september):
    response = september.client("maria").get("/stats?month=2026-09&mailbox=nope")
    assert response.status_code == 400
    assert "no mailbox named" in response.text


@pytest.mark.parametrize(
    ("month", "message"),
    [("2026-13", "ange en månad som ÅÅÅÅ-MM, inte '2026-13'"), ("2099-01", "ligger i framtiden")],
)
def test_a_bad_month_is_explained_in_swedish(september, month, message):
    response = september.client("maria", language="sv").get(f"/stats?month={month}")
    assert response.status_code == 400
    assert message in response.text.replace("&#39;", "'")


def test_the_kept_report_shows_the_month_as_it_was_built(september):
    page = september.client("maria").get("/stats/reports/2026-09").text
    assert "Monthly report 2026-09" in page
    assert "2026-09: 3 new cases" in page
    assert september.client("maria").get("/stats/reports/2026-07").status_code == 404


def test_the_kept_report_downloads_as_it_was_built(september):
    client = september.client("maria")
    page = client.get("/stats/reports/2026-09").text
    assert 'href="/stats/reports/2026-09/download/month.xlsx"' in page
    assert 'href="/stats/reports/2026-09/download/types.csv"' in page
    september.deliver(make_mail("Later", "Another question about my room key."))
    now = client.get("/stats/download/month.xlsx?month=2026-09").content
    kept = client.get("/stats/reports/2026-09/download/month.xlsx").content
    types = client.get("/stats/reports/2026-09/download/types.csv").content.decode("utf-8-sig")

    def total(workbook: bytes) -> int:
        summary = load_workbook(io.BytesIO(workbook)).worksheets[0]
        return dict(summary.iter_rows(min_row=2, values_only=True))["New cases"]

    assert (total(kept), total(now)) == (3, 4)
    assert list(csv.reader(io.StringIO(types)))[-1][:2] == ["All types", "3"]
    assert client.get("/stats/reports/2026-07/download/month.xlsx").status_code == 404


def test_the_page_in_swedish(september):
    page = september.client("maria", language="sv").get("/stats?month=2026-09").text
    assert "Statistik" in page
    assert "Per frågetyp" in page
    assert "Ladda ner som Excel" in page


def test_the_month_that_is_not_over_says_what_is_open_now(september):
    client = september.client("maria", language="sv")
    latest = re.search(r'id="s-month"[^>]*max="(\d{4}-\d\d)"', client.get("/stats").text)
    assert latest is not None
    now = client.get(f"/stats?month={latest.group(1)}").text
    assert f"{latest.group(1)} hittills:" in now
    assert "öppna nu." in now
    assert "vid månadens slut" not in now
    assert "öppna vid månadens slut" in client.get("/stats?month=2026-09").text


def test_a_mailbox_named_like_a_type_stays_a_mailbox_and_types_are_translated(september):
    """The office's mailbox is called "housing": in the weekly table (per mailbox) it keeps its
    name, while the twelve months' columns (per question type) are the types in Swedish, on the
    page and in the downloads alike."""
    client = september.client("maria", language="sv")
    page = client.get("/stats?month=2026-09").text
    weeks, months = _cells(page, "table-weeks")[0], _cells(page, "table-months")[0]

    assert weeks[:2] == ["Vecka", "housing"]
    assert "Bostad" in months
    assert "housing" not in months
    for name, header in (("weeks", weeks), ("months", months)):
        download = client.get(f"/stats/download/{name}.csv?month=2026-09")
        rows = csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";")
        assert next(rows) == header  # as a spreadsheet set to Swedish splits it
    book = load_workbook(
        io.BytesIO(client.get("/stats/download/month.xlsx?month=2026-09").content), read_only=True
    )
    sheets = [next(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    assert tuple(months) in sheets
    assert tuple(weeks) in sheets


def test_scripts_read_the_months_json_with_the_api(september):
    manager = september.client("maria")
    figures = manager.get("/api/v1/stats", params={"month": "2026-09"}).json()
    assert (figures["month"], figures["total"]) == ("2026-09", 3)
    assert set(figures) >= {"by_type", "first_response_hours", "corrected_share", "outcomes"}
    assert manager.get("/api/v1/stats", params={"month": "2026-13"}).status_code == 400
    assert september.client("anna").get("/api/v1/stats?month=2026-09").status_code == 403


def test_what_is_not_there_is_said_in_swedish(september):
    client = september.client("maria", language="sv")
    missing = {
        "/stats/reports/2026-07": "ingen månadsrapport sparades för 2026-07",
        "/stats/download/nosuch.csv?month=2026-09": "det finns ingen tabell som heter",
        "/stats/analysis/download.pdf?from=2026-09-01&to=2026-09-30": "kan inte laddas ner som",
        "/cases/999999": "ärende 999999 finns inte",
    }
    for url, said in missing.items():
        response = client.get(url)
        assert response.status_code == 404, url
        assert said in response.text.replace("&#39;", "'"), url


def test_a_swedish_csv_has_semicolons_and_decimal_commas_an_english_one_commas_and_points(
    september,
):
    url = "/stats/download/types.csv?month=2026-09"
    swedish = september.client("maria", language="sv").get(url).content.decode("utf-8-sig")
    english = september.client("maria").get(url).content.decode("utf-8-sig")
    sv_rows = list(csv.reader(io.StringIO(swedish), delimiter=";"))
    en_rows = list(csv.reader(io.StringIO(english)))

    assert len(sv_rows[0]) == len(en_rows[0]) > 3
    pairs = zip(sv_rows[1:], en_rows[1:], strict=True)
    fractions = [(s, e) for sv, en in pairs for s, e in zip(sv, en, strict=True)]
    decimals = [(s, e) for s, e in fractions if "." in e and e.replace(".", "").isdigit()]
    assert decimals, "no decimal number in the table"
    assert all(s == e.replace(".", ",") for s, e in decimals)


def test_the_workbook_says_all_mailboxes_and_lists_the_busiest_mailbox_first(september):
    client = september.client("maria", language="sv")
    book = load_workbook(io.BytesIO(client.get("/stats/download/month.xlsx?month=2026-09").content))
    summary = dict(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    boxes = [tuple(r) for r in book["Per inkorg"].iter_rows(min_row=2, values_only=True)]

    assert summary["Inkorg"] == "Alla inkorgar"
    assert boxes == sorted(boxes, key=lambda box: (-box[1], box[0]))
