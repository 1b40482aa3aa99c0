"""A mail that takes too long or too much memory to parse is quarantined with the reason, and
the sync goes on past it: the next mails are stored and the folder position advances, so the
next sync does not fetch it again."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from sqlmodel import Session, select

from tests.factories import make_mail
from triage.mail.ingest.files import import_paths
from triage.mail.ingest.parsepool import ParseFailure, ParsePool
from triage.mail.ingest.sync import sync_all
from triage.models import Message, Quarantine
from triage.settings import SyncSettings


def _many_parts(count: int) -> bytes:
    """Legal and genuinely slow to parse: a multipart with `count` parts (seconds for 60,000)."""
    head = (
        b"From: Bo <bo@student.example.org>\r\nTo: housing@intl.example.se\r\n"
        b"Subject: Many parts\r\nMessage-ID: <many-parts@student.example.org>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
    )
    return head + b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" * count + b"--b--\r\n"


def _big_attachment(megabytes: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Bo <bo@student.example.org>"
    msg["To"] = "housing@intl.example.se"
    msg["Subject"] = "Big scan"
    msg["Message-ID"] = "<big-scan@student.example.org>"
    msg.set_content("Se bilagan.")
    data = bytes(range(256)) * (megabytes * 4096)
    msg.add_attachment(data, maintype="application", subtype="pdf", filename="scan.pdf")
    return msg.as_bytes()


def _subjects(engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.exec(select(Message.subject)).all())


def _reasons(engine) -> list[str]:
    with Session(engine) as session:
        return [q.error for q in session.exec(select(Quarantine)).all()]


def test_a_mail_that_parses_too_long_is_quarantined_and_the_sync_goes_on(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    sync = SyncSettings(backoff_s=0.01, timeout_s=10, parse_timeout_s=0.25, parse_workers=1)
    settings = make_settings(mb, sync=sync)
    deliver(mb, make_mail("Before"), _many_parts(60_000), make_mail("After"))

    first = sync_all(engine, settings)[0]
    second = sync_all(engine, settings)[0]

    assert (first.stored, first.quarantined, first.error) == (2, 1, "")
    assert _subjects(engine) == ["After", "Before"]
    assert _reasons(engine) == ["parsing took longer than 0.25 s"]
    assert (second.stored, second.duplicates, second.quarantined) == (0, 0, 0)


def test_a_mail_that_needs_too_much_memory_to_parse_is_quarantined_and_the_sync_goes_on(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    sync = SyncSettings(backoff_s=0.01, timeout_s=30, parse_memory_mb=64)
    settings = make_settings(mb, sync=sync)
    deliver(mb, _big_attachment(28), make_mail("After"))  # ~38 MB: ~90 MB to parse

    first = sync_all(engine, settings)[0]
    second = sync_all(engine, settings)[0]

    assert (first.stored, first.quarantined, first.error) == (1, 1, "")
    assert _subjects(engine) == ["After"]
    assert _reasons(engine) == ["parsing needed more than 64 MB"]
    assert (second.stored, second.duplicates, second.quarantined) == (0, 0, 0)


def test_an_import_quarantines_a_mail_over_the_parse_budget_and_stores_the_rest(
    tmp_path: Path, make_settings, engine
):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(make_mail("Before"))
    (folder / "2.eml").write_bytes(_many_parts(60_000))
    (folder / "3.eml").write_bytes(make_mail("After"))
    settings = make_settings(sync=SyncSettings(parse_timeout_s=0.25))

    report = import_paths(engine, settings, [folder], "housing")

    assert (report.stored, report.quarantined) == (2, 1)
    assert _subjects(engine) == ["After", "Before"]
    assert _reasons(engine) == ["parsing took longer than 0.25 s"]


def test_a_worker_that_overran_is_replaced_and_the_next_mails_are_parsed():
    with ParsePool(workers=2, timeout_s=0.25, memory_mb=256) as pool:
        outcomes = pool([_many_parts(60_000), make_mail("A"), make_mail("B"), make_mail("C")])

    assert outcomes[0] == ParseFailure("parsing took longer than 0.25 s")
    assert [getattr(o, "subject", None) for o in outcomes[1:]] == ["A", "B", "C"]
    assert pool.replaced == 1


def _subjects_of(outcomes) -> list[str | None]:
    return [getattr(o, "subject", None) for o in outcomes]


def test_a_share_parsed_ahead_fails_only_the_mail_over_its_time_and_parses_the_rest():
    # One worker takes all four as one share and parses them while the caller is busy.
    with ParsePool(workers=1, timeout_s=0.25, memory_mb=256, share_below=64 << 20) as pool:
        ahead = pool.start([make_mail("A"), _many_parts(60_000), make_mail("B"), make_mail("C")])
        outcomes = pool.collect(ahead)

    assert outcomes[1] == ParseFailure("parsing took longer than 0.25 s")
    assert _subjects_of(outcomes) == ["A", None, "B", "C"]
    assert pool.replaced == 1


def test_a_share_too_big_for_the_worker_is_parsed_mail_by_mail_and_only_the_big_one_fails():
    # The worker cannot even take the ~38 MB share in 64 MB: no mail is to blame for that, so
    # all three are parsed one by one, where the big one fails on its own.
    with ParsePool(workers=1, timeout_s=30, memory_mb=64, share_below=64 << 20) as pool:
        ahead = pool.start([make_mail("A"), _big_attachment(28), make_mail("B")])
        outcomes = pool.collect(ahead)

    assert outcomes[1] == ParseFailure("parsing needed more than 64 MB", spent_worker=True)
    assert _subjects_of(outcomes) == ["A", None, "B"]
    assert pool.replaced == 2  # the worker that could not take the share, then the big mail's


def test_a_batch_abandoned_while_parsed_ahead_leaves_the_pool_working():
    with ParsePool(workers=2, timeout_s=30, memory_mb=256) as pool:
        ahead = pool.start([make_mail(f"Mail {i}") for i in range(40)])
        pool.abandon(ahead)  # the caller's store failed: this batch is fetched again later
        again = pool.collect(pool.start([make_mail("Again"), _many_parts(10)]))

    assert _subjects_of(again) == ["Again", "Many parts"]
