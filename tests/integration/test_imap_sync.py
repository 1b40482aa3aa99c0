"""Pulling mail over IMAP: every mail once, nothing marked read, nothing lost."""

from __future__ import annotations

from imapclient import IMAPClient
from sqlmodel import Session, func, select

from tests.factories import make_mail
from triage.mail.ingest.sync import sync_all
from triage.models import Case, FolderState, Mailbox, Message


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_syncing_twice_stores_each_message_once(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    deliver(mb, make_mail("Nyckel"), make_mail("Hyra"), make_mail("Deposition"))
    settings = make_settings(mb)

    first = sync_all(engine, settings)
    second = sync_all(engine, settings)

    assert (first[0].stored, first[0].new_cases, first[0].error) == (3, 3, "")
    assert (second[0].stored, second[0].duplicates) == (0, 0)
    with Session(engine) as session:
        assert _count(session, Message) == 3
        assert _count(session, Case) == 3
        assert session.exec(select(FolderState.last_uid)).one() == 3


def test_mail_already_read_in_outlook_still_arrives(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    deliver(mb, make_mail("Already read"), flags=(b"\\Seen",))
    deliver(mb, make_mail("Not read yet"))

    sync_all(engine, make_settings(mb))

    with Session(engine) as session:
        subjects = set(session.exec(select(Message.subject)).all())
    assert subjects == {"Already read", "Not read yet"}


def test_syncing_marks_nothing_as_read(dovecot, make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    deliver(mb, make_mail("Unread question"))

    sync_all(engine, make_settings(mb))

    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(mb.username, mb.secret())
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags(client.search("ALL"))
    assert all(b"\\Seen" not in f for f in flags.values())


def test_new_mail_after_a_sync_is_picked_up_next_time(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    settings = make_settings(mb)
    deliver(mb, make_mail("First"))
    sync_all(engine, settings)

    deliver(mb, make_mail("Second"))
    report = sync_all(engine, settings)[0]

    assert report.stored == 1
    with Session(engine) as session:
        assert _count(session, Message) == 2


def test_mail_is_fetched_in_batches_and_all_arrives(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox()
    deliver(mb, *(make_mail(f"Question {i}") for i in range(23)))
    settings = make_settings(mb)
    settings.sync.batch_size = 5

    report = sync_all(engine, settings)[0]

    assert report.stored == 23
    with Session(engine) as session:
        assert session.exec(select(Mailbox.messages_waiting)).one() == 0


def test_move_to_moves_stored_mail_out_of_the_inbox(
    dovecot, make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox(move_to="Archive")
    deliver(mb, make_mail("Move me"), make_mail("Me too"))

    report = sync_all(engine, make_settings(mb))[0]

    assert report.stored == 2
    with IMAPClient("127.0.0.1", port=dovecot.port, ssl=False) as client:
        client.login(mb.username, mb.secret())
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Archive")[b"EXISTS"] == 2


def test_every_configured_folder_is_synced(make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox(folders=["INBOX", "Archive"])
    deliver(mb, make_mail("In the inbox"))
    deliver(mb, make_mail("Filed away"), folder="Archive")

    report = sync_all(engine, make_settings(mb))[0]

    assert report.stored == 2
    assert report.folders == ["INBOX", "Archive"]
