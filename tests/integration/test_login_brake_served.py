"""The login brake in the app as `triage serve` runs it: uvicorn itself must not believe
X-Forwarded-For (by default it does, from 127.0.0.1), or a client on localhost or behind a proxy
that appends to the header names any address it likes and is never braked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text

from tests.factories import install_model
from tests.servers import triage_served
from triage.db import transaction
from triage.people.login_brake import ADDRESS_LIMIT
from triage.people.users import add_user

# Hang guards, not timing assertions.
SERVER_START_GUARD_S = 60.0
REQUEST_GUARD_S = 60.0


@pytest.fixture
def served(tmp_path: Path, db_url: str, engine: Engine, seed_model_file: Path) -> Iterator[str]:
    """`triage serve` on a free port, as a user starts it (no trusted proxies); its base URL."""
    with transaction(engine) as session:
        add_user(session, "anna", "officer", "anna-password-1")
    install_model(tmp_path / "var", seed_model_file)
    config = tmp_path / "triage.toml"
    config.write_text(f'database_url = "{db_url}"\n')
    with triage_served(tmp_path, config, SERVER_START_GUARD_S) as url:
        yield url


def _log_in(client: httpx.Client, password: str, forged: str) -> httpx.Response:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(
        "/login",
        data={"username": "anna", "password": password, "csrf_token": token},
        headers={"X-Forwarded-For": forged},
    )


def test_forged_forwarded_addresses_from_localhost_are_braked_as_localhost(served, engine):
    with httpx.Client(base_url=served, timeout=REQUEST_GUARD_S) as client:
        guesses = [
            _log_in(client, "guess", forged=f"198.51.100.{n}").status_code
            for n in range(ADDRESS_LIMIT)
        ]
        anna = _log_in(client, "anna-password-1", forged="198.51.100.99")

    assert guesses == [401] * ADDRESS_LIMIT
    assert anna.status_code == 429
    with engine.connect() as conn:
        keys = conn.execute(text("SELECT key FROM logincounter WHERE key LIKE 'addr:%'"))
        assert keys.scalars().all() == ["addr:127.0.0.1"]
