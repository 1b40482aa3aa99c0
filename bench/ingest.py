"""Ingestion throughput against a bare imapclient fetch + parse of the same Dovecot backlog.

Bar (shared/DESIGN.md): ingesting a 10,000-message backlog (parse, text, classify, store) runs
at least as fast as a bare imapclient fetch + email.message_from_bytes(policy=default) that
stores nothing. Also prints the ratio to a raw FETCH alone (the transfer limit).

    .venv/bin/python bench/ingest.py [--messages 10000] [--runs 3]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

With --postgres each run stores into a new database on that server (dropped afterwards).
"""

from __future__ import annotations

import argparse
import email
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import policy
from pathlib import Path

from imapclient import IMAPClient
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from tests.servers import Dovecot, start_dovecot
from triage.db import make_engine, upgrade
from triage.learning.classify import load_classifier
from triage.mail.ingest.mbox import iter_mbox
from triage.mail.ingest.sync import sync_all
from triage.settings import MailboxSettings, Settings

DEMO = Path(__file__).resolve().parents[1] / "triage" / "demo" / "mailboxes"
_MSGID = re.compile(rb"^Message-ID:[^\n]*\n", re.IGNORECASE | re.MULTILINE)


def backlog(n: int) -> list[bytes]:
    """`n` distinct mails resampled from the demo mailboxes (new Message-IDs, same content)."""
    seeds = [raw for path in sorted(DEMO.glob("*.mbox")) for raw in iter_mbox(path)]
    out = []
    for i in range(n):
        raw = _MSGID.sub(b"", seeds[i % len(seeds)], count=1)
        out.append(f"Message-ID: <bench-{i}@bench.example.org>\n".encode() + raw)
    return out


def deliver(dovecot: Dovecot, user: str, mails: list[bytes]) -> None:
    """Write straight into the Maildir, as a local delivery agent does (fast for 10,000)."""
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(user, "secret-pass")
        client.select_folder("INBOX")  # creates the Maildir
    new = dovecot.maildir(user) / "new"
    for i, raw in enumerate(mails):
        path = new / f"{1700000000 + i}.M{i}P1.bench"
        path.write_bytes(raw.replace(b"\n", b"\r\n"))
        if os.geteuid() == 0:
            shutil.chown(path, "nobody", "nogroup")


def _fetch_all(dovecot: Dovecot, user: str, handle: Callable[[bytes], object]) -> int:
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(user, "secret-pass")
        client.select_folder("INBOX", readonly=True)
        uids = client.search("ALL")
        for start in range(0, len(uids), 200):
            for data in client.fetch(uids[start : start + 200], ["BODY.PEEK[]"]).values():
                handle(data[b"BODY[]"])
    return len(uids)


def raw_fetch(dovecot: Dovecot, user: str) -> int:
    return _fetch_all(dovecot, user, lambda raw: None)


def fetch_and_parse(dovecot: Dovecot, user: str) -> int:
    def parse(raw: bytes) -> None:
        msg = email.message_from_bytes(raw, policy=policy.default)
        msg.get_body(preferencelist=("plain", "html"))

    return _fetch_all(dovecot, user, parse)


MODEL: Path | None = None
POSTGRES: str | None = None  # a server's URL: each run stores into a new database there


@contextmanager
def _database(workdir: Path) -> Iterator[str]:
    if POSTGRES is None:
        yield f"sqlite:///{workdir / 'triage.db'}"
        return
    import psycopg

    server = make_url(POSTGRES)
    name = f"mt_bench_ingest_{uuid.uuid4().hex[:10]}"
    admin = server.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def mailtriage(dovecot: Dovecot, user: str) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="mt-bench-"))
    with _database(workdir) as url:
        return _sync(dovecot, user, workdir, url)


def _sync(dovecot: Dovecot, user: str, workdir: Path, url: str) -> int:
    assert MODEL is not None
    (workdir / "models").mkdir()
    shutil.copy(MODEL, workdir / "models" / "model.skops")
    (workdir / "models" / "promoted.json").write_text('{"file": "model.skops"}')
    mb = MailboxSettings(
        name="bench",
        address="bench@intl.example.se",
        imap_host="127.0.0.1",
        imap_port=dovecot.port,
        tls="none",
        username=user,
        password="secret-pass",
        idle=False,
    )  # type: ignore[arg-type]
    settings = Settings(data_dir=workdir, database_url=url, mailbox=[mb])
    engine = make_engine(settings)
    upgrade(engine)
    try:
        report = sync_all(engine, settings, load_classifier(settings))[0]
        assert not report.error, report.error
        return report.stored
    finally:
        engine.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


def timed(func: Callable[[Dovecot, str], int], dovecot: Dovecot, user: str, runs: int) -> float:
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        count = func(dovecot, user)
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL", help="store into PostgreSQL, not SQLite")
    args = parser.parse_args()
    global MODEL, POSTGRES
    POSTGRES = args.postgres
    from classifiers.data import seed_examples
    from classifiers.language import detect_language
    from classifiers.model import train

    detect_language("värm upp språkmodellen")  # load once, as a running worker has
    MODEL = Path(tempfile.mkdtemp(prefix="mt-bench-model-")) / "model.skops"
    train(seed_examples(), source="bench").save(MODEL)  # so ingestion really classifies
    dovecot = start_dovecot()
    try:
        user, _ = dovecot.add_user()
        mails = backlog(args.messages)
        deliver(dovecot, user, mails)
        size_kb = statistics.mean(len(m) for m in mails) / 1024
        store = "PostgreSQL" if POSTGRES else "SQLite"
        print(
            f"backlog: {len(mails)} messages, mean {size_kb:.1f} KB, median of {args.runs} runs, "
            f"stored in {store}"
        )
        fetch = timed(raw_fetch, dovecot, user, args.runs)
        bare = timed(fetch_and_parse, dovecot, user, args.runs)
        ours = timed(mailtriage, dovecot, user, args.runs)
    finally:
        dovecot.stop()
    print(f"{'raw FETCH BODY.PEEK[] (transfer limit)':45} {fetch:8.0f} msg/s")
    print(f"{'baseline: imapclient fetch + policy.default':45} {bare:8.0f} msg/s")
    print(f"{'mailtriage sync (parse, text, classify, store)':45} {ours:8.0f} msg/s")
    print(f"ratio to baseline: {ours / bare:.2f}x   (bar: >= 1.00)")
    print(f"ratio to raw fetch: {ours / fetch:.2f}x")
    name = "ingestion (PostgreSQL)" if POSTGRES else "ingestion"
    figure(name, round(ours), "msg/s", baseline=round(bare), bar=">= 1.00x", met=ours >= bare)
    figure(f"{name} against a raw FETCH", round(ours), "msg/s", baseline=round(fetch))


if __name__ == "__main__":
    main()
