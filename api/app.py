"""The web application: server-rendered pages and the JSON API under /api/v1.

A thin adapter: parse the request, call one function of the triage package, render.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import AdminUser, CurrentUser, SessionDep
from triage.db import make_engine
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

    @app.get("/", response_class=HTMLResponse)
    def queue_page(request: Request, user: CurrentUser, session: SessionDep) -> HTMLResponse:
        rows = case_rows(session, limit=200)
        return _TEMPLATES.TemplateResponse(
            request, "pages/queue.html", {"rows": rows, "user": user}
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


def create_app_from_environment() -> FastAPI:
    """For `uvicorn --factory`: settings from TRIAGE_CONFIG and the environment."""
    return create_app(load_settings())
