"""Request dependencies: a database session per request and the logged-in user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from sqlmodel import Session

from triage.db import transaction
from triage.models import User
from triage.users import authenticate

_basic = HTTPBasic(realm="mailtriage")


def get_session(request: Request) -> Iterator[Session]:
    with transaction(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def current_user(
    session: SessionDep, credentials: Annotated[HTTPBasicCredentials, Depends(_basic)]
) -> User:
    user = authenticate(session, credentials.username, credentials.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="login required",
            headers={"WWW-Authenticate": 'Basic realm="mailtriage"'},
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def admin_user(user: CurrentUser) -> User:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="admins only")
    return user


AdminUser = Annotated[User, Depends(admin_user)]
