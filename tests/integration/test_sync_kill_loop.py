"""A sync killed with SIGKILL at random moments, ten times in a row while it ingests 5,000
messages from a real Dovecot, restarted each time, ends with exactly 5,000 messages: none lost,
none twice, every case with its messages. On SQLite and on PostgreSQL."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from tests.factories import install_model, make_mail
from triage.models import Case, Message

MAILS = 5_000
KILLS = 10


def _config(tmp_path: Path, url: str, mb) -> Path:  # type: ignore[no-untyped-def]
    config = tmp_path / "triage.toml"
    config.write_text(
        textwrap.dedent(f"""
        database_url = "{url}"
        data_dir = "{tmp_path / "var"}"
        [[mailbox]]
        name = "{mb.name}"
        address = "{mb.address}"
        imap_host = "127.0.0.1"
        imap_port = {mb.port}
        tls = "none"
        username = "{mb.username}"
        password = "{mb.secret()}"
        idle = false
    """)
    )
    return config


def _sync(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "triage", "sync", "--once", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_ten_kills_in_a_row_lose_and_double_nothing(
    tmp_path, make_mailbox, make_settings, engine, deliver, seed_model_file
):
    mb = make_mailbox()
    questions = [
        make_mail(f"Fråga {i}", f"Hej! Fråga nummer {i} om mitt rum.") for i in range(MAILS)
    ]
    deliver(mb, *questions)
    settings = make_settings(mb)
    install_model(tmp_path / "var", seed_model_file)
    config = _config(tmp_path, settings.db_url, mb)
    moments = random.Random(13)  # the same "random" moments every run: a failure repeats
    killed = 0
    stored = []
    for _ in range(KILLS):
        before = _messages(engine)
        process = _sync(config)
        # Once this run has committed its first batch, a random moment later: in the middle
        # of fetching, parsing, storing or committing a later batch, as it falls.
        deadline = time.monotonic() + 60
        while _messages(engine) == before and process.poll() is None:
            assert time.monotonic() < deadline, "the sync stored nothing in a minute"
            time.sleep(0.02)
        time.sleep(moments.uniform(0.0, 0.3))
        if process.poll() is None:
            process.kill()
            killed += 1
        process.communicate(timeout=60)
        stored.append(_messages(engine))
    final = _sync(config)
    _, errors = final.communicate(timeout=600)

    assert final.returncode == 0, errors.decode()
    assert killed == KILLS, f"a sync ended before it could be killed: {stored}"
    assert stored[-1] < MAILS, f"all mail was in before the tenth kill: {stored}"
    assert stored == sorted(stored)  # what was committed stays committed
    with Session(engine) as session:
        ids = session.exec(select(Message.message_id)).all()
        assert len(ids) == MAILS
        assert len(set(ids)) == MAILS
        cases = session.exec(select(func.count()).select_from(Case)).one()
        empty = session.exec(
            select(func.count()).select_from(Case).where(~col(Case.id).in_(select(Message.case_id)))
        ).one()
    assert cases == MAILS  # each mail a question of its own
    assert empty == 0


def _messages(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Message)).one())
