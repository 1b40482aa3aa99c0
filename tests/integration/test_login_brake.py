"""The brake on password guessing: every attempt counted before the password is checked, kept
in the database, per real client address (X-Forwarded-For only from a trusted proxy), and a
name is slowed down, never locked out, by strangers."""

from __future__ import annotations

import base64
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from triage.db import transaction
from triage.errors import TooManyAttempts
from triage.people import auth
from triage.people.login_brake import LoginBrake
from triage.people.users import add_user

LIMIT = 10  # wrong passwords one address may try in fifteen minutes
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(make_settings, engine):
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1")
    return make_settings(trusted_proxies=["10.9.0.1"])


def _client(settings, engine, address="192.0.2.10", at=T0, app=None) -> TestClient:
    app = app or create_app(settings, engine)
    app.state.clock = lambda: at
    return TestClient(app, headers={"Accept-Language": "en"}, client=(address, 50000))


def _token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)


def _log_in(client, password, username="anna", headers=None, token=None):
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token or _token(client)},
        headers=headers,
        follow_redirects=False,
    )


def _basic(username, password):
    return {
        "Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
    }


def test_parallel_wrong_guesses_are_all_counted(settings, engine):
    client = _client(settings, engine)
    token = _token(client)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = pool.map(lambda _: _log_in(client, "guess", token=token), range(LIMIT + 6))
        codes = [answer.status_code for answer in answers]

    assert sorted(codes) == [401] * LIMIT + [429] * 6
    assert _log_in(client, "anna-password-1").status_code == 429


def test_an_office_behind_one_address_logs_in_all_at_once(settings, engine):
    officers = [f"officer{n}" for n in range(2 * LIMIT)]
    with transaction(engine) as session:
        for name in officers:
            add_user(session, name, "officer", f"{name}-password")
    app = create_app(settings, engine)
    at_nine = threading.Barrier(len(officers))  # the office opens: everyone at once

    def arrive(name: str) -> int:
        client = _client(settings, engine, app=app)  # one browser each, one NAT address
        token = _token(client)
        at_nine.wait()
        return _log_in(client, f"{name}-password", username=name, token=token).status_code

    with ThreadPoolExecutor(max_workers=len(officers)) as pool:
        codes = list(pool.map(arrive, officers))

    assert codes == [303] * len(officers)


def test_guesses_all_at_once_get_no_more_password_checks_than_the_limit(
    settings, engine, monkeypatch
):
    checks = []
    check = auth.verified_user_id
    monkeypatch.setattr(auth, "verified_user_id", lambda *a: checks.append(1) or check(*a))
    client = _client(settings, engine)
    token = _token(client)
    at_once = threading.Barrier(2 * LIMIT)

    def guess(n: int) -> int:
        at_once.wait()
        return _log_in(client, f"guess-{n}", token=token).status_code

    with ThreadPoolExecutor(max_workers=2 * LIMIT) as pool:
        codes = sorted(pool.map(guess, range(2 * LIMIT)))

    assert len(checks) == LIMIT
    assert codes == [401] * LIMIT + [429] * LIMIT


def test_an_error_in_the_check_counts_as_a_failure_and_is_no_longer_in_flight(engine):
    brake = LoginBrake(engine)
    now_s = T0.timestamp()

    for _ in range(LIMIT):
        with pytest.raises(RuntimeError), brake.attempt("192.0.2.10", "anna", now_s):
            raise RuntimeError("the database went away")

    assert brake.failures(address="192.0.2.10") == LIMIT
    with engine.connect() as conn:  # nobody waits for them: the brake's row of those in flight
        in_flight = conn.execute(
            text("SELECT failures FROM logincounter WHERE key = :k"), {"k": "busy:addr:192.0.2.10"}
        )
        assert in_flight.scalar() == 0
    with pytest.raises(TooManyAttempts), brake.attempt("192.0.2.10", "anna", now_s):
        pass


def test_an_ipv6_client_is_braked_with_its_whole_slash_64(settings, engine):
    for n in range(LIMIT):
        _log_in(_client(settings, engine, address=f"2001:db8:0:1::{n + 1:x}"), "guess")

    same_64 = _log_in(_client(settings, engine, address="2001:db8:0:1:ffff::1"), "anna-password-1")
    next_64 = _log_in(_client(settings, engine, address="2001:db8:0:2::1"), "anna-password-1")

    assert same_64.status_code == 429
    assert next_64.status_code == 303


def test_a_restart_keeps_the_count(settings, engine):
    for _ in range(LIMIT):
        _log_in(_client(settings, engine), "guess")

    restarted = _client(settings, engine)  # a new app, as after a restart, on the same database

    assert _log_in(restarted, "anna-password-1").status_code == 429


