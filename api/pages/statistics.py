"""The manager's statistics: a month's table and the twelve months' charts, the kept monthly
reports, and the same numbers as CSV and Excel downloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api import labels
from api.deps import SessionDep, SettingsDep, StatisticsReader
from api.downloads import file_response
from api.i18n import current, error_text
from api.i18n import gettext_ as _
from api.templating import render
from triage.errors import N_, InvalidInput, NotFound
from triage.models import MonthlyReport
from triage.records.dashboard import dashboard
from triage.records.months import last_whole_month, month_range, parse_month
from triage.records.reports import kept_report, kept_reports
from triage.records.statistics import mailbox_choices, statistics_for
from triage.records.tables import Table, dashboard_tables, month_tables, to_csv, to_workbook
from triage.settings import Settings

router = APIRouter(prefix="/stats")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("", response_class=HTMLResponse)
def statistics_page(
    request: Request,
    user: StatisticsReader,
    session: SessionDep,
    settings: SettingsDep,
    month: str = "",
    mailbox: str = "",
) -> HTMLResponse:
    try:
        chosen = _month(settings, month)
        figures = statistics_for(session, settings, [chosen], mailbox or None)
    except InvalidInput as exc:
        context = _context(session, settings, month, mailbox) | {"error": error_text(exc)}
        return render(request, "pages/statistics.html", context, status_code=400)
    board = dashboard(session, settings, chosen, mailbox or None)
    context = _context(session, settings, f"{chosen:%Y-%m}", mailbox) | {
        "figures": figures,
        "month_tables": _tables(month_tables(figures)),
        "board_tables": _tables(dashboard_tables(board)),
        "chart_data": _chart_data(board),
        "kept": [r.month for r in kept_reports(session)],
        "kept_this_month": kept_report(session, f"{chosen:%Y-%m}") is not None,
    }
    return render(request, "pages/statistics.html", context)


@dataclass(frozen=True)
class MonthTables:
    """Every table of a month's page, for the downloads (managers and admins only)."""

    stem: str  # the file name's start: statistics-2026-11[-mailbox]
    tables: list[Table]


def _month_tables(
    user: StatisticsReader,
    session: SessionDep,
    settings: SettingsDep,
    month: str = "",
    mailbox: str = "",
) -> MonthTables:
    chosen = _month(settings, month)
    figures = statistics_for(session, settings, [chosen], mailbox or None)
    board = dashboard(session, settings, chosen, mailbox or None)
    tables = [*month_tables(figures), *dashboard_tables(board)]
    return MonthTables(_stem(chosen, mailbox), [_translated(t) for t in tables])


Downloads = Annotated[MonthTables, Depends(_month_tables)]


@router.get("/download/{name}.csv")
def download_csv(name: str, month: Downloads) -> Response:
    found = {t.key: t for t in month.tables}.get(name)
    if found is None:
        raise NotFound(f"no table named {name!r}", N_("no table named '%(name)s'"), name=name)
    text = to_csv(found, labels.statistics_columns(), decimal_comma=current().locale == "sv")
    data = text.encode("utf-8-sig")  # BOM: Excel reads it as UTF-8
    return file_response(data, "text/csv; charset=utf-8", f"{month.stem}-{name}.csv")


@router.get("/download/month.xlsx")
def download_workbook(month: Downloads) -> Response:
    data = to_workbook(month.tables, labels.statistics_columns(), labels.statistics_tables())
    return file_response(data, XLSX, f"{month.stem}.xlsx")


def _kept(month: str, user: StatisticsReader, session: SessionDep) -> MonthlyReport:
    """The monthly report kept for `month` (managers and admins only)."""
    report = kept_report(session, f"{parse_month(month):%Y-%m}")
    if report is None:
        raise NotFound(
            f"no monthly report kept for {month}",
            N_("no monthly report was kept for %(month)s"),
            month=month,
        )
    return report


Kept = Annotated[MonthlyReport, Depends(_kept)]


