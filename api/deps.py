"""Request dependencies: a database session per request, the logged-in user, CSRF checks.

Pages use a signed session cookie set at login; the JSON API also takes HTTP Basic for scripts.
Everything downstream reads only the session's stamp (`triage.people.auth.session_stamp`: user id,
session generation, login time), so single sign-on (OIDC) fits in as one more way to set it: a
callback route that maps the verified identity to a User and does what /login does after the
password check.
Every state-changing request must carry the session's CSRF token (form field or header).
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.i18n import localise
from routines import RoutineLibrary
from triage.cases.routine_store import (
    Stamp,
    ensure_routines_seeded,
    routine_library,
    routines_stamp,
)
from triage.db import transaction
from triage.errors import PermissionDenied, TooManyAttempts
from triage.models import User
from triage.people.auth import RecentBasicLogins, client_address, log_in, session_holds
from triage.people.users import Permission, require
from triage.settings import Settings


@dataclass(frozen=True)
class Viewer:
    """Who is asking, copied out of the database row: pages and error pages can show it even
    after the request's transaction has been rolled back."""

    id: int
    username: str
    display_name: str
    role: str
    locale: str
    timezone: str
    is_active: bool = True

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(
            user.id or 0,
            user.username,
            user.display_name or user.username,
            user.role,
            user.locale,
            user.timezone,
        )


class LoginRequired(Exception):
    """Raised for a page without a session: the app answers with a redirect to /login."""


def get_session(request: Request) -> Iterator[Session]:
    with transaction(request.app.state.engine) as session:
        yield session


# scope="function": the transaction commits when the route returns, before the answer goes
# out. With FastAPI's default ("request") it committed only after the answer was sent, so a
# page loaded right after a "saved" could miss the change, and a client that hung up early
# could cancel the commit of work it had been told was done.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request that does not carry this session's token.

    A script calling /api with HTTP Basic and a JSON body has no session; a browser cannot send
    such a request across sites without a CORS preflight (which we never grant), so it passes.
    """
    if (
        request.url.path.startswith("/api/")
        and "user_id" not in request.session
        and request.headers.get("authorization", "").lower().startswith("basic ")
        and request.headers.get("content-type", "").startswith("application/json")
    ):
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = str((await request.form()).get("csrf_token", ""))
    expected = request.session.get("csrf", "")
    if not sent or not expected or not secrets.compare_digest(sent, expected):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="missing or wrong CSRF token")


CsrfChecked = Depends(verify_csrf)


class _OptionalBasic(HTTPBasic):
    """FastAPI's HTTP Basic scheme (the OpenAPI schema shows it), with two differences: a
    missing or malformed header is no login (a page's session may still hold, and a script gets
    our own 401), and the credentials are UTF-8, as httpx and curl send them (FastAPI reads
    ASCII only, so a password with å would never match)."""

    async def __call__(self, request: Request) -> HTTPBasicCredentials | None:  # type: ignore[override]
        scheme, param = get_authorization_scheme_param(request.headers.get("authorization"))
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(param, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        name, colon, password = decoded.partition(":")
        return HTTPBasicCredentials(username=name, password=password) if colon else None


BasicCredentials = Annotated[
    HTTPBasicCredentials | None, Depends(_OptionalBasic(auto_error=False, realm="mailtriage"))
]


def current_user(request: Request, session: SessionDep, basic: BasicCredentials) -> User:
    user = session_user(request, session)
    if user is None and request.url.path.startswith("/api/") and basic is not None:
        user = _basic_user(request, session, basic)
    if user is None and request.url.path.startswith("/api/"):
        # errors.answer adds a Basic challenge only if Basic was tried
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="login required")
    if user is None:
        raise LoginRequired
    request.state.user = Viewer.of(user)
    return user


def session_user(request: Request, session: Session) -> User | None:
    """The user of this request's session cookie while that session holds; a revoked or
    expired session is emptied."""
    user_id = request.session.get("user_id")
    if not user_id:
        return None
    user = session.get(User, user_id)
    if session_holds(user, request.session, now(request)):
        return user
    request.session.clear()
    return None


def _basic_user(request: Request, session: Session, basic: HTTPBasicCredentials) -> User | None:
    """HTTP Basic for scripts, through the same brake as the login form (TooManyAttempts,
    answered 429, comes before any password is hashed); a recent success is remembered."""
    recent: RecentBasicLogins = request.app.state.basic_logins
    key = request.headers.get("authorization", "")  # kept only as a keyed hash
    known = recent.recall(key, now(request))
    if known is not None:
        user = session.get(User, known[0])
        if user is not None and user.is_active and user.session_generation == known[1]:
            return user
    # A stale session cookie or a remembered login read the database: end that transaction, so
    # that no pooled connection waits with this request for the brake or argon2.
    session.rollback()
    brake = request.app.state.brake
    try:
        user = log_in(
            session, brake, basic.username, basic.password, client_address_of(request), now(request)
        )
    except TooManyAttempts:
        raise
    except PermissionDenied:
        return None
    recent.remember(key, user, now(request))
    return user


def now(request: Request) -> datetime:
    """The app's clock (tests set `app.state.clock` instead of sleeping)."""
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def client_address_of(request: Request) -> str:
    """The client's address, from X-Forwarded-For only when a trusted proxy sent it."""
    settings: Settings = request.app.state.settings
    peer = request.client.host if request.client else "?"
    forwarded = request.headers.getlist("x-forwarded-for")
    return client_address(peer, forwarded, settings.trusted_proxies)


async def localised_user(request: Request, user: Annotated[User, Depends(current_user)]) -> User:
    """The user, with the request switched to their language. Async on purpose: a context
    variable set here is seen by the route (a sync dependency runs in a copied context)."""
    localise(request)
    return user


CurrentUser = Annotated[User, Depends(localised_user)]


def _permitted(permission: Permission) -> Callable[[User], User]:
    def check(user: CurrentUser) -> User:
        require(user, permission)
        return user

    return check


Worker = Annotated[User, Depends(_permitted(Permission.WORK_CASES))]
AdminUser = Annotated[User, Depends(_permitted(Permission.ADMINISTER))]
StatisticsReader = Annotated[User, Depends(_permitted(Permission.READ_STATISTICS))]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def routines_at_start(engine: Engine) -> tuple[RoutineLibrary, Stamp | None]:
    """The approved routines (seeded from the files on the first start) and their stamp. A
    database not migrated yet has none: the first request that needs them reads them."""
    try:
        with transaction(engine) as session:
            ensure_routines_seeded(session)
            return routine_library(session), routines_stamp(session)
    except DBAPIError:
        return RoutineLibrary(), None


def get_routines(request: Request, session: SessionDep) -> RoutineLibrary:
    """The approved routines, read again when one was approved since (a one-row query), so
    every page sees an approved change without a restart."""
    state = request.app.state
    stamp = routines_stamp(session)
    if stamp != state.routines_stamp:
        state.routines, state.routines_stamp = routine_library(session), stamp
    library: RoutineLibrary = state.routines
    return library


RoutinesDep = Annotated[RoutineLibrary, Depends(get_routines)]
