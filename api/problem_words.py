"""What the standard-reply and routine checks say, in the reader's language.

The checks (canned_replies, routines) speak English, for `triage replies check` and the logs;
their fixed messages are in the catalogue as they are, and those that name a placeholder, an
office fact or a line are matched here and said again with the name put back in.
"""

from __future__ import annotations

import re

from api.i18n import gettext_ as _
from triage.errors import N_

_LINE = re.compile(r"^(?P<rest>.*) \(line (?P<line>\d+)\)$", re.DOTALL)


def _unknown(found: re.Match[str]) -> str:
    words = _("unknown placeholder %(name)s") % {"name": found["name"]}
    if found["known"]:
        words += " " + _("(known: %(known)s)") % {"known": found["known"]}
    return words


def _invalid(found: re.Match[str]) -> str:
    return _("not a valid standard reply: %(why)s") % {"why": problem_words(found["why"])}


# A message that names something, and its words with the name put back in.
_NAMING: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"unknown placeholder '(?P<name>\w+)' \(use e\.g\. requester\.first_name\)"),
        N_("unknown placeholder %(name)s (use e.g. requester.first_name)"),
    ),
    (
        re.compile(r"office\.(?P<key>\w+) is not an office fact: .*"),
        N_(
            "office.%(key)s is not one of the office's facts: use one the office has, or ask "
            "an administrator to add it"
        ),
    ),
    (
        re.compile(r"office keys are lower_snake_case: '(?P<key>.*)'"),
        N_("office facts are written in lower_snake_case: %(key)s"),
    ),
    (
        re.compile(r"(?P<key>\w+) is not filled in \(for office facts: .*\)"),
        N_(
            "%(key)s is not filled in (an office fact: an administrator sets it in the "
            "configuration)"
        ),
    ),
    (
        re.compile(r"not allowed in a standard reply: (?P<what>.*)"),
        N_("not allowed in a standard reply: %(what)s"),
    ),
]
_UNKNOWN = re.compile(r"unknown placeholder (?P<name>[\w.]+)(?: \(known: (?P<known>[^)]*)\))?")
_INVALID = re.compile(r"not a valid standard reply: (?P<why>.*)", re.DOTALL)


def problem_words(message: str) -> str:
    """`message` from a check in the reader's language; as it is when nothing matches and
    the catalogue does not have it."""
    line = _LINE.fullmatch(message)
    if line:
        return f"{problem_words(line['rest'])} " + _("(line %(line)s)") % {"line": line["line"]}
    if found := _UNKNOWN.fullmatch(message):
        return _unknown(found)
    if found := _INVALID.fullmatch(message):
        return _invalid(found)
    for pattern, words in _NAMING:
        if found := pattern.fullmatch(message):
            return _(words) % found.groupdict()
    return _(message)
