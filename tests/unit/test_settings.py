"""A bad configuration fails at start, naming the file, the key and what is expected."""

from __future__ import annotations

import re

import pytest

from triage.errors import ConfigError
from triage.settings import load_settings

GOOD = """
[[mailbox]]
name = "housing"
address = "housing@intl.example.se"
imap_host = "imap.example.se"
username = "housing"
password_env = "HOUSING_PW"
"""


@pytest.fixture
def write(tmp_path):
    def _write(text: str):
        path = tmp_path / "triage.toml"
        path.write_text(text)
        return path

    return _write


def test_a_good_file_loads_with_defaults(write, monkeypatch):
    monkeypatch.setenv("HOUSING_PW", "s3cret")

    settings = load_settings(write(GOOD))

    (mb,) = settings.mailbox
    assert (mb.port, mb.tls, mb.folders) == (993, "ssl", ["INBOX"])
    assert mb.secret() == "s3cret"
    assert settings.classifier.question_types == [
        "housing",
        "migration",
        "outbound",
        "fees",
        "other",
    ]


def test_environment_overrides_the_file(write, monkeypatch):
    monkeypatch.setenv("HOUSING_PW", "x")
    monkeypatch.setenv("TRIAGE_DATABASE_URL", "postgresql://db.example/triage")

    settings = load_settings(write('database_url = "sqlite:///other.db"\n' + GOOD))

    assert settings.db_url == "postgresql://db.example/triage"


def test_a_missing_key_is_named_with_its_mailbox(write, monkeypatch):
    monkeypatch.setenv("HOUSING_PW", "x")
    path = write(GOOD.replace('imap_host = "imap.example.se"\n', ""))

    with pytest.raises(ConfigError) as caught:
        load_settings(path)

    assert str(path) in str(caught.value)
    assert "mailbox[1].imap_host: Field required" in str(caught.value)


def test_a_wrong_type_says_what_was_expected(write, monkeypatch):
    monkeypatch.setenv("HOUSING_PW", "x")

    with pytest.raises(
        ConfigError, match=r"mailbox\[1\]\.imap_port: Input should be a valid integer"
    ):
        load_settings(write(GOOD + 'imap_port = "nine-nine-three"\n'))


def test_an_unknown_mailbox_field_is_refused(write, monkeypatch):
    monkeypatch.setenv("HOUSING_PW", "x")

    with pytest.raises(
        ConfigError, match=r"mailbox\[1\]\.imap_hots: Extra inputs are not permitted"
    ):
        load_settings(write(GOOD + 'imap_hots = "typo.example.se"\n'))


def test_an_unreadable_password_file_is_named(write, tmp_path):
    missing = tmp_path / "nowhere" / "pw.txt"

    with pytest.raises(ConfigError, match=re.escape(f"password_file {missing} cannot be read")):
        load_settings(
            write(GOOD.replace('password_env = "HOUSING_PW"', f'password_file = "{missing}"'))
        )


def test_plain_imap_is_refused_to_anything_but_localhost(write, monkeypatch):
    monkeypatch.setenv("HOUSING_PW", "x")

    with pytest.raises(ConfigError, match="only allowed to localhost"):
        load_settings(write(GOOD + 'tls = "none"\n'))


def test_broken_toml_is_reported_with_the_line(write):
    with pytest.raises(ConfigError, match=r"not valid TOML.*line 2"):
        load_settings(write('[[mailbox]]\nname = "unterminated\n'))


def test_a_secret_never_appears_in_the_error(write):
    text = (
        GOOD.replace('password_env = "HOUSING_PW"', 'password = "hunter2-hunter2"')
        + "imap_port = 'x'\n"
    )

    with pytest.raises(ConfigError) as caught:
        load_settings(write(text))

    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(
        load_settings(
            write(GOOD.replace('password_env = "HOUSING_PW"', 'password = "hunter2-hunter2"'))
        )
    )


def test_the_example_configuration_is_valid(monkeypatch):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "triage.example.toml"
    monkeypatch.setenv("HOUSING_IMAP_PASSWORD", "x")
    monkeypatch.setenv("INTERNATIONAL_IMAP_PASSWORD", "x")
    monkeypatch.setenv("M365_CLIENT_SECRET", "x")

    settings = load_settings(example)

    assert {m.name for m in settings.mailbox} >= {"housing", "international"}


def test_plain_smtp_is_refused_to_anything_but_localhost_and_the_key_is_named(write, monkeypatch):
    monkeypatch.setenv("HOUSING_PW", "x")
    smtp = '\n[mailbox.smtp]\nhost = "smtp.example.se"\ntls = "none"\nusername = "housing"\n'

    with pytest.raises(ConfigError) as caught:
        load_settings(write(GOOD + smtp + 'password = "smtp-secret"\n'))

    assert "mailbox[1].smtp" in str(caught.value)
    assert "tls = 'none' is only allowed to localhost, not 'smtp.example.se'" in str(caught.value)
    assert "smtp-secret" not in str(caught.value)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
def test_plain_smtp_to_localhost_is_allowed(write, monkeypatch, host):
    monkeypatch.setenv("HOUSING_PW", "x")

    settings = load_settings(write(GOOD + f'\n[mailbox.smtp]\nhost = "{host}"\ntls = "none"\n'))

    smtp = settings.mailbox[0].smtp
    assert smtp is not None
    assert (smtp.host, smtp.tls) == (host, "none")
