"""Local user accounts: creation and password checks (argon2 through pwdlib)."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash
from sqlmodel import Session, select

from triage.errors import Conflict, InvalidInput
from triage.models import User

ROLES = ("officer", "manager", "admin")
MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def add_user(
    session: Session, username: str, role: str, password: str, display_name: str = ""
) -> User:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise Conflict(f"a user named {username!r} exists already")
    user = User(
        username=username,
        role=role,
        display_name=display_name or username,
        password_hash=_hasher().hash(password),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None (same cost either way)."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or not user.is_active:
        _hasher().verify(password, _dummy_hash())
        return None
    return user if _hasher().verify(password, user.password_hash) else None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("not a real password at all")
