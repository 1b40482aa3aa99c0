"""Build test mail and rows with sensible defaults; override what the test is about."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from triage.settings import Settings

START = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
_minutes = itertools.count(1)


def reset_mail_clock() -> None:
    """Start the mail clock afresh (an autouse fixture does it before every test)."""
    global _minutes
    _minutes = itertools.count(1)


def make_mail(
    subject: str = "Fråga om nyckel",
    body: str = "Hej! När kan jag hämta nyckeln till mitt rum?\n\nMvh Anna",
    *,
    sender: str = "Anna Lindqvist <anna.lindqvist@student.example.org>",
    to: str = "housing@intl.example.se",
    cc: str | None = None,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    date: datetime | None = None,
    headers: dict[str, str] | None = None,
    html: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    # Each new mail a minute after the one before: tests that build a thread get it in order.
    msg["Date"] = format_datetime(date or START + timedelta(minutes=next(_minutes)))
    msg["Message-ID"] = message_id or make_msgid(domain="student.example.org")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


def message_id_of(raw: bytes) -> str:
    for line in raw.split(b"\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    raise ValueError("no Message-ID")


def run_triage(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The `triage` command as a user runs it, with its data directory under `tmp_path`."""
    env = {"PATH": "/usr/bin:/bin", "TRIAGE_DATA_DIR": str(tmp_path / "var")}
    return subprocess.run(
        [sys.executable, "-m", "triage", *args],
        input=stdin,
        text=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )


def cli_settings(tmp_path: Path, database_url: str) -> Settings:
    """The settings `run_triage(tmp_path, ...)` runs with when its database is `database_url`
    (written to ./triage.toml, which the command reads from its working directory)."""
    (tmp_path / "triage.toml").write_text(f'database_url = "{database_url}"\n')
    return Settings(data_dir=tmp_path / "var", database_url=database_url)


def visible_text(html: str) -> str:
    """The page's words as a reader sees them: tags dropped, runs of space made one."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("( ", "(").replace(" )", ")")


def install_model(data_dir: Path, model_file: Path) -> None:
    """Make `model_file` the promoted model of the data directory `data_dir`, as a trained
    office has it (a command would otherwise train the seed model first, once)."""
    models = data_dir / "models"
    models.mkdir(parents=True, exist_ok=True)
    shutil.copy(model_file, models / "model-test.skops")
    (models / "promoted.json").write_text(json.dumps({"file": "model-test.skops"}))
