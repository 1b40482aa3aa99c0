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
    notice,
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
    from triage.people.users import add_user

    settings = settings_from(config)
    password = _read_password()
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, name, role, password)
    err.print(f"user {name!r} added with role {role}")


@user_app.command("passwd")
@exits
def user_passwd(name: str, config: ConfigOpt = None) -> None:
    """A new password (from a prompt, or stdin); the user's existing sessions end."""
    from triage.people.users import set_password

    settings = settings_from(config)
    password = _read_password()
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        set_password(session, name, password)
    err.print(f"new password for {name!r}; their sessions have ended")


@user_app.command("disable")
@exits
def user_disable(name: str, config: ConfigOpt = None) -> None:
    """Stop a user logging in; their existing sessions end at once."""
    _set_active(name, False, config)
    err.print(f"user {name!r} disabled; their sessions have ended")


@user_app.command("enable")
@exits
def user_enable(name: str, config: ConfigOpt = None) -> None:
    """Let a disabled user log in again (sessions from before stay ended)."""
    _set_active(name, True, config)
    err.print(f"user {name!r} enabled")


def _set_active(name: str, active: bool, config: Path | None) -> None:
    from triage.people.users import set_active

    engine = make_engine(settings_from(config))
    upgrade(engine)
    with transaction(engine) as session:
        set_active(session, name, active)


def _read_password() -> str:
    if sys.stdin.isatty():
        password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\n")


@app.command("serve")
@exits
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Web worker processes (uvicorn's)")
    ] = 1,
    scheduler: Annotated[
        bool | None,
        typer.Option(
            "--scheduler/--no-scheduler",
            help="Run the scheduled work here too (default: with one web worker only; with "
            "more, run `triage worker` beside them)",
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """The web app; with one worker, the scheduler too (exactly one runs per database)."""
    from triage.web import run_web

    settings = settings_from(config)
    with_scheduler = workers == 1 if scheduler is None else scheduler
    run_web(settings, host, port, scheduler=with_scheduler, workers=workers)


@app.command("worker")
@exits
def worker(config: ConfigOpt = None) -> None:
    """The scheduler alone: mailbox polling and IDLE, nightly jobs."""
    from triage.learning.classify import ensure_model
    from triage.scheduler import run_worker

    settings = settings_from(config)
    engine = make_engine(settings)
    upgrade(engine)
    ensure_model(engine, settings, notice)
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
