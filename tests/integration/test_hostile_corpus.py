"""The hostile-input corpus (tests/hostile) through `triage import`: every mail is stored or
quarantined with a reason, none stops the import, no forged address becomes a sender or the
office, no stored id carries a control character, and every stored mail's case page answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.conftest import database
from tests.factories import run_triage
from tests.hostile import HostileMail, write_corpus
from tests.hostile.build import OFFICE, OFFICE_DOMAIN
from tests.integration.web.conftest import PASSWORDS, log_in
from tests.servers import triage_served
from triage.db import make_engine, transaction
from triage.models import Case, Direction, Message, MessageLocation, Quarantine
from triage.people.users import add_user
from triage.settings import Settings

# The per-mail budget: a mail that parses longer than this is quarantined, and the import goes on.
PARSE_BUDGET_S = 5
# Hang guards, not timing assertions: a regression fails the test instead of blocking CI.
PAGE_GUARD_S = 120.0
SERVER_START_GUARD_S = 60.0
CONTROL_CHARS = {chr(c) for c in range(32)} | {"\x7f"}


@dataclass
class Imported:
    done: subprocess.CompletedProcess[str]
    corpus: dict[str, HostileMail]  # "file:PATH" (the source the import records) -> mail
    engine: Engine
    config: Path
    home: Path


def _config(home: Path, db_url: str) -> Path:
    path = home / "triage.toml"
    path.write_text(
        textwrap.dedent(f"""
        database_url = "{db_url}"
        internal_domains = ["{OFFICE_DOMAIN}"]

        [sync]
        parse_timeout_s = {PARSE_BUDGET_S}

        [[mailbox]]
        name = "housing"
        address = "{OFFICE}"
        imap_host = "127.0.0.1"
        imap_port = 143
        tls = "none"
        username = "housing"
        password = "not-used-by-an-import"
        idle = false
    """)
    )
    return path


def _install_model(seed_model_file: Path, data_dir: Path) -> None:
    """The seed model, promoted, so the classifier reads every hostile text too."""
    models = data_dir / "models"
    models.mkdir(parents=True)
    shutil.copy(seed_model_file, models / "model-test.skops")
    (models / "promoted.json").write_text(json.dumps({"file": "model-test.skops"}))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def imported(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    seed_model_file: Path,
) -> Iterator[Imported]:
    home = tmp_path_factory.mktemp("hostile")
    with database(request.param, home) as db_url:
        yield from _import(home, db_url, seed_model_file)


def _import(home: Path, db_url: str, seed_model_file: Path) -> Iterator[Imported]:
    config = _config(home, db_url)
    _install_model(seed_model_file, home / "var")  # run_triage's data directory
    written = write_corpus(home / "corpus")

    done = run_triage(
        home, "import", str(home / "corpus"), "--mailbox", "housing", "--config", str(config)
    )

    engine = make_engine(Settings(database_url=db_url, data_dir=home / "var"))
    corpus = {f"file:{path}": mail for path, mail in written.items()}
    yield Imported(done, corpus, engine, config, home)
    engine.dispose()


def _stored(imported: Imported) -> list[tuple[HostileMail, Message]]:
    with Session(imported.engine) as session:
        rows = session.exec(
            select(MessageLocation.folder, Message).where(MessageLocation.message_id == Message.id)
        ).all()
    return [
        (imported.corpus[folder], message) for folder, message in rows if folder in imported.corpus
    ]


def _is_office(address: str) -> bool:
    return address == OFFICE or address.endswith(f"@{OFFICE_DOMAIN}")


def test_the_import_of_the_hostile_corpus_finishes_without_a_crash(imported):
    assert imported.done.returncode == 0, imported.done.stderr[-3000:]
    assert "Traceback" not in imported.done.stderr


def test_every_hostile_mail_is_stored_or_quarantined_with_a_reason(imported):
    with Session(imported.engine) as session:
        stored = set(session.exec(select(MessageLocation.folder)).all())
        quarantined = dict(session.exec(select(Quarantine.source, Quarantine.error)).all())

    lost = [
        mail.name
        for source, mail in imported.corpus.items()
        if source not in stored and not quarantined.get(source, "").strip()
    ]

    assert lost == [], f"{len(lost)} of {len(imported.corpus)} mails lost: {lost}"


def test_no_hostile_mail_is_stored_as_from_the_office_or_from_an_address_it_only_encodes(
    imported,
):
    forged = []
    for mail, message in _stored(imported):
        sender = message.from_email
        if _is_office(sender) and sender != mail.sender:
            forged.append(f"{mail.name}: stored as from the office ({sender})")
        elif sender in mail.forged:
            forged.append(f"{mail.name}: stored as from {sender}, which it only encodes")
        if message.direction == Direction.OUT and not _is_office(mail.sender):
            forged.append(f"{mail.name}: stored as sent by the office")
    with Session(imported.engine) as session:
        for mail, message in _stored(imported):
            case = session.get(Case, message.case_id) if message.case_id else None
            if case is not None and case.requester_email in mail.forged:
                forged.append(f"{mail.name}: filed on the case of {case.requester_email}")

    assert forged == []


def test_the_office_itself_is_still_known_by_its_real_address(imported):
    senders = {
        mail.name: message.from_email
        for mail, message in _stored(imported)
        if mail.name.startswith("control-")
    }

    assert senders == {"control-the-office-itself-with-an-encoded-display-name": OFFICE}


def test_no_stored_message_id_or_reference_holds_a_control_character(imported):
    dirty = [
        f"{mail.name}: {field}"
        for mail, message in _stored(imported)
        for field in ("message_id", "in_reply_to", "references")
        if CONTROL_CHARS & set(getattr(message, field))
    ]

    assert dirty == []


def test_the_case_page_of_every_stored_hostile_mail_answers(imported):
    case_of: dict[int, str] = {}
    for mail, message in _stored(imported):
        if message.case_id is not None:
            case_of.setdefault(message.case_id, mail.name)
    with transaction(imported.engine) as session:
        add_user(session, "anna", "officer", PASSWORDS["anna"])

    failures = []
    with _served(imported) as client:
        log_in(client, "anna")
        for case_id, name in sorted(case_of.items()):
            for url in (f"/cases/{case_id}", f"/api/v1/cases/{case_id}"):
                try:
                    status = client.get(url).status_code
                except httpx.TimeoutException:
                    status = "no answer"
                if status != 200:
                    failures.append(f"{name}: GET {url} -> {status}")

    assert case_of, "no hostile mail was stored with a case"
    assert failures == []


@contextmanager
def _served(imported: Imported) -> Iterator[httpx.Client]:
    """`triage serve` on a free port as a user runs it: a page that never answers then costs
    this test its guard, not the whole run (an in-process client would wait for ever)."""
    with (
        triage_served(imported.home, imported.config, SERVER_START_GUARD_S) as url,
        httpx.Client(base_url=url, timeout=PAGE_GUARD_S) as client,
    ):
        yield client
