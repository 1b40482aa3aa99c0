"""The `triage` command: thin shells that load settings, call the domain, and print.

Exit 0 on success, 1 on a domain error (one clear line, no traceback), 2 on a usage or
configuration error. Data goes to stdout; messages and progress go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from triage.db import make_engine, transaction, upgrade
from triage.errors import ConfigError, TriageError
from triage.settings import Settings, load_settings

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="mailtriage: shared-mailbox triage",
)
db_app = typer.Typer(no_args_is_help=True, help="Database schema")
user_app = typer.Typer(no_args_is_help=True, help="Local user accounts")
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
err = Console(stderr=True, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML file (else TRIAGE_CONFIG, else ./triage.toml)")
]


def _exits(func: F) -> F:
    """Turn domain errors into one clear line and the contract's exit codes."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            err.print(f"[red]configuration error:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
        except TriageError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _settings(config: Path | None) -> Settings:
    return load_settings(config)


@db_app.command("upgrade")
@_exits
def db_upgrade(config: ConfigOpt = None) -> None:
    """Create or migrate the database schema to the newest version."""
    settings = _settings(config)
    upgrade(make_engine(settings))
    err.print(f"database is up to date: {_safe_url(settings.db_url)}")


@user_app.command("add")
@_exits
def user_add(
    name: str,
    role: Annotated[str, typer.Option(help="officer, manager or admin")] = "officer",
    config: ConfigOpt = None,
) -> None:
    """Add a local user; the password comes from a prompt, or stdin when not a terminal."""
    from triage.users import add_user

    settings = _settings(config)
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, name, role, password)
    err.print(f"user {name!r} added with role {role}")


@app.command("sync")
@_exits
def sync(
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit")] = False,
    mailbox: Annotated[str | None, typer.Option(help="Only this mailbox")] = None,
    config: ConfigOpt = None,
) -> None:
    """Pull new mail from the configured IMAP mailboxes, classify and store it."""
    from triage.classify import load_classifier
    from triage.ingest.sync import sync_all

    settings = _settings(config)
    if not settings.mailbox:
        raise ConfigError(f"{settings.config_path or 'configuration'}: no [[mailbox]] configured")
    engine = make_engine(settings)
    upgrade(engine)
    if not once:
        from triage.scheduler import run_worker

        run_worker(settings, engine, only=mailbox)
        return
    reports = sync_all(engine, settings, load_classifier(settings), only=mailbox)
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
    for r in reports:
        if r.error:
            err.print(f"[red]{r.mailbox}:[/red] {r.error}", highlight=False)
    if any(r.error for r in reports):
        raise typer.Exit(1)


@app.command("import")
@_exits
def import_(
    paths: Annotated[list[Path], typer.Argument(help="mbox files, Maildir folders, .eml files")],
    mailbox: Annotated[str, typer.Option(help="Tag the mail with this mailbox")] = "import",
    config: ConfigOpt = None,
) -> None:
    """Import exported mail through the same pipeline and dedup as IMAP."""
    from triage.classify import load_classifier

    settings = _settings(config)
    engine = make_engine(settings)
    upgrade(engine)
    report = _import_with_progress(engine, settings, paths, mailbox, load_classifier(settings))
    err.print(
        f"imported {report.imported}, duplicates {report.duplicates}, "
        f"auto-replies {report.auto_replies}, quarantined {report.quarantined}, "
        f"new cases {report.new_cases}"
    )


def _import_with_progress(
    engine: Any, settings: Settings, paths: list[Path], mailbox: str, classifier: Any
) -> Any:
    from triage.ingest.files import count_mail, import_paths

    total = count_mail(paths)
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
@_exits
def export(
    what: Annotated[str, typer.Argument(help="cases or messages")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    from_: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD (inclusive)")] = None,
    with_text: Annotated[bool, typer.Option("--with-text")] = False,
    config: ConfigOpt = None,
) -> None:
    """One record per case or per message, on stdout."""
    from triage.export import CASE_FIELDS, MESSAGE_FIELDS, iter_cases, iter_messages, write_rows

    if what not in ("cases", "messages"):
        raise typer.BadParameter("choose 'cases' or 'messages'", param_hint="WHAT")
    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("choose 'jsonl' or 'csv'", param_hint="--format")
    start, end = _date(from_, "--from"), _date(to, "--to")
    settings = _settings(config)
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        if what == "cases":
            n = write_rows(iter_cases(session, start, end), CASE_FIELDS, fmt, sys.stdout)
        else:
            rows = iter_messages(session, start, end, with_text)
            n = write_rows(rows, MESSAGE_FIELDS, fmt, sys.stdout)
    err.print(f"{n} {what} exported")


@app.command("serve")
@_exits
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    no_scheduler: Annotated[bool, typer.Option("--no-scheduler")] = False,
    config: ConfigOpt = None,
) -> None:
    """The web app, plus the scheduler unless --no-scheduler."""
    from triage.web import run_web

    settings = _settings(config)
    run_web(settings, host, port, scheduler=not no_scheduler)


@app.command("worker")
@_exits
def worker(config: ConfigOpt = None) -> None:
    """The scheduler alone: mailbox polling and IDLE, nightly jobs."""
    from triage.scheduler import run_worker

    settings = _settings(config)
    engine = make_engine(settings)
    upgrade(engine)
    run_worker(settings, engine)


@app.command("demo")
@_exits
def demo(host: str = "127.0.0.1", port: int = 8000) -> None:
    """A fresh SQLite database with the bundled demo mailbox, a demo login, and the web app."""
    from triage.demo import prepare_demo
    from triage.web import run_web

    settings, login = prepare_demo(Path("var/demo"), progress=err)
    err.print(
        f"\n[bold]Demo ready.[/bold] Open http://{host}:{port}/ and log in as "
        f"[bold]{login[0]}[/bold] / [bold]{login[1]}[/bold]\n"
    )
    run_web(settings, host, port, scheduler=False)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint=name) from None


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> None:
    app()
