"""Logging in and out, and each user's language and time zone."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import i18n
from api.deps import (
    CsrfChecked,
    CurrentUser,
    SessionDep,
    client_address_of,
    csrf_token,
    now,
    session_user,
)
from api.i18n import gettext_ as _
from api.templating import flash, render, same_site_referer
from triage.errors import InvalidInput, PermissionDenied, TooManyAttempts
from triage.people.auth import log_in, session_stamp
from triage.people.users import end_sessions, set_preferences

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
    when = now(request)
    try:
        user = log_in(
            session, request.app.state.brake, username, password, client_address_of(request), when
        )
    except PermissionDenied as exc:
        return _refused(request, exc, username, next)
    if not user.locale:  # never chosen: keep the language the login page was in
        user.locale = i18n.login_page_language(request)
    request.session.clear()  # a new session at login: no fixation
    request.session.update(session_stamp(user, when))
    csrf_token(request)
    return RedirectResponse(local(next), status_code=303)


def _refused(request: Request, exc: PermissionDenied, username: str, next: str) -> Response:
    context = {"next": local(next), "username": username}
    if isinstance(exc, TooManyAttempts):
        context["error"] = _("Too many attempts; wait a while.")
        headers = {"Retry-After": str(exc.retry_after_s)}
        return render(request, "pages/login.html", context, 429, headers)
    context["error"] = _("Wrong user name or password.")
    return render(request, "pages/login.html", context, 401)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    """Ends this user's sessions everywhere: a copied cookie stops working too."""
    user = session_user(request, session)
    if user is not None:
        end_sessions(user)
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
    return RedirectResponse(_same_page(request, local(next)), status_code=303)


def _same_page(request: Request, next: str) -> str:
    """Back to the page the switch was on, filters included. The queue filters with htmx and
    pushes each filter into the address bar, past the form's `next`: the browser's Referer has
    the address as it is now, and wins when it is the same page."""
    referer = same_site_referer(request)
    if referer is not None and urlsplit(referer).path == urlsplit(next).path:
        return local(referer)
    return next
