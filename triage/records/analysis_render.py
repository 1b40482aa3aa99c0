"""The period analysis as documents for the office's meeting: Markdown, and one self-contained
HTML page (inline CSS, no scripts, nothing fetched).

Every text shown comes from LABELS, so that the reports can be translated in one place. Examples
and cluster labels come from mail: the HTML is rendered with autoescape on, and in the Markdown
every value printed has & < > escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

_TEMPLATES = Path(__file__).parent / "templates"


def N_(text: str) -> str:  # gettext's name for "mark for translation, later"
    """Marks a label for the translators (babel.cfg reads this file); the web app translates
    LABELS into the user's language before rendering, the command writes them as they are."""
    return text


LABELS: dict[str, str] = {
    "title": N_("Period analysis"),
    "period": N_("Period"),
    "mailbox": N_("Mailbox"),
    "all_mailboxes": N_("all mailboxes"),
    "previous": N_("Previous period"),
    "notes": N_("Notes"),
    "volume": N_("Cases per question type"),
    "type": N_("Question type"),
    "cases": N_("Cases"),
    "share": N_("Share"),
    "change": N_("Change"),
    "percent": N_("Change %"),
    "per_mailbox": N_("Cases per mailbox"),
    "per_week": N_("Cases per week"),
    "week": N_("Week"),
    "outcomes": N_("Outcomes per question type"),
    "officer_outcomes": N_("Outcomes"),
    "referred_share": N_("Referred elsewhere"),
    "referred_share_rule": N_(
        "Referred elsewhere: of a type's closed cases that needed an answer (not spam, not "
        '"no answer needed"), the share referred to Infocenter, Migrationsverket or a department.'
    ),
    "best_placed": N_("Who is best placed to answer"),
    "best_placed_intro": N_(
        "Question types and topics mostly referred elsewhere: candidates for sending the "
        "questions there directly, or for a FAQ entry."
    ),
    "kind": N_("What"),
    "destination": N_("Mostly referred to"),
    "candidates": N_("FAQ and standard-reply candidates"),
    "candidates_intro": N_(
        "Recurring questions answered personally, still open, or without a good standard "
        "reply (best match below {threshold}), largest first. Examples are excerpts with "
        "personal data masked."
    ),
    "topic": N_("Topic"),
    "size": N_("Questions"),
    "trend": N_("Previous period"),
    "terms": N_("Top terms"),
    "examples": N_("Examples"),
    "best_reply": N_("Closest standard reply"),
    "routine": N_("Routine"),
    "no_routine": N_("none covers these questions"),
    "weak": N_("weak"),
    "none": N_("none"),
    "replies": N_("Standard replies suggested and used"),
    "reply": N_("Reply"),
    "suggested": N_("Suggested"),
    "top": N_("As first choice"),
    "used": N_("Used"),
    "not_used": N_("Suggested, case closed without it"),
    "per_officer": N_("Per officer"),
    "per_officer_rule": N_(
        "A case counts for the officer who holds it; one closed without being taken, for the "
        "officer who closed it."
    ),
    "officer": N_("Officer"),
    "handled": N_("Cases"),
    "closed": N_("Closed"),
    "no_candidates": N_("No candidates."),
    "nothing": N_("Nothing to show."),
    # Outcomes (triage.models.Outcome) and other values shown as words.
    "standard_reply": N_("Standard reply"),
    "personal_reply": N_("Personal reply"),
    "referred_infocenter": N_("Referred to Infocenter"),
    "referred_migrationsverket": N_("Referred to Migrationsverket"),
    "referred_department": N_("Referred to a department"),
    "forwarded": N_("Forwarded"),
    "no_answer_needed": N_("No answer needed"),
    "spam": N_("Spam"),
    "answered_by_acknowledgement": N_("Answered by the acknowledgement"),
    "open": N_("Open"),
    "type_kind": N_("question type"),
    "cluster_kind": N_("topic"),
    "unclassified": N_("unclassified"),
}
OUTCOMES = (
    "standard_reply", "personal_reply", "referred_infocenter", "referred_migrationsverket",
    "referred_department", "forwarded", "no_answer_needed", "spam", "answered_by_acknowledgement",
)  # fmt: skip


def render_html(
    report: dict[str, Any], labels: dict[str, str] | None = None, locale: str = "en"
) -> str:
    """The report as an HTML page; `labels` its words and `locale` its numbers (Swedish:
    "15 %", "64,7") in the reader's language."""
    return _render("analysis.html", report, labels, locale)


def render_markdown(
    report: dict[str, Any], labels: dict[str, str] | None = None, locale: str = "en"
) -> str:
    return _render("analysis.md", report, labels, locale)


def _render(name: str, report: dict[str, Any], labels: dict[str, str] | None, locale: str) -> str:
    markdown = name.endswith(".md")
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        # Mail text in examples and labels is escaped. In Markdown only what could start HTML
        # (& < >): a Markdown reader shows "I&#39;m" as it is typed, not as "I'm".
        autoescape=not markdown,
        finalize=_markdown_text if markdown else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    numbers = _Numbers(locale)
    env.filters["percent"] = numbers.percent
    env.filters["signed"] = numbers.signed
    env.filters["cell"] = _cell
    return env.get_template(name).render(
        r=report, L={**LABELS, **(labels or {})}, outcomes=OUTCOMES, share=numbers.share
    )


def _markdown_text(value: Any) -> Any:
    """Every value a Markdown template prints, with & < > escaped (a cell's are already)."""
    if isinstance(value, Markup):
        return value
    return _escape_markdown_html(str(value))


def _escape_markdown_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Numbers:
    """Percentages and signed changes as the reader's language writes them (Babel)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def percent(self, value: float | None) -> str:
        return "\u2013" if value is None else format_percent(value, locale=self.locale)

    def signed(self, value: float | None) -> str:
        if value is None:
            return "\u2013"
        text = format_decimal(value, format="#,##0.#", locale=self.locale)
        return f"+{text}" if value > 0 else text

    def share(self, part: int, whole: int) -> str:
        return self.percent(part / whole if whole else None)


def _cell(value: Any) -> Markup:
    """A Markdown table cell: & < > escaped, one line, no column breaks."""
    text = _escape_markdown_html(str(value))
    return Markup(" ".join(text.split()).replace("|", "\\|"))
