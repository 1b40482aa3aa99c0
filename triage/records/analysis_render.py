"""The period analysis as documents for the office's meeting: Markdown, and one self-contained
HTML page (inline CSS, no scripts, nothing fetched).

Every text shown comes from LABELS, so that the reports can be translated in one place. Both
templates are rendered with autoescape on: examples and cluster labels come from mail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

_TEMPLATES = Path(__file__).parent / "templates"

LABELS: dict[str, str] = {
    "title": "Period analysis",
    "period": "Period",
    "mailbox": "Mailbox",
    "all_mailboxes": "all mailboxes",
    "previous": "Previous period",
    "notes": "Notes",
    "volume": "Cases per question type",
    "type": "Question type",
    "cases": "Cases",
    "share": "Share",
    "change": "Change",
    "percent": "Change %",
    "per_mailbox": "Cases per mailbox",
    "per_week": "Cases per week",
    "week": "Week",
    "outcomes": "Outcomes per question type",
    "referred_share": "Referred elsewhere",
    "best_placed": "Who is best placed to answer",
    "best_placed_intro": (
        "Question types and topics mostly referred elsewhere: candidates for sending the "
        "questions there directly, or for a FAQ entry."
    ),
    "kind": "What",
    "destination": "Mostly referred to",
    "candidates": "FAQ and standard-reply candidates",
    "candidates_intro": (
        "Recurring questions answered personally, still open, or without a good standard "
        "reply (best match below {threshold}), largest first. Examples are excerpts with "
        "personal data masked."
    ),
    "topic": "Topic",
    "size": "Questions",
    "trend": "Previous period",
    "terms": "Top terms",
    "examples": "Examples",
    "best_reply": "Closest standard reply",
    "weak": "weak",
    "none": "none",
    "replies": "Standard replies suggested and used",
    "reply": "Reply",
    "suggested": "Suggested",
    "top": "As first choice",
    "used": "Used",
    "not_used": "Suggested, not used",
    "per_officer": "Per officer",
    "officer": "Officer",
    "handled": "Cases",
    "closed": "Closed",
    "no_candidates": "No candidates.",
    "nothing": "Nothing to show.",
    # Outcomes (triage.models.Outcome) and other values shown as words.
    "standard_reply": "Standard reply",
    "personal_reply": "Personal reply",
    "referred_infocenter": "Referred to Infocenter",
    "referred_migrationsverket": "Referred to Migrationsverket",
    "referred_department": "Referred to a department",
    "forwarded": "Forwarded",
    "no_answer_needed": "No answer needed",
    "spam": "Spam",
    "open": "Open",
    "type_kind": "question type",
    "cluster_kind": "topic",
    "unclassified": "unclassified",
}
OUTCOMES = (
    "standard_reply", "personal_reply", "referred_infocenter", "referred_migrationsverket",
    "referred_department", "forwarded", "no_answer_needed", "spam",
)  # fmt: skip


def render_html(report: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    return _render("analysis.html", report, labels)


def render_markdown(report: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    return _render("analysis.md", report, labels)


def _render(name: str, report: dict[str, Any], labels: dict[str, str] | None) -> str:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,  # mail text in examples and labels: escaped in Markdown too
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["percent"] = _percent
    env.filters["signed"] = _signed
    env.filters["cell"] = _cell
    return env.get_template(name).render(
        r=report, L={**LABELS, **(labels or {})}, outcomes=OUTCOMES, share=_share
    )


def _percent(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0%}"


def _signed(value: float | int | None) -> str:
    return "\u2013" if value is None else f"{value:+g}"


def _share(part: int, whole: int) -> str:
    return _percent(part / whole if whole else None)


def _cell(value: Any) -> Markup:
    """A Markdown table cell: escaped for HTML, one line, no column breaks."""
    text = str(escape(str(value)))
    return Markup(" ".join(text.split()).replace("|", "\\|"))
