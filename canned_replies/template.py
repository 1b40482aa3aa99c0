"""Standard-reply templates: checked when loaded or saved, rendered in a sandbox.

A template may print placeholders ({{ requester.first_name }}, {{ office.opening_hours }}), test
them ({% if office.x %} … {% endif %}) and use the `default` filter; nothing else. Anything beyond
that — loops, calls, other filters, attribute tricks — is refused at load time with its line, so
an officer never meets a broken or unsafe template at the moment of sending. An office fact must
be one OFFICE_KEYS.md documents or the office configured: `office.items` is not a fact, and would
otherwise print a dict method. Rendering checks again and looks placeholders up as keys only, so
a template that skipped the check still prints facts or fails, and never reaches past them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError, nodes
from jinja2.sandbox import SandboxedEnvironment

PLACEHOLDERS: dict[str, set[str] | None] = {
    "requester": {"first_name", "name", "email"},
    "case": {"ref", "subject"},
    "officer": {"name", "signature"},
    "mailbox": {"address", "name"},
    "office": None,  # any lower_snake_case key, filled in from configuration
}
_OFFICE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_OFFICE_KEYS_FILE = Path(__file__).parent / "library" / "OFFICE_KEYS.md"
_DOCUMENTED_KEY = re.compile(r"^\|\s*`office\.([a-z][a-z0-9_]*)`", re.MULTILINE)
_ALLOWED = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Getattr,
    nodes.If,
    nodes.Const,
    nodes.Not,
    nodes.And,
    nodes.Or,
)


class _FactsOnly(SandboxedEnvironment):
    """`a.b` and `a["b"]` are the key "b" of the placeholder values, never an attribute: no
    method, dunder or attribute of a dict or a string can be reached, only the facts given."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self.getitem(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Mapping) and isinstance(argument, str) and argument in obj:
            return obj[argument]
        return self.undefined(obj=obj, name=argument)


