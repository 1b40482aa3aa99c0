"""Full-text search over messages (subject, sender, text) for the queue's search box.

SQLite uses the FTS5 index and PostgreSQL the GIN index that migration 0004 creates; both are
kept in step with the message table by the database itself, as is the smaller index of the
active cases' mail alone (migration 0014) that the queue's usual view searches. What an officer
types is reduced to words, so quotes, operators or stray brackets never reach the query syntax.
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


_CASE_NUMBER = re.compile(r"\s*\[?#?(\d{1,12})\]?\s*")


def case_number(query: str) -> int | None:
    """The case number a search is ("141", "#141", "[#141]" as in a reply's subject), or None."""
    found = _CASE_NUMBER.fullmatch(query)
    return int(found.group(1)) if found else None


def case_has_match(
    dialect: str, query: str, *, active_only: bool = False
) -> ColumnElement[bool] | None:
    """A condition on Case: some message of the case matches every word (prefixes count);
    None when the query has no words.

    `active_only`: the condition is asked of active cases only (the queue's usual view), so it
    reads the index of the active cases' mail (migration 0014), whose size follows the active
    cases rather than every message ever received. Otherwise it is correlated per case (over
    the message index by case), so a common word costs a look at each case in view rather than
    a read of every message it occurs in.
    """
    words = search_words(query)
    if not words:
        return None
    from triage.models import Case  # here: models import nothing from search, keep it so

    if active_only:
        return col(Case.id).in_(_active_case_ids(dialect, words))
    return (
        select(col(Message.id))
        .where(col(Message.case_id) == col(Case.id), _message_matches(dialect, words))
        .exists()
    )


def _active_case_ids(dialect: str, words: list[str]) -> Select[Any]:
    """The ids of the active cases with a message that matches every word."""
    if dialect == "sqlite":
        return (
            select(literal_column("case_id"))
            .select_from(text("active_message_fts"))
            .where(
                text("active_message_fts MATCH :active_fts_query").bindparams(
                    active_fts_query=_fts_query(words)
                )
            )
        )
    document: ColumnElement[str] = literal_column("active_message_fts.search")
    return (
        select(literal_column("active_message_fts.case_id"))
        .select_from(text("active_message_fts"))
        .where(document.op("@@")(_pg_tsquery(words)))
    )


def _message_matches(dialect: str, words: list[str]) -> ColumnElement[bool]:
    if dialect == "sqlite":
        rowids: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text("message_fts"))
            .where(text("message_fts MATCH :fts_query").bindparams(fts_query=_fts_query(words)))
        )
        return col(Message.id).in_(rowids)
    # The stored vector that migration 0005 adds and indexes (not a model field: it is
    # computed by PostgreSQL from subject, sender and text).
    document: ColumnElement[str] = literal_column("message.search")
    return document.op("@@")(_pg_tsquery(words))


def _fts_query(words: list[str]) -> str:
    """Each word as an FTS5 string with a prefix star: "word"* (quotes doubled inside)."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _pg_tsquery(words: list[str]) -> ColumnElement[Any]:
    tsquery = " & ".join(_pg_lexeme(w) + ":*" for w in words)
    return func.to_tsquery(literal_column("'simple'"), tsquery)


def _pg_lexeme(word: str) -> str:
    """A word quoted as one tsquery lexeme (its own quotes and backslashes escaped)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
