"""What a proposed routine or standard reply changes, in the words an approver reads: each field
of the file's front matter before and after, the items of its lists (steps, example questions,
contacts …) added, removed or reworded, and the text's lines added and removed, with the words
that changed marked. The text diff of the whole file is what the file keeps; an approver should
not have to read YAML to see that a step went missing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import frontmatter

Value = str | int | float | bool | date | None
Segment = tuple[str, bool]  # a piece of text, and whether the change touched it
Detail = tuple[str, str]  # a list item's other field: its key ("reply", "link") and value

_CONTEXT_LINES = 2  # unchanged lines kept around a change in the text; the rest is a gap
_ALIKE = 0.5  # how similar two items must be to count as one reworded, not one out, one in
_MAIN_KEYS = ("text", "when", "role")  # what a step, referral or contact is read by
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class ItemChange:
    """An item of a list field: `number` counts from 1, in the proposal (added, changed) or in
    the approved version (removed); its main text with the changed words marked."""

    kind: str  # "added", "removed" or "changed"
    number: int
    before: tuple[Segment, ...] = ()
    after: tuple[Segment, ...] = ()
    details_before: tuple[Detail, ...] = ()
    details_after: tuple[Detail, ...] = ()


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed", or "gap" for unchanged lines left out
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Change:
    """One field that changed. `kind` says which part is filled: "value" (`before`/`after`,
    None where the field is not set, with `words_*` for text on both sides), "items" or
    "lines" (a text of several lines; the body is the field "body")."""

    field: str
    kind: str
    before: Value = None
    after: Value = None
    words_before: tuple[Segment, ...] = ()
    words_after: tuple[Segment, ...] = ()
    items: tuple[ItemChange, ...] = ()
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Changes:
    """Every change, in the proposal's field order, the body last. `readable` is False when
    either side's front matter cannot be read: then the one change is the whole file's lines."""

    changes: list[Change]
    readable: bool = True


def changes_between(before: str, after: str) -> Changes:
    """What turning the text `before` (empty: nothing approved yet) into `after` changes."""
    try:
        old, new = _read(before), _read(after)
    except Exception:  # the YAML parser's own errors: show the file's lines instead
        return Changes([Change("file", "lines", lines=_line_changes(before, after))], False)
    keys = list(new[0]) + [k for k in old[0] if k not in new[0]]
    found = [c for k in keys if (c := _field_change(k, old[0].get(k), new[0].get(k)))]
    if old[1] != new[1]:
        found.append(Change("body", "lines", lines=_line_changes(old[1], new[1])))
    return Changes(found)


def _read(text: str) -> tuple[dict[str, Any], str]:
    if not text.strip():
        return {}, ""
    post = frontmatter.loads(text)
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    return dict(meta), post.content


def _field_change(field: str, before: Any, after: Any) -> Change | None:
    if before == after:
        return None
    if isinstance(before, list) or isinstance(after, list):
        items = _item_changes(_list(before), _list(after))
        return Change(field, "items", items=tuple(items)) if items else None
    if "\n" in f"{before or ''}{after or ''}".strip():
        return Change(field, "lines", lines=_line_changes(_text(before), _text(after)))
    old, new = _value(before), _value(after)
    if isinstance(old, str) and isinstance(new, str):
        words_before, words_after = _marked_words(old, new)
        return Change(field, "value", old, new, words_before, words_after)
    return Change(field, "value", old, new)


def _list(value: Any) -> list[tuple[str, tuple[Detail, ...]]]:
    """A list field's items, each as its main text and its other fields."""
    items = value if isinstance(value, list) else ([] if value is None else [value])
    out = []
    for item in items:
        if isinstance(item, dict):
            main = next((k for k in _MAIN_KEYS if k in item), next(iter(item), ""))
            details = tuple((str(k), _text(v)) for k, v in item.items() if k != main)
            out.append((_text(item.get(main)), details))
        else:
            out.append((_text(item), ()))
    return out


def _item_changes(
    before: list[tuple[str, tuple[Detail, ...]]], after: list[tuple[str, tuple[Detail, ...]]]
) -> list[ItemChange]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    found: list[ItemChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        while olds and news and _alike(before[olds[0]][0], after[news[0]][0]):
            i, j = olds.pop(0), news.pop(0)
            words_before, words_after = _marked_words(before[i][0], after[j][0])
            found.append(
                ItemChange("changed", j + 1, words_before, words_after, before[i][1], after[j][1])
            )
        found += [
            ItemChange("removed", i + 1, ((before[i][0], False),), (), before[i][1]) for i in olds
        ]
        found += [
            ItemChange("added", j + 1, (), ((after[j][0], False),), (), after[j][1]) for j in news
        ]
    return found


def _alike(before: str, after: str) -> bool:
    """Whether most words are the same (by word: a long paragraph compares quickly)."""
    if before == after:
        return True
    matcher = difflib.SequenceMatcher(None, before.split(), after.split(), autojunk=False)
    return matcher.ratio() >= _ALIKE


def _line_changes(before: str, after: str) -> tuple[Line, ...]:
    """The lines added and removed, a few unchanged ones around each change, gaps between."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    lines: list[Line] = []
    shown_to = 0  # the approved text's lines shown so far
    for group in matcher.get_grouped_opcodes(_CONTEXT_LINES):
        if group[0][1] > shown_to:
            lines.append(Line("gap"))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                lines += [Line("same", ((text, False),)) for text in old[i1:i2]]
            else:
                lines += _replaced_lines(old[i1:i2], new[j1:j2])
        shown_to = group[-1][2]
    if shown_to < len(old):
        lines.append(Line("gap"))
    return tuple(lines)


def _replaced_lines(old: Sequence[str], new: Sequence[str]) -> list[Line]:
    """Removed lines, then added ones; a line reworded in place has its changed words marked."""
    removed = [Line("removed", ((text, False),)) for text in old]
    added = [Line("added", ((text, False),)) for text in new]
    for n, (before, after) in enumerate(zip(old, new, strict=False)):
        if _alike(before, after):
            words_before, words_after = _marked_words(before, after)
            removed[n], added[n] = Line("removed", words_before), Line("added", words_after)
    return removed + added


def _marked_words(before: str, after: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Both texts in pieces, the words the change removed or added marked."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    marked_before: list[Segment] = []
    marked_after: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            marked_before.append(("".join(old[i1:i2]), op != "equal"))
        if j2 > j1:
            marked_after.append(("".join(new[j1:j2]), op != "equal"))
    return tuple(marked_before), tuple(marked_after)


def _value(value: Any) -> Value:
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).rstrip("\n")
