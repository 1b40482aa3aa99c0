"""The web application: server-rendered pages and the JSON API under /api/v1.

A thin adapter: each route parses the request, calls the triage package, and renders.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from api import errors, i18n, ids, v1
from api.deps import CurrentUser, LoginRequired, routines_at_start
from api.nul import DropNul
from api.pages import (
    absences,
    admin,
    analysis,
    auth,
    case_reply,
    cases,
    faq,
    health,
    library,
    profile,
    queue,
    replies,
    routine_editing,
    statistics,
)
from api.templating import templates
from triage.cases.suggestions import matcher
from triage.db import make_engine
from triage.models import utcnow
from triage.people.auth import RecentBasicLogins, session_secret
from triage.people.login_brake import LoginBrake
from triage.settings import Settings, load_settings

log = logging.getLogger(__name__)

_STATIC = Path(__file__).parent / "static"

# Nothing from a mail may run: scripts only from this site (htmx, keys.js), no inline code, no
# plugins, no framing, and images only from here (remote images in mail stay blocked).
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# Pages anyone may read (and index): the FAQ and the robots file that says so.
_PUBLIC_PAGES = {"/faq", "/robots.txt"}  # /healthz is public too, and not a page


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The app for these settings; pass `engine` to share one (tests, the demo), else the app
    makes its own and disposes of it at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What start-up loaded (sklearn, babel, the libraries) lives as long as the process:
        # keep it out of the garbage collector's full passes, which otherwise pause requests.
        await run_in_threadpool(_warm_up, app)
        gc.freeze()
        yield
        if engine is None:
            app.state.engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="mailtriage",
        version="0.1.0",
        # The schema needs a login like every route; no Swagger UI (it would load from a CDN).
        docs_url=None,
        openapi_url=None,
        redoc_url=None,
        dependencies=[ids.IdsInRange],  # an id no row can have is a 404 on every route
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings)
    app.state.brake = LoginBrake(app.state.engine)
    app.state.basic_logins = RecentBasicLogins()
    app.state.clock = utcnow  # sessions' ages and the brake's windows; tests set their own
    # The approved routines, seeded from routines/library on the first start; api.deps reads
    # them again whenever a change is approved.
    app.state.routines, app.state.routines_stamp = routines_at_start(app.state.engine)

    @app.middleware("http")
    async def language(request: Request, call_next):  # type: ignore[no-untyped-def]
        # Inside the session middleware (added after): the browser's choice, before any route.
        i18n.localise(request)
        return await call_next(request)

    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="mailtriage",
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=12 * 3600,
    )

    app.add_middleware(DropNul)  # outermost but for the headers below: before any route reads

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if settings.secure_cookies:  # served over HTTPS: browsers keep to it for a year
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.url.path.startswith("/static/"):  # personal data: kept in no cache
            response.headers.setdefault("Cache-Control", "no-store")
        if request.url.path not in _PUBLIC_PAGES:  # behind a login: no search engine's business
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response

    @app.exception_handler(LoginRequired)
    def to_login(request: Request, exc: LoginRequired) -> Response:
        return auth.login_redirect(request)

    errors.install(app)
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    for module in (
        auth,
        queue,
        cases,
        case_reply,
        library,
        routine_editing,
        replies,
        faq,
        health,
        absences,
        admin,
        analysis,
        statistics,
        profile,
    ):
        app.include_router(module.router, include_in_schema=False)  # pages, not API
    app.include_router(v1.router)

    @app.get("/api/v1/openapi.json", include_in_schema=False)
    def openapi(user: CurrentUser) -> dict[str, Any]:
        return app.openapi()

    return app


def _warm_up(app: FastAPI) -> None:
    """Build the reply matcher and compile the page templates before the first request, which
    otherwise waits for both (a first case page took close to a second)."""
    try:
        with Session(app.state.engine) as session:
            matcher(session)
    except SQLAlchemyError as exc:  # not migrated yet, say: the first case page builds it
        log.info("reply matcher not built at start: %s", exc.__class__.__name__)
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)


def create_app_from_environment() -> FastAPI:
    """For `uvicorn --factory`: settings from TRIAGE_CONFIG and the environment."""
    return create_app(load_settings())
