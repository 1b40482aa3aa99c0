"""The real-world corpus (../shared/mail-corpus, read where it lies): every mail stored or
quarantined with a reason, none stops the batch, and the text a correct decoding contains is
found in at least 98 % of them (a plain stdlib parse finds about 90 %)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlmodel import Session, select

from triage.mail.ingest.sync import sync_all
from triage.models import Message, MessageLocation, Quarantine

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "mail-corpus"


def _entries() -> list[dict[str, str]]:
    overrides = json.loads((CORPUS / "overrides.json").read_text())
    entries = []
    for line in (CORPUS / "index.jsonl").read_text().splitlines():
        entry = json.loads(line)
        entry.update(overrides.get(entry["path"], {}))
        entries.append(entry)
    return entries


def _deliver_all(dovecot, mb, entries) -> dict[int, str]:
    """APPEND each mail and return {uid: corpus path}; the few the server refuses (NUL bytes)
    go into the Maildir as a delivery agent would, and get UIDs we learn only at sync."""
    uids: dict[int, str] = {}
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(mb.username, mb.secret())
        for n, entry in enumerate(entries):
            raw = (CORPUS / entry["path"]).read_bytes()
            try:
                answer = client.append("INBOX", raw)
            except IMAPClientError:
                path = dovecot.maildir(mb.username) / "new" / f"corpus{n}.{os.getpid()}.test"
                path.write_bytes(raw)
                if os.geteuid() == 0:
                    shutil.chown(path, "nobody", "nogroup")
                continue
            uid = int(answer.split(b"APPENDUID ")[1].split(b" ")[1].rstrip(b"]"))
            uids[uid] = entry["path"]
    return uids


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/mail-corpus is not beside the project")
def test_the_whole_corpus_is_stored_and_decoded(dovecot, make_mailbox, make_settings, engine):
    entries = _entries()
    mb = make_mailbox("corpus")
    uids = _deliver_all(dovecot, mb, entries)

    report = sync_all(engine, make_settings(mb))[0]

    assert report.error == ""
    assert report.stored + report.duplicates + report.quarantined == len(entries)
    with Session(engine) as session:
        rows = session.exec(
            select(MessageLocation.uid, Message.subject, Message.text).join(
                Message,
                Message.id == MessageLocation.message_id,  # type: ignore[arg-type]
            )
        ).all()
        quarantined = session.exec(select(Quarantine)).all()
    assert all(q.error for q in quarantined)
    stored = {
        uids.get(uid, f"by-file-{uid}"): _normal(f"{subj}\n{text}") for uid, subj, text in rows
    }
    by_file = " ".join(v for k, v in stored.items() if k.startswith("by-file-"))
    expected = [e for e in entries if e.get("expect_text")]
    missing = [
        e["path"]
        for e in expected
        if _normal(e["expect_text"]) not in stored.get(e["path"], by_file)
    ]
    assert len(uids) >= len(entries) - 10  # all but a few went in over IMAP
    assert 1 - len(missing) / len(expected) >= 0.98, f"not found in {len(missing)}: {missing}"
