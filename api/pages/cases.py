"""The case page and what an officer does there: type, assignment, status, notes, checklist,
follow-up, reply and close. Each POST calls one case-service function, then redirects back, or,
for htmx, returns the changed part of the page (and, out of band, the header and history it
also changes) so the reply editor is never reloaded; a form with a mistake is shown again with
the message beside it. The editor saves itself (POST …/draft) as the officer types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import CsrfChecked, RoutinesDep, SessionDep, SettingsDep, Worker
from api.i18n import current, local_datetime
from api.i18n import gettext_ as _
from api.labels import history_actor, history_sentence, send_failure
from api.pages.queue import queue_url
from api.pages.reply_tools import editor_context, refusal
from api.pages.takeovers import held_message, taken_message
from api.templating import flash, render
from routines import RoutineLibrary
from triage.cases import service as service
from triage.cases.checklists import tick_step
from triage.cases.followups import clear_follow_up, parse_follow_up_date, set_follow_up
from triage.cases.page import CasePage, ReplyEditor, case_page, routines_on
from triage.cases.presence import others_on_case, others_on_cases, still_here
from triage.cases.reply_drafts import close_doubts
from triage.cases.replying import default_subject, save_draft, send_reply
from triage.cases.standard_replies import render_for_case
from triage.errors import ConfigError, InvalidInput, MailboxError, MissingInput, TriageError
from triage.mail.attachments import Download, attachment_download, original_download
from triage.models import Case, Outcome, User
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
        extra: dict[str, object] | None = None,
    ) -> HTMLResponse:
        page = self.page(case)
        context = {
            "page": page,
            "case": case,
            "errors": errors or {},
            "editor": editor or page.editor,
            "describe": history_sentence,
            "actor": history_actor,
            "send_failure": send_failure,
            "queue_url": queue_url(self.request),
            **editor_context(self.session, self.settings, page, self.user),
            **(extra or {}),
        }
        return render(self.request, "pages/case.html", context, status_code)

    def part(
        self,
        case: Case,
        name: str,
        *also: str,
        errors: dict[str, str] | None = None,
        values: dict[str, str] | None = None,
        status_code: int = 200,
        extra: dict[str, object] | None = None,
    ) -> HTMLResponse:
        """One part of the case page for htmx (`_case_<name>.html`), with the header, the
        history and the parts in `also` swapped in out of band: the editor is left alone."""
        self.session.flush()
        page = self.page(case)
        context = {
            "page": page,
            "case": case,
            "errors": errors or {},
            "values": values or {},
            "part": name,
            "also": ("header", "history", *also),
            "describe": history_sentence,
            "actor": history_actor,
            **editor_context(self.session, self.settings, page, self.user),
            **(extra or {}),
        }
        return render(self.request, "pages/_case_part.html", context, status_code)

    def page(self, case: Case) -> CasePage:
        """What the case page shows this officer, routines in the language of the pages."""
        return case_page(
            self.session,
            self.settings,
            self.routines,
            case,
            self.user,
            reader_language=current().locale,
        )

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


def _htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


@router.get("/presence", response_class=HTMLResponse)
def presence_in_queue(
    request: Request, user: Worker, session: SessionDep, ids: str = ""
) -> Response:
    """Who else is on the queue's cases: one marker per case, swapped into its row."""
    wanted = [int(part) for part in ids.split(",")[:200] if part.isdigit() and len(part) < 12]
    found = others_on_cases(session, wanted, user)
    return render(request, "pages/_queue_presence.html", {"presence": found})


@router.get("/{case_id}", response_class=HTMLResponse)
def show_case(case_id: int, desk: Desk, reply: str = "", lang: str = "") -> HTMLResponse:
    case = service.get_case(desk.session, case_id)
    service.mark_viewed(desk.session, case, desk.user)  # a GET writes only a first look
    editor = desk.editor_with_reply(case, reply, lang) if reply else None
    return desk.show(case, editor=editor)


@router.post("/{case_id}/presence", dependencies=[CsrfChecked], response_class=HTMLResponse)
def presence(case_id: int, desk: Desk) -> HTMLResponse:
    """The open page's "still here", every minute: answers with who else is on the case."""
    case = service.get_case(desk.session, case_id)
    seen_all = still_here(desk.session, case, desk.user)
    context = {
        "case": case,
        "presence": others_on_case(desk.session, case, desk.user),
        "new_mail": not seen_all,
    }
    return render(desk.request, "pages/_case_presence.html", context)


