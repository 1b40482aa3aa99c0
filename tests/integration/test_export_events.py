"""`triage export events` writes the case log one event a line, within whole office days, with a
note's words only on request; `triage export cases` carries what the log says about each case."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlmodel import Session

from tests.factories import cli_settings, run_triage
from triage.cases.service import add_note, assign_case, set_question_type
from triage.cases.standard_replies import record_reply_use
from triage.db import make_engine, upgrade
from triage.events import record_event
from triage.models import Case, CaseEvent, EventKind, Mailbox, TypeSource, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOTE = "Ringde Anna, hon kommer på måndag (personnummer 19990101-1234)"


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


def _suggested(session: Session, case: Case, top: str, at: datetime) -> None:
    data = {"suggestions": [{"id": top, "language": "sv", "score": 0.4}], "question_type": "x"}
    record_event(
        session,
        case,
        EventKind.REPLY_SUGGESTED,
        field="standard_reply",
        new=top,
        data=data,
        at=at,
    )


@pytest.fixture
def office(tmp_path, db_url) -> dict[str, int]:
    """Two October cases in the database `triage` finds (./triage.toml under tmp_path).

    A: the model said fees, anna corrected it to housing; assigned to sara; reopened twice;
    two suggestion lists logged (the last one's top: housing-fault-report); replies used:
    key pickup, thanks, key pickup again; a note. B: no type until anna set one, then confirmed
    it; the classifier's own change is no correction either; nothing else happened. The
    service stamps its events "now" (December), outside every October bound below."""
    settings = cli_settings(tmp_path, db_url)
    engine = make_engine(settings)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        box, anna, sara = (
            Mailbox(name="housing", address="h@x.se"),
            User(username="anna"),
            User(username="sara"),
        )
        session.add_all([box, anna, sara])
        session.flush()
        a = Case(
            mailbox_id=box.id,
            received_at=local(2026, 10, 9, 16),
            language="sv",
            question_type="fees",
            type_source=TypeSource.MODEL,
        )
        b = Case(mailbox_id=box.id, received_at=local(2026, 10, 13, 10))
        session.add_all([a, b])
        session.flush()
        set_question_type(session, settings, a, "housing", anna)
        assign_case(session, a, sara, anna)
        for day in (10, 12):
            record_event(session, a, EventKind.REOPENED, at=local(2026, 10, day, 9))
        _suggested(session, a, "housing-key-pickup", local(2026, 10, 9, 23, 30))
        _suggested(session, a, "housing-fault-report", local(2026, 10, 10, 0, 30))
        for reply in ("housing-key-pickup", "other-thanks-closing", "housing-key-pickup"):
            record_reply_use(session, a, reply, "sv", anna)
        note = add_note(session, a, NOTE, anna)
        record_event(session, b, EventKind.TYPE, actor="classifier", old="fees", new="other")
        set_question_type(session, settings, b, "migration", anna)  # it had none: no correction
        set_question_type(session, settings, b, "migration", anna)  # a confirmation
        session.flush()
        # The note was written late on the 11th (the service stamps it "now").
        late = local(2026, 10, 11, 23, 59)
        session.execute(update(CaseEvent).where(CaseEvent.kind == EventKind.NOTE).values(at=late))
        session.commit()
        ids = {"a": a.id, "b": b.id, "note": note.id}
    engine.dispose()
    return ids


def _cases(tmp_path) -> dict[int, dict[str, str]]:
    result = run_triage(tmp_path, "export", "cases", "--format", "csv")
    assert result.returncode == 0, result.stderr
    return {int(row["id"]): row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_the_cases_export_says_who_has_the_case_and_what_the_log_says_about_it(tmp_path, office):
    rows = _cases(tmp_path)

    a, b = rows[office["a"]], rows[office["b"]]
    assert (a["assignee"], a["language"], a["type_source"]) == ("sara", "sv", "officer")
    assert (a["corrected"], a["reopened"]) == ("True", "2")
    assert a["replies_suggested"] == "housing-fault-report"
    assert a["reply_used"] == "housing-key-pickup other-thanks-closing"
    assert (b["assignee"], b["language"], b["type_source"]) == ("", "", "officer")
    assert (b["corrected"], b["reopened"]) == ("False", "0")
    assert (b["replies_suggested"], b["reply_used"]) == ("", "")


def test_the_cases_export_counts_a_type_changed_back_as_no_correction(tmp_path, db_url):
    """The same rule as the statistics' corrected share: the type a case ends on against the
    classifier's last, however often an officer changed it on the way."""
    settings = cli_settings(tmp_path, db_url)
    engine = make_engine(settings)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        box, anna = Mailbox(name="housing", address="h@x.se"), User(username="anna")
        session.add_all([box, anna])
        session.flush()
        ids = {}
        for name, later in (("back", ["housing", "migration"]), ("away", ["housing", "fees"])):
            case = Case(mailbox_id=box.id, received_at=local(2026, 10, 6, 10))
            session.add(case)
            session.flush()
            record_event(session, case, EventKind.TYPE, actor="classifier", new="migration")
            case.question_type = "migration"
            for label in later:
                set_question_type(session, settings, case, label, anna)
            ids[name] = case.id
        session.commit()
    engine.dispose()

    rows = _cases(tmp_path)

    assert rows[ids["back"]]["corrected"] == "False"
    assert rows[ids["away"]]["corrected"] == "True"


def test_the_events_export_keeps_whole_office_days_in_both_formats(tmp_path, office):
    bounds = ("--from", "2026-10-10", "--to", "2026-10-11")

    as_json = run_triage(tmp_path, "export", "events", "--format", "jsonl", *bounds)
    as_csv = run_triage(tmp_path, "export", "events", "--format", "csv", *bounds)

    assert as_json.returncode == 0, as_json.stderr
    assert as_csv.returncode == 0, as_csv.stderr
    lines = [json.loads(line) for line in as_json.stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    # 00:30 on the 10th and 23:59 on the 11th are in; 23:30 on the 9th and the 12th are not.
    assert [(e["kind"], e["at"]) for e in lines] == [
        ("reopened", "2026-10-10T07:00:00+00:00"),
        ("reply_suggested", "2026-10-09T22:30:00+00:00"),
        ("note", "2026-10-11T21:59:00+00:00"),
    ]
    assert list(rows[0]) == [
        "id",
        "case_id",
        "at",
        "actor",
        "kind",
        "field",
        "old_value",
        "new_value",
        "message_id",
        "data",
    ]
    assert [(r["kind"], r["at"]) for r in rows] == [(e["kind"], e["at"]) for e in lines]
    suggested = lines[1]
    assert suggested["case_id"] == office["a"]
    assert (suggested["field"], suggested["new_value"]) == (
        "standard_reply",
        "housing-fault-report",
    )
    assert suggested["data"]["suggestions"][0]["id"] == "housing-fault-report"
    assert json.loads(rows[1]["data"]) == suggested["data"]
    assert "exported" in as_json.stderr


def test_a_notes_words_are_exported_only_with_text(tmp_path, office):
    plain = run_triage(tmp_path, "export", "events", "--format", "csv")
    with_text = run_triage(tmp_path, "export", "events", "--format", "jsonl", "--with-text")

    assert plain.returncode == 0, plain.stderr
    assert with_text.returncode == 0, with_text.stderr
    assert "personnummer" not in plain.stdout
    assert "text" not in next(csv.reader(io.StringIO(plain.stdout)))
    (note,) = [e for e in map(json.loads, with_text.stdout.splitlines()) if e["kind"] == "note"]
    assert note["data"] == {"note": office["note"]}
    assert note["text"] == NOTE


def test_an_unknown_export_is_a_usage_error(tmp_path):
    result = run_triage(tmp_path, "export", "everything")

    assert result.returncode == 2
    assert "events" in result.stderr
