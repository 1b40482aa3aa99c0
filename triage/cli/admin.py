"""Running and administering: database, users, web app, worker, demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from triage.cli.app import (
    ConfigOpt,
    app,
    db_app,
    err,
    exits,
    safe_url,
    settings_from,
    user_app,
)
from triage.db import make_engine, transaction, upgrade


@db_app.command("upgrade")
@exits
def db_upgrade(config: ConfigOpt = None) -> None:
    """Create or migrate the database schema to the newest version."""
    settings = settings_from(config)
    upgrade(make_engine(settings))
    err.print(f"database is up to date: {safe_url(settings.db_url)}")


@user_app.command("add")
@exits
def user_add(
    name: str,
    role: Annotated[str, typer.Option(help="officer, manager or admin")] = "officer",
    config: ConfigOpt = None,
) -> None:
    """Add a local user; the password comes from a prompt, or stdin when not a terminal."""
    from triage.users import add_user

    settings = settings_from(config)
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, name, role, password)
    err.print(f"user {name!r} added with role {role}")


@app.command("serve")
@exits
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    no_scheduler: Annotated[bool, typer.Option("--no-scheduler")] = False,
    config: ConfigOpt = None,
) -> None:
    """The web app, plus the scheduler unless --no-scheduler."""
    from triage.web import run_web

    settings = settings_from(config)
    run_web(settings, host, port, scheduler=not no_scheduler)


@app.command("worker")
@exits
def worker(config: ConfigOpt = None) -> None:
    """The scheduler alone: mailbox polling and IDLE, nightly jobs."""
    from triage.scheduler import run_worker

    settings = settings_from(config)
    engine = make_engine(settings)
    upgrade(engine)
    run_worker(settings, engine)


@app.command("demo")
@exits
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
