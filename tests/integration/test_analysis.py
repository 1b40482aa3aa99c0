"""The period analysis on a database: figures a manager can count by hand, the planted topics as
candidates with their trend, correct empty reports with a note, and the `triage analyse` command."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from tests.factories import cli_settings, run_triage
from tests.topics_corpus import TOPICS, period
from triage.db import make_engine, upgrade
from triage.events import record_event
from triage.models import Blob, Case, CaseStatus, EventKind, Mailbox, Message, User
from triage.records.analysis import analyse_period
from triage.records.analysis_render import render_html, render_markdown
from triage.records.retention import apply_retention

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, datetime.min.time(), STOCKHOLM) + timedelta(hours=hour)


class Office:
    """Cases with their first question, built straight into the tables."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.box = Mailbox(name="io", address="io@x.se")
        self.anna = User(username="anna", display_name="Anna")
        session.add_all([self.box, self.anna, Blob(sha256="0" * 64, size=0, data=b"")])
        session.flush()

    def case(self, when, kind, body="En fråga", outcome=None, name="Kim Park", subject="Fråga"):
        case = Case(
            mailbox_id=self.box.id,
            subject=subject,
            requester_name=name,
            received_at=when,
            question_type=kind,
            assignee_id=self.anna.id,
        )
        if outcome:
            case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, when
        self.session.add(case)
        self.session.flush()
        key = hashlib.sha256(str(case.id).encode()).hexdigest()
        self.session.add(
            Message(
                case_id=case.id,
                mailbox_id=self.box.id,
                dedup_key=key,
                subject=subject,
                text=body,
                date=when,
                raw_sha256="0" * 64,
            )
        )
        return case

    def mails(self, rows, first: date, days: int, kind=None, outcome=None):
        for i, (subject, body, name, topic) in enumerate(rows):
            question_type = kind or ("other" if topic == "parking" else "housing")
            self.case(
                at(first + timedelta(days=i % days)), question_type, body, outcome, name, subject
            )


@pytest.fixture
def settings(make_settings):
    return make_settings()


def analyse(engine, settings, first=OCTOBER[0], last=OCTOBER[1], **options):
    with Session(engine) as session:
        return analyse_period(session, settings, first, last, **options)


def test_outcomes_and_referred_shares_are_what_a_manager_counts(engine, settings):
    with Session(engine) as session:
        office = Office(session)
        for outcome in ["referred_migrationsverket"] * 3 + ["personal_reply", "spam", None]:
            office.case(at(date(2026, 10, 5)), "migration", outcome=outcome)
        office.case(at(date(2026, 10, 6)), "housing", outcome="standard_reply")
        office.case(at(date(2026, 9, 20)), "housing", outcome="personal_reply")
        office.case(at(date(2026, 9, 21)), "housing")
        # 00:30 on 1 November in Stockholm is November's, and 23:30 on 31 October October's.
        office.case(datetime(2026, 10, 31, 23, 30, tzinfo=UTC), "fees")
        office.case(datetime(2026, 10, 31, 22, 30, tzinfo=UTC), "fees")
        session.commit()

    report = analyse(engine, settings)

    assert report["total"] == 8
    assert report["by_type"] == {"housing": 1, "migration": 6, "outbound": 0, "fees": 1, "other": 0}
    assert report["outcomes"]["migration"]["referred_migrationsverket"] == 3
    assert report["referred_share"]["migration"] == 0.75  # 3 of 4 answered (spam is not)
    assert report["referred_share"]["housing"] == 0.0
    assert report["referred_share"]["fees"] is None
    assert report["by_week"]["2026-W41"] == 7
    assert report["by_week"]["2026-W44"] == 1
    assert report["previous_period"]["total"] == 2
    assert report["previous_period"]["trend"]["housing"] == {
        "count": 1, "previous": 2, "change": -1, "percent": -50.0
    }  # fmt: skip
    assert report["previous_period"]["trend"]["migration"]["percent"] is None
    assert report["best_placed"][0] == {
        "kind": "type",
        "label": "migration",
        "destination": "referred_migrationsverket",
        "count": 3,
        "referred": 3,
        "share": 0.75,
    }
    assert report["per_officer"] == [
        {"officer": "anna", "name": "Anna", "handled": 8, "closed": 6,
         "outcomes": {"referred_migrationsverket": 3, "personal_reply": 1, "spam": 1,
                      "standard_reply": 1}}
    ]  # fmt: skip


