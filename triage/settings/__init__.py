"""Configuration: one TOML file plus `TRIAGE_` environment overrides, validated at start-up.

Nothing builds settings at import time; callers use `load_settings(path)`. A bad file fails here,
naming the file, the key and what was expected, so no mailbox is half-configured at run time.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import (
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
from triage.settings.mailboxes import (
    AcknowledgeSettings,
    MailboxSettings,
    OAuthSettings,
    SecretRef,
    SmtpSettings,
)
from triage.settings.sections import (
    DEFAULT_QUESTION_TYPES,
    ClassifierSettings,
    FaqSettings,
    OfficeHoursSettings,
    RepliesSettings,
    ReportsSettings,
    RetentionSettings,
    SyncSettings,
)

__all__ = [
    "DEFAULT_QUESTION_TYPES",
    "AcknowledgeSettings",
    "ClassifierSettings",
    "FaqSettings",
    "MailboxSettings",
    "OAuthSettings",
    "OfficeHoursSettings",
    "RepliesSettings",
    "ReportsSettings",
    "RetentionSettings",
    "SecretRef",
    "Settings",
    "SmtpSettings",
    "SyncSettings",
    "load_settings",
    "resolve_config_path",
]


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
    reports: ReportsSettings = Field(default_factory=ReportsSettings)
    replies: RepliesSettings = Field(default_factory=RepliesSettings)
    faq: FaqSettings = Field(default_factory=FaqSettings)
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
