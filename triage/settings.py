"""Configuration: one TOML file plus `TRIAGE_` environment overrides, validated at start-up.

Nothing builds settings at import time; callers use `load_settings(path)`. A bad file fails here,
naming the file, the key and what was expected, so no mailbox is half-configured at run time.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    IPvAnyNetwork,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from triage.errors import ConfigError

DEFAULT_QUESTION_TYPES = ["housing", "migration", "outbound", "fees", "other"]
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SecretRef(_Strict):
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


class OAuthSettings(_Strict):
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

    @model_validator(mode="after")
    def _check_transport(self) -> MailboxSettings:
        if self.tls == "none" and self.imap_host not in _LOCAL_HOSTS:
            raise ValueError(f"tls = 'none' is only allowed to localhost, not {self.imap_host!r}")
        if self.auth == "password" and self.secret() is None:
            raise ValueError("needs one of password, password_env, password_file")
        if self.auth == "xoauth2" and self.oauth is None:
            raise ValueError("auth = 'xoauth2' needs an [mailbox.oauth] table")
        return self

    @property
    def port(self) -> int:
        if self.imap_port is not None:
            return self.imap_port
        return 993 if self.tls == "ssl" else 143


class SyncSettings(_Strict):
    batch_size: int = Field(default=200, ge=1, le=5000)
    poll_interval_s: int = Field(default=120, ge=5)
    timeout_s: float = 60.0
    max_retries: int = Field(default=5, ge=0)
    backoff_s: float = 1.0
    # A fetch batch stops at batch_size mails or batch_bytes (RFC822.SIZE), whichever comes first;
    # mail over max_message_bytes is not downloaded but quarantined with its headers (#15).
    batch_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_message_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    # Each mail is parsed in a worker process within a time and a memory budget; a mail that
    # exceeds either is quarantined with the reason and the sync goes on (#15).
    parse_workers: int = Field(default=2, ge=1, le=64)
    parse_timeout_s: float = Field(default=20.0, gt=0)
    parse_memory_mb: int = Field(default=1024, ge=64)


class ClassifierSettings(_Strict):
    question_types: list[str] = Field(default_factory=lambda: list(DEFAULT_QUESTION_TYPES))
    review_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    model_path: Path | None = None


class RetentionSettings(_Strict):
    closed_case_days: int = Field(default=730, ge=30)


class OfficeHoursSettings(_Strict):
    """When the office works: statistics count response times in these hours as well."""

    # ISO weekdays: 1 is Monday, 7 is Sunday.
    days: list[int] = Field(default_factory=lambda: [1, 2, 3, 4, 5])
    start: time = time(8, 0)
    end: time = time(17, 0)
    # Public holidays from the `holidays` library: its country code and categories. "de_facto"
    # adds the eves offices close on in Sweden (Midsommarafton, Julafton, Nyårsafton).
    holiday_country: str = "SE"
    holiday_categories: list[str] = Field(default_factory=lambda: ["public", "de_facto"])

    @model_validator(mode="after")
    def _check_hours(self) -> OfficeHoursSettings:
        if not self.start < self.end:
            raise ValueError(f"start ({self.start}) must be before end ({self.end})")
        if not self.days or any(d < 1 or d > 7 for d in self.days):
            raise ValueError(f"days are ISO weekdays 1 (Monday) to 7 (Sunday), got {self.days}")
        return self


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TRIAGE_", env_nested_delimiter="__", extra="forbid"
    )

    database_url: str = ""
    data_dir: Path = Path("var")
    secret_key: SecretStr | None = None
    secure_cookies: bool = False  # set true behind HTTPS: the session cookie is then Secure
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the real client.
    trusted_proxies: list[IPvAnyNetwork] = Field(default_factory=list)
    timezone: str = "Europe/Stockholm"
    internal_domains: list[str] = Field(default_factory=list)
    mailbox: list[MailboxSettings] = Field(default_factory=list)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    classifier: ClassifierSettings = Field(default_factory=ClassifierSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    office_hours: OfficeHoursSettings = Field(default_factory=OfficeHoursSettings)
    office: dict[str, str] = Field(default_factory=dict)
    config_path: Path | None = None

    @model_validator(mode="after")
    def _unique_mailbox_names(self) -> Settings:
        names = [m.name for m in self.mailbox]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"mailbox names must be unique; repeated: {dupes}")
        return self

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'triage.db'}"

    def mailbox_named(self, name: str) -> MailboxSettings:
        for m in self.mailbox:
            if m.name == name:
                return m
        raise ConfigError(f"no mailbox named {name!r} in the configuration")

    def today(self) -> date:
        """Today's date where the office is (absences and ages count office days)."""
        return datetime.now(ZoneInfo(self.timezone)).date()

    @property
    def office_addresses(self) -> set[str]:
        return {m.address.lower() for m in self.mailbox}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


def resolve_config_path(path: Path | str | None) -> Path | None:
    """--config, else TRIAGE_CONFIG, else ./triage.toml when it exists."""
    if path:
        return Path(path)
    if os.environ.get("TRIAGE_CONFIG"):
        return Path(os.environ["TRIAGE_CONFIG"])
    default = Path("triage.toml")
    return default if default.exists() else None


def load_settings(path: Path | str | None = None, **overrides: Any) -> Settings:
    """Read and validate the configuration; raise ConfigError naming the file and key."""
    config = resolve_config_path(path)
    if config is not None:
        _check_toml_syntax(config)

    class _FromFile(Settings):
        model_config = SettingsConfigDict(toml_file=config)

    try:
        settings = _FromFile(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, config)) from None
    settings.config_path = config
    return settings


def _check_toml_syntax(config: Path) -> None:
    try:
        tomllib.loads(config.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{config}: cannot read the configuration file: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config}: not valid TOML: {exc}") from None


def _describe(exc: ValidationError, config: Path | None) -> str:
    where = str(config) if config else "environment"
    lines = [f"{where}: the configuration is not valid:"]
    for err in exc.errors():
        key = _key_name(err["loc"])
        got = err.get("input")
        shown = "" if isinstance(got, dict) or err["type"] == "missing" else f" (got {got!r})"
        if err["type"] == "extra_forbidden" or "password" in key or "secret" in key:
            shown = ""  # a misspelt key may well hold a secret
        lines.append(f"  {key}: {err['msg']}{shown}")
    return "\n".join(lines)


def _key_name(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        else:
            parts.append(item)
    return ".".join(parts) or "(top level)"
