"""Which case a mail belongs to: by its threading headers, by a case tag, or none (a new case).

A mail never joins an old case by a similar subject alone; only In-Reply-To/References, the
message ids quoted in a bounce, or an explicit tag such as [#123] put it into an existing case.
Nothing joins a case by its From alone: an auto-reply joins only through ids of the case's mail.
Lookups for a whole batch are made up front, so threading costs a few queries per batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from triage.db import chunked
from triage.mail.mime import ParsedMessage
from triage.models import Case, Message

_TAG = re.compile(r"\[#(\d{1,9})\]")


def case_tag(case_id: int) -> str:
    return f"[#{case_id}]"


def tagged_case_id(subject: str) -> int | None:
    found = _TAG.search(subject)
    return int(found.group(1)) if found else None


def _thread_ids(mail: ParsedMessage, with_nested: bool) -> list[str]:
    nested = mail.nested_ids if with_nested else []
    return [i for i in [mail.in_reply_to, *reversed(mail.references), *nested] if i]


class ThreadIndex:
    """The cases that a batch of mail can join, looked up once, and kept current as it grows."""

    def __init__(self, session: Session, mails: Iterable[ParsedMessage]) -> None:
        mails = list(mails)
        parents = {i for m in mails for i in _thread_ids(m, with_nested=True)}
        own = {m.message_id for m in mails if m.message_id}
        tags = {t for m in mails if (t := tagged_case_id(m.subject)) is not None}
        by_parent = _case_ids(session, Message.message_id, parents)
        # Mail can arrive out of order (two exported folders, a slow server): when a reply to a
        # mail is already stored, the mail joins the reply's case.
        by_child = _case_ids(session, Message.in_reply_to, own)
        wanted = set(by_parent.values()) | set(by_child.values()) | tags
        self.cases: dict[int, Case] = {}
        for chunk in chunked(sorted(wanted)):
            for case in session.exec(select(Case).where(col(Case.id).in_(chunk))):
                assert case.id is not None
                self.cases[case.id] = case
        self._by_message = {m: self.cases[c] for m, c in by_parent.items() if c in self.cases}
        self._by_child = {m: self.cases[c] for m, c in by_child.items() if c in self.cases}

    def find(self, mail: ParsedMessage, trusted_sender: bool = False) -> Any:
        """The case this mail continues, or None when it starts a new one.

        A [#123] tag alone counts only from the case's requester (the real, parsed address) or
        from the office (`trusted_sender`: what the office itself sent, never a From that only
        claims it): case numbers are easy to guess, and a stranger's mail must not land in
        someone else's case. An auto-reply's tag never counts: its From is anyone's to write.
        """
        for mid in _thread_ids(mail, with_nested=mail.is_auto_reply):
            if mid in self._by_message:
                return self._by_message[mid]
        if mail.message_id in self._by_child:
            return self._by_child[mail.message_id]
        if mail.is_auto_reply:
            return None
        tagged = tagged_case_id(mail.subject)
        case = self.cases.get(tagged) if tagged is not None else None
        if case is None:
            return None
        if trusted_sender or (mail.from_email and case.requester_email == mail.from_email):
            return case
        return None

    def remember(self, mail: ParsedMessage, case: Any) -> None:
        """Later mail in the same batch may reply to this one."""
        if mail.message_id:
            self._by_message.setdefault(mail.message_id, case)
        if mail.in_reply_to:
            self._by_child.setdefault(mail.in_reply_to, case)


def _case_ids(session: Session, column: Any, values: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunked(sorted(values)):
        rows = session.exec(
            select(column, Message.case_id).where(
                col(column).in_(chunk),
                col(Message.case_id).is_not(None),
            )
        ).all()
        for key, case_id in rows:
            if case_id is not None:
                found.setdefault(key, case_id)
    return found