def test_the_brake_lets_go_when_the_window_is_over(settings, engine):
    for _ in range(LIMIT):
        _log_in(_client(settings, engine), "guess")

    later = _client(settings, engine, at=T0 + timedelta(minutes=16))

    assert _log_in(later, "anna-password-1").status_code == 303


def test_a_forged_forwarded_address_from_an_untrusted_peer_is_ignored(settings, engine):
    client = _client(settings, engine, address="192.0.2.66")
    for n in range(LIMIT):
        _log_in(client, "guess", headers={"X-Forwarded-For": f"198.51.100.{n}"})

    response = _log_in(client, "anna-password-1", headers={"X-Forwarded-For": "198.51.100.99"})

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_the_forwarded_address_from_a_trusted_proxy_is_the_one_counted(settings, engine):
    proxy = _client(settings, engine, address="10.9.0.1")
    for _ in range(LIMIT):
        _log_in(proxy, "guess", headers={"X-Forwarded-For": "198.51.100.7"})

    guesser = _log_in(proxy, "anna-password-1", headers={"X-Forwarded-For": "198.51.100.7"})
    colleague = _log_in(proxy, "anna-password-1", headers={"X-Forwarded-For": "198.51.100.8"})

    assert guesser.status_code == 429
    assert colleague.status_code == 303


def test_guessing_a_name_from_one_address_does_not_stop_its_owner_elsewhere(settings, engine):
    stranger = _client(settings, engine, address="203.0.113.5")
    for _ in range(LIMIT + 5):
        _log_in(stranger, "guess")

    anna = _client(settings, engine, address="192.0.2.10", app=stranger.app)

    assert _log_in(anna, "anna-password-1").status_code == 303


def test_a_name_guessed_from_many_addresses_is_slowed_down_not_locked(settings, engine):
    for n in range(LIMIT + 3):
        _log_in(_client(settings, engine, address=f"203.0.113.{n}"), "guess")

    now = _log_in(_client(settings, engine, address="192.0.2.10"), "anna-password-1")
    later = _client(settings, engine, address="192.0.2.10", at=T0 + timedelta(seconds=61))

    assert now.status_code == 429
    assert 0 < int(now.headers["Retry-After"]) <= 60
    assert _log_in(later, "anna-password-1").status_code == 303


def test_wrong_basic_passwords_meet_the_same_brake(settings, engine):
    client = _client(settings, engine)
    for _ in range(LIMIT):
        assert client.get("/api/v1/cases", headers=_basic("anna", "guess")).status_code == 401

    response = client.get("/api/v1/cases", headers=_basic("anna", "anna-password-1"))

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert _log_in(client, "anna-password-1").status_code == 429  # one brake for both


def test_a_script_with_the_right_password_is_not_counted_as_guessing(settings, engine):
    client = _client(settings, engine)

    codes = [
        client.get("/api/v1/cases", headers=_basic("anna", "anna-password-1")).status_code
        for _ in range(LIMIT + 2)
    ]

    assert codes == [200] * (LIMIT + 2)
    assert _log_in(client, "anna-password-1").status_code == 303


def test_counters_whose_window_is_over_are_removed(settings, engine):
    for n in range(3):
        _log_in(_client(settings, engine, address=f"203.0.113.{n}"), "guess")

    later = _client(settings, engine, at=T0 + timedelta(minutes=16))
    _log_in(later, "anna-password-1")

    with engine.connect() as conn:
        keys = conn.execute(text("SELECT key FROM logincounter")).scalars().all()
    in_flight = ["busy:addr:192.0.2.10", "busy:user:anna"]  # the rows of attempts in flight
    assert sorted(keys) == ["addr:192.0.2.10", *in_flight, "user:anna"]


def test_a_script_with_a_stale_session_cookie_holds_no_connection_while_its_password_is_checked(
    settings, engine, monkeypatch
):
    client = _client(settings, engine)
    assert _log_in(client, "anna-password-1").status_code == 303  # the cookie a script kept
    with transaction(engine) as session:  # anna logged out everywhere: that cookie is stale
        session.exec(text('UPDATE "user" SET session_generation = session_generation + 1'))
    held_by_the_request = []
    check = auth.verified_user_id

    def counting_check(*args):
        held_by_the_request.append(engine.pool.checkedout())
        return check(*args)

    monkeypatch.setattr(auth, "verified_user_id", counting_check)

    response = client.get("/api/v1/cases", headers=_basic("anna", "anna-password-1"))

    assert response.status_code == 200
    assert held_by_the_request == [0]  # while the brake or argon2 may make it wait
