"""Logging in and out, and each user's language and time zone."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import i18n
from api.deps import CsrfChecked, CurrentUser, SessionDep, csrf_token
from api.i18n import gettext_ as _
from api.templating import flash, render
from triage.auth import log_in
from triage.errors import InvalidInput, PermissionDenied, TooManyAttempts
from triage.users import set_preferences

router = APIRouter()
Text = Annotated[str, Form()]


def local(target: str) -> str:
    """Only paths on this site after login (no open redirect to another host)."""
    ok = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if ok else "/"


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", lang: str = "") -> HTMLResponse:
    if lang in i18n.LOCALES:
        request.session["locale"] = lang
    return render(request, "pages/login.html", {"next": local(next)})


@router.post("/login", dependencies=[CsrfChecked], response_model=None)
def login(
    request: Request,
    session: SessionDep,
    username: Text = "",
    password: Text = "",
    next: Text = "/",
) -> Response:
    address = request.client.host if request.client else "?"
    try:
        user = log_in(session, request.app.state.throttle, username, password, address)
    except PermissionDenied as exc:
        code = 429 if isinstance(exc, TooManyAttempts) else 401
        error = (
            _("Too many attempts; wait a while.")
            if code == 429
            else _("Wrong user name or password.")
        )
        context = {"next": local(next), "error": error, "username": username}
        return render(request, "pages/login.html", context, code)
    request.session.clear()  # a new session at login: no fixation
    request.session["user_id"] = user.id
    csrf_token(request)
    return RedirectResponse(local(next), status_code=303)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.post("/preferences", dependencies=[CsrfChecked], response_model=None)
def preferences(
    request: Request,
    user: CurrentUser,
    locale: Text = "sv",
    timezone: Text = "",
    next: Text = "/",
) -> Response:
    try:
        set_preferences(user, locale, timezone.strip())
    except InvalidInput as exc:
        flash(request, str(exc), "error")
    return RedirectResponse(local(next), status_code=303)
