"""Who an owner named in a routine or standard reply is among the office's logins. Owners are
written by hand (a login, a display name, or a role such as `housing-coordinator`); a page shows
the colleague where one matches, so that a substitute knows whom to ask."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from triage.models import User
from triage.people.users import active_users


@dataclass(frozen=True)
class Person:
    """An owner as the content names them, and the login that name is, if one is."""

    name: str
    username: str | None = None
    display_name: str = ""


def names_user(name: str, user: User) -> bool:
    """Whether an owner name is this login: its user name or display name, in any case
    (routines are written by hand, accounts by an admin)."""
    wanted = name.strip().casefold()
    return bool(wanted) and wanted in (
        user.username.casefold(),
        (user.display_name or "").strip().casefold(),
    )


def person(name: str, users: list[User]) -> Person:
    """The owner named, with the login whose user name (first) or display name matches."""
    match = next((u for u in users if u.username.casefold() == name.strip().casefold()), None)
    match = match or next((u for u in users if names_user(name, u)), None)
    if match is None:
        return Person(name)
    return Person(name, match.username, match.display_name or match.username)


def people_named(session: Session, names: Iterable[str]) -> dict[str, Person]:
    """Each owner name given, as `person` finds it; the logins are read once for all."""
    users = active_users(session)
    return {name: person(name, users) for name in set(names) if name}
