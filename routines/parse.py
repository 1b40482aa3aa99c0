"""Turns one routine file's text into a Routine, or into the Problems that keep it out.

Every field is checked and every mistake noted before giving up, so whoever edits a file sees all
of its problems at once instead of fixing them one reload at a time.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import frontmatter

from routines.model import Contact, Problem, Referral, Routine, Step

LANGUAGES = ("sv", "en")
_FIELDS = (
    "id",
    "language",
    "title",
    "question_types",
    "owner",
    "backup_owner",
    "last_reviewed",
    "review_interval_days",
    "purpose",
    "refer_elsewhere",
    "contacts",
    "steps",
)
_MISSING = "required field is missing or empty"


def parse_routine(
    path: Path, text: str, known_replies: set[str] | None = None
) -> tuple[Routine | None, list[Problem]]:
    """Read one file's text; the routine is None whenever there is at least one problem."""
    try:
        post = frontmatter.loads(text)
    except Exception as error:  # python-frontmatter lets the YAML parser's own errors through
        message = "unreadable YAML: " + " ".join(str(error).split())
        return None, [Problem(path, "front matter", message)]
    if not isinstance(post.metadata, dict) or not post.metadata:
        message = "missing: the file must start with a '---' block of 'key: value' lines"
        return None, [Problem(path, "front matter", message)]
    reader = _Reader(path, post.metadata)
    routine = reader.routine(post.content, known_replies)
    return (None if reader.problems else routine), reader.problems


class _Reader:
    """Reads typed values out of front matter, noting a Problem for each bad one.

    A bad value is replaced by a placeholder so reading can go on; the caller discards the
    routine whenever any problem was noted.
    """

    def __init__(self, path: Path, data: dict[str, object]) -> None:
        self.path = path
        self.data = data
        self.problems: list[Problem] = []

    def note(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, field, message))

    def routine(self, body: str, known_replies: set[str] | None) -> Routine:
        self.no_unknown_keys("", self.data, _FIELDS)
        get = self.data.get
        return Routine(
            id=self.text("id", get("id")),
            language=self.language(),
            title=self.text("title", get("title")),
            question_types=self.text_list("question_types"),
            owner=self.text("owner", get("owner")),
            backup_owner=self.text("backup_owner", get("backup_owner")),
            last_reviewed=self.day("last_reviewed"),
            review_interval_days=self.days("review_interval_days"),
            purpose=self.text("purpose", get("purpose")),
            refer_elsewhere=tuple(Referral(*pair) for pair in self.pairs("refer_elsewhere")),
            contacts=tuple(Contact(*pair) for pair in self.pairs("contacts")),
            steps=self.steps(known_replies),
            body=body,
            path=self.path,
        )

    def text(self, field: str, value: object) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.note(field, _MISSING)
            return ""
        if not isinstance(value, str):
            self.note(field, f"must be text, not {value!r}")
            return ""
        return value.strip()

    def optional_text(self, field: str, value: object) -> str | None:
        return None if value is None else self.text(field, value)

    def language(self) -> str:
        language = self.text("language", self.data.get("language"))
        if language and language not in LANGUAGES:
            self.note("language", f"must be one of {', '.join(LANGUAGES)}, not {language!r}")
        return language

    def items(self, field: str, *, required: bool) -> list[object]:
        value = self.data.get(field)
        if value is None:
            if required:
                self.note(field, _MISSING)
            return []
        if not isinstance(value, list):
            self.note(field, f"must be a list ('- ' lines), not {value!r}")
            return []
        return value

    def text_list(self, field: str) -> tuple[str, ...]:
        values = self.items(field, required=True)
        if field in self.data and isinstance(self.data[field], list) and not values:
            self.note(field, "must name at least one question type")
        return tuple(self.text(f"{field}[{i}]", value) for i, value in enumerate(values))

    def day(self, field: str) -> date:
        value = self.data.get(field)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.note(
            field, _MISSING if value is None else f"must be a date like 2026-01-31, not {value!r}"
        )
        return date.min

    def days(self, field: str) -> int:
        value = self.data.get(field)
        # bool is an int in Python, but "review_interval_days: yes" is a mistake, not 1 day.
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        self.note(
            field, _MISSING if value is None else f"must be a whole number of days, not {value!r}"
        )
        return 0

    def mapping(self, field: str, value: object, keys: tuple[str, ...]) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.note(field, f"must be 'key: value' lines ({', '.join(keys)}), not {value!r}")
            return None
        self.no_unknown_keys(f"{field}.", value, keys)
        return value

    def no_unknown_keys(self, prefix: str, data: dict[str, object], keys: tuple[str, ...]) -> None:
        # A misspelt key would otherwise drop its content without a word.
        for key in data:
            if key not in keys:
                self.note(f"{prefix}{key}", f"unknown field; expected one of {', '.join(keys)}")

    def pairs(self, field: str) -> list[tuple[str, str]]:
        keys = ("when", "to") if field == "refer_elsewhere" else ("role", "how")
        first, second = keys
        pairs = []
        for i, item in enumerate(self.items(field, required=False)):
            where = f"{field}[{i}]"
            record = self.mapping(where, item, keys)
            if record is not None:
                pairs.append(
                    (
                        self.text(f"{where}.{first}", record.get(first)),
                        self.text(f"{where}.{second}", record.get(second)),
                    )
                )
        return pairs

    def steps(self, known_replies: set[str] | None) -> tuple[Step, ...]:
        items = self.items("steps", required=True)
        if isinstance(self.data.get("steps"), list) and not items:
            self.note("steps", "must list at least one step")
        steps = []
        for i, item in enumerate(items):
            where = f"steps[{i}]"
            record = self.mapping(where, item, ("text", "reply", "link"))
            if record is None:
                continue
            reply = self.optional_text(f"{where}.reply", record.get("reply"))
            if reply and known_replies is not None and reply not in known_replies:
                self.note(f"{where}.reply", f"unknown standard reply {reply!r}")
            text = self.text(f"{where}.text", record.get("text"))
            steps.append(Step(text, reply, self.optional_text(f"{where}.link", record.get("link"))))
        return tuple(steps)
