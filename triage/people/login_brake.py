"""The brake on password guessing, kept in the database: every worker process shares it, a
restart does not clear it, and its rows expire with their window.

Each attempt is counted before the password is checked, so parallel guesses are all counted.
Per client address (an IPv6 client's whole /64), too many attempts in a window are refused. Per
user name, attempts beyond a free allowance are only slowed down (a growing delay between
attempts), so that a stranger can neither lock a colleague out nor, from one address, even slow
them down. A login that succeeds takes its attempt back.

So that an office behind one NAT address can log in all at once, an attempt over a limit while
others are still being checked waits for them (up to WAIT_S): each correct one gives its attempt
back. A second row per key, `busy:<key>`, counts the attempts in flight; when none are, the
count is all failures and the attempt is refused at once, so guesses never get more checks.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, Table, Update, delete, select, update
from sqlmodel import Session

from triage.db import insert_ignoring_duplicates, transaction
from triage.errors import TooManyAttempts
from triage.models import LoginCounter

WINDOW_S = 15 * 60
ADDRESS_LIMIT = 10  # attempts per address and window; then refused until the window ends
NAME_FREE_ATTEMPTS = ADDRESS_LIMIT  # one address alone never slows a name down
NAME_MAX_DELAY_S = 60.0
WAIT_S = 30.0  # how long an attempt over a limit waits for the attempts in flight
POLL_S = 0.05  # how often it looks
IPV6_CLIENT_PREFIX = 64  # one subscriber, and so one attacker, gets a whole /64

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

    def __init__(self, engine: Engine, wait_s: float = WAIT_S, poll_s: float = POLL_S) -> None:
        self._engine = engine
        self._wait_s, self._poll_s = wait_s, poll_s

    @contextmanager
    def attempt(self, address: str, username: str, now_s: float) -> Iterator[None]:
        """Count one attempt for the block, which checks the password; TooManyAttempts while
        the address or the name is braked and no attempt in flight may free it in time.

        A block that ends without an error was a correct login: its attempt is taken back. One
        that raises (a wrong password, or any other error) stays counted as a failure. Either
        way the attempt is no longer in flight, so nobody waits for it in vain."""
        keys = [_address_key(address), _name_key(username)]
        self._admit(keys, now_s)
        succeeded = False
        try:
            yield
            succeeded = True
        finally:
            self._finish(keys, now_s, succeeded=succeeded)

    def failures(self, *, address: str | None = None, username: str | None = None) -> int:
        """The attempts counted for this address or name in its current window."""
        key = _address_key(address) if address is not None else _name_key(username or "")
        return self._count(key)

    def _admit(self, keys: list[str], now_s: float) -> None:
        deadline = time.monotonic() + self._wait_s
        claimed: list[str] = []
        try:
            for key, rule in zip(keys, (_address_rule, _name_rule), strict=True):
                self._claim_in_turn(key, now_s, rule, deadline)
                claimed.append(key)
        except BaseException:
            self._finish(claimed, now_s, succeeded=False)  # refused by the name: still counted
            raise

    def _claim_in_turn(self, key: str, now_s: float, rule: _Rule, deadline: float) -> None:
        """Claim an attempt; over the limit, wait while attempts in flight may give theirs
        back (a correct login does), and be refused once none is left or the time is up."""
        while True:
            try:
                self._claim(key, now_s, rule)
                return
            except TooManyAttempts:
                if time.monotonic() >= deadline or self._count(_busy_key(key)) == 0:
                    raise
            time.sleep(self._poll_s)

    def _finish(self, keys: list[str], now_s: float, *, succeeded: bool) -> None:
        """No longer in flight; a correct password is no failure either: its attempt is taken
        back, and expired rows are dropped."""
        if not keys:
            return
        with transaction(self._engine) as session:
            conn = session.connection()
            if succeeded:
                conn.execute(_one_less(keys))
            conn.execute(_one_less([_busy_key(key) for key in keys]).values(window_start_s=now_s))
            if succeeded:
                conn.execute(delete(_TABLE).where(_C.window_start_s <= now_s - WINDOW_S))

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
                    _one_more_in_flight(session, key, now_s)
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

    def _count(self, key: str) -> int:
        with Session(self._engine) as session:
            found = session.connection().execute(select(_C.failures).where(_C.key == key))
            return int(found.scalar() or 0)


def _one_more_in_flight(session: Session, key: str, now_s: float) -> None:
    """In the claim's own transaction: whoever sees the claim sees it in flight too. The row
    lives while it is used, and expires like the others when it is not."""
    busy = _busy_key(key)
    fresh = {"key": busy, "window_start_s": now_s, "failures": 0, "next_at_s": now_s}
    insert_ignoring_duplicates(session, LoginCounter, [fresh])
    session.connection().execute(
        update(_TABLE).where(_C.key == busy).values(failures=_C.failures + 1, window_start_s=now_s)
    )


def _one_less(keys: list[str]) -> Update:
    return update(_TABLE).where(_C.key.in_(keys), _C.failures > 0).values(failures=_C.failures - 1)


def counted_address(address: str) -> str:
    """What the brake counts for a client address: an IPv4 address as it is, an IPv6 one as
    its /64 (a subscriber has a whole /64, so one attacker has 2**64 addresses in it)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:200]  # no address (a proxy said "unknown"): counted as it is
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network((ip, IPV6_CLIENT_PREFIX), strict=False))
    return str(ip)


def _address_key(address: str) -> str:
    return f"addr:{counted_address(address)}"


def _name_key(username: str) -> str:
    return f"user:{username.strip().lower()[:200]}"


def _busy_key(key: str) -> str:
    return f"busy:{key}"