@router.post("/{case_id}/draft", dependencies=[CsrfChecked])
def autosave(
    case_id: int,
    desk: Desk,
    subject: Text = "",
    body: Text = "",
    reply_id: Text = "",
    reply_language: Text = "",
    cc: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    """The editor saving itself as the officer types (case.js): the time, in their words. The
    CC is saved as typed (checked when sending); a request without it leaves it as it was."""
    case = service.get_case(desk.session, case_id)
    draft = save_draft(
        desk.session, case, desk.user, subject, body, reply_id or None, reply_language or None, cc
    )
    saved = local_datetime(draft.updated_at, "HH:mm")
    return JSONResponse({"saved_at": saved, "status": _("Saved %(time)s") % {"time": saved}})


@router.get("/{case_id}/reply-editor", response_class=HTMLResponse)
def reply_editor(case_id: int, desk: Desk, reply: str, lang: str) -> HTMLResponse:
    """The editor with a standard reply filled in for this case (htmx swaps it in)."""
    case = service.get_case(desk.session, case_id)
    editor = desk.editor_with_reply(case, reply, lang)
    page = desk.page(case)
    context = {
        "case": case,
        "editor": editor,
        "errors": {},
        "send_failure": send_failure,
        **editor_context(desk.session, desk.settings, page, desk.user),
    }
    return render(desk.request, "pages/_reply_editor.html", context)


@router.post("/{case_id}/type", dependencies=[CsrfChecked])
def change_type(case_id: int, desk: Desk, label: Text = "") -> Response:
    case = service.get_case(desk.session, case_id)
    if label:
        service.set_question_type(desk.session, desk.settings, case, label, desk.user)
    else:
        service.confirm_question_type(desk.session, desk.settings, case, desk.user)
    if _htmx(desk.request):  # a new type brings its own replies and routines
        return desk.part(case, "type", "suggestions", "routines")
    return _back(case, "#type")


@router.post("/{case_id}/claim", dependencies=[CsrfChecked])
def claim(
    case_id: int, desk: Desk, next: Text = "", takeover: Text = "", holder: Text = ""
) -> Response:
    """Take the case. A colleague's only with takeover=1 (the "Take over from …" button, whose
    `holder` is the colleague it names); without, the officer is told who has it, on the case
    page, which offers that button."""
    case = service.get_case(desk.session, case_id)
    try:
        previous = service.claim_case(
            desk.session, case, desk.user, takeover=bool(takeover), holder=holder or None
        )
    except service.CaseHeld as held:
        message = held_message(case_id, held)
        if _htmx(desk.request):
            return desk.part(case, "assignment", status_code=409, extra={"held": message})
        flash(desk.request, message, "error")
        return _back(case, "#assignment")
    if _htmx(desk.request) and not next:
        return desk.part(case, "assignment")
    flash(desk.request, taken_message(case_id, previous))
    target = next if next.startswith("/") and not next.startswith("//") else f"/cases/{case_id}"
    return RedirectResponse(target, status_code=303)


@router.post("/{case_id}/assign", dependencies=[CsrfChecked])
def assign(case_id: int, desk: Desk, assignee: Text = "") -> Response:
    case = service.get_case(desk.session, case_id)
    chosen = user_named(desk.session, assignee) if assignee else None
    service.assign_case(desk.session, case, chosen, desk.user)
    return desk.part(case, "assignment") if _htmx(desk.request) else _back(case, "#assignment")


@router.post("/{case_id}/status", dependencies=[CsrfChecked])
def change_status(case_id: int, desk: Desk, status: Text = "") -> Response:
    case = service.get_case(desk.session, case_id)
    service.set_status(desk.session, case, status, desk.user)
    return desk.part(case, "assignment") if _htmx(desk.request) else _back(case, "#assignment")


@router.post("/{case_id}/follow-up", dependencies=[CsrfChecked], response_model=None)
def follow_up(
    case_id: int, desk: Desk, on: Text = "", note: Text = "", action: Text = "set"
) -> Response:
    """Set (or move) the case's follow-up date, or remove it (action=clear)."""
    case = service.get_case(desk.session, case_id)
    try:
        if action == "clear":
            clear_follow_up(desk.session, case, desk.user)
        else:
            day = parse_follow_up_date(on)
            set_follow_up(desk.session, case, day, note, desk.user, desk.settings.today())
    except InvalidInput as exc:
        errors = {"follow_up": _follow_up_error(exc)}
        values = {"on": on, "note": note}
        if _htmx(desk.request):
            return desk.part(case, "follow_up", errors=errors, values=values, status_code=400)
        return desk.show(case, errors=errors, status_code=400)
    return desk.part(case, "follow_up") if _htmx(desk.request) else _back(case, "#follow-up")


def _follow_up_error(exc: InvalidInput) -> str:
    if isinstance(exc, MissingInput):
        return _("Choose the date the case should come back.")
    if "past" in str(exc):
        return _("A follow-up date cannot be in the past.")
    if "note" in str(exc):
        return _("The note is too long: at most 500 characters.")
    return _("Write the date as YYYY-MM-DD, at most three years ahead.")


@router.post("/{case_id}/close", dependencies=[CsrfChecked], response_model=None)
def close(
    case_id: int, desk: Desk, outcome: Text = "", ask: Text = "", confirmed: Text = ""
) -> Response:
    """Close with an outcome. The page's form (ask=1) asks first when a reply written on the
    case is still an unsent draft, and before closing as "answered personally" a case the
    office has sent nothing on; a script's POST closes as told."""
    case = service.get_case(desk.session, case_id)
    if ask and not confirmed and (doubts := close_doubts(desk.session, case, desk.user, outcome)):
        extra = {"close_doubts": doubts, "close_outcome": outcome}
        return desk.show(case, extra=extra, status_code=409)
    try:
        service.close_case(desk.session, case, outcome, desk.user)
    except InvalidInput:
        errors = {"outcome": _("Choose an outcome: the period analysis counts them.")}
        if outcome == Outcome.ANSWERED_BY_ACKNOWLEDGEMENT:
            errors = {"outcome": _("No acknowledgement was sent on this case: choose another.")}
        return desk.show(case, errors=errors, status_code=400)
    flash(desk.request, _("Case %(id)s is closed.") % {"id": case_id})
    return RedirectResponse(queue_url(desk.request), status_code=303)


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
    except InvalidInput as exc:
        message = _("Write something in the note.")
        if not isinstance(exc, MissingInput):
            message = _("The note is too long: at most 10,000 characters.")
        errors, values = {"note": message}, {"note": text}
        if _htmx(desk.request):
            return desk.part(case, "notes", errors=errors, values=values, status_code=400)
        return desk.show(case, errors=errors, status_code=400)
    return desk.part(case, "notes") if _htmx(desk.request) else _back(case, "#notes")


@router.post("/{case_id}/checklist", dependencies=[CsrfChecked], response_model=None)
def tick(
    case_id: int,
    desk: Desk,
    routine_id: Text,
    step: Annotated[int, Form()],
    done: Text = "",
) -> Response:
    case = service.get_case(desk.session, case_id)
    tick_step(desk.session, case, routine_id, step, done == "1", desk.user, desk.routines)
    if _htmx(desk.request):  # only this routine: the others stay open or closed as they were
        desk.session.flush()
        found = [
            r
            for r in routines_on(desk.session, desk.routines, case, current().locale)
            if r.id == routine_id
        ]
        return desk.part(case, "checklist", extra={"routine": found[0], "open": True})
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
    cc: Annotated[str | None, Form()] = None,
) -> Response:
    session, user = desk.session, desk.user
    case = service.get_case(session, case_id)
    used_id, used_language = reply_id or None, reply_language or None
    if action == "save":
        save_draft(session, case, user, subject, body, used_id, used_language, cc)
        flash(desk.request, _("The draft is saved."))
        return _back(case, "#reply")
    editor = ReplyEditor(subject, body, reply_id, reply_language)
    try:
        sent = send_reply(
            session,
            desk.settings,
            case,
            user,
            subject,
            body,
            reply_id=used_id,
            reply_language=used_language,
            cc=cc,
        )
    except MissingInput:
        errors = {"body": _("Write the reply before sending it.")}
        return desk.show(case, errors=errors, editor=editor, status_code=400)
    except TriageError as exc:
        # send_reply has saved the draft with the reason; answering (not raising) commits it.
        if _reason(exc) in CC_REFUSALS:  # the officer's to fix, said beside the field
            errors = {"cc": refusal(exc)}
            return desk.show(case, errors=errors, editor=editor, status_code=400)
        code = 400 if isinstance(exc, InvalidInput) else 502
        failed = ReplyEditor(
            subject, body, reply_id, reply_language, error=str(exc), error_code=_reason(exc)
        )
        return desk.show(case, editor=failed, status_code=code)
    service.mark_viewed(session, case, user)
    flash(desk.request, _("The reply is sent to %(to)s.") % {"to": sent.to})
    return _back(case)


CC_REFUSALS = ("cc_invalid", "too_many_recipients")


def _reason(exc: TriageError) -> str:
    """Why a send failed, as a code labels.send_failures() words in the officer's language."""
    code = getattr(exc, "code", None)  # mail/failures.py's NotSent carries one
    if isinstance(code, str) and code:
        return code
    if isinstance(exc, ConfigError):
        return "smtp_not_configured"
    if isinstance(exc, InvalidInput):
        return "address_invalid"
    if isinstance(exc, MailboxError):
        return "smtp_unreachable"
    return "unexpected"


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