@router.get("/reports/{month}/download/month.xlsx")
def kept_workbook(report: Kept) -> Response:
    """The report's figures as they were sent, as one workbook."""
    tables = [_translated(t) for t in month_tables(report.figures)]
    data = to_workbook(tables, labels.statistics_columns(), labels.statistics_tables())
    return file_response(data, XLSX, f"report-{report.month}.xlsx")


@router.get("/reports/{month}/download/{name}.csv")
def kept_csv(name: str, report: Kept) -> Response:
    found = {t.key: t for t in month_tables(report.figures)}.get(name)
    if found is None:
        raise NotFound(f"no table named {name!r}", N_("no table named '%(name)s'"), name=name)
    swedish = current().locale == "sv"
    text = to_csv(_translated(found), labels.statistics_columns(), decimal_comma=swedish)
    return file_response(
        text.encode("utf-8-sig"), "text/csv; charset=utf-8", f"report-{report.month}-{name}.csv"
    )


@router.get("/reports/{month}", response_class=HTMLResponse)
def kept_month(request: Request, report: Kept) -> HTMLResponse:
    context = {
        "columns": labels.statistics_columns(),
        "statistics_tables": labels.statistics_tables(),
        "report": report,
        "figures": report.figures,
        "month_tables": _tables(month_tables(report.figures)),
    }
    return render(request, "pages/statistics_report.html", context)


def _month(settings: Settings, text: str) -> date:
    """The month asked for, checked; by default the last whole month."""
    if not text:
        return last_whole_month(settings.today())
    return month_range(text, None, settings.today())[0]


def _context(session: Session, settings: Settings, month: str, mailbox: str) -> dict[str, Any]:
    return {
        "columns": labels.statistics_columns(),
        "statistics_tables": labels.statistics_tables(),
        "month": month,
        "mailbox": mailbox,
        "mailboxes": mailbox_choices(session, settings),
        "latest": f"{settings.today():%Y-%m}",
    }


def _translated(table: Table) -> Table:
    """The table with its headers and the names in its first column (types, languages,
    figures) in the user's language; months, weeks and mailboxes stay as they are (a mailbox
    may be named like a question type, "fees" say, and is still a mailbox)."""
    columns = labels.statistics_columns()
    kinds = labels.figure_types() | {"all": columns["all"]}
    names = {
        "summary": columns,
        "types": kinds,
        "languages": labels.languages() | {"unknown": columns["unknown"]},
    }.get(table.key, {})
    rows = [[names.get(row[0], row[0]), *row[1:]] if row else row for row in table.rows]
    if table.key == "summary":  # the mailbox row of all mailboxes says so
        rows = [
            [name, value or _("All mailboxes")] if name == columns["mailbox"] else [name, value]
            for name, value in rows
        ]
    elif table.key == "mailboxes":
        rows = sorted(rows, key=lambda row: (-row[1], row[0]))  # the busiest first
    typed = kinds if table.key == "months" else {}  # its columns between month and total
    titles = [columns.get(c) or typed.get(c) or c for c in table.columns]
    return Table(table.key, table.columns, rows, titles)


def _tables(tables: list[Table]) -> dict[str, Table]:
    return {t.key: _translated(t) for t in tables}


def _chart_data(board: dict[str, Any]) -> dict[str, Any]:
    """What stats.js draws, with every label already in the user's language."""
    names = labels.figure_types()
    return {
        "months": board["months"],
        "types": [
            {"key": t, "label": names.get(t, t), "counts": board["by_type"][t]}
            for t in board["types"]
        ],
        "first_response": {
            "median": board["first_response_hours"]["median"],
            "p90": board["first_response_hours"]["p90"],
        },
        "weeks": board["weeks"],
        "text": {
            "cases": _("New cases"),
            "hours": _("Hours"),
            "median": _("Median"),
            "p90": _("90th percentile"),
            "this_year": _("Last 12 months"),
            "previous_year": _("The same weeks a year earlier"),
        },
    }


def _stem(month: date, mailbox: str) -> str:
    safe = "".join(c for c in mailbox if c.isalnum() or c in "-_")
    return f"statistics-{month:%Y-%m}" + (f"-{safe}" if safe else "")
