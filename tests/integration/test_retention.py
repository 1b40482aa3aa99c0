"""Personal data is removed from cases closed longer ago than the retention period; the numbers
the statistics need stay."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, func, select

from tests.factories import make_mail
from triage.cases.search import case_has_match
from triage.mail.ingest.files import import_paths
from triage.models import (
    Attachment,
    Blob,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    EventKind,
    Message,
)
from triage.records.retention import REMOVED, apply_retention


def test_old_closed_cases_lose_their_mail_but_keep_their_statistics(
    tmp_path, make_settings, engine
):
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "Anna <anna@x.example>", "h@y.se", "Pass"
    mail["Message-ID"] = "<att@x.example>"
    mail.set_content("Här är mitt pass, personnummer 000101-0000.")
    mail.add_attachment(
        b"%PDF-1.4 passport", maintype="application", subtype="pdf", filename="pass.pdf"
    )
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "a_old.eml").write_bytes(mail.as_bytes())
    (folder / "b_new.eml").write_bytes(make_mail("Nyckel", "Var hämtar jag nyckeln?"))
    settings = make_settings()
    import_paths(engine, settings, [folder], "housing")
    with Session(engine) as session:
        old, new = session.exec(select(Case).order_by(Case.id)).all()
        old.status, old.outcome, old.question_type = (
            CaseStatus.CLOSED,
            "personal_reply",
            "migration",
        )
        old.closed_at = datetime(2023, 1, 10, tzinfo=UTC)
        session.add(CaseNote(case_id=old.id, author="anna", text="Ringde Anna, 000101-0000"))
        session.add(CaseNote(case_id=new.id, author="anna", text="Väntar på svar"))
        session.commit()

    with Session(engine) as session:
        report = apply_retention(session, settings, now=datetime(2026, 11, 27, tzinfo=UTC))
        session.commit()

    assert (report.cases, report.messages) == (1, 1)
    with Session(engine) as session:
        old, new = session.exec(select(Case).order_by(Case.id)).all()
        old_text = session.exec(select(Message.text).where(Message.case_id == old.id)).one()
        blobs = session.exec(select(Blob.data)).all()
        attachments = session.exec(select(func.count()).select_from(Attachment)).one()
        kinds = session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == old.id)).all()
        notes = session.exec(select(CaseNote.text)).all()
        found = case_has_match(engine.dialect.name, "pass")
        assert found is not None
        hits = session.exec(select(func.count()).select_from(Case).where(found)).one()
    assert (old.subject, old.requester_email, old_text) == (REMOVED, "", "")
    assert (old.question_type, old.outcome, old.message_count) == ("migration", "personal_reply", 1)
    assert attachments == 0
    assert not any(b"000101-0000" in b or b"passport" in b for b in blobs)
    assert EventKind.ANONYMISED in kinds
    assert notes == ["Väntar på svar"]  # the old case's note is gone, the open one's kept
    assert hits == 0  # nor can search find the removed mail
    assert new.requester_email == "anna.lindqvist@student.example.org"
    assert new.subject == "Nyckel"


def test_a_file_on_an_unsent_reply_survives_retention(tmp_path, make_settings, engine):
    """Retention removes files nothing refers to; a file an officer attached to a draft reply
    on an open case is still referred to, by the draft."""
    from triage.cases.reply_attachments import ReplyAttachment
    from triage.cases.reply_drafts import add_attachment
    from triage.models import DraftAttachment, User

    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "q.eml").write_bytes(make_mail("Intyg", "Kan jag få ett intyg?"))
    settings = make_settings()
    import_paths(engine, settings, [folder], "housing")
    pdf = b"%PDF-1.4 certificate for the student\n%%EOF\n"
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        anna = User(username="anna", role="officer")
        session.add(anna)
        session.flush()
        add_attachment(session, settings, case, anna, ReplyAttachment("intyg.pdf", pdf))
        session.commit()

    with Session(engine) as session:
        apply_retention(session, settings, now=datetime(2026, 11, 27, tzinfo=UTC))
        session.commit()

    with Session(engine) as session:
        kept = session.exec(select(DraftAttachment)).one()
        blob = session.get(Blob, kept.blob_sha256)
        assert blob is not None
        assert blob.data == pdf
