"""The monthly report: built once a month is over, kept as it was, mailed to the managers
through a real SMTP server with the figures attached, and never built or mailed twice."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.factories import cli_settings, make_mail, run_triage
from tests.smtp import sending_mailbox
from triage.errors import InvalidInput
from triage.mail.ingest.files import import_paths
from triage.models import MonthlyReport
from triage.records.reports import (
    build_monthly_report,
    kept_report,
    mail_report,
    monthly_report_job,
)
from triage.scheduler import configure
from triage.settings import Settings


def _office(make_settings, smtp_port: int | None, recipients: list[str]) -> Settings:
    return make_settings(sending_mailbox(smtp_port), reports={"recipients": recipients})


def _september(engine: Engine, settings: Settings, tmp_path) -> None:
    """Two questions in September 2026 (the mail clock starts on 1 September)."""
    for i, body in enumerate(["Var hämtar jag nyckeln?", "When is the fee due?"]):
        path = tmp_path / f"q{i}.eml"
        path.write_bytes(make_mail(f"Fråga {i}", body))
    import_paths(engine, settings, [tmp_path], mailbox_name="housing")


def test_the_report_is_mailed_once_with_the_figures_attached(
    engine, make_settings, smtp_server, tmp_path
):
    server = smtp_server()
    settings = _office(make_settings, server.port, ["chef@intl.example.se", "bitr@intl.example.se"])
    _september(engine, settings, tmp_path)

    with Session(engine) as session:
        report, built = build_monthly_report(session, settings, date(2026, 9, 1))
        assert built
        mail_report(settings, report)
        session.commit()

    assert len(server.received) == 2
    assert sorted(e.rcpt_tos[0] for e in server.received) == [
        "bitr@intl.example.se",
        "chef@intl.example.se",
    ]
    mail = server.mail()
    assert mail["Subject"] == "Månadsrapport / Monthly report 2026-09"
    assert "Nya ärenden / new cases: 2" in mail.get_body(("plain",)).get_content()
    files = {part.get_filename(): part.get_content() for part in mail.iter_attachments()}
    book = load_workbook(io.BytesIO(files["statistics-2026-09.xlsx"]), read_only=True)
    summary = dict(book["summary"].iter_rows(values_only=True))
    assert summary["total"] == 2
    assert "question_type,cases" in files["statistics-2026-09-types.csv"]

    with Session(engine) as session:
        kept = kept_report(session, "2026-09")
        assert kept is not None
        assert kept.mailed_to == "chef@intl.example.se, bitr@intl.example.se"
        assert kept.mail_error == ""
        again, built = build_monthly_report(session, settings, date(2026, 9, 1))
        assert (built, again.id) == (False, kept.id)


def test_the_daily_job_builds_last_month_once_and_the_scheduler_runs_it(
    engine, make_settings, smtp_server
):
    server = smtp_server()
    settings = _office(make_settings, server.port, ["chef@intl.example.se"])
    with Session(engine) as session:
        first = monthly_report_job(session, settings)
        second = monthly_report_job(session, settings)
    assert first is not None
    assert second is None
    assert len(server.received) == 1
    today = datetime.now(UTC).date()
    assert first.month == f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"

    scheduler = BackgroundScheduler(timezone=settings.timezone)
    configure(scheduler, settings, engine, only="nothing")
    job = scheduler.get_job("monthly-report")
    assert job is not None
    assert str(job.trigger) == "cron[hour='6', minute='30']"


def test_without_smtp_the_report_is_kept_and_says_why_it_was_not_mailed(
    engine, make_settings, tmp_path
):
    settings = _office(make_settings, None, ["chef@intl.example.se"])
    _september(engine, settings, tmp_path)
    with Session(engine) as session:
        report, _ = build_monthly_report(session, settings, date(2026, 9, 1))
        mail_report(settings, report)
        session.commit()
    with Session(engine) as session:
        kept = session.exec(select(MonthlyReport)).one()
        assert kept.figures["total"] == 2
        assert kept.mail_error == "no mailbox has SMTP configured: the report is kept, not mailed"


def test_the_command_builds_a_month_once(tmp_path, db_url):
    cli_settings(tmp_path, db_url)
    first = run_triage(tmp_path, "report", "--month", "2026-09")
    second = run_triage(tmp_path, "report", "--month", "2026-09")
    assert first.returncode == 0, first.stderr
    assert "2026-09: built; 0 new cases" in first.stderr
    assert "2026-09: kept already" in second.stderr


def test_a_stopped_mail_server_keeps_the_report_with_the_reason(engine, make_settings, smtp_server):
    server = smtp_server()
    settings = _office(make_settings, server.port, ["chef@intl.example.se"])
    server.stop()
    with Session(engine) as session:
        report = monthly_report_job(session, settings)
    assert report is not None
    with Session(engine) as session:
        kept = session.exec(select(MonthlyReport)).one()
        assert kept.mailed_to == ""
        assert "chef@intl.example.se" in kept.mail_error


@pytest.mark.parametrize("month", [date(2099, 1, 1), datetime.now(UTC).date().replace(day=1)])
def test_a_month_that_is_not_over_is_not_reported(engine, make_settings, month):
    settings = _office(make_settings, None, [])
    with Session(engine) as session, pytest.raises(InvalidInput):
        build_monthly_report(session, settings, month)


def test_the_command_refuses_a_malformed_month(tmp_path):
    result = run_triage(tmp_path, "report", "--month", "2026-13")
    assert result.returncode == 2
    assert "expected a month as YYYY-MM" in result.stderr
