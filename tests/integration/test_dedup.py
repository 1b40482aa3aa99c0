"""One mail is one message and one case, however often and wherever it arrives."""

from __future__ import annotations

from sqlmodel import Session, func, select

from tests.factories import make_mail
from triage.mail.ingest.sync import sync_all
from triage.models import Case, CaseMailbox, Message, MessageLocation


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_one_mail_to_two_mailboxes_makes_one_case_in_both(
    make_mailbox, make_settings, engine, deliver
):
    housing, intl = make_mailbox("housing"), make_mailbox("international")
    raw = make_mail(
        "Room and permit",
        "Do I need a permit before I sign the contract?",
        to="housing@intl.example.se",
        cc="international@intl.example.se",
    )
    deliver(housing, b"Received: from mx1 by housing\r\nDelivered-To: housing\r\n" + raw)
    deliver(intl, b"Received: from mx2 by intl\r\nDelivered-To: international\r\n" + raw)

    reports = sync_all(engine, make_settings(housing, intl))

    assert [r.stored for r in reports] == [1, 0]
    assert [r.duplicates for r in reports] == [0, 1]
    assert _count(engine, Case) == 1
    assert _count(engine, CaseMailbox) == 2
    assert _count(engine, MessageLocation) == 2


def test_two_different_mails_with_one_message_id_are_both_kept(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    deliver(
        mb,
        make_mail("Fees", "When is the deadline?", message_id="<same@example.org>"),
        make_mail("Keys", "Where are the keys?", message_id="<same@example.org>"),
    )

    sync_all(engine, make_settings(mb))

    assert _count(engine, Message) == 2


def test_the_same_mail_twice_in_one_folder_is_stored_once(
    make_mailbox, make_settings, engine, deliver
):
    mb = make_mailbox()
    raw = make_mail("Twice", "Sent twice by a flaky client")
    deliver(mb, raw, raw)

    report = sync_all(engine, make_settings(mb))[0]

    assert (report.stored, report.duplicates) == (1, 1)
    assert _count(engine, Case) == 1
