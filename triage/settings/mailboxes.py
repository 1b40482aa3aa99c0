"""A function mailbox's configuration: IMAP, SMTP, XOAUTH2 and where each secret comes from.

A password never crosses a network in clear: plain IMAP or SMTP is allowed to localhost only.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator

from triage.settings.sections import Strict

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class SecretRef(Strict):
    """A secret given inline, by environment variable name, or by file path (exactly one)."""

    password: SecretStr | None = None
    password_env: str | None = None
    password_file: Path | None = None

    @model_validator(mode="after")
    def _exactly_one_source(self) -> SecretRef:
        given = [k for k in ("password", "password_env", "password_file") if getattr(self, k)]
        if len(given) > 1:
            raise ValueError(
                f"give only one of password, password_env, password_file (got {given})"
            )
        if self.password_file is not None:
            try:
                self.password_file.read_text(encoding="utf-8")
            except OSError as exc:
                raise ValueError(
                    f"password_file {self.password_file} cannot be read: {exc.strerror}"
                ) from None
        if self.password_env and self.password_env not in os.environ:
            raise ValueError(f"password_env names {self.password_env!r}, which is not set")
        return self

    def secret(self) -> str | None:
        """The secret's value, read when needed so it never sits in a log line or repr."""
        if self.password is not None:
            return self.password.get_secret_value()
        if self.password_env:
            return os.environ[self.password_env]
        if self.password_file is not None:
            return self.password_file.read_text(encoding="utf-8").strip()
        return None


class OAuthSettings(Strict):
    """XOAUTH2 token provider settings; `provider = "msal"` is Microsoft 365 client credentials."""

    provider: str = "msal"
    tenant_id: str = ""
    client_id: str = ""
    client_secret: SecretStr | None = None
    client_secret_env: str | None = None
    client_secret_file: Path | None = None
    scopes: list[str] = Field(default_factory=lambda: ["https://outlook.office365.com/.default"])
    warn_expiry_s: int = 600
    # App secrets in Microsoft 365 expire (at most two years): the health page warns in advance.
    client_secret_expires: date | None = None
    warn_secret_days: int = 30


class SmtpSettings(SecretRef):
    host: str
    port: int = 587
    tls: Literal["ssl", "starttls", "none"] = "starttls"
    username: str | None = None
    verify_tls: bool = True
    ca_file: Path | None = None

    @model_validator(mode="after")
    def _check_transport(self) -> SmtpSettings:
        # As for IMAP: a password and the replies (personal data) never cross a network in clear.
        if self.tls == "none" and self.host not in _LOCAL_HOSTS:
            raise ValueError(f"tls = 'none' is only allowed to localhost, not {self.host!r}")
        return self


class AcknowledgeSettings(Strict):
    """An automatic acknowledgement to the asker of each new question (see
    triage/cases/acknowledging.py): off unless the office turns it on for a mailbox."""

    enabled: bool = False
    # The public FAQ answers for the detected type go in only at or above this confidence. 0.9:
    # on the independent set the model is right 98 % of the time from 0.9 up but about 80 %
    # between 0.7 and 0.9 (classifiers/README.md), and a wrong answer mailed to a student
    # misleads more than none; about three quarters of the questions still get answers.
    min_confidence: float = Field(default=0.9, ge=0.0, le=1.0)
    # The answer time the mail promises, in working days: one the office keeps in August too.
    answer_days: int = Field(default=5, ge=1, le=60)
    # Mail older than this when it is stored (a backlog, a first sync) is not acknowledged.
    max_age_hours: int = Field(default=72, ge=1)


class MailboxSettings(SecretRef):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    address: str
    imap_host: str
    imap_port: int | None = None
    tls: Literal["ssl", "starttls", "none"] = "ssl"
    username: str
    folders: list[str] = Field(default_factory=lambda: ["INBOX"])
    auth: Literal["password", "xoauth2"] = "password"
    oauth: OAuthSettings | None = None
    move_to: str | None = None
    sent_folder: str | None = None
    poll_interval_s: int | None = Field(default=None, ge=5)
    idle: bool = True
    verify_tls: bool = True
    ca_file: Path | None = None
    smtp: SmtpSettings | None = None
    acknowledge: AcknowledgeSettings = Field(default_factory=AcknowledgeSettings)

    @model_validator(mode="after")
    def _check_transport(self) -> MailboxSettings:
        if self.tls == "none" and self.imap_host not in _LOCAL_HOSTS:
            raise ValueError(f"tls = 'none' is only allowed to localhost, not {self.imap_host!r}")
        if self.auth == "password" and self.secret() is None:
            raise ValueError("needs one of password, password_env, password_file")
        if self.auth == "xoauth2" and self.oauth is None:
            raise ValueError("auth = 'xoauth2' needs an [mailbox.oauth] table")
        if self.acknowledge.enabled and self.smtp is None:
            raise ValueError("acknowledge.enabled = true needs a [mailbox.smtp] table to send from")
        return self

    @property
    def port(self) -> int:
        if self.imap_port is not None:
            return self.imap_port
        return 993 if self.tls == "ssl" else 143
