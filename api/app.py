"""The web application: server-rendered pages and the JSON API under /api/v1.

A thin adapter: parse the request, call one function of the triage package, render.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from api.deps import AdminUser, CsrfChecked, CurrentUser, LoginRequired, SessionDep, csrf_token
from triage.auth import LoginThrottle, log_in, session_secret
from triage.db import make_engine
from triage.errors import PermissionDenied, TooManyAttempts
from triage.queue import case_rows, mailbox_health, quarantined
from triage.settings import Settings, load_settings

_TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="mailtriage",
        version="0.1.0",
        docs_url="/api/v1/docs",
        openapi_url="/api/v1/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="mailtriage",
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=12 * 3600,
    )
    throttle = LoginThrottle()

    @app.exception_handler(LoginRequired)
    def to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        return _TEMPLATES.TemplateResponse(
            request, "pages/login.html", {"csrf": csrf_token(request), "next": _local(next)}
        )

    @app.post("/login", dependencies=[CsrfChecked], response_model=None)
    def login(
        request: Request,
        session: SessionDep,
        username: str = Form(""),
        password: str = Form(""),
        next: str = Form("/"),
    ) -> Response:
        address = request.client.host if request.client else "?"
        try:
            user = log_in(session, throttle, username, password, address)
        except PermissionDenied as exc:
            code = 429 if isinstance(exc, TooManyAttempts) else 401
            context = {
                "csrf": csrf_token(request),
                "next": _local(next),
                "error": str(exc),
                "username": username,
            }
            return _TEMPLATES.TemplateResponse(request, "pages/login.html", context, code)
        request.session.clear()  # a new session at login: no fixation
        request.session["user_id"] = user.id
        csrf_token(request)
        return RedirectResponse(_local(next), status_code=303)

    @app.post("/logout", dependencies=[CsrfChecked])
    def logout(request: Request) -> RedirectResponse:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request, user: CurrentUser, session: SessionDep) -> HTMLResponse:
        rows = case_rows(session, limit=200)
        return _TEMPLATES.TemplateResponse(
            request, "pages/queue.html", {"rows": rows, "user": user, "csrf": csrf_token(request)}
        )

    @app.get("/api/v1/cases")
    def list_cases(
        user: CurrentUser, session: SessionDep, limit: int = 100, status: str | None = None
    ) -> list[dict[str, Any]]:
        return case_rows(session, limit=min(max(limit, 1), 1000), status=status)

    @app.get("/api/v1/mailboxes")
    def list_mailboxes(user: AdminUser, session: SessionDep) -> list[dict[str, Any]]:
        return mailbox_health(session, settings)

    @app.get("/api/v1/quarantine")
    def list_quarantine(user: AdminUser, session: SessionDep) -> list[dict[str, Any]]:
        return quarantined(session)

    return app


def _local(target: str) -> str:
    """Only paths on this site after login (no open redirect to another host)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def create_app_from_environment() -> FastAPI:
    """For `uvicorn --factory`: settings from TRIAGE_CONFIG and the environment."""
    return create_app(load_settings())
