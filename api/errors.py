"""Errors become answers once, here: an HTML page, a short htmx fragment, or JSON under /api.

Nobody sees a traceback: domain errors map to 400/403/404/409/429/502, anything unexpected to a
500 page; all say what happened and what to do in the user's language, with the menu when
someone is logged in, and the unexpected ones are logged in full on the server.

A form POST from one of our pages that fails goes back to that page with the message (303), so
the address bar never keeps a POST address that a reload would turn into a 405. Routes that
want to do it themselves (keep a draft first, say something more precise) call
`back_with_message`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import escape
from starlette.exceptions import HTTPException

from api.deps import Viewer, session_user
from api.i18n import error_text, localise
from api.i18n import gettext_ as _
from api.templating import flash, render, same_site_referer
from triage.cases.service import CaseHeld
from triage.db import transaction
from triage.errors import (
    Conflict,
    InvalidInput,
    MailboxError,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    TriageError,
)

log = logging.getLogger(__name__)

_STATUS: list[tuple[type[TriageError], int]] = [
    (NotFound, 404),
    (TooManyAttempts, 429),
    (PermissionDenied, 403),
    (Conflict, 409),
    (InvalidInput, 400),
    (MailboxError, 502),
]
# Starlette's and our own English details that have a better sentence in the user's language.
_PLAIN_DETAILS = {"Not Found", "Method Not Allowed", "missing or wrong CSRF token", ""}
# Where an htmx request's error goes: a live region in base.html, not the swap's target.
HTMX_ALERTS = "#htmx-alerts"


def _titles() -> dict[int, str]:
    return {
        400: _("That did not work"),
        401: _("Please log in"),
        403: _("You may not do this"),
        404: _("Not found"),
        405: _("That did not work"),
        409: _("That clashes with a change"),
        422: _("That did not work"),
        429: _("Too many attempts"),
        500: _("Something went wrong"),
        502: _("The mail server did not answer as expected"),
    }


def _advice() -> dict[int, str]:
    """What the user can do about it, in their language."""
    return {
        400: _("Check what you entered and try again."),
        401: _("Log in and try again."),
        403: _("Your role does not allow this. Ask an admin if you need it."),
        404: _("There is no page at this address."),
        405: _("This address cannot be opened like that. Go back to the page and use its buttons."),
        409: _("Someone changed this at the same time. Reload the page and try again."),
        422: _("Check what you entered and try again."),
        429: _("Wait a moment, then try again."),
        500: _("The error has been logged. Please try again."),
        502: _("Nothing was lost. Try again later, or tell an admin if it keeps happening."),
    }


def _csrf_advice() -> str:
    return _("The form was out of date. Reload the page and try again.")


def answer(
    request: Request,
    status_code: int,
    detail: str,
    headers: dict[str, str] | None = None,
    *,
    may_redirect: bool = True,
) -> Response:
    if request.url.path.startswith("/api/"):
        localise(request)
        if detail in ("", "Not Found"):
            detail = _advice().get(status_code, _("That did not work"))
        # A Basic challenge only to a script that tried Basic: a browser that saw one would
        # keep sending the password it was given, past logout.
        tried_basic = request.headers.get("authorization", "").lower().startswith("basic ")
        if status_code == 401 and tried_basic:
            headers = {**(headers or {}), "WWW-Authenticate": 'Basic realm="mailtriage"'}
        return JSONResponse({"detail": detail}, status_code, headers=headers)
    _recognise_user(request)
    localise(request)
    title = _titles().get(status_code, _("That did not work"))
    advice = _advice().get(status_code, _("Check what you entered and try again."))
    if detail == "missing or wrong CSRF token":
        advice = _csrf_advice()
    # A refusal's own words name roles and permissions in code: the advice says it better.
    plain = detail in _PLAIN_DETAILS or detail == advice or status_code == 403
    shown = "" if plain else detail
    message = f"{title}. {advice}" + (f" ({shown})" if shown else "")
    if request.headers.get("hx-request"):
        fragment = f'<p class="flash error" role="alert">{escape(message)}</p>'
        retarget = {"HX-Retarget": HTMX_ALERTS, "HX-Reswap": "innerHTML"}
        return HTMLResponse(fragment, status_code, headers={**(headers or {}), **retarget})
    back = _form_page(request) if may_redirect else None
    if back is not None:
        return back_with_message(request, message, back)
    context = {
        "status_code": status_code,
        "title": title,
        "advice": advice,
        "detail": shown,
        "back": same_site_referer(request),
    }
    return render(request, "pages/error.html", context, status_code, headers)


def back_with_message(request: Request, message: str, fallback: str = "/") -> RedirectResponse:
    """Answer a failed form POST: back (303) to the page the form was on, which shows `message`
    (already in the user's language) as an error. `fallback` when the browser sent no Referer.

    A route that catches its own error, e.g. a send that failed::

        except MailboxError as exc:
            keep_draft(...)
            return back_with_message(request, _("Not sent: %(why)s") % {"why": exc}, f"/cases/{id}")
    """
    flash(request, message, "error")
    return RedirectResponse(same_site_referer(request) or fallback, status_code=303)


def _form_page(request: Request) -> str | None:
    """The page a failed browser form POST came from (its Referer on this site), if any."""
    if request.method != "POST" or request.headers.get("hx-request"):
        return None
    referer = same_site_referer(request)
    if referer is None or referer.split("?", 1)[0] == request.url.path:
        return None  # no page to go back to, or it is this address: show the error page
    return referer


def _recognise_user(request: Request) -> None:
    """Who is logged in, for the menu and the language, also where no route ran (an unknown
    address, a wrong method). An error page must never fail itself: without a database it
    goes without the menu."""
    if getattr(request.state, "user", None) is not None or "session" not in request.scope:
        return
    try:
        with transaction(request.app.state.engine) as session:
            user = session_user(request, session)
            if user is not None:
                request.state.user = Viewer.of(user)
    except Exception:
        log.warning("no user for the error page of %s", request.url.path, exc_info=True)


def install(app: FastAPI) -> None:
    @app.exception_handler(TriageError)
    def domain_error(request: Request, exc: TriageError) -> Response:
        code = next((c for kind, c in _STATUS if isinstance(exc, kind)), 400)
        if isinstance(exc, CaseHeld) and request.url.path.startswith("/api/"):
            held = {"assignee": exc.holder, "assignee_name": exc.holder_name}
            return JSONResponse({"detail": str(exc), **held}, code)
        if isinstance(exc, TooManyAttempts):
            return answer(request, code, str(exc), {"Retry-After": str(exc.retry_after_s)})
        if request.url.path.startswith("/api/"):
            return answer(request, code, str(exc))
        localise(request)
        return answer(request, code, error_text(exc))

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else ""
        return answer(request, exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        if request.url.path.startswith("/api/"):
            # Where each problem is and what is wrong, without echoing the input: a body that
            # is not JSON arrives as bytes, which no JSON answer can carry.
            detail = [
                {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                for e in exc.errors()
            ]
            return JSONResponse({"detail": detail}, 422)
        # A malformed address (/cases/abc) is a page that does not exist.
        if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()):
            return answer(request, 404, "")
        return answer(request, 400, problems)

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> Response:
        # A sync handler runs in the thread pool, where sys.exc_info() is empty: hand the
        # exception over, or the log says "NoneType: None" instead of the traceback.
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        # Answered outside the session middleware: a flash would not reach the next page.
        return answer(request, 500, "", may_redirect=False)
