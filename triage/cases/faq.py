"""The office's public FAQ: the approved standard replies marked public, each as a question and
a self-contained answer in Swedish and English, with the office's facts filled in.

Only what the office approved reaches it (the replies in the database are the approved versions;
proposals wait elsewhere), and an answer may print office facts only, which the reply's parser
enforces: nothing about a person can appear on the public page or in its export.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from markupsafe import escape
from sqlmodel import Session

from canned_replies.library import Reply
from canned_replies.template import RenderError, check_template, render
from routines.render import markdown_html
from triage.cases.suggestions import library_from_db
from triage.settings import Settings

log = logging.getLogger(__name__)


# The topics as students name them (officers' "migration" is a student's "residence permit");
# a type an office adds shows as it is written.
TOPICS = {
    "sv": {
        "housing": "Boende",
        "migration": "Uppehållstillstånd",
        "outbound": "Utbytesstudier utomlands",
        "fees": "Studieavgifter",
        "other": "Övriga frågor",
    },
    "en": {
        "housing": "Housing",
        "migration": "Residence permits",
        "outbound": "Studying abroad on exchange",
        "fees": "Tuition fees",
        "other": "Other questions",
    },
}
TITLES = {"sv": "Vanliga frågor", "en": "Frequently asked questions"}


def topic_names(language: str, types: Collection[str]) -> dict[str, str]:
    names = TOPICS.get(language, TOPICS["en"])
    return {t: names.get(t, t) for t in types}


@dataclass(frozen=True)
class FaqEntry:
    reply_id: str
    language: str
    question_type: str
    question: str
    answer: str  # Markdown, office facts filled in
    last_reviewed: date

    @property
    def answer_html(self) -> str:
        return markdown_html(self.answer)

    @property
    def anchor(self) -> str:
        return self.reply_id


def public_entries(
    session: Session,
    settings: Settings,
    language: str,
    *,
    question_types: Collection[str] | None = None,
    query: str = "",
) -> list[FaqEntry]:
    """The FAQ in one language, in the order of the configured question types, then by
    question; `query` keeps the entries whose question or answer holds every word of it."""
    types = list(settings.classifier.question_types)
    entries = []
    for reply in library_from_db(session).replies:
        if not reply.public or reply.language != language:
            continue
        entry = _entry(reply, settings)
        if entry is None:
            continue
        if question_types is not None and entry.question_type not in question_types:
            continue
        if not _matches(entry, query):
            continue
        entries.append(entry)
    rank = {name: i for i, name in enumerate(types)}
    return sorted(entries, key=lambda e: (rank.get(e.question_type, len(rank)), e.question))


def answer_text(faq_answer: str, settings: Settings) -> str:
    """A public answer with the office's facts filled in; RenderError names a missing one."""
    office = dict(settings.office)
    optional = check_template(faq_answer, office.keys()).optional_office_keys
    return render(faq_answer, {"office": office}, optional)


def _entry(reply: Reply, settings: Settings) -> FaqEntry | None:
    try:
        answer = answer_text(reply.faq_answer, settings)
    except RenderError as exc:
        # An office fact not configured yet: leave the entry out rather than print a hole.
        log.warning("FAQ entry %s.%s left out: %s", reply.id, reply.language, exc)
        return None
    kind = reply.question_types[0] if reply.question_types else "other"
    return FaqEntry(
        reply.id, reply.language, kind, reply.faq_question, answer.strip(), reply.last_reviewed
    )


def _matches(entry: FaqEntry, query: str) -> bool:
    words = query.lower().split()
    text = f"{entry.question}\n{entry.answer}".lower()
    return all(word in text for word in words)


def as_markdown(entries: list[FaqEntry], language: str) -> str:
    """The FAQ as one Markdown document, grouped by question type, for the university's pages."""
    type_names = topic_names(language, {e.question_type for e in entries})
    lines = [f"# {TITLES[language]}", ""]
    current = None
    for entry in entries:
        if entry.question_type != current:
            current = entry.question_type
            lines += [f"## {type_names.get(current, current)}", ""]
        lines += [f"### {entry.question}", "", entry.answer, ""]
    return "\n".join(lines).rstrip() + "\n"


def as_html(entries: list[FaqEntry], language: str) -> str:
    """The FAQ as an HTML fragment (no page around it) to paste into the university's CMS;
    questions and type names escaped, answers through the sanitised Markdown path."""
    type_names = topic_names(language, {e.question_type for e in entries})
    parts = [f'<section class="faq" lang="{language}">', f"<h1>{escape(TITLES[language])}</h1>"]
    current = None
    for entry in entries:
        if entry.question_type != current:
            current = entry.question_type
            parts.append(f"<h2>{escape(type_names.get(current, current))}</h2>")
        parts += [
            f'<h3 id="{escape(entry.anchor)}">{escape(entry.question)}</h3>',
            entry.answer_html.strip(),
        ]
    parts.append("</section>")
    return "\n".join(parts) + "\n"
