"""An admin re-runs a quarantined mail after a fix: it becomes a case, or stays with a reason."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import Session, func, select

from tests.factories import make_mail
from triage.errors import Conflict, NotFound
from triage.mail.ingest.quarantine import RerunResult, rerun_quarantined
from triage.mail.ingest.store import Ingestor, Location, RawMail
from triage.models import Blob, Case, Mailbox, Message, Quarantine

OLD_BUG = "KeyError: 'charset' (a parser bug, since fixed)"
UNREADABLE = b"\r\n\r\n"
# PostgreSQL takes no NUL in text, so this mail's attachment row is refused there (not SQLite).
NUL_MAIL = (
    b"From: a@x.example\r\nSubject: NUL\r\nMessage-ID: <nul@x.example>\r\n"
    b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
    b'Hej\r\n--b\r\nContent-Type: image/pn\x00g; name="a\x00b.png"\r\n'
    b"Content-ID: <x\x00y>\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b--\r\n"
)


def _mailbox(session: Session, name: str = "housing") -> Mailbox:
    row = Mailbox(name=name, address=f"{name}@intl.example.se")
    session.add(row)
    session.flush()
    return row


def _quarantine(session: Session, raw: bytes, mailbox: Mailbox, error: str = OLD_BUG) -> int:
    """Quarantine `raw` as the Ingestor does when storing fails, and commit."""
    ingestor = Ingestor(session, office_addresses={mailbox.address})
    ingestor.quarantine(RawMail(raw, mailbox, Location("INBOX", 7, 42)), error)
    session.commit()
    return _rows(session)[-1].id


def _quarantine_without_mailbox(session: Session, raw: bytes) -> int:
    sha = hashlib.sha256(raw).hexdigest()
    session.add(Blob(sha256=sha, size=len(raw), data=raw))
    session.add(Quarantine(source="legacy import", error=OLD_BUG, raw_sha256=sha, size=len(raw)))
    session.commit()
    return _rows(session)[-1].id


def _rows(session: Session) -> list[Quarantine]:
    return list(session.exec(select(Quarantine).order_by(Quarantine.id)).all())


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_mail_that_now_reads_becomes_a_case_and_leaves_the_quarantine(session, make_settings):
    raw = make_mail("Nyckel", "När får jag nyckeln?")
    quarantine_id = _quarantine(session, raw, _mailbox(session))

    result = rerun_quarantined(session, make_settings(), quarantine_id)
    session.commit()

    assert result.outcome == "stored"
    assert result.error is None
    case = session.get(Case, result.case_id)
    assert case is not None
    texts = session.exec(select(Message.text).where(Message.case_id == case.id)).all()
    assert (case.subject, texts) == ("Nyckel", ["När får jag nyckeln?"])
    assert [q.resolved_at is not None for q in _rows(session)] == [True]


def test_rerunning_a_resolved_mail_is_a_conflict(session, make_settings):
    quarantine_id = _quarantine(session, make_mail("Avgift"), _mailbox(session))
    rerun_quarantined(session, make_settings(), quarantine_id)
    session.commit()

    with pytest.raises(Conflict, match="already resolved"):
        rerun_quarantined(session, make_settings(), quarantine_id)


def test_a_mail_that_still_fails_stays_quarantined_with_the_new_reason(session, make_settings):
    quarantine_id = _quarantine(session, UNREADABLE, _mailbox(session))

    result = rerun_quarantined(session, make_settings(), quarantine_id)
    session.commit()

    assert result == RerunResult("quarantined_again", error="ValueError: empty message")
    (row,) = _rows(session)
    assert (row.resolved_at, row.error) == (None, "ValueError: empty message")
    assert _count(session, Message) == 0


def test_a_mail_already_stored_meanwhile_is_resolved_as_a_duplicate(session, make_settings):
    mailbox = _mailbox(session)
    raw = make_mail("Bostad", "Finns det rum kvar?")
    quarantine_id = _quarantine(session, raw, mailbox)
    stored = Ingestor(session, office_addresses=set()).ingest(raw, mailbox, Location("Old", 1, 1))
    session.commit()

    result = rerun_quarantined(session, make_settings(), quarantine_id)
    session.commit()

    assert result == RerunResult("duplicate", case_id=stored.case_id)
    assert _count(session, Message) == 1
    assert _rows(session)[0].resolved_at is not None


def test_a_mail_from_no_known_mailbox_is_stored_in_the_first_mailbox(session, make_settings):
    first, _ = _mailbox(session, "housing"), _mailbox(session, "fees")
    quarantine_id = _quarantine_without_mailbox(session, make_mail("Utan brevlåda"))

    result = rerun_quarantined(session, make_settings(), quarantine_id)
    session.commit()

    assert result.outcome == "stored"
    message = session.exec(select(Message)).one()
    assert message.mailbox_id == first.id


def test_a_still_broken_mail_from_no_known_mailbox_is_not_quarantined_twice(session, make_settings):
    _mailbox(session)
    quarantine_id = _quarantine_without_mailbox(session, UNREADABLE)

    result = rerun_quarantined(session, make_settings(), quarantine_id)
    session.commit()

    assert result.outcome == "quarantined_again"
    assert [(q.id, q.mailbox_id, q.resolved_at) for q in _rows(session)] == [
        (quarantine_id, None, None)
    ]


def test_without_any_mailbox_a_rerun_is_a_conflict_that_says_what_to_do(session, make_settings):
    quarantine_id = _quarantine_without_mailbox(session, make_mail("Ingen"))

    with pytest.raises(Conflict, match="sync or import a mailbox first"):
        rerun_quarantined(session, make_settings(), quarantine_id)


def test_an_unknown_quarantined_mail_is_not_found(session, make_settings):
    with pytest.raises(NotFound):
        rerun_quarantined(session, make_settings(), 404)


def test_a_rerun_is_undone_when_the_callers_transaction_is_rolled_back(
    engine, session, make_settings
):
    quarantine_id = _quarantine(session, make_mail("Tillbaka"), _mailbox(session))

    rerun_quarantined(session, make_settings(), quarantine_id)
    session.rollback()

    with Session(engine) as fresh:
        assert _count(fresh, Message) == 0
        assert _count(fresh, Case) == 0
        assert [q.resolved_at for q in _rows(fresh)] == [None]


def test_a_mail_the_database_still_refuses_stays_quarantined_and_the_session_goes_on(
    db_url, session, make_settings
):
    if not db_url.startswith("postgresql"):
        pytest.skip("only PostgreSQL refuses NUL bytes in text")
    mailbox = _mailbox(session)
    quarantine_id = _quarantine(session, NUL_MAIL, mailbox, "could not be stored: DataError")
    other_id = _quarantine(session, make_mail("Efter"), mailbox)

    refused = rerun_quarantined(session, make_settings(), quarantine_id)
    stored = rerun_quarantined(session, make_settings(), other_id)
    session.commit()

    assert refused.outcome == "quarantined_again"
    assert "NUL" in (refused.error or "")
    assert stored.outcome == "stored"
    rows = {q.id: q for q in _rows(session)}
    assert rows[quarantine_id].resolved_at is None
    assert rows[quarantine_id].error == refused.error
    assert rows[other_id].resolved_at is not None
    assert session.exec(select(Message.subject)).all() == ["Efter"]
