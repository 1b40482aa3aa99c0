"""Request dependencies: a database session per request, the logged-in user, CSRF checks.

Pages use a signed session cookie set at login; the JSON API also takes HTTP Basic for scripts.
Every state-changing request must carry the session's CSRF token (form field or header).
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlmodel import Session

from triage.db import transaction
from triage.models import User
from triage.users import authenticate


class LoginRequired(Exception):
    """Raised for a page without a session: the app answers with a redirect to /login."""


def get_session(request: Request) -> Iterator[Session]:
    with transaction(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request that does not carry this session's token."""
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = str((await request.form()).get("csrf_token", ""))
    expected = request.session.get("csrf", "")
    if not sent or not expected or not secrets.compare_digest(sent, expected):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="missing or wrong CSRF token")


CsrfChecked = Depends(verify_csrf)


def current_user(request: Request, session: SessionDep) -> User:
    user_id = request.session.get("user_id")
    user = session.get(User, user_id) if user_id else None
    if user is not None and user.is_active:
        return user
    if request.url.path.startswith("/api/"):
        basic = _basic_user(request, session)
        if basic is not None:
            return basic
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="login required",
            headers={"WWW-Authenticate": 'Basic realm="mailtriage"'},
        )
    raise LoginRequired


def _basic_user(request: Request, session: Session) -> User | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        name, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return authenticate(session, name, password)


CurrentUser = Annotated[User, Depends(current_user)]


def admin_user(user: CurrentUser) -> User:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="admins only")
    return user


AdminUser = Annotated[User, Depends(admin_user)]
