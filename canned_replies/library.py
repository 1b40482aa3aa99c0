"""The standard-reply library as files: one Markdown file per reply and language, YAML front
matter, a Jinja2 template body. Loading checks everything an officer would otherwise meet at the
moment of sending: fields, placeholders, unsafe template constructs, missing translations.
A bad file is reported with its name, field and line; the rest of the library loads.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from canned_replies.template import TemplateProblem, check_template

DEFAULT_FOLDER = Path(__file__).parent / "library"
_FILE = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>sv|en)\.md$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = (
    "id",
    "language",
    "title",
    "question_types",
    "owner",
    "last_reviewed",
    "examples",
    "placeholders",
)


@dataclass(frozen=True)
class Reply:
    id: str
    language: str
    title: str
    question_types: tuple[str, ...]
    tags: tuple[str, ...]
    owner: str
    last_reviewed: date
    examples: tuple[str, ...]
    placeholders: tuple[str, ...]
    body: str
    path: Path | None = None
    optional_office_keys: frozenset[str] = frozenset()
    # A public reply is also an entry of the office's FAQ: a question and a self-contained
    # answer for anyone, which may print office facts and nothing personal.
    public: bool = False
    faq_question: str = ""
    faq_answer: str = ""

    def to_text(self) -> str:
        """The reply as a file again (for export, and as the text an officer edits)."""
        meta: dict[str, Any] = {
            "id": self.id,
            "language": self.language,
            "title": self.title,
            "question_types": list(self.question_types),
            "tags": list(self.tags),
            "owner": self.owner,
            "last_reviewed": self.last_reviewed,
            "examples": list(self.examples),
            "placeholders": list(self.placeholders),
        }
        if self.public:
            meta |= {"public": True, "faq_question": self.faq_question}
            meta["faq_answer"] = self.faq_answer.rstrip() + "\n"
        head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
        return f"---\n{head}---\n{self.body.rstrip()}\n"


@dataclass(frozen=True)
class Problem:
    path: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


@dataclass
class ReplyLibrary:
    replies: list[Reply] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, reply_id: str, language: str) -> Reply | None:
        return next((r for r in self.replies if (r.id, r.language) == (reply_id, language)), None)

    def ids(self) -> set[str]:
        return {r.id for r in self.replies}

    def in_language(self, reply_id: str, language: str) -> Reply | None:
        """This reply in `language`, else in the other language (better than nothing)."""
        return self.get(reply_id, language) or next(
            (r for r in self.replies if r.id == reply_id), None
        )


def load_library(folder: Path = DEFAULT_FOLDER, office_keys: Collection[str] = ()) -> ReplyLibrary:
    """Every reply file in `folder`; office facts beyond OFFICE_KEYS.md only from `office_keys`."""
    library = ReplyLibrary()
    for path in sorted(folder.glob("*.md")):
        if not _FILE.match(path.name):
            continue  # README, OFFICE_KEYS.md …
        reply, problems = parse_reply(path.read_text(encoding="utf-8"), str(path), office_keys)
        library.problems += problems
        if reply is not None:
            library.replies.append(reply)
    library.problems += _library_problems(library.replies)
    return library


def parse_reply(
    text: str, source: str, office_keys: Collection[str] = ()
) -> tuple[Reply | None, list[Problem]]:
    """A reply from a file's text, or None and what is wrong with it. Its office facts must be
    documented in OFFICE_KEYS.md or be among `office_keys` (the office's [office] settings)."""
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        return None, [Problem(source, "front matter", f"not valid YAML ({_yaml_reason(exc)})")]
    meta: dict[str, Any] = dict(post.metadata)
    body = post.content
    problems = [
        Problem(source, key, "required field missing") for key in _REQUIRED if not meta.get(key)
    ]
    if problems:
        return None, problems
    problems += _field_problems(source, meta)
    offset = text[: text.find(body[:40])].count("\n") if body else 0
    template = check_template(body, office_keys)
    problems += [_from_template(source, p, offset) for p in template.problems]
    listed = meta["placeholders"] if isinstance(meta["placeholders"], list) else []
    declared, used = {str(p) for p in listed}, template.placeholders
    if declared != used:
        problems.append(Problem(source, "placeholders", _difference(declared, used)))
    problems += _faq_problems(source, meta, office_keys)
    if problems:
        return None, problems
    return _reply(meta, body, source, template.optional_office_keys), []


def _faq_problems(source: str, meta: dict[str, Any], office_keys: Collection[str]) -> list[Problem]:
    """A public reply needs a question and an answer that print nothing about a person."""
    public = meta.get("public", False)
    if not isinstance(public, bool):
        return [Problem(source, "public", "must be true or false")]
    if not public:
        return []
    problems = [
        Problem(source, key, "required when the reply is public (it is the FAQ entry)")
        for key in ("faq_question", "faq_answer")
        if not str(meta.get(key) or "").strip()
    ]
    if problems:
        return problems
    check = check_template(str(meta["faq_answer"]), office_keys)
    problems += [Problem(source, "faq_answer", p.message, p.line) for p in check.problems]
    personal = sorted(p for p in check.placeholders if not p.startswith("office."))
    if personal:
        problems.append(
            Problem(
                source,
                "faq_answer",
                f"a public answer may print office facts only, not {', '.join(personal)}",
            )
        )
    return problems


def _field_problems(source: str, meta: dict[str, Any]) -> list[Problem]:
    problems = []
    name = Path(source).name
    found = _FILE.match(name)
    if meta.get("language") not in ("sv", "en"):
        problems.append(
            Problem(source, "language", f"must be sv or en, not {meta.get('language')!r}")
        )
    if not _ID.match(str(meta.get("id", ""))):
        problems.append(Problem(source, "id", "use lower-case letters, digits and hyphens"))
    elif found and (found["id"], found["lang"]) != (meta.get("id"), meta.get("language")):
        problems.append(Problem(source, "id", f"does not match the file name {name}"))
    for key in ("question_types", "examples", "placeholders"):
        if not isinstance(meta.get(key), list):
            problems.append(Problem(source, key, "must be a list"))
    if not isinstance(meta.get("last_reviewed"), date):
        problems.append(Problem(source, "last_reviewed", "must be a date (YYYY-MM-DD)"))
    return problems


def _reply(meta: dict[str, Any], body: str, source: str, optional: frozenset[str]) -> Reply:
    return Reply(
        id=str(meta["id"]),
        language=str(meta["language"]),
        title=str(meta["title"]),
        question_types=tuple(map(str, meta["question_types"])),
        tags=tuple(map(str, meta.get("tags") or ())),
        owner=str(meta["owner"]),
        last_reviewed=meta["last_reviewed"],
        examples=tuple(map(str, meta["examples"])),
        placeholders=tuple(map(str, meta["placeholders"])),
        body=body,
        path=Path(source),
        optional_office_keys=optional,
        public=bool(meta.get("public", False)),
        faq_question=str(meta.get("faq_question") or "").strip(),
        faq_answer=str(meta.get("faq_answer") or "").strip(),
    )


def _library_problems(replies: list[Reply]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], Reply] = {}
    languages: dict[str, set[str]] = {}
    for reply in replies:
        key = (reply.id, reply.language)
        if key in seen:
            problems.append(Problem(str(reply.path), "id", f"duplicate of {seen[key].path}"))
        seen[key] = reply
        languages.setdefault(reply.id, set()).add(reply.language)
    public = {(r.id, r.public) for r in replies}
    for reply_id in sorted({i for i, p in public if (i, not p) in public and p}):
        owner = next(r for r in replies if r.id == reply_id and not r.public)
        problems.append(
            Problem(
                str(owner.path), "public", f"the other language version of {reply_id!r} is public"
            )
        )
    for reply_id, langs in sorted(languages.items()):
        for missing in {"sv", "en"} - langs:
            owner = next(r for r in replies if r.id == reply_id)
            problems.append(
                Problem(str(owner.path), "language", f"no {missing} version of {reply_id!r}")
            )
    return problems


def _from_template(source: str, problem: TemplateProblem, offset: int) -> Problem:
    line = problem.line + offset if problem.line else None
    return Problem(source, "body", problem.message, line)


def _difference(declared: set[str], used: set[str]) -> str:
    parts = []
    if used - declared:
        parts.append(f"used but not listed: {', '.join(sorted(used - declared))}")
    if declared - used:
        parts.append(f"listed but not used: {', '.join(sorted(declared - used))}")
    return "; ".join(parts)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{reason} at line {mark.line + 2}" if mark is not None else str(reason)
