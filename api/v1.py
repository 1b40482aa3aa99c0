"""The JSON API under /api/v1 (schema at /api/v1/openapi.json): the queue, cases and what an officer
does to them, and the admin views. Session cookie or HTTP Basic; POSTs from a browser session
carry the X-CSRF-Token header. Managers read the statistics here too."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api import schemas
from api.deps import AdminUser, CsrfChecked, SessionDep, SettingsDep, StatisticsReader, Worker
from triage.cases import service as service
from triage.cases.page import thread_of
from triage.cases.queue import FOLLOW_UP_CHOICES, NO_NUL, STATUS_CHOICES, filter_from, queue_page
from triage.mail.health import mailbox_health, quarantined
from triage.records.months import month_range
from triage.records.statistics import statistics_for

# Every refusal api/errors.py can answer with, so that a script knows the shape of each.
_REFUSALS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.Problem} for code in (400, 401, 403, 404, 409, 429)
}
router = APIRouter(prefix="/api/v1", tags=["api"], responses=_REFUSALS)


# Text without NUL, which PostgreSQL cannot store: refused here (422), not a 500 at the insert.
Text = Annotated[str, Field(pattern=NO_NUL)]


class TypeChange(BaseModel):
    label: Text | None = None  # None: confirm the current type


class Claiming(BaseModel):
    takeover: bool = Field(
        default=False, description="true: take the case even if a colleague holds it"
    )


class Closing(BaseModel):
    outcome: Text


class Note(BaseModel):
    text: Text


# The queue's filters, read by filter_from from the query string: listed in the schema so that
# scripts (and schemathesis) know them.
_FILTERS: dict[str, dict[str, Any]] = {
    "status": {"type": "string", "enum": list(STATUS_CHOICES)},
    "mailbox": {"type": "string", "pattern": NO_NUL},
    "question_type": {"type": "string", "pattern": NO_NUL},
    "assignee": {
        "type": "string",
        "pattern": NO_NUL,
        "description": "anyone, me, unassigned, covering or a login",
    },
    "language": {"type": "string", "pattern": NO_NUL},
    "needs_review": {"type": "boolean"},
    "older_than_days": {"type": "integer", "minimum": 0, "maximum": 3650},
    "search": {"type": "string", "pattern": NO_NUL},
    "order": {"type": "string", "enum": ["oldest", "newest"]},
    "follow_up": {"type": "string", "enum": list(FOLLOW_UP_CHOICES)},
}
_QUEUE_PARAMETERS = [{"name": n, "in": "query", "schema": s} for n, s in _FILTERS.items()]
# YYYY-MM in the schema; month_range checks it and says what is wrong (400).
Month = Annotated[str, Query(json_schema_extra={"pattern": "^[0-9]{4}-[0-9]{2}$"})]


@router.get("/cases", openapi_extra={"parameters": _QUEUE_PARAMETERS})
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


_HELD = {
    "model": schemas.CaseHeld,
    "description": "A colleague holds the case (`assignee`): claim with takeover true to take it",
}


@router.post("/cases/{case_id}/claim", dependencies=[CsrfChecked], responses={409: _HELD})
def claim(
    case_id: int, user: Worker, session: SessionDep, claiming: Claiming | None = None
) -> schemas.CaseRecord:
    """Take the case: one nobody holds, or one that is yours already (nothing changes then).
    The body may be left out or be `{}`.

    A case a colleague holds is not taken from them unawares: the answer is 409 Conflict with
    `assignee` (their login) and `assignee_name`, and the case stays theirs. Claim again with
    `{"takeover": true}` to take it over all the same; the case history records the takeover
    with both names. The check and the change are one step, so of two claims at the same
    moment one gets the case and the other the 409."""
    case = service.get_case(session, case_id)
    service.claim_case(session, case, user, takeover=claiming is not None and claiming.takeover)
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
    month: Month,
    to: Month | None = None,
    mailbox: Annotated[Text | None, Query()] = None,
) -> schemas.MonthStatistics:
    """The figures of `triage stats --format json` for a month (YYYY-MM) or a range of months."""
    figures = statistics_for(session, settings, month_range(month, to, settings.today()), mailbox)
    return schemas.MonthStatistics.model_validate(figures)
