"""Mail commands: sync from IMAP, import exports, export cases, messages and the event log."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from triage.cli.app import (
    ConfigOpt,
    app,
    err,
    exits,
    notice,
    parse_date,
    settings_from,
)
from triage.db import make_engine, transaction, upgrade
from triage.errors import ConfigError
from triage.settings import Settings


@app.command("sync")
@exits
def sync(
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit")] = False,
    mailbox: Annotated[str | None, typer.Option(help="Only this mailbox")] = None,
    config: ConfigOpt = None,
) -> None:
    """Pull new mail from the configured IMAP mailboxes, classify and store it."""
    from triage.cases.acknowledging import acknowledge_synced
    from triage.learning.classify import classifier_for, ensure_model
    from triage.mail.ingest.sync import sync_all

    settings = settings_from(config)
    if not settings.mailbox:
        raise ConfigError(f"{settings.config_path or 'configuration'}: no [[mailbox]] configured")
    engine = make_engine(settings)
    upgrade(engine)
    if not once:
        from triage.scheduler import run_worker

        ensure_model(engine, settings, notice)
        run_worker(settings, engine, only=mailbox)
        return
    reports = sync_all(engine, settings, classifier_for(engine, settings, notice), only=mailbox)
    acks = [acknowledge_synced(engine, settings, r) for r in reports]  # before we exit
    table = Table(
        "mailbox", "stored", "new cases", "duplicates", "auto-replies", "quarantined", "status"
    )
    for r in reports:
        table.add_row(
            r.mailbox,
            str(r.stored),
            str(r.new_cases),
            str(r.duplicates),
            str(r.auto_replies),
            str(r.quarantined),
            "[red]failed[/red]" if r.error else "ok",
        )
    err.print(table)
    for a in acks:
        if a.enabled:
            err.print(
                f"{a.mailbox}: acknowledgements sent {a.sent}, not sent {a.skipped}, "
                f"failed {a.failed}",
                highlight=False,
            )
    for r in reports:
        if r.error:
            err.print(f"[red]{r.mailbox}:[/red] {r.error}", highlight=False)
    if any(r.error for r in reports):
        raise typer.Exit(1)


@app.command("import")
@exits
def import_(
    paths: Annotated[list[Path], typer.Argument(help="mbox files, Maildir folders, .eml files")],
    mailbox: Annotated[str, typer.Option(help="Tag the mail with this mailbox")] = "import",
    config: ConfigOpt = None,
) -> None:
    """Import exported mail through the same pipeline and dedup as IMAP."""
    from triage.learning.classify import classifier_for
    from triage.mail.ingest.files import count_mail

    settings = settings_from(config)
    engine = make_engine(settings)
    upgrade(engine)
    total = count_mail(paths)  # a path that is not there is said before any model is trained
    classifier = classifier_for(engine, settings, notice)
    report = _import_with_progress(engine, settings, paths, total, mailbox, classifier)
    err.print(
        f"imported {report.imported}, duplicates {report.duplicates}, "
        f"auto-replies {report.auto_replies}, quarantined {report.quarantined}, "
        f"new cases {report.new_cases}"
    )


def _import_with_progress(
    engine: Any, settings: Settings, paths: list[Path], total: int, mailbox: str, classifier: Any
) -> Any:
    from triage.mail.ingest.files import import_paths

    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("import", total=total)
        return import_paths(
            engine,
            settings,
            paths,
            mailbox,
            classifier,
            progress=lambda n: progress.advance(task, n),
        )


@app.command("export")
@exits
def export(
    what: Annotated[str, typer.Argument(help="cases, messages or events")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    from_: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD (inclusive)")] = None,
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Mail text (messages), notes' text (events)")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """One record per case, per message or per event of the case log, on stdout."""
    from triage.records.eventlog import EVENT_FIELDS, iter_events
    from triage.records.export import (
        CASE_FIELDS,
        MESSAGE_FIELDS,
        iter_cases,
        iter_messages,
        write_rows,
    )

    if what not in ("cases", "messages", "events"):
        raise typer.BadParameter("choose 'cases', 'messages' or 'events'", param_hint="WHAT")
    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("choose 'jsonl' or 'csv'", param_hint="--format")
    start, end = parse_date(from_, "--from"), parse_date(to, "--to")
    settings = settings_from(config)
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        if what == "cases":
            rows = iter_cases(session, start, end, settings.timezone)
            n = write_rows(rows, CASE_FIELDS, fmt, sys.stdout)
        elif what == "events":
            rows = iter_events(session, start, end, with_text, settings.timezone)
            n = write_rows(rows, EVENT_FIELDS, fmt, sys.stdout)
        else:
            rows = iter_messages(session, start, end, with_text, settings.timezone)
            n = write_rows(rows, MESSAGE_FIELDS, fmt, sys.stdout)
    err.print(f"{n} {what} exported")
