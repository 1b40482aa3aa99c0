"""The `triage` command's shared parts: the Typer app, options, exit codes, helpers.

Exit 0 on success, 1 on a domain error (one clear line, no traceback), 2 on a usage or
configuration error. Data goes to stdout; messages and progress go to stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

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


def notice(text: str) -> None:
    """A line of progress on stderr, printed as it is (no markup read into it)."""
    err.print(text, highlight=False, markup=False)


F = TypeVar("F", bound=Callable[..., Any])

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML file (else TRIAGE_CONFIG, else ./triage.toml)")
]


def exits(func: F) -> F:
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


def settings_from(config: Path | None) -> Settings:
    return load_settings(config)


def parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint=name) from None


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def mail_from_line(number: int, line: str) -> tuple[str, str] | str:
    """(subject, body) from a JSON line of stdin, or what is wrong with the line."""
    try:
        row = json.loads(line)
        return str(row.get("subject", "")), str(row.get("body", row.get("text", "")))
    except (json.JSONDecodeError, AttributeError) as exc:
        return f"stdin line {number}: not a JSON object ({exc})"
