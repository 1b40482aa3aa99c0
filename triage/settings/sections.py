"""The configuration's smaller tables: sync tuning, the classifier, retention, office hours."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_QUESTION_TYPES = ["housing", "migration", "outbound", "fees", "other"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SyncSettings(Strict):
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


class ClassifierSettings(Strict):
    question_types: list[str] = Field(default_factory=lambda: list(DEFAULT_QUESTION_TYPES))
    # None: the threshold measured on the held-out set when the model was promoted.
    review_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    model_path: Path | None = None


class RetentionSettings(Strict):
    closed_case_days: int = Field(default=730, ge=30)


class ReportsSettings(Strict):
    """The monthly report: who gets it by mail, and whether it names officers."""

    # Addresses the report is mailed to on the first of each month (needs a mailbox's SMTP).
    recipients: list[str] = Field(default_factory=list)
    # Figures per officer are personal data at a Swedish workplace: managers only, and off here.
    per_officer: bool = True
    # The mailbox whose SMTP sends the report; empty: the first mailbox with SMTP configured.
    send_from_mailbox: str = ""

    @model_validator(mode="after")
    def _check_recipients(self) -> ReportsSettings:
        bad = [r for r in self.recipients if "@" not in r or any(c in r for c in " ,;<>\r\n")]
        if bad:
            raise ValueError(f"recipients must be plain addresses like name@example.se, got {bad}")
        return self


class OfficeHoursSettings(Strict):
    """When the office works and its calendar: statistics count response times in these hours
    as well, and the English UI writes dates the office's way."""

    # ISO weekdays: 1 is Monday, 7 is Sunday.
    days: list[int] = Field(default_factory=lambda: [1, 2, 3, 4, 5])
    start: time = time(8, 0)
    end: time = time(17, 0)
    # Public holidays from the `holidays` library: its country code and categories. "de_facto"
    # adds the eves offices close on in Sweden (Midsommarafton, Julafton, Nyårsafton).
    holiday_country: str = "SE"
    holiday_categories: list[str] = Field(default_factory=lambda: ["public", "de_facto"])
    # Dates in the English UI: "iso" (2026-12-04 14:30, as Swedish writes them) or "en-GB"
    # (4 Dec 2026; 4 Dec 2026, 14:30). Never the US order (12/4/26), which misleads in Europe.
    date_style: Literal["iso", "en-GB"] = "iso"

    @model_validator(mode="after")
    def _check_hours(self) -> OfficeHoursSettings:
        if not self.start < self.end:
            raise ValueError(f"start ({self.start}) must be before end ({self.end})")
        if not self.days or any(d < 1 or d > 7 for d in self.days):
            raise ValueError(f"days are ISO weekdays 1 (Monday) to 7 (Sunday), got {self.days}")
        return self


class RepliesSettings(Strict):
    """Limits on what an officer's reply may carry (attachments, CC), checked before sending
    so a mail server never has to refuse it; the types allowed are PDF, images, office
    documents and text (triage/cases/reply_attachments.py)."""

    max_attachment_mb: float = Field(default=10.0, gt=0, le=100)  # one file
    max_total_attachments_mb: float = Field(default=20.0, gt=0, le=100)  # all files of one mail
    max_attachments: int = Field(default=10, ge=1, le=100)
    max_cc: int = Field(default=10, ge=0, le=100)

    @model_validator(mode="after")
    def _check_total(self) -> RepliesSettings:
        if self.max_total_attachments_mb < self.max_attachment_mb:
            raise ValueError(
                f"max_total_attachments_mb ({self.max_total_attachments_mb:g}) must be at least "
                f"max_attachment_mb ({self.max_attachment_mb:g})"
            )
        return self


class FaqSettings(Strict):
    """Where students read the office's FAQ: this app's own /faq page (the default, when
    `url` is empty, under `public_url`), or the university's page the FAQ is exported to."""

    public_url: str = ""  # how students reach this app, e.g. "https://triage.example.se"
    url: str = ""  # the FAQ's address when it is published elsewhere

    def address(self, language: str) -> str:
        """The FAQ in `language` (links add "#<reply id>"); "" when no address is known."""
        if self.url:
            return self.url
        if self.public_url:
            return f"{self.public_url.rstrip('/')}/faq?lang={language}"
        return ""
