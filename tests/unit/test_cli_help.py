"""Help texts reach the terminal whole: Typer prints them through rich, which takes a word in
square brackets ("[reports]") for a style tag and drops it."""

from __future__ import annotations

import re
from typing import Any

from typer.main import get_command

from triage.cli import app

_TAG = re.compile(r"(?<!\\)\[/?[a-z_ ]+\]")  # [reports], [bold], [/bold]; not \[escaped]


def _texts(command: Any, path: str) -> list[tuple[str, str]]:
    found = [(path, command.help or ""), *((f"{path} {p.name}", getattr(p, "help", None) or "")
                                           for p in command.params)]  # fmt: skip
    if hasattr(command, "commands"):  # a group (Typer brings its own click)
        for name, sub in command.commands.items():
            found += _texts(sub, f"{path} {name}")
    return found


def test_no_help_text_holds_a_word_in_square_brackets():
    texts = _texts(get_command(app), "triage")
    assert len(texts) > 50  # every command and option was walked
    assert [(where, text) for where, text in texts if _TAG.search(text)] == []
