"""Logging in: the password check behind the brake, who the client is, which sessions still
hold, and the session secret.

A session cookie carries the user's id, the session generation it was issued with and the time
of the login. Raising a user's generation (logout, a new password, disabling) ends every session
they have; the login time caps a session's life at SESSION_MAX_AGE_S however often the cookie is
re-signed (Starlette signs it afresh whenever the session changes, e.g. for a flash message).
A generation rather than server-side sessions: no database write per request and no table of
sessions to clean up, at the price that logging out ends the user's sessions on every device.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from triage.errors import PermissionDenied
from triage.models import User
from triage.people.login_brake import LoginBrake
from triage.people.users import verified_user_id
from triage.settings import Settings

SESSION_MAX_AGE_S = 12 * 3600
_FORWARDED_MAX_CHARS = 2000  # of X-Forwarded-For read, from the right; further left are claims
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def log_in(
    session: Session,
    brake: LoginBrake,
    username: str,
    password: str,
    address: str,
    now: datetime,
) -> User:
    """The user, in `session`, or PermissionDenied (TooManyAttempts while the brake is on,
    before any password is hashed).

    `session` is touched only after the check and the brake are done: a request never holds
    its pooled connection while waiting for the brake's or argon2's."""
    with brake.attempt(address, username, now.timestamp()):
        user_id = verified_user_id(_engine_of(session), username, password)
        if user_id is None:
            raise PermissionDenied("wrong user name or password")  # counted as a failure
    user = session.get(User, user_id)
    if user is None or not user.is_active:  # disabled during the check
        raise PermissionDenied("wrong user name or password")
    return user


def _engine_of(session: Session) -> Engine:
    engine = session.get_bind()
    assert isinstance(engine, Engine), "a login session is bound to an engine"
    return engine


def session_stamp(user: User, now: datetime) -> dict[str, Any]:
    """What a new session cookie carries: who, which generation, and since when."""
    return {"user_id": user.id, "gen": user.session_generation, "login_at": now.timestamp()}


def session_holds(user: User | None, stamp: dict[str, Any], now: datetime) -> bool:
    """Whether a cookie's session is still good: an active user, the generation it was issued
    with, and a login less than SESSION_MAX_AGE_S ago."""
    login_at = stamp.get("login_at")
    if user is None or not user.is_active or not isinstance(login_at, int | float):
        return False
    age_s = now.timestamp() - login_at
    return stamp.get("gen") == user.session_generation and 0 <= age_s < SESSION_MAX_AGE_S


def client_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[_Network]) -> str:
    """The client's address: the direct peer, unless that is one of our trusted proxies; then
    the nearest hop in X-Forwarded-For that is not one of them. `forwarded_for` is every line of
    the header in order (a proxy may add a line instead of appending to the last), read as one
    list. Hops further left are the client's own claims, which anyone can forge; a hop that is
    no address ("unknown", "_hidden") is such a claim too, never skipped as if it were ours."""
    joined = ",".join(forwarded_for)[-_FORWARDED_MAX_CHARS:]  # the right end: our proxies' hops
    if not joined or not _is_trusted(peer, trusted):
        return peer
    hops = [_without_port(hop.strip()) for hop in joined.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def _without_port(hop: str) -> str:
    """The address of a hop that may carry a port: "203.0.113.5:4711" and "[2001:db8::1]:443"
    (a bare IPv6 address has colons too, so only one colon means a port)."""
    if hop.startswith("["):
        address, bracket, _ = hop[1:].partition("]")
        return address if bracket else hop
    if hop.count(":") == 1:
        return hop.partition(":")[0]
    return hop


def _is_trusted(address: str, trusted: Sequence[_Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


class RecentBasicLogins:
    """Successful HTTP Basic checks remembered for a minute, so that a script's every call does
    not cost a full argon2 hash. Keyed by a keyed hash of the header (the password itself is
    never kept); an entry holds only while the user's session generation is unchanged."""

    def __init__(self, ttl_s: float = 60.0, size: int = 256) -> None:
        self._ttl_s, self._size = ttl_s, size
        self._seen: OrderedDict[str, tuple[int, int, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._key = secrets.token_bytes(32)  # per process: the digests are useless elsewhere

    def recall(self, header: str, now: datetime) -> tuple[int, int] | None:
        """(user id, session generation) of a recent success with this header, or None."""
        with self._lock:
            found = self._seen.get(self._digest(header))
        if found is None or found[2] <= now.timestamp():
            return None
        return found[0], found[1]

    def remember(self, header: str, user: User, now: datetime) -> None:
        with self._lock:
            self._seen[self._digest(header)] = (
                user.id or 0,
                user.session_generation,
                now.timestamp() + self._ttl_s,
            )
            while len(self._seen) > self._size:
                self._seen.popitem(last=False)

    def _digest(self, header: str) -> str:
        return hmac.new(self._key, header.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def session_secret(settings: Settings) -> str:
    """TRIAGE_SECRET_KEY when set; else a random key kept (mode 0600) in the data directory."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = Path(settings.data_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()