_ENV = _FactsOnly(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
_ENV.globals.clear()  # no range, lipsum, cycler, joiner, namespace, dict
_ENV.filters = {"default": _ENV.filters["default"]}


class RenderError(Exception):
    """A reply that cannot be rendered for this case (a fact the office has not configured)."""


@dataclass(frozen=True)
class TemplateProblem:
    message: str
    line: int | None = None


@dataclass
class TemplateCheck:
    placeholders: set[str] = field(default_factory=set)
    optional_office_keys: frozenset[str] = frozenset()
    problems: list[TemplateProblem] = field(default_factory=list)


@cache
def documented_office_keys() -> frozenset[str]:
    """The office facts OFFICE_KEYS.md lists (its table rows start with `office.<key>`)."""
    return frozenset(_DOCUMENTED_KEY.findall(_OFFICE_KEYS_FILE.read_text(encoding="utf-8")))


def check_template(source: str, office_keys: Collection[str] = ()) -> TemplateCheck:
    """What is wrong with `source` as a standard reply, and the placeholders it uses.

    Office facts may be those OFFICE_KEYS.md documents plus `office_keys` (an office's own
    [office] settings, where the caller has them)."""
    check = TemplateCheck()
    try:
        tree = _ENV.parse(source)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        check.problems.append(TemplateProblem(f"template syntax: {exc.message}", line))
        return check
    except RecursionError:
        check.problems.append(TemplateProblem("the template is nested too deeply"))
        return check
    known = documented_office_keys() | frozenset(office_keys)
    printed: set[str] = set()
    tested: set[str] = set()
    for node, in_test in _walk(tree, in_test=False):
        if isinstance(node, nodes.Filter) and node.name == "default":
            continue
        if not isinstance(node, _ALLOWED):
            what = (
                type(node).__name__
                if not isinstance(node, nodes.Filter)
                else f"filter {node.name!r}"
            )
            check.problems.append(
                TemplateProblem(f"not allowed in a standard reply: {what}", node.lineno)
            )
        elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            name = f"{node.node.name}.{node.attr}"
            problem = _placeholder_problem(node.node.name, node.attr, known)
            if problem:
                check.problems.append(TemplateProblem(problem, node.lineno))
            (tested if in_test else printed).add(name)
        elif isinstance(node, nodes.Getattr):
            check.problems.append(
                TemplateProblem("placeholders have one dot, like case.ref", node.lineno)
            )
        elif isinstance(node, nodes.Name) and not _is_getattr_root(tree, node):
            check.problems.append(
                TemplateProblem(
                    f"unknown placeholder {node.name!r} (use e.g. requester.first_name)",
                    node.lineno,
                )
            )
    check.placeholders = printed | tested
    # An office fact the template tests for ({% if office.x %}) is optional: unset, the
    # sentence is left out. One it only prints must be configured.
    check.optional_office_keys = frozenset(
        n.split(".", 1)[1] for n in tested if n.startswith("office.")
    )
    return check


def _walk(node: nodes.Node, in_test: bool) -> Iterator[tuple[nodes.Node, bool]]:
    yield node, in_test
    if isinstance(node, nodes.If):
        yield from _walk(node.test, True)
        for child in [*node.body, *node.elif_, *node.else_]:
            yield from _walk(child, in_test)
        return
    for child in node.iter_child_nodes():
        yield from _walk(child, in_test)


def _is_getattr_root(tree: nodes.Template, name: nodes.Name) -> bool:
    return any(g.node is name for g in tree.find_all(nodes.Getattr))


def _placeholder_problem(root: str, attr: str, office_keys: frozenset[str]) -> str | None:
    if root not in PLACEHOLDERS:
        return f"unknown placeholder {root}.{attr}"
    allowed = PLACEHOLDERS[root]
    if allowed is None:
        if not _OFFICE_KEY.match(attr):
            return f"office keys are lower_snake_case: {attr!r}"
        if attr not in office_keys:
            return (
                f"office.{attr} is not an office fact: use one listed in OFFICE_KEYS.md, "
                "or set it under [office] in the configuration"
            )
        return None
    return (
        None
        if attr in allowed
        else f"unknown placeholder {root}.{attr} (known: "
        + ", ".join(f"{root}.{a}" for a in sorted(allowed))
        + ")"
    )


_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class LetterParts:
    """A standard reply as a letter: what a reply already begun takes of it (`middle`), and the
    paragraphs a second reply goes above (`tails`: the case-number line, the closing)."""

    middle: str
    tails: tuple[str, ...]


def letter_parts(source: str) -> LetterParts | None:
    """The parts of a reply shaped as a letter: a greeting (a first paragraph of one line that
    names the requester and ends in a comma, "Hej {{ requester.first_name }},") and a closing
    (a last paragraph with the officer's signature); a line of its own asking to quote the case
    number is left out of the middle too. None for a reply of another shape: it goes in whole."""
    paragraphs = _PARAGRAPHS.split(source.strip())
    if len(paragraphs) < 3:
        return None
    first, last = paragraphs[0].strip(), paragraphs[-1]
    greeting = "\n" not in first and "requester." in first and first.endswith(",")
    if not greeting or "officer.signature" not in last:
        return None
    middle: list[str] = []
    tails: list[str] = []
    for paragraph in paragraphs[1:-1]:
        one_line = "\n" not in paragraph.strip()
        (tails if one_line and "case.ref" in paragraph else middle).append(paragraph)
    return LetterParts("\n\n".join(middle), (*tails, last))


def render(
    source: str,
    context: Mapping[str, Mapping[str, Any]],
    optional_office_keys: frozenset[str] = frozenset(),
) -> str:
    """The reply text for one case. Office facts the template only tests for may be missing;
    one it prints must be configured, or RenderError says which."""
    office = dict.fromkeys(optional_office_keys, "") | dict(context.get("office", {}))
    values = {root: dict(context.get(root, {})) for root in PLACEHOLDERS} | {"office": office}
    # Checked again here: before anything is compiled (Jinja folds constants such as 9**9**9
    # while compiling), and for a template that never went through the library's check.
    problems = check_template(source, office_keys=office.keys()).problems
    if problems:
        raise RenderError(f"not a valid standard reply: {problems[0].message}")
    try:
        text = _ENV.from_string(source).render(values)
    except UndefinedError as exc:
        raise RenderError(_explain(str(exc))) from None
    except TemplateError as exc:
        raise RenderError(f"not a valid standard reply: {exc}") from None
    return text


def _explain(message: str) -> str:
    found = re.search(r"'dict object' has no attribute '(\w+)'", message)
    if found:
        return f"{found.group(1)} is not filled in (for office facts: configure it under [office])"
    return message
