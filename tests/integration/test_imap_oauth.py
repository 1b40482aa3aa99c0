"""XOAUTH2 login with a pluggable token provider, against Dovecot's real OAuth2 passdb."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.factories import make_mail
from triage.errors import ConfigError
from triage.mail.ingest.oauth import AccessToken, expires_soon, make_provider, register_provider
from triage.mail.ingest.sync import sync_all
from triage.models import Mailbox
from triage.settings import OAuthSettings


class _IssuingProvider:
    """Asks the test's authorisation server for a token, as msal asks Microsoft's."""

    issue = None  # set by the test

    def __init__(self, settings: OAuthSettings) -> None:
        self.user = settings.client_id

    def token(self) -> AccessToken:
        value = _IssuingProvider.issue(self.user) if self.user != "nobody" else "bogus-token"
        return AccessToken(value, datetime.now(UTC) + timedelta(minutes=5))


@pytest.fixture
def oauth_mailbox(dovecot, make_mailbox):
    _IssuingProvider.issue = dovecot.oauth.issue
    register_provider("test-issuer", _IssuingProvider)

    def _make(name: str, client_id: str | None = None):
        mb = make_mailbox(name)
        oauth = OAuthSettings(provider="test-issuer", client_id=client_id or mb.username)
        return mb.model_copy(update={"auth": "xoauth2", "oauth": oauth})

    return _make


def test_a_mailbox_with_xoauth2_syncs_and_remembers_the_token_expiry(
    oauth_mailbox, make_settings, engine, deliver, make_mailbox
):
    mb = oauth_mailbox("international")
    deliver(mb, make_mail("Via OAuth"))

    report = sync_all(engine, make_settings(mb))[0]

    assert (report.stored, report.error) == (1, "")
    with Session(engine) as session:
        row = session.exec(select(Mailbox)).one()
    assert row.token_expires_at is not None
    assert row.token_expires_at > datetime.now(UTC)


def test_a_token_the_server_rejects_flags_the_mailbox(oauth_mailbox, make_settings, engine):
    mb = oauth_mailbox("international", client_id="nobody")

    report = sync_all(engine, make_settings(mb))[0]

    assert "refused the login" in report.error
    with Session(engine) as session:
        assert session.exec(select(Mailbox.auth_failed)).one() is True


def test_an_unknown_provider_is_a_configuration_error():
    with pytest.raises(ConfigError, match=r"unknown oauth provider 'okta'.*msal"):
        make_provider(OAuthSettings(provider="okta"))


def test_a_token_close_to_expiry_is_flagged_in_advance():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    token = AccessToken("eyJ-secret-token", now + timedelta(minutes=5))

    assert expires_soon(token, warn_s=600, now=now)
    assert not expires_soon(token, warn_s=60, now=now)
    assert "eyJ-secret-token" not in repr(token)


def test_an_expiring_client_secret_is_warned_about_in_advance(make_mailbox):
    from datetime import date

    from triage.mail.health import mailbox_warnings
    from triage.models import Mailbox as MailboxRow

    mb = make_mailbox("international").model_copy(
        update={
            "auth": "xoauth2",
            "oauth": OAuthSettings(client_id="x", client_secret_expires=date(2026, 12, 10)),
        }
    )
    row = MailboxRow(name="international", address=mb.address)

    soon = mailbox_warnings(mb, row, today=date(2026, 11, 27))
    later = mailbox_warnings(mb, row, today=date(2026, 10, 1))

    assert soon == ["the app's client secret expires in 13 days (2026-12-10)"]
    assert later == []
