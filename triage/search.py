"""Full-text search over messages (subject, sender, text) for the queue's search box.

SQLite uses the FTS5 index and PostgreSQL the GIN index that migration 0004 creates; both are
kept in step with the message table by the database itself. What an officer types is reduced to
words, so quotes, operators or stray brackets never reach the query syntax.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, text
from sqlalchemy.sql import Select
from sqlmodel import col

from triage.models import Message

_WORD = re.compile(r"[\w@.+-]+", re.UNICODE)
MAX_WORDS = 8


def search_words(query: str) -> list[str]:
    """The words of a search, lower-cased, without punctuation that search syntax would read."""
    words = []
    for raw in _WORD.findall(query.lower()):
        word = raw.strip(".-+")
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def matching_case_ids(dialect: str, query: str) -> Select[Any] | None:
    """A sub-select of the ids of cases with a message matching every word (prefixes count),
    or None when the query has no words."""
    words = search_words(query)
    if not words:
        return None
    return select(col(Message.case_id)).where(_message_matches(dialect, words))


def _message_matches(dialect: str, words: list[str]) -> ColumnElement[bool]:
    if dialect == "sqlite":
        # Each word as an FTS5 string with a prefix star: "word"* (quotes doubled inside).
        fts_query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
        rowids: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text("message_fts"))
            .where(text("message_fts MATCH :fts_query").bindparams(fts_query=fts_query))
        )
        return col(Message.id).in_(rowids)
    # The same expression as the index (migration 0004), spelt out so the planner uses it.
    document: ColumnElement[str] = literal_column(
        "to_tsvector('simple', message.subject || ' ' || message.from_name || ' ' ||"
        " message.from_email || ' ' || left(message.text, 200000))"
    )
    tsquery = " & ".join(_pg_lexeme(w) + ":*" for w in words)
    return document.op("@@")(func.to_tsquery(literal_column("'simple'"), tsquery))


def _pg_lexeme(word: str) -> str:
    """A word quoted as one tsquery lexeme (its own quotes and backslashes escaped)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
