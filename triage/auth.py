"""Logging in: password check with a brake on guessing, and the session secret.

Failed logins are counted per user name and per address; after five in fifteen minutes, that
name or address must wait. The counter lives in the process (one web process per install; a
restart forgets it), which is enough to make guessing slow.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from pathlib import Path

from sqlmodel import Session

from triage.errors import PermissionDenied, TooManyAttempts
from triage.models import User
from triage.settings import Settings
from triage.users import authenticate

MAX_FAILURES = 5
WINDOW_S = 15 * 60


class LoginThrottle:
    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S) -> None:
        self.max_failures, self.window_s = max_failures, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def check(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    wait = int(self.window_s - (now - times[0])) // 60 + 1
                    raise TooManyAttempts(f"too many failed logins; try again in {wait} minutes")

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)


def log_in(
    session: Session, throttle: LoginThrottle, username: str, password: str, address: str
) -> User:
    """The user, or PermissionDenied (TooManyAttempts while the brake is on)."""
    keys = (f"user:{username.lower()}", f"addr:{address}")
    throttle.check(*keys)
    user = authenticate(session, username, password)
    if user is None:
        throttle.failed(*keys)
        raise PermissionDenied("wrong user name or password")
    return user


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
