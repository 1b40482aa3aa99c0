"""Where in a routine's text a problem is: the line of the front-matter field a Problem names
(`steps[3].reply`), so an editor can point at it instead of leaving the writer to count."""

from __future__ import annotations

import re

import yaml

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_DELIMITER = re.compile(r"^-{3}\s*$")


def field_line(text: str, field: str) -> int | None:
    """The 1-based line of the field in the text, or of the nearest enclosing field that is
    there (a missing `steps[2].text` points at `steps[2]`); None when nothing fits."""
    lines = text.splitlines()
    if not lines or not _DELIMITER.match(lines[0]):
        return None
    end = next((i for i in range(1, len(lines)) if _DELIMITER.match(lines[i])), len(lines))
    try:
        node = yaml.compose("\n".join(lines[1:end]))
    except yaml.MarkedYAMLError as error:  # the YAML itself is broken: where the parser stopped
        mark = error.problem_mark or error.context_mark
        return mark.line + 2 if mark is not None else None
    if field == "front matter":
        return None
    line = None
    for name, index in _PART.findall(field):
        found = _child(node, name, int(index) if index else None)
        if found is None:
            break
        at, node = found
        line = at.start_mark.line + 2  # +1 for counting from 1, +1 for the opening '---'
    return line


def _child(node: object, name: str, index: int | None) -> tuple[yaml.Node, yaml.Node] | None:
    """(where to point, the value under it): a key's own line for a field, the item's for a
    list position."""
    if index is not None:
        if isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return node.value[index], node.value[index]
        return None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return key, value
    return None
