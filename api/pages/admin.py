"""Admin pages: users (add, role, disable, new password), mailbox health, and mail that could
not be read (download it, run it again)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import AdminUser, CsrfChecked, SessionDep, SettingsDep
from api.i18n import gettext_ as _
from api.labels import roles, send_failure
from api.templating import flash, render
from triage.learning.classify import load_classifier
from triage.mail.attachments import raw_mail_download
from triage.mail.health import mailbox_health, quarantined
from triage.mail.ingest.quarantine import rerun_quarantined
from triage.models import User
from triage.people.users import (
    MIN_PASSWORD_LENGTH,
    ROLES,
    LastAdmin,
    add_user,
    all_users,
    set_active,
    set_password,
    set_role,
    user_by_id,
)

router = APIRouter(prefix="/admin")
Text = Annotated[str, Form()]
USERS = "/admin/users"


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, user: AdminUser, session: SessionDep) -> HTMLResponse:
    context = {"people": all_users(session), "roles": ROLES, "min_length": MIN_PASSWORD_LENGTH}
    return render(request, "pages/admin_users.html", context)


@router.post("/users", dependencies=[CsrfChecked])
def add(
    request: Request,
    user: AdminUser,
    session: SessionDep,
    username: Text = "",
    display_name: Text = "",
    role: Text = "officer",
    password: Text = "",
) -> RedirectResponse:
    name = username.strip()
    if not name or any(c.isspace() for c in name):
        return _refused(request, _("A user name is needed, without spaces."))
    if _too_short(request, password) or _taken(request, session, name):
        return RedirectResponse(USERS, status_code=303)
    add_user(session, name, role, password, display_name.strip())
    flash(request, _("%(name)s can log in now.") % {"name": name})
    return RedirectResponse(USERS, status_code=303)


@router.post("/users/{user_id}/role", dependencies=[CsrfChecked])
def change_role(
    request: Request, user_id: int, user: AdminUser, session: SessionDep, role: Text = ""
) -> RedirectResponse:
    target = user_by_id(session, user_id)
    try:
        set_role(session, target.username, role)
    except LastAdmin:
        return _refused(request, _("%(name)s is the last admin and stays one.") % _of(target))
    flash(request, _("%(name)s is now %(role)s.") % {**_of(target), "role": _role(role)})
    return RedirectResponse(USERS, status_code=303)


@router.post("/users/{user_id}/active", dependencies=[CsrfChecked])
def change_active(
    request: Request, user_id: int, user: AdminUser, session: SessionDep, active: Text = "0"
) -> RedirectResponse:
    target = user_by_id(session, user_id)
    try:
        set_active(session, target.username, active == "1")
    except LastAdmin:
        return _refused(
            request, _("%(name)s is the last admin and cannot be disabled.") % _of(target)
        )
    done = (
        _("%(name)s can log in again.")
        if active == "1"
        else _("%(name)s is disabled and logged out.")
    )
    flash(request, done % _of(target))
    return RedirectResponse(USERS, status_code=303)


@router.post("/users/{user_id}/password", dependencies=[CsrfChecked])
def new_password(
    request: Request, user_id: int, user: AdminUser, session: SessionDep, password: Text = ""
) -> RedirectResponse:
    target = user_by_id(session, user_id)
    if not _too_short(request, password):
        set_password(session, target.username, password)
        flash(
            request, _("%(name)s has a new password and was logged out everywhere.") % _of(target)
        )
    return RedirectResponse(USERS, status_code=303)


def _too_short(request: Request, password: str) -> bool:
    if len(password) >= MIN_PASSWORD_LENGTH:
        return False
    message = _("The password needs at least %(n)s characters.") % {"n": MIN_PASSWORD_LENGTH}
    flash(request, message, "error")
    return True


def _taken(request: Request, session: SessionDep, name: str) -> bool:
    if not any(u.username == name for u in all_users(session)):
        return False
    flash(request, _("There is a user named %(name)s already.") % {"name": name}, "error")
    return True


def _refused(request: Request, message: str) -> RedirectResponse:
    flash(request, message, "error")
    return RedirectResponse(USERS, status_code=303)


def _of(target: User) -> dict[str, str]:
    return {"name": target.display_name or target.username}


def _role(role: str) -> str:
    return roles().get(role, role)


@router.get("/mailboxes", response_class=HTMLResponse)
def mailboxes(
    request: Request, user: AdminUser, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    return render(
        request,
        "pages/admin_mailboxes.html",
        {"mailboxes": mailbox_health(session, settings), "send_failure": send_failure},
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
