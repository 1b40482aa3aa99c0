"""The audit's period analysis for managers: a period picker, the report (loaded after the page,
since clustering a month's questions takes seconds), and the report to download as HTML or
Markdown for the office's meeting, as JSON, and as CSV and Excel tables."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api import labels
from api.deps import SessionDep, SettingsDep, StatisticsReader
from api.downloads import file_response
from api.i18n import current, error_text
from api.i18n import gettext_ as _
from api.templating import render
from triage.cases.routine_store import routine_library
from triage.errors import N_, InvalidInput, NotFound
from triage.records.analysis import analyse_period, check_period, parse_day
from triage.records.analysis_render import render_html, render_markdown
from triage.records.analysis_tables import analysis_tables
from triage.records.months import last_day, last_whole_month
from triage.records.statistics import mailbox_choices, mailbox_id_for
from triage.records.tables import Table, to_csv, to_workbook
from triage.settings import Settings

router = APIRouter(prefix="/stats/analysis")
From = Annotated[str, Query(alias="from")]
To = Annotated[str, Query(alias="to")]
FORMATS = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("", response_class=HTMLResponse)
def analysis_page(
    request: Request,
    user: StatisticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: From = "",
    end: To = "",
    mailbox: str = "",
) -> HTMLResponse:
    context: dict[str, Any] = {"mailboxes": mailbox_choices(session, settings)}
    try:
        first, last = _period(settings, start, end)
        mailbox_id_for(session, settings, mailbox or None)  # an old bookmark's mailbox, renamed
    except InvalidInput as exc:
        context |= {"start": start, "end": end, "mailbox": mailbox, "error": error_text(exc)}
        return render(request, "pages/analysis.html", context, status_code=400)
    context |= {"start": first.isoformat(), "end": last.isoformat(), "mailbox": mailbox}
    return render(request, "pages/analysis.html", context)


def _analysed(
    user: StatisticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: From = "",
    end: To = "",
    mailbox: str = "",
) -> dict[str, Any]:
    """The analysis of the period the query names (managers and admins only)."""
    first, last = _period(settings, start, end)
    return analyse_period(session, settings, first, last, mailbox or None)


Report = Annotated[dict[str, Any], Depends(_analysed)]


@router.get("/report", response_class=HTMLResponse)
def analysis_report(request: Request, report: Report, session: SessionDep) -> HTMLResponse:
    """The report itself, as a fragment the page loads (htmx)."""
    context = {
        "r": _routines_in(session, report, current().locale),
        "L": labels.analysis_labels(),
        "notes": labels.analysis_notes(report["notes"]),
    }
    return render(request, "pages/_analysis_report.html", context)


def _routines_in(session: Session, report: dict[str, Any], language: str) -> dict[str, Any]:
    """The report with each candidate's routine in the reader's language where the routine has
    a version in it (the analysis finds a routine in whichever language it matched best)."""
    versions = {(r.id, r.language): r for r in routine_library(session).routines}
    candidates = []
    for candidate in report["candidates"]:
        found = candidate.get("routine")
        own = versions.get((found["id"], language)) if found else None
        if own is not None:
            routine = {"id": own.id, "language": own.language, "title": own.title}
            candidate = {**candidate, "routine": routine}
        candidates.append(candidate)
    return {**report, "candidates": candidates}


@router.get("/download.{fmt}")
def download(fmt: str, report: Report) -> Response:
    if fmt not in FORMATS:
        raise NotFound(
            f"no download as {fmt!r}: html, md, json or xlsx",
            N_("no download as '%(format)s': html, md, json or xlsx"),
            format=fmt,
        )
    translated = {**report, "notes": labels.analysis_notes(report["notes"])}
    if fmt == "html":
        data = render_html(translated, labels.analysis_labels(), current().locale).encode()
    elif fmt == "md":
        data = render_markdown(translated, labels.analysis_labels(), current().locale).encode()
    elif fmt == "json":  # as `triage analyse --format json` writes it, for scripts
        data = json.dumps(report, ensure_ascii=False, indent=2).encode()
    else:
        tables = [_translated(t) for t in analysis_tables(report, labels.figure_types())]
        data = to_workbook(tables, labels.analysis_columns(), labels.analysis_tables())
    return file_response(data, FORMATS[fmt], f"{_stem(report)}.{fmt}")


@router.get("/download/{name}.csv")
def download_csv(name: str, report: Report) -> Response:
    found = {t.key: t for t in analysis_tables(report, labels.figure_types())}.get(name)
    if found is None:
        raise NotFound(f"no table named {name!r}", N_("no table named '%(name)s'"), name=name)
    swedish = current().locale == "sv"
    text = to_csv(_translated(found), labels.analysis_columns(), decimal_comma=swedish)
    data = text.encode("utf-8-sig")
    return file_response(data, "text/csv; charset=utf-8", f"{_stem(report)}-{name}.csv")


def _period(settings: Settings, start: str, end: str) -> tuple[date, date]:
    """The period asked for, checked; by default the last whole month."""
    if not start and not end:
        month = last_whole_month(settings.today())
        return month, last_day(month)
    first, last = parse_day(start, _("From")), parse_day(end, _("To"))
    check_period(first, last, settings.today())
    return first, last


def _translated(table: Table) -> Table:
    """Type and outcome names in the user's language: the types of the table per type, and in
    who is best placed to answer, its kind, the type it names and where the cases were referred
    (never a mailbox, officer or reply that happens to share a type's name)."""
    names = labels.question_types() | labels.outcomes()
    if table.key == "best_placed":
        words = labels.analysis_labels()
        rows = [
            [
                words[f"{kind}_kind"],
                names.get(label, label) if kind == "type" else label,
                names.get(destination, destination),
                *rest,
            ]
            for kind, label, destination, *rest in table.rows
        ]
    elif table.key == "period_types":
        rows = [[names.get(row[0], row[0]), *row[1:]] for row in table.rows]
    else:
        return table
    return Table(table.key, table.columns, rows)


def _stem(report: dict[str, Any]) -> str:
    box = "".join(c for c in (report["mailbox"] or "") if c.isalnum() or c in "-_")
    return f"analysis-{report['from']}-{report['to']}" + (f"-{box}" if box else "")
