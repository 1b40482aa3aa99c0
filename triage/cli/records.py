"""Records for managers: `triage stats`, the month's figures as a table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from triage.cli.app import ConfigOpt, app, err, exits, settings_from
from triage.db import make_engine, transaction, upgrade
from triage.errors import InvalidInput


class StatsFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


@app.command("stats")
@exits
def stats(
    month: Annotated[str, typer.Option("--month", help="YYYY-MM, in the office's time zone")],
    to: Annotated[str | None, typer.Option("--to", help="last month of a range, YYYY-MM")] = None,
    mailbox: Annotated[str | None, typer.Option("--mailbox", help="only this mailbox")] = None,
    fmt: Annotated[StatsFormat, typer.Option("--format")] = StatsFormat.TABLE,
    config: ConfigOpt = None,
) -> None:
    """Monthly statistics: new cases by type, mailbox and language, reopened, open at month
    end, response and close times (calendar and working hours), outcomes, corrected types."""
    from triage.records.months import month_range
    from triage.records.statistics import statistics_for

    settings = settings_from(config)
    try:
        months = month_range(month, to, settings.today())
        with transaction(make_engine(settings)) as session:
            figures = statistics_for(session, settings, months, mailbox)
    except InvalidInput as exc:  # a wrong month or mailbox is a usage error
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if fmt == StatsFormat.JSON:
        sys.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    elif fmt == StatsFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["metric", "value"])
        writer.writerows(flatten(figures))
    else:
        print_tables(Console(), figures)


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """The nested figures as (dotted.key, value) rows: every JSON number, one CSV line each."""
    if isinstance(value, dict):
        return [row for key, inner in value.items() for row in flatten(inner, f"{prefix}{key}.")]
    if isinstance(value, list):
        return [row for i, inner in enumerate(value) for row in flatten(inner, f"{prefix}{i}.")]
    return [(prefix.rstrip("."), "" if value is None else value)]


def print_tables(console: Console, figures: dict[str, Any]) -> None:
    """The month's summary, then one row per question type, then mailboxes and languages."""
    period = (
        figures["month"]
        if figures["month"] == figures["to"]
        else (f"{figures['month']} to {figures['to']}")
    )
    where = f", mailbox {figures['mailbox']}" if figures["mailbox"] else ""
    console.print(
        f"[bold]{period}[/bold]{where}: {figures['total']} new cases, "
        f"{figures['reopened']} reopened, {figures['open_at_end']} open at the end",
        highlight=False,
    )
    console.print(_type_table(figures))
    for key, title in (("by_mailbox", "mailbox"), ("by_language", "language")):
        table = Table(title=f"New cases per {title}")
        table.add_column(title)
        table.add_column("cases", justify="right")
        for name, count in figures[key].items():
            table.add_row(name, str(count))
        console.print(table)


def _type_table(figures: dict[str, Any]) -> Table:
    table = Table(title="Per question type (hours: median / 90th percentile)")
    for column in ("type", "cases", "first response", "working", "close", "working"):
        table.add_column(column, justify="left" if column == "type" else "right")
    table.add_column("corrected", justify="right")
    table.add_column("outcomes")
    first, close = figures["first_response_hours"], figures["close_hours"]
    shares = figures["corrected_share"]
    for kind, count in figures["by_type"].items():
        outcomes = ", ".join(f"{k} {n}" for k, n in figures["outcomes"][kind].items() if n)
        table.add_row(
            kind,
            str(count),
            _pair(first["by_type"][kind]["calendar"]),
            _pair(first["by_type"][kind]["working"]),
            _pair(close["by_type"][kind]["calendar"]),
            _pair(close["by_type"][kind]["working"]),
            _percent(shares["by_type"][kind]),
            outcomes,
        )
    table.add_section()
    table.add_row(
        "all",
        str(figures["total"]),
        _pair(first["calendar"]),
        _pair(first["working"]),
        _pair(close["calendar"]),
        _pair(close["working"]),
        _percent(shares["overall"]),
        "",
    )
    return table


def _pair(summary: dict[str, Any]) -> str:
    if summary["median"] is None:
        return "-"
    return f"{summary['median']:g} / {summary['p90']:g}"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


@app.command("report")
@exits
def report(
    month: Annotated[
        str | None, typer.Option("--month", help="YYYY-MM; default: the last whole month")
    ] = None,
    resend: Annotated[
        bool, typer.Option("--resend", help="mail a report that is kept already once more")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Build the monthly report (as the scheduler does on the 1st), keep it for the statistics
    page, and mail it to the recipients in the configuration's reports section. A month already
    kept is not built again."""
    from triage.records.months import parse_month
    from triage.records.reports import build_monthly_report, mail_report

    settings = settings_from(config)
    engine = make_engine(settings)
    upgrade(engine)
    try:
        with transaction(engine) as session:
            kept, built = build_monthly_report(
                session, settings, parse_month(month) if month else None
            )
            if built or resend:
                mail_report(settings, kept)
            err.print(
                f"{kept.month}: {'built' if built else 'kept already'}; "
                f"{kept.figures['total']} new cases",
                highlight=False,
            )
            if kept.mailed_to:
                err.print(f"mailed to {kept.mailed_to}", highlight=False)
            if kept.mail_error:
                err.print(f"[yellow]not mailed:[/yellow] {kept.mail_error}", highlight=False)
    except InvalidInput as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
