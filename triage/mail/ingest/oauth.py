"""XOAUTH2 access tokens for IMAP, from a pluggable provider (Microsoft 365 first).

A provider is any callable object with `token() -> AccessToken`; register more with
`register_provider`. Tokens are never logged; only their expiry is kept, for the health page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from triage.errors import ConfigError, MailboxError
from triage.settings import OAuthSettings, SecretRef


@dataclass(frozen=True)
class AccessToken:
    value: str
    expires_at: datetime

    def __repr__(self) -> str:  # never show the token itself
        return f"AccessToken(expires_at={self.expires_at.isoformat()})"


class TokenProvider(Protocol):
    def token(self) -> AccessToken: ...


class MsalClientCredentials:
    """Microsoft 365 app-only access (client credentials) through msal, cached by msal."""

    def __init__(self, settings: OAuthSettings) -> None:
        import msal

        secret = SecretRef(
            password=settings.client_secret,
            password_env=settings.client_secret_env,
            password_file=settings.client_secret_file,
        ).secret()
        if not (settings.tenant_id and settings.client_id and secret):
            raise ConfigError("oauth provider 'msal' needs tenant_id, client_id and a secret")
        self._scopes = settings.scopes
        self._app = msal.ConfidentialClientApplication(
            settings.client_id,
            authority=f"https://login.microsoftonline.com/{settings.tenant_id}",
            client_credential=secret,
        )

    def token(self) -> AccessToken:
        result = self._app.acquire_token_for_client(scopes=self._scopes)
        if "access_token" not in result:
            reason = result.get("error_description") or result.get("error") or "no token"
            raise MailboxError(f"Microsoft 365 refused the token request: {reason}", retryable=True)
        expires = datetime.now(UTC) + timedelta(seconds=int(result.get("expires_in", 3600)))
        return AccessToken(result["access_token"], expires)


_PROVIDERS: dict[str, Callable[[OAuthSettings], TokenProvider]] = {"msal": MsalClientCredentials}


def register_provider(name: str, factory: Callable[[OAuthSettings], TokenProvider]) -> None:
    """Make `provider = name` in a mailbox's [mailbox.oauth] table use `factory`."""
    _PROVIDERS[name] = factory


def make_provider(settings: OAuthSettings) -> TokenProvider:
    try:
        factory = _PROVIDERS[settings.provider]
    except KeyError:
        known = ", ".join(sorted(_PROVIDERS))
        raise ConfigError(
            f"unknown oauth provider {settings.provider!r} (known: {known})"
        ) from None
    return factory(settings)


def expires_soon(token: AccessToken, warn_s: int, now: datetime | None = None) -> bool:
    return token.expires_at - (now or datetime.now(UTC)) < timedelta(seconds=warn_s)
