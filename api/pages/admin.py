"""Admin pages: mailbox health, and mail that could not be read (download it, run it again)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import AdminUser, CsrfChecked, SessionDep, SettingsDep
from api.i18n import gettext_ as _
from api.templating import flash, render
from triage.learning.classify import load_classifier
from triage.mail.attachments import raw_mail_download
from triage.mail.health import mailbox_health, quarantined
from triage.mail.ingest.quarantine import rerun_quarantined

router = APIRouter(prefix="/admin")


@router.get("/mailboxes", response_class=HTMLResponse)
def mailboxes(
    request: Request, user: AdminUser, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    return render(
        request, "pages/admin_mailboxes.html", {"mailboxes": mailbox_health(session, settings)}
    )


@router.get("/quarantine", response_class=HTMLResponse)
def quarantine(request: Request, user: AdminUser, session: SessionDep) -> HTMLResponse:
    return render(request, "pages/admin_quarantine.html", {"rows": quarantined(session)})


@router.get("/quarantine/{quarantine_id}/raw")
def raw_mail(quarantine_id: int, user: AdminUser, session: SessionDep) -> Response:
    download = raw_mail_download(session, quarantine_id)
    headers = {"Content-Disposition": download.disposition, "X-Content-Type-Options": "nosniff"}
    return Response(download.data, media_type=download.content_type, headers=headers)


@router.post("/quarantine/{quarantine_id}/rerun", dependencies=[CsrfChecked])
def rerun(
    request: Request,
    quarantine_id: int,
    user: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    classifier = load_classifier(settings)
    result = rerun_quarantined(session, settings, quarantine_id, classifier=classifier)
    if result.outcome == "quarantined_again":
        flash(
            request,
            _("The mail still cannot be read: %(error)s") % {"error": result.error},
            "error",
        )
    elif result.case_id is not None:
        flash(request, _("The mail is stored on case %(id)s.") % {"id": result.case_id})
    else:
        flash(request, _("The mail was stored already."))
    return RedirectResponse("/admin/quarantine", status_code=303)
