"""Local user accounts: creation, password checks (argon2 through pwdlib), new passwords,
disabling, and ending a user's sessions."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pwdlib import PasswordHash
from sqlalchemy import ColumnElement, Engine, func
from sqlmodel import Session, col, select

from triage.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from triage.models import User

ROLES = ("officer", "manager", "admin")
LOCALES = ("sv", "en")
MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def add_user(
    session: Session, username: str, role: str, password: str, display_name: str = ""
) -> User:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    password_hash = _new_hash(password)
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise Conflict(f"a user named {username!r} exists already")
    user = User(
        username=username,
        role=role,
        display_name=display_name or username,
        password_hash=password_hash,
    )
    session.add(user)
    session.flush()
    return user


def verified_user_id(engine: Engine, username: str, password: str) -> int | None:
    """The id of the active user with this name and password, or None (same cost either way).

    The hash is read in a session of its own, closed before argon2 runs: many logins at once
    then hold no pooled connection through the slow part, and the pool cannot run dry."""
    with Session(engine) as session:
        found = session.exec(
            select(User.id, User.password_hash, User.is_active).where(User.username == username)
        ).first()
    user_id, password_hash, is_active = found if found is not None else (None, "", False)
    if user_id is None or not is_active:
        _hasher().verify(password, _dummy_hash())
        return None
    return user_id if _hasher().verify(password, password_hash) else None


def end_sessions(user: User) -> None:
    """Every session this user has, in any browser, ends at its next request."""
    user.session_generation += 1


def set_password(session: Session, username: str, password: str) -> User:
    """A new password; the old one's sessions end (a stolen cookie goes with it)."""
    user = user_named(session, username)
    user.password_hash = _new_hash(password)
    end_sessions(user)
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    """Disable (or enable again) a login; either way its existing sessions end, so a cookie
    from before a disable does not come back to life with the enable."""
    user = user_named(session, username)
    if not active:
        _keep_an_admin(session, user)
    user.is_active = active
    end_sessions(user)
    return user


class LastAdmin(Conflict):
    """The office would be left without an active admin to undo it."""


def set_role(session: Session, username: str, role: str) -> User:
    """A new role; the user's sessions go on (what they may do is read at each request)."""
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    user = user_named(session, username)
    if role != "admin":
        _keep_an_admin(session, user)
    user.role = role
    return user


def _keep_an_admin(session: Session, leaving: User) -> None:
    """Refuse to take away the last active admin (by disabling or demoting): nobody could
    manage users in the browser any more."""
    if leaving.role != "admin" or not leaving.is_active:
        return
    others = select(User).where(
        User.role == "admin", col(User.is_active), col(User.id) != leaving.id
    )
    if session.exec(others).first() is None:
        raise LastAdmin(f"{leaving.username} is the last active admin")


def all_users(session: Session) -> list[User]:
    """Everyone with a login, disabled ones too (for the admin's list)."""
    return list(session.exec(select(User).order_by(col(User.username))).all())


def names_by_login(session: Session) -> dict[str, str]:
    """Everyone's name as the office knows them, by login: for what is stored under a login
    (who proposed or approved a version), former colleagues included."""
    return {u.username: u.display_name or u.username for u in all_users(session)}


def user_by_id(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    return user


def _new_hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher().hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("not a real password at all")


class Permission(StrEnum):
    WORK_CASES = "work_cases"  # the queue, case pages, replies, routines
    READ_STATISTICS = "read_statistics"
    MANAGE_ABSENCES = "manage_absences"  # register absences for colleagues, not only oneself
    ADMINISTER = "administer"  # users, mailboxes, quarantine, types and content
    APPROVE_CONTENT = "approve_content"  # let a proposed standard reply reach students


_GRANTS = {
    "officer": {Permission.WORK_CASES},
    "manager": {
        Permission.WORK_CASES,
        Permission.READ_STATISTICS,
        Permission.MANAGE_ABSENCES,
        Permission.APPROVE_CONTENT,
    },
    "admin": set(Permission),
}


class HasRole(Protocol):
    @property
    def role(self) -> str: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def username(self) -> str: ...


def may(user: HasRole, permission: Permission) -> bool:
    return user.is_active and permission in _GRANTS.get(user.role, set())


def require(user: HasRole, permission: Permission) -> None:
    if not may(user, permission):
        raise PermissionDenied(f"{user.username} ({user.role}) may not {permission.value}")


def shown_name() -> ColumnElement[str]:
    """A user's name as the pages show it, in SQL: the display name, else the login name."""
    return func.coalesce(func.nullif(col(User.display_name), ""), col(User.username))


def active_users(session: Session) -> list[User]:
    query = select(User).where(col(User.is_active)).order_by(col(User.username))
    return list(session.exec(query).all())


def user_named(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def set_preferences(user: User, locale: str, timezone: str) -> None:
    """The user's language (sv or en) and time zone (an IANA name; empty: the office's)."""
    if locale not in LOCALES:
        raise InvalidInput(f"language must be one of {', '.join(LOCALES)}")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"unknown time zone {timezone!r}") from None
    user.locale, user.timezone = locale, timezone


MAX_SIGNATURE_CHARS = 2000


def set_signature(session: Session, user: User, language: str, text: str) -> None:
    """The officer's signature in `language` (sv or en): Markdown, appended to their replies in
    that language; empty removes it (replies are then signed with the display name)."""
    if language not in LOCALES:
        raise InvalidInput(f"a signature's language must be one of {', '.join(LOCALES)}")
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if len(text) > MAX_SIGNATURE_CHARS:
        raise InvalidInput(f"a signature may be at most {MAX_SIGNATURE_CHARS} characters")
    if language == "sv":
        user.signature_sv = text
    else:
        user.signature_en = text
    session.add(user)
    session.flush()


MAX_DISPLAY_NAME_CHARS = 100


def set_display_name(session: Session, user: User, name: str) -> None:
    """The name colleagues and students see ("Anna Lind"): one line, blanks squeezed, since it
    goes into a mail's From; empty gives the login name back."""
    name = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    if len(name) > MAX_DISPLAY_NAME_CHARS:
        raise InvalidInput(f"a display name may be at most {MAX_DISPLAY_NAME_CHARS} characters")
    user.display_name = name or user.username
    session.add(user)
    session.flush()