def test_a_case_closed_without_being_taken_counts_for_the_officer_who_closed_it(engine, settings):
    with Session(engine) as session:
        office = Office(session)
        bo = User(username="bo", display_name="Bo")
        session.add(bo)
        office.case(at(date(2026, 10, 5)), "other")  # Anna's, open
        for outcome in ("spam", "no_answer_needed"):
            case = office.case(at(date(2026, 10, 6)), "other", outcome=outcome)
            case.assignee_id = None
            session.flush()
            record_event(session, case, EventKind.OUTCOME, actor="bo", actor_id=bo.id, new=outcome)
        office.case(at(date(2026, 10, 7)), "other").assignee_id = None  # open, nobody's yet
        session.commit()

    report = analyse(engine, settings)

    assert report["per_officer"] == [
        {"officer": "bo", "name": "Bo", "handled": 2, "closed": 2,
         "outcomes": {"spam": 1, "no_answer_needed": 1}},
        {"officer": "anna", "name": "Anna", "handled": 1, "closed": 0, "outcomes": {}},
    ]  # fmt: skip


def test_per_officer_figures_can_be_left_out(engine, settings):
    with Session(engine) as session:
        Office(session).case(at(date(2026, 10, 5)), "fees")
        session.commit()

    report = analyse(engine, settings, per_officer=False)

    assert report["per_officer"] is None
    assert "Figures per officer are not shown." in report["notes"]


def test_planted_topics_are_candidates_with_their_trend(engine, settings):
    planted = {"parking": 20, "transcript_erasmus": 20, "bike_storage": 20}
    with Session(engine) as session:
        office = Office(session)
        office.mails(period(1, planted, noise=30), OCTOBER[0], 31, outcome="personal_reply")
        office.mails(period(2, {"parking": 8}, noise=20), date(2026, 9, 1), 30)
        session.commit()

    report = analyse(engine, settings)

    labels = " | ".join(c["label"] for c in report["candidates"]).lower()
    assert "transcript" in labels
    assert "garage" in labels or "parking" in labels or "parkeringstillstånd" in labels
    assert "bike" in labels or "cykelförrådet" in labels
    parking = [c for c in report["candidates"] if _about(c, "parking")]
    assert 6 <= sum(c["trend"]["previous"] for c in parking) <= 9
    assert all(c["question_types"].get("other") for c in parking)
    sizes = [c["size"] for c in report["candidates"]]
    assert sizes == sorted(sizes, reverse=True)
    for candidate in report["candidates"]:
        assert len(candidate["examples"]) == 3
        assert {"label", "size", "question_types", "top_terms", "examples", "trend"} <= set(
            candidate
        )


def test_a_candidate_no_routine_covers_says_so(engine, settings):
    with Session(engine) as session:
        office = Office(session)
        planted = {"parking": 20, "transcript_erasmus": 20, "bike_storage": 20}
        office.mails(period(1, planted, noise=30), OCTOBER[0], 31, outcome="personal_reply")
        session.commit()

    report = analyse(engine, settings)

    parking = [c for c in report["candidates"] if _about(c, "parking")]
    erasmus = [c for c in report["candidates"] if _about(c, "transcript_erasmus")]
    assert parking
    assert erasmus
    assert all(c["routine"] is None for c in parking)  # no routine is about parking
    assert all(c["routine"] is not None for c in erasmus)  # transcripts from an exchange
    assert {c["routine"]["id"] for c in erasmus} <= {
        "other-transcripts-and-certificates",
        "outbound-learning-agreement",
    }
    # The Markdown document: one line per fact, the routine by its title, nothing run together.
    lines = render_markdown(report).splitlines()
    routine = erasmus[0]["routine"]
    assert f"- Routine: {routine['title']} ({routine['id']})" in lines
    assert "- Routine: **none covers these questions**" in lines
    assert sum(line.startswith("- Closest standard reply: ") for line in lines) == len(
        report["candidates"]
    )


def _about(candidate, topic):
    return any(w in e for e in candidate["examples"] for w in TOPICS[topic])


@pytest.mark.parametrize("cases", [0, 1])
def test_an_empty_or_one_case_period_is_a_correct_report_with_a_note(engine, settings, cases):
    with Session(engine) as session:
        office = Office(session)
        for _ in range(cases):
            office.case(at(date(2026, 10, 5)), "fees", outcome="personal_reply")
        session.commit()

    report = analyse(engine, settings)

    assert report["total"] == cases
    assert report["candidates"] == []
    assert report["notes"][0] in (
        "No cases came in during this period.",
        "Only one case came in during this period: shares and trends say little.",
    )
    assert "<h1>" in render_html(report)
    assert render_markdown(report).startswith("# Period analysis: 2026-10-01")


