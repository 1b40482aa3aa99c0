"""The case page and what an officer does there: type, assignment, status, notes, checklist,
reply and close. Each POST calls one case-service function, then redirects back (or, for htmx,
returns the changed fragment); a form with a mistake is shown again with the message beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import CsrfChecked, RoutinesDep, SessionDep, SettingsDep, Worker
from api.i18n import gettext_ as _
from api.templating import flash, render
from routines import RoutineLibrary
from triage.cases import service as service
from triage.cases.checklists import tick_step
from triage.cases.page import ReplyEditor, case_page, routines_on
from triage.cases.replying import default_subject, save_draft, send_reply
from triage.cases.standard_replies import render_for_case
from triage.errors import InvalidInput, MissingInput, TriageError
from triage.mail.attachments import Download, attachment_download, original_download
from triage.models import Case, User
from triage.people.users import user_named
from triage.settings import Settings

router = APIRouter(prefix="/cases")
Text = Annotated[str, Form()]


@dataclass(frozen=True)
class CaseDesk:
    """What a case route needs to show the case page (again, with a form's mistakes): one
    argument instead of six."""

    request: Request
    user: User
    session: Session
    settings: Settings
    routines: RoutineLibrary

    def show(
        self,
        case: Case,
        *,
        errors: dict[str, str] | None = None,
        editor: ReplyEditor | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        page = case_page(self.session, self.settings, self.routines, case, self.user)
        context = {
            "page": page,
            "case": case,
            "errors": errors or {},
            "editor": editor or page.editor,
        }
        return render(self.request, "pages/case.html", context, status_code)

    def editor_with_reply(self, case: Case, reply: str, lang: str) -> ReplyEditor:
        """The editor with standard reply `reply` filled in for this case."""
        body = render_for_case(self.session, self.settings, case, reply, lang, self.user)
        return ReplyEditor(default_subject(case), body, reply, lang)


def _desk(
    request: Request,
    user: Worker,
    session: SessionDep,
    settings: SettingsDep,
    routines: RoutinesDep,
) -> CaseDesk:
    return CaseDesk(request, user, session, settings, routines)


Desk = Annotated[CaseDesk, Depends(_desk)]


def _back(case: Case, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/cases/{case.id}{anchor}", status_code=303)


@router.get("/{case_id}", response_class=HTMLResponse)
def show_case(case_id: int, desk: Desk, reply: str = "", lang: str = "") -> HTMLResponse:
    case = service.get_case(desk.session, case_id)
    service.mark_viewed(desk.session, case, desk.user)
    editor = desk.editor_with_reply(case, reply, lang) if reply else None
    return desk.show(case, editor=editor)


@router.get("/{case_id}/reply-editor", response_class=HTMLResponse)
def reply_editor(case_id: int, desk: Desk, reply: str, lang: str) -> HTMLResponse:
    """The editor with a standard reply filled in for this case (htmx swaps it in)."""
    case = service.get_case(desk.session, case_id)
    editor = desk.editor_with_reply(case, reply, lang)
    context = {"case": case, "editor": editor, "errors": {}}
    return render(desk.request, "pages/_reply_editor.html", context)


@router.post("/{case_id}/type", dependencies=[CsrfChecked])
def change_type(
    case_id: int, user: Worker, session: SessionDep, settings: SettingsDep, label: Text = ""
) -> Response:
    case = service.get_case(session, case_id)
    if label:
        service.set_question_type(session, settings, case, label, user)
    else:
        service.confirm_question_type(session, settings, case, user)
    return _back(case, "#type")


@router.post("/{case_id}/claim", dependencies=[CsrfChecked])
def claim(
    request: Request, case_id: int, user: Worker, session: SessionDep, next: Text = ""
) -> Response:
    case = service.get_case(session, case_id)
    service.claim_case(session, case, user)
    flash(request, _("You have taken case %(id)s.") % {"id": case_id})
    target = next if next.startswith("/") and not next.startswith("//") else f"/cases/{case_id}"
    return RedirectResponse(target, status_code=303)


@router.post("/{case_id}/assign", dependencies=[CsrfChecked])
def assign(case_id: int, user: Worker, session: SessionDep, assignee: Text = "") -> Response:
    case = service.get_case(session, case_id)
    service.assign_case(session, case, user_named(session, assignee) if assignee else None, user)
    return _back(case, "#assignment")


@router.post("/{case_id}/status", dependencies=[CsrfChecked])
def change_status(case_id: int, user: Worker, session: SessionDep, status: Text = "") -> Response:
    case = service.get_case(session, case_id)
    service.set_status(session, case, status, user)
    return _back(case, "#assignment")


@router.post("/{case_id}/close", dependencies=[CsrfChecked], response_model=None)
def close(case_id: int, desk: Desk, outcome: Text = "") -> Response:
    case = service.get_case(desk.session, case_id)
    try:
        service.close_case(desk.session, case, outcome, desk.user)
    except InvalidInput:
        errors = {"outcome": _("Choose an outcome: the period analysis counts them.")}
        return desk.show(case, errors=errors, status_code=400)
    flash(desk.request, _("Case %(id)s is closed.") % {"id": case_id})
    return RedirectResponse("/", status_code=303)


@router.post("/{case_id}/reopen", dependencies=[CsrfChecked])
def reopen(case_id: int, user: Worker, session: SessionDep) -> Response:
    case = service.get_case(session, case_id)
    service.reopen_case(session, case, user)
    return _back(case)


@router.post("/{case_id}/notes", dependencies=[CsrfChecked], response_model=None)
def add_note(case_id: int, desk: Desk, text: Text = "") -> Response:
    case = service.get_case(desk.session, case_id)
    try:
        service.add_note(desk.session, case, text, desk.user)
    except MissingInput:
        errors = {"note": _("Write something in the note.")}
        return desk.show(case, errors=errors, status_code=400)
    return _back(case, "#notes")


@router.post("/{case_id}/checklist", dependencies=[CsrfChecked], response_model=None)
def tick(
    request: Request,
    case_id: int,
    user: Worker,
    session: SessionDep,
    routines: RoutinesDep,
    routine_id: Text,
    step: Annotated[int, Form()],
    done: Text = "",
) -> Response:
    case = service.get_case(session, case_id)
    tick_step(session, case, routine_id, step, done == "1", user, routines)
    if request.headers.get("hx-request"):
        session.flush()
        found = [r for r in routines_on(session, routines, case) if r.id == routine_id]
        return render(request, "pages/_checklist.html", {"case": case, "routine": found[0]})
    return _back(case, f"#routine-{routine_id}")


@router.post("/{case_id}/reply", dependencies=[CsrfChecked], response_model=None)
def reply(
    case_id: int,
    desk: Desk,
    subject: Text = "",
    body: Text = "",
    reply_id: Text = "",
    reply_language: Text = "",
    action: Text = "send",
) -> Response:
    session, user = desk.session, desk.user
    case = service.get_case(session, case_id)
    used = {"reply_id": reply_id or None, "reply_language": reply_language or None}
    if action == "save":
        save_draft(session, case, user, subject, body, **used)
        flash(desk.request, _("The draft is saved."))
        return _back(case, "#reply")
    editor = ReplyEditor(subject, body, reply_id, reply_language)
    try:
        send_reply(session, desk.settings, case, user, subject, body, **used)
    except MissingInput:
        errors = {"body": _("Write the reply before sending it.")}
        return desk.show(case, errors=errors, editor=editor, status_code=400)
    except TriageError as exc:
        # send_reply has saved the draft with the reason; answering (not raising) commits it.
        code = 400 if isinstance(exc, InvalidInput) else 502
        failed = ReplyEditor(subject, body, reply_id, reply_language, error=str(exc))
        return desk.show(case, editor=failed, status_code=code)
    service.mark_viewed(session, case, user)
    flash(desk.request, _("The reply is sent to %(to)s.") % {"to": case.requester_email})
    return _back(case)


@router.get("/{case_id}/attachments/{attachment_id}")
def attachment(case_id: int, attachment_id: int, user: Worker, session: SessionDep) -> Response:
    return _as_download(attachment_download(session, attachment_id, case_id))


@router.get("/{case_id}/messages/{message_id}/original")
def original(case_id: int, message_id: int, user: Worker, session: SessionDep) -> Response:
    """The whole mail as it came, for a message the page shows shortened."""
    return _as_download(original_download(session, message_id, case_id))


def _as_download(download: Download) -> Response:
    """Mail content always as a file to save, never a page: no sniffing, no scripts, sandboxed."""
    headers = {
        "Content-Disposition": download.disposition,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return Response(download.data, media_type=download.content_type, headers=headers)
