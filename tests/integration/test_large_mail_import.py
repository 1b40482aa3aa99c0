"""`triage import` of mail over the size limit: each too-large .eml, mbox entry or Maildir file is
quarantined from its headers with the reason, and the import goes on (#15)."""

from __future__ import annotations

import mailbox
import re
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from tests.factories import make_mail
from triage.mail.ingest.files import count_mail, import_paths
from triage.mail.ingest.mbox import iter_mbox_entries
from triage.models import Blob, Message, Quarantine
from triage.settings import SyncSettings

LIMIT = 16 * 1024


def _sync(limit: int = LIMIT) -> SyncSettings:
    return SyncSettings(backoff_s=0.01, timeout_s=10, max_message_bytes=limit)


def _big_mail(subject: str = "Scanned passport") -> bytes:
    return make_mail(subject, "Here it is.\n" + "QUJD" * LIMIT + "\n")


def _quarantined(engine: Any) -> list[tuple[Quarantine, bytes]]:
    with Session(engine) as session:
        rows = session.exec(select(Quarantine, Blob.data).join(Blob)).all()
        return [(q, bytes(data)) for q, data in rows]


def _subjects(engine: Any) -> list[str]:
    with Session(engine) as session:
        return sorted(session.exec(select(Message.subject)).all())


def test_a_too_large_eml_is_quarantined_with_its_headers_and_the_rest_imported(
    tmp_path: Path, make_settings, engine
):
    folder = tmp_path / "emls"
    folder.mkdir()
    (folder / "a.eml").write_bytes(make_mail("Key"))
    (folder / "b.eml").write_bytes(_big_mail())
    (folder / "c.eml").write_bytes(make_mail("Deposit"))

    report = import_paths(engine, make_settings(sync=_sync()), [folder], "housing")

    assert (report.imported, report.quarantined) == (2, 1)
    assert _subjects(engine) == ["Deposit", "Key"]
    [(row, head)] = _quarantined(engine)
    assert re.match(r"too large: \d+(\.\d)? KB is over the 16 KB limit;", row.error)
    assert f"in the file {folder / 'b.eml'}" in row.error
    assert row.size == (folder / "b.eml").stat().st_size
    assert b"Subject: Scanned passport" in head
    assert b"QUJD" not in head


def test_a_too_large_mbox_entry_is_quarantined_and_the_entries_after_it_imported(
    tmp_path: Path, make_settings, engine
):
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path)
    for raw in (make_mail("Key"), _big_mail(), make_mail("Deposit")):
        box.add(raw)
    box.close()

    report = import_paths(engine, make_settings(sync=_sync()), [path], "housing")

    assert (report.imported, report.quarantined) == (2, 1)
    assert _subjects(engine) == ["Deposit", "Key"]
    [(row, head)] = _quarantined(engine)
    assert row.source == f"file:{path}#2"
    assert b"Subject: Scanned passport" in head
    assert b"QUJD" not in head


def test_an_mbox_entry_over_the_limit_is_never_held_whole_in_memory(tmp_path: Path):
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path)
    box.add(_big_mail())
    box.close()

    [entry] = list(iter_mbox_entries(path, max_bytes=LIMIT))

    assert not entry.whole
    assert entry.size > 4 * LIMIT
    assert len(entry.raw) < LIMIT


def test_a_too_large_maildir_mail_is_quarantined(tmp_path: Path, make_settings, engine):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(make_mail("Key"))
    box.add(_big_mail())

    report = import_paths(engine, make_settings(sync=_sync()), [tmp_path / "Maildir"], "fees")

    assert (report.imported, report.quarantined) == (1, 1)


def test_importing_again_after_the_limit_is_raised_stores_it_and_resolves_the_row(
    tmp_path: Path, make_settings, engine
):
    path = tmp_path / "big.eml"
    path.write_bytes(_big_mail())
    import_paths(engine, make_settings(sync=_sync()), [path], "housing")

    report = import_paths(engine, make_settings(sync=_sync(8 * LIMIT)), [path], "housing")

    assert report.imported == 1
    assert _subjects(engine) == ["Scanned passport"]
    [(row, _)] = _quarantined(engine)
    assert row.resolved_at is not None


def test_counting_mail_for_the_progress_bar_counts_too_large_mail_too(tmp_path: Path):
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path)
    for raw in (make_mail("Key"), _big_mail(), make_mail("Deposit")):
        box.add(raw)
    box.close()
    (tmp_path / "big.eml").write_bytes(_big_mail())

    assert count_mail([path, tmp_path / "big.eml"]) == 4
