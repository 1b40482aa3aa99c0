"""The reply editor's tools beside the text: files attached to the draft (uploaded one at a
time, refused ones said why beside the input), the rendered preview of the Markdown, and
forwarding the case with its thread. Each answers htmx with its own part of the page, so the
text being written is never reloaded; without script, a plain form goes back to the case.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import CsrfChecked
from api.i18n import gettext_ as _
from api.pages.cases import CaseDesk, Desk
from api.pages.reply_tools import file_size, refusal, reply_extras
from api.templating import flash, render
from triage.cases import service
from triage.cases.forwarding import forward_case
from triage.cases.reply_attachments import read_limit
from triage.cases.reply_text import render_reply
from triage.cases.replying import ReplyAttachment, add_attachment, remove_attachment
from triage.errors import InvalidInput, TriageError
from triage.models import Case, Outcome

router = APIRouter(prefix="/cases")
Text = Annotated[str, Form()]


@router.post("/{case_id}/reply-files", dependencies=[CsrfChecked], response_model=None)
def attach_file(case_id: int, desk: Desk, file: Annotated[UploadFile, File()]) -> Response:
    """Attach one file to the officer's draft; a refused one is said why, the draft unchanged."""
    case = service.get_case(desk.session, case_id)
    data = file.file.read(read_limit(desk.settings.replies))  # never a huge file into memory
    upload = ReplyAttachment(file.filename or "", data, size=file.size)
    try:
        add_attachment(desk.session, desk.settings, case, desk.user, upload)
    except InvalidInput as exc:
        errors = {"attachment": refusal(exc)}
        if _htmx(desk):
            return _files(desk, case, errors, status_code=400)
        return desk.show(case, errors=errors, status_code=400)
    return _files(desk, case) if _htmx(desk) else _back(case, "#reply-files")


@router.post(
    "/{case_id}/reply-files/{attachment_id}/remove", dependencies=[CsrfChecked], response_model=None
)
def detach_file(case_id: int, attachment_id: int, desk: Desk) -> Response:
    case = service.get_case(desk.session, case_id)
    remove_attachment(desk.session, case, desk.user, attachment_id)
    return _files(desk, case) if _htmx(desk) else _back(case, "#reply-files")


@router.post("/{case_id}/preview", dependencies=[CsrfChecked], response_class=HTMLResponse)
def preview(case_id: int, desk: Desk, body: Text = "") -> HTMLResponse:
    """The editor's Markdown as the student will see it (render_reply's HTML is sanitised)."""
    case = service.get_case(desk.session, case_id)
    context = {"case": case, "html": render_reply(body).html if body.strip() else ""}
    return render(desk.request, "pages/_reply_preview.html", context)


@router.post("/{case_id}/forward", dependencies=[CsrfChecked], response_model=None)
def forward(
    case_id: int,
    desk: Desk,
    to: Text = "",
    note: Text = "",
    outcome: Text = Outcome.FORWARDED,
    close: Text = "",
) -> Response:
    """Forward the case with its thread; the outcome recorded and, when asked, the case closed."""
    case = service.get_case(desk.session, case_id)
    try:
        sent = forward_case(
            desk.session,
            desk.settings,
            case,
            to,
            note,
            desk.user,
            outcome=outcome,
            close=bool(close),
        )
    except TriageError as exc:  # forward_case has put the attempt on the history: commit it
        errors = {"forward": _("Not forwarded: %(why)s") % {"why": refusal(exc)}}
        values = {"to": to, "note": note, "outcome": outcome, "close": close}
        if _htmx(desk):
            return desk.part(
                case, "forward", "close", errors=errors, values=values, status_code=400
            )
        return desk.show(case, errors=errors, extra={"values": values}, status_code=400)
    done = _("The case is forwarded to %(to)s with its thread.") % {"to": sent.to}
    if _htmx(desk):
        return desk.part(case, "forward", "close", extra={"forwarded": done})
    flash(desk.request, done)
    return _back(case, "#forward")


def _files(
    desk: CaseDesk, case: Case, errors: dict[str, str] | None = None, status_code: int = 200
) -> HTMLResponse:
    context = {
        "case": case,
        "errors": errors or {},
        "extras": reply_extras(desk.session, desk.settings, case, desk.user),
        "file_size": file_size,
    }
    return render(desk.request, "pages/_reply_files.html", context, status_code)


def _htmx(desk: CaseDesk) -> bool:
    return bool(desk.request.headers.get("hx-request"))


def _back(case: Case, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/cases/{case.id}{anchor}", status_code=303)