def test_a_period_whose_questions_were_all_anonymised_keeps_its_figures(engine, settings):
    with Session(engine) as session:
        office = Office(session)
        office.mails(period(1, {"parking": 20}, noise=5), OCTOBER[0], 31, outcome="personal_reply")
        session.commit()
    before = analyse(engine, settings)

    with Session(engine) as session:
        apply_retention(session, settings, now=datetime(2030, 1, 1, tzinfo=UTC))
        session.commit()
    after = analyse(engine, settings)

    assert before["candidates"]
    assert after["candidates"] == []
    assert (after["total"], after["by_type"], after["outcomes"]) == (
        before["total"], before["by_type"], before["outcomes"]
    )  # fmt: skip
    assert after["questions"]["anonymised"] == 25
    assert any("anonymised" in note for note in after["notes"])


def test_suggested_but_not_used_replies_are_counted_per_reply(engine, settings):
    with Session(engine) as session:
        office = Office(session)
        suggested = {"suggestions": [{"id": "a", "language": "sv", "score": 0.5},
                                     {"id": "b", "language": "sv", "score": 0.3}]}  # fmt: skip
        used_b = office.case(at(date(2026, 10, 5)), "housing", outcome="standard_reply")
        none_used = office.case(at(date(2026, 10, 6)), "housing", outcome="personal_reply")
        still_open = office.case(at(date(2026, 10, 7)), "housing")
        for case in (used_b, none_used, still_open):
            record_event(session, case, EventKind.REPLY_SUGGESTED, new="a", data=suggested)
        record_event(session, used_b, EventKind.REPLY_USED, new="b", data={"language": "sv"})
        session.commit()

    replies = analyse(engine, settings)["replies"]

    assert replies["by_reply"] == [
        {"id": "a", "suggested": 3, "top": 3, "used": 0, "suggested_not_used": 2},
        {"id": "b", "suggested": 3, "top": 0, "used": 1, "suggested_not_used": 1},
    ]
    assert (replies["cases_with_suggestions"], replies["closed_none_used"]) == (3, 1)


def test_mail_text_is_escaped_in_the_html_and_markdown(engine, settings):
    attack = "<script>alert(1)</script> I'm asking: parkeringstillstånd garage"
    with Session(engine) as session:
        office = Office(session)
        for i in range(8):
            office.case(at(date(2026, 10, 1 + i)), "other", f"{attack} {TOPICS['parking'][i]}")
        session.commit()
    report = analyse(engine, settings)

    html, markdown = render_html(report), render_markdown(report)

    assert report["candidates"]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; I'm asking" in markdown  # as a reader types it


@pytest.fixture
def cli_office(tmp_path, db_url):
    settings = cli_settings(tmp_path, db_url)
    engine = make_engine(settings)
    upgrade(engine)
    with Session(engine) as session:
        office = Office(session)
        office.mails(period(1, {"parking": 20}, noise=10), OCTOBER[0], 31, outcome="personal_reply")
        session.commit()
    engine.dispose()
    return tmp_path


def test_the_command_writes_json_markdown_and_html(cli_office):
    args = ["analyse", "--from", "2026-10-01", "--to", "2026-10-31"]
    as_json = run_triage(cli_office, *args, "--format", "json")
    as_md = run_triage(cli_office, *args, "--format", "md")
    as_html = run_triage(cli_office, *args, "--format", "html", "--out", "report.html")

    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert (report["from"], report["to"], report["total"]) == ("2026-10-01", "2026-10-31", 30)
    assert report["candidates"]
    assert as_md.stdout.startswith("# Period analysis: 2026-10-01 – 2026-10-31")
    assert as_html.returncode == 0
    assert as_html.stdout == ""
    page = (cli_office / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert as_json.stderr == ""  # no progress when stderr is no terminal


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-10-31", "--to", "2026-10-01"], "is after --to 2026-10-01"),
        (["--from", "2026-10-01", "--to", "2026-13-01"], "--to: expected a date as YYYY-MM-DD"),
        (["--from", "2026-10-01", "--to", "2999-01-01"], "in the future"),
        (["--from", "2026-10-01", "--to", "2026-10-31", "--mailbox", "nosuch"], "no mailbox named"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line_and_exit_2(cli_office, args, message):
    result = run_triage(cli_office, "analyse", *args)

    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
