"""The monthly report: built once the month is over, kept so that managers open past months as
they were reported, and mailed to `[reports] recipients` with the figures as an Excel workbook.

Building is idempotent: the scheduler asks every morning and only the first ask after a month
ends builds (so a server that was down on the 1st catches up), and a kept month is never built
again. A failed mailing is recorded on the report; the report itself is kept regardless.
"""

from __future__ import annotations

import logging
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from triage.errors import InvalidInput, MailboxError
from triage.mail.smtp import send_mail
from triage.models import MonthlyReport, utcnow
from triage.records.months import last_whole_month, month_range
from triage.records.statistics import statistics_for
from triage.records.tables import month_tables, to_csv, to_workbook
from triage.settings import MailboxSettings, Settings

log = logging.getLogger(__name__)
XLSX = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kept_reports(session: Session) -> list[MonthlyReport]:
    """Every kept report, newest month first."""
    return list(session.exec(select(MonthlyReport).order_by(col(MonthlyReport.month).desc())))


def kept_report(session: Session, month: str) -> MonthlyReport | None:
    return session.exec(select(MonthlyReport).where(MonthlyReport.month == month)).first()


def build_monthly_report(
    session: Session, settings: Settings, month: date | None = None
) -> tuple[MonthlyReport, bool]:
    """(the report of `month` (default: the last whole month), whether it was built now).

    Only a month that is over can be reported; asking for one already kept returns it."""
    today = settings.today()
    chosen = month or last_whole_month(today)
    month_range(f"{chosen:%Y-%m}", None, today)  # refuses a malformed or future month
    if chosen >= today.replace(day=1):
        raise InvalidInput(f"{chosen:%Y-%m} is not over yet: its report is built on the 1st")
    key = f"{chosen:%Y-%m}"
    kept = kept_report(session, key)
    if kept is not None:
        return kept, False
    report = MonthlyReport(month=key, figures=statistics_for(session, settings, [chosen]))
    session.add(report)
    try:
        session.flush()
    except IntegrityError:  # another process built it at the same moment
        session.rollback()
        found = kept_report(session, key)
        assert found is not None
        return found, False
    return report, True


def mail_report(settings: Settings, report: MonthlyReport) -> None:
    """Send the report to `[reports] recipients` through a mailbox's SMTP; record the outcome
    on the report (the caller commits). Nothing is sent without recipients or SMTP."""
    recipients = settings.reports.recipients
    if not recipients:
        return
    sender = _sending_mailbox(settings)
    if sender is None or sender.smtp is None:
        report.mail_error = "no mailbox has SMTP configured: the report is kept, not mailed"
        return
    raw = _report_mail(report, sender, recipients)
    sent, failed = [], []
    for address in recipients:
        try:
            send_mail(sender.smtp, sender, raw, address, settings.sync.timeout_s)
            sent.append(address)
        except MailboxError as exc:
            log.warning("monthly report %s not sent to %s: %s", report.month, address, exc)
            failed.append(f"{address}: {exc}")
    report.mailed_to = ", ".join(sent)
    report.mail_error = "; ".join(failed)


def _sending_mailbox(settings: Settings) -> MailboxSettings | None:
    chosen = settings.reports.send_from_mailbox
    for mb in settings.mailbox:
        if mb.name == chosen if chosen else mb.smtp is not None:
            return mb
    return None


def _report_mail(report: MonthlyReport, sender: MailboxSettings, to: list[str]) -> bytes:
    """The report as a mail: the month's figures as text, in Swedish and English, with the
    per-type table as CSV and every table in an Excel workbook."""
    figures = report.figures
    mail = EmailMessage(policy=SMTP)  # CRLF line ends, as SMTP wants them
    mail["From"] = sender.address
    mail["To"] = ", ".join(to)
    mail["Subject"] = f"Månadsrapport / Monthly report {report.month}"
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.address.rpartition("@")[2] or None)
    mail["Auto-Submitted"] = "auto-generated"
    lines = [
        f"Ärenden {report.month} / Cases {report.month}",
        "",
        f"Nya ärenden / new cases: {figures['total']}",
        f"Återöppnade / reopened: {figures['reopened']}",
        f"Öppna vid månadens slut / open at the month's end: {figures['open_at_end']}",
        "",
        "Per frågetyp / per question type:",
        *(f"  {kind}: {n}" for kind, n in figures["by_type"].items()),
        "",
        "Svarstider, kategorier och utfall finns i bifogade filer och under Statistik.",
        "Response times, outcomes and corrections are in the attached files and under Statistics.",
    ]
    mail.set_content("\n".join(lines))
    tables = month_tables(figures)
    types = next(t for t in tables if t.key == "types")
    mail.add_attachment(
        to_csv(types).encode("utf-8-sig"),
        maintype="text",
        subtype="csv",
        filename=f"statistics-{report.month}-types.csv",
    )
    mail.add_attachment(
        to_workbook(tables),
        maintype="application",
        subtype=XLSX,
        filename=f"statistics-{report.month}.xlsx",
    )
    return mail.as_bytes()


def monthly_report_job(session: Session, settings: Settings) -> MonthlyReport | None:
    """The scheduler's daily ask: build and mail last month's report if it is not kept yet."""
    report, built = build_monthly_report(session, settings)
    if not built:
        return None
    mail_report(settings, report)
    report.built_at = utcnow()
    session.commit()
    log.info("monthly report %s built (mailed to: %s)", report.month, report.mailed_to or "none")
    return report
