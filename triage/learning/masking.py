"""Personal data out of the excerpts a period report shows: a report goes to a meeting, the
requesters' addresses, numbers and names do not.

Masked: e-mail addresses, Swedish personal identity numbers (personnummer and
samordningsnummer, with or without century and separator), phone numbers, any other run of
six or more digits, the name after a greeting ("Hej Anna", "Dear Mr Smith") or a sign-off
("Mvh Anna", "Thanks, John"), after "my name is" / "jag heter", and the requester's own name
wherever it appears. Names elsewhere in free text cannot be found reliably and are not promised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = "[e-mail]"
NUMBER = "[number]"
PHONE = "[phone]"
PERSONNUMMER = "[personnummer]"
NAME = "[name]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?\d{2}[01]\d[0-9]\d[-+ ]?\d{4}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d{1,4}(?:[ \-/]?\(?\d{1,4}\)?){2,6}(?!\d)")
_DIGITS = re.compile(r"\d[\d \-]{4,}\d")
_CAPITALISED = r"[A-ZÅÄÖÉÜ][\w'\u2019-]+"
# The words around a name in any case ((?i:...)); the name itself capitalised.
_TITLE = r"(?:(?i:mr|mrs|ms|miss|dr|prof)\.?[ \t]+)?"
_FULL_NAME = rf"({_CAPITALISED}(?:[ \t]+{_CAPITALISED})?)"
_GREETING = re.compile(
    r"\b((?i:hej|hejsan|hallå|hi|hello|dear|hey|god morgon|good morning|good afternoon)"
    rf"[ \t]+{_TITLE}){_FULL_NAME}"
)
_SIGN_OFF = re.compile(
    r"\b((?i:mvh|hälsningar|vänliga hälsningar|tack|thanks|thank you|regards|best|cheers|"
    r"sincerely)[,.!]?[ \t]*(?:\n[ \t]*){0,2})"
    rf"{_FULL_NAME}[ \t]*$",
    re.MULTILINE,
)
_INTRODUCTION = re.compile(
    rf"\b((?i:my name is|i am|i'm|jag heter|mitt namn är)[ \t]+){_FULL_NAME}"
)
_NOT_NAMES = frozenset(
    [
        "all",
        "everyone",
        "team",
        "there",
        "sir",
        "madam",
        "international",
        "office",
        "officer",
        "colleagues",
        "staff",
        "alla",
        "er",
        "ni",
        "again",
        "igen",
    ]
)


def mask_personal_data(text: str, names: Iterable[str] = ()) -> str:
    """`text` with personal data replaced by [e-mail], [personnummer], [phone], [number], [name].

    Order matters: addresses first (they hold digits), personnummer before phone numbers (both
    are digit groups), names last (greeting words are matched case-insensitively, the name
    itself must be capitalised)."""
    text = _EMAIL.sub(EMAIL, text)
    text = _PERSONNUMMER.sub(PERSONNUMMER, text)
    text = _PHONE.sub(lambda m: PHONE if _is_phone(m.group()) else m.group(), text)
    text = _DIGITS.sub(NUMBER, text)
    for known in names:
        for part in known.split():
            if len(part) > 1:
                text = re.sub(rf"\b{re.escape(part)}\b", NAME, text, flags=re.IGNORECASE)
    for pattern in (_GREETING, _SIGN_OFF, _INTRODUCTION):
        text = pattern.sub(_name_replacer, text)
    return text


def _is_phone(found: str) -> bool:
    digits = sum(ch.isdigit() for ch in found)
    return 7 <= digits <= 15


def _name_replacer(match: re.Match[str]) -> str:
    name = match.group(2)
    if name.lower() in _NOT_NAMES or name.split()[0].lower() in _NOT_NAMES:
        return match.group(0)
    return f"{match.group(1)}{NAME}"
