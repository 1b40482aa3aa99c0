"""The brake on password guessing, kept in the database: every worker process shares it, a
restart does not clear it, and its rows expire with their window.

Each attempt is counted before the password is checked, so parallel guesses are all counted.
Per client address, too many attempts in a window are refused. Per user name, attempts beyond a
free allowance are only slowed down (a growing delay between attempts), so that a stranger can
neither lock a colleague out nor, from one address, even slow them down. A login that succeeds
takes its attempt back.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, Table, delete, select, update
from sqlmodel import Session

from triage.db import insert_ignoring_duplicates, transaction
from triage.errors import TooManyAttempts
from triage.models import LoginCounter

WINDOW_S = 15 * 60
ADDRESS_LIMIT = 10  # attempts per address and window; then refused until the window ends
NAME_FREE_ATTEMPTS = ADDRESS_LIMIT  # one address alone never slows a name down
NAME_MAX_DELAY_S = 60.0

_TABLE: Table = LoginCounter.__table__  # type: ignore[attr-defined]
_C = _TABLE.c


@dataclass(frozen=True)
class _Counter:
    failures: int
    window_start_s: float
    next_at_s: float


_Rule = Callable[[_Counter, float], float]  # the new next_at_s, or TooManyAttempts


def _address_rule(counter: _Counter, now: float) -> float:
    if counter.failures >= ADDRESS_LIMIT:
        wait_s = counter.window_start_s + WINDOW_S - now
        minutes = math.ceil(wait_s / 60)
        raise TooManyAttempts(
            f"too many failed logins from this address; try again in {minutes} minutes",
            retry_after_s=max(1, math.ceil(wait_s)),
        )
    return counter.next_at_s


def name_delay_s(failures: int) -> float:
    """The pause a user name needs after this many attempts: none within the free allowance,
    then one second, doubling, up to NAME_MAX_DELAY_S."""
    if failures <= NAME_FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** (failures - NAME_FREE_ATTEMPTS - 1), NAME_MAX_DELAY_S)


def _name_rule(counter: _Counter, now: float) -> float:
    if counter.failures >= NAME_FREE_ATTEMPTS and now < counter.next_at_s:
        wait_s = max(1, math.ceil(counter.next_at_s - now))
        raise TooManyAttempts(
            f"many failed logins for this name; try again in {wait_s} seconds",
            retry_after_s=wait_s,
        )
    return now + name_delay_s(counter.failures + 1)


class LoginBrake:
    """Counts login attempts in the `logincounter` table, each in its own short transaction
    (committed before the slow password check, and kept when the request fails)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def attempt(self, address: str, username: str, now_s: float) -> None:
        """Count one attempt; TooManyAttempts while the address or the name is braked."""
        self._claim(_address_key(address), now_s, _address_rule)
        self._claim(_name_key(username), now_s, _name_rule)

    def succeeded(self, address: str, username: str, now_s: float) -> None:
        """A correct password is no failure: take the attempt back, and drop expired rows."""
        keys = [_address_key(address), _name_key(username)]
        with transaction(self._engine) as session:
            conn = session.connection()
            conn.execute(
                update(_TABLE)
                .where(_C.key.in_(keys), _C.failures > 0)
                .values(failures=_C.failures - 1)
            )
            conn.execute(delete(_TABLE).where(_C.window_start_s <= now_s - WINDOW_S))

    def failures(self, *, address: str | None = None, username: str | None = None) -> int:
        """The attempts counted for this address or name in its current window."""
        key = _address_key(address) if address is not None else _name_key(username or "")
        with Session(self._engine) as session:
            found = session.connection().execute(select(_C.failures).where(_C.key == key))
            return int(found.scalar() or 0)

    def _claim(self, key: str, now_s: float, rule: _Rule) -> None:
        # Compare and swap: each lost race means another attempt was counted, so this ends.
        while True:
            row = self._read(key, now_s)
            current = row
            if row.window_start_s + WINDOW_S <= now_s:
                current = _Counter(0, now_s, now_s)  # the window is over: start afresh
            next_at_s = rule(current, now_s)
            with transaction(self._engine) as session:
                done = session.connection().execute(
                    update(_TABLE)
                    .where(
                        _C.key == key,
                        _C.failures == row.failures,
                        _C.window_start_s == row.window_start_s,
                    )
                    .values(
                        failures=current.failures + 1,
                        window_start_s=current.window_start_s,
                        next_at_s=next_at_s,
                    )
                )
            if done.rowcount == 1:
                return

    def _read(self, key: str, now_s: float) -> _Counter:
        fresh = {"key": key, "window_start_s": now_s, "failures": 0, "next_at_s": now_s}
        with transaction(self._engine) as session:
            insert_ignoring_duplicates(session, LoginCounter, [fresh])
            found = session.connection().execute(
                select(_C.failures, _C.window_start_s, _C.next_at_s).where(_C.key == key)
            )
            row = found.one()
        return _Counter(int(row.failures), float(row.window_start_s), float(row.next_at_s))


def _address_key(address: str) -> str:
    return f"addr:{address[:200]}"


def _name_key(username: str) -> str:
    return f"user:{username.strip().lower()[:200]}"
