"""The JSON API under /api/v1 (schema at /api/v1/openapi.json): the queue, cases and what an officer
does to them, and the admin views. Session cookie or HTTP Basic; POSTs from a browser session
carry the X-CSRF-Token header. Managers read the statistics here too."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from api import schemas
from api.deps import AdminUser, CsrfChecked, SessionDep, SettingsDep, StatisticsReader, Worker
from triage.cases import service as service
from triage.cases.page import thread_of
from triage.cases.queue import filter_from, queue_page
from triage.mail.health import mailbox_health, quarantined
from triage.records.months import month_range
from triage.records.statistics import statistics_for

router = APIRouter(prefix="/api/v1", tags=["api"])


class TypeChange(BaseModel):
    label: str | None = None  # None: confirm the current type


class Closing(BaseModel):
    outcome: str


class Note(BaseModel):
    text: str


@router.get("/cases")
def list_cases(
    request: Request,
    user: Worker,
    session: SessionDep,
    settings: SettingsDep,
    after: str | None = None,
    limit: int = 100,
) -> schemas.Queue:
    """The queue with the page's filters (status, mailbox, question_type, assignee, language,
    needs_review, older_than_days, search, order); `next_cursor` goes into `after`."""
    filters = filter_from(dict(request.query_params))
    page = queue_page(
        session, user, filters, cursor=after, limit=min(max(limit, 1), 1000), today=settings.today()
    )
    return schemas.Queue(
        cases=[schemas.QueueRow.model_validate(row) for row in page.rows],
        next_cursor=page.next_cursor,
        counts=page.counts,
        total=page.total,
    )


@router.get("/cases/{case_id}")
def get_case(case_id: int, user: Worker, session: SessionDep) -> schemas.CaseWithThread:
    """The case with its messages (without their bodies)."""
    case = service.get_case(session, case_id)
    messages = [
        schemas.ThreadMessage.model_validate(m) for m in thread_of(session, case, render=False)
    ]
    return schemas.CaseWithThread(**case.model_dump(), messages=messages)


@router.post("/cases/{case_id}/type", dependencies=[CsrfChecked])
def set_type(
    case_id: int, change: TypeChange, user: Worker, session: SessionDep, settings: SettingsDep
) -> schemas.CaseRecord:
    case = service.get_case(session, case_id)
    if change.label:
        service.set_question_type(session, settings, case, change.label, user)
    else:
        service.confirm_question_type(session, settings, case, user)
    return schemas.CaseRecord.model_validate(case)


@router.post("/cases/{case_id}/claim", dependencies=[CsrfChecked])
def claim(case_id: int, user: Worker, session: SessionDep) -> schemas.CaseRecord:
    case = service.get_case(session, case_id)
    service.claim_case(session, case, user)
    return schemas.CaseRecord.model_validate(case)


@router.post("/cases/{case_id}/close", dependencies=[CsrfChecked])
def close(case_id: int, closing: Closing, user: Worker, session: SessionDep) -> schemas.CaseRecord:
    case = service.get_case(session, case_id)
    service.close_case(session, case, closing.outcome, user)
    return schemas.CaseRecord.model_validate(case)


@router.post("/cases/{case_id}/notes", dependencies=[CsrfChecked], status_code=201)
def add_note(case_id: int, note: Note, user: Worker, session: SessionDep) -> schemas.Note:
    case = service.get_case(session, case_id)
    return schemas.Note.model_validate(service.add_note(session, case, note.text, user))


@router.get("/mailboxes")
def list_mailboxes(
    user: AdminUser, session: SessionDep, settings: SettingsDep
) -> list[schemas.MailboxHealth]:
    return [schemas.MailboxHealth.model_validate(m) for m in mailbox_health(session, settings)]


@router.get("/quarantine")
def list_quarantine(user: AdminUser, session: SessionDep) -> list[schemas.QuarantinedMail]:
    return [schemas.QuarantinedMail.model_validate(q) for q in quarantined(session)]


@router.get("/stats")
def get_statistics(
    user: StatisticsReader,
    session: SessionDep,
    settings: SettingsDep,
    month: str,
    to: str | None = None,
    mailbox: str | None = None,
) -> schemas.MonthStatistics:
    """The figures of `triage stats --format json` for a month (YYYY-MM) or a range of months."""
    figures = statistics_for(session, settings, month_range(month, to, settings.today()), mailbox)
    return schemas.MonthStatistics.model_validate(figures)
