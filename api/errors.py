"""Errors become answers once, here: an HTML page, a short htmx fragment, or JSON under /api.

Nobody sees a traceback: domain errors map to 400/403/404/409, anything unexpected to a 500
page that says what happened in words and is logged in full on the server.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from api.i18n import gettext_ as _
from api.i18n import localise
from api.templating import render
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


def answer(
    request: Request, status_code: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    localise(request)
    if request.url.path.startswith("/api/"):
        # A Basic challenge only to a script that tried Basic: a browser that saw one would
        # keep sending the password it was given, past logout.
        tried_basic = request.headers.get("authorization", "").lower().startswith("basic ")
        if status_code == 401 and tried_basic:
            headers = {**(headers or {}), "WWW-Authenticate": 'Basic realm="mailtriage"'}
        return JSONResponse({"detail": detail}, status_code, headers=headers)
    title = _titles().get(status_code, _("That did not work"))
    if request.headers.get("hx-request"):
        return HTMLResponse(
            f'<p class="flash error" role="alert">{_escape(title)}: {_escape(detail)}</p>',
            status_code,
            headers=headers,
        )
    context = {"status_code": status_code, "title": title, "detail": detail}
    return render(request, "pages/error.html", context, status_code, headers)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def install(app: FastAPI) -> None:
    @app.exception_handler(TriageError)
    def domain_error(request: Request, exc: TriageError) -> Response:
        code = next((c for kind, c in _STATUS if isinstance(exc, kind)), 400)
        if isinstance(exc, TooManyAttempts):
            return answer(request, code, str(exc), {"Retry-After": str(exc.retry_after_s)})
        return answer(request, code, str(exc))

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else _("That did not work")
        if exc.status_code == 404 and detail == "Not Found":
            detail = _("There is no page at this address.")
        return answer(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.errors()}, 422)
        # A malformed address (/cases/abc) is a page that does not exist.
        if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()):
            return answer(request, 404, _("There is no page at this address."))
        return answer(request, 400, problems)

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> Response:
        # A sync handler runs in the thread pool, where sys.exc_info() is empty: hand the
        # exception over, or the log says "NoneType: None" instead of the traceback.
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return answer(request, 500, _("The error has been logged. Please try again."))
