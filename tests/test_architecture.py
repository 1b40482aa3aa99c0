"""Imports point one way: api -> triage -> the three libraries (shared/STYLE.md §1), and inside
triage from the edges (CLI, scheduler, web start-up, demo) through the case layer to mail, people,
learning and records, down to the base (settings, database, tables, events, errors, ids)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"triage", "classifiers", "canned_replies", "routines", "api"}
ALLOWED = {
    "classifiers": set(),
    "routines": set(),
    "canned_replies": {"classifiers"},
    "triage": {"classifiers", "canned_replies", "routines"},
    "api": {"triage", "classifiers", "canned_replies", "routines"},
}
WEB = {"fastapi", "starlette"}

# triage's own groups and which of the others each may import.
BASE = {"settings", "db", "models", "events", "errors", "ids", "migrations"}
EDGES = {"cli", "scheduler", "web", "demo", "__main__", "__init__"}
GROUPS = {
    "base": set(),
    "mail": set(),  # mail handling never reaches up into the case service
    "people": set(),
    "learning": set(),
    # The period analysis reads questions and the matcher; the monthly report goes out by SMTP.
    "records": {"learning", "cases", "mail"},
    "cases": {"mail", "people", "learning"},
}
LOOSE_AT_MOST = 10


def _modules(path: Path) -> set[str]:
    """Every module `path` imports, dotted, as written (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


def _group(dotted: str) -> str | None:
    """The group of a triage module ("triage.mail.mime" -> "mail"), None for an edge."""
    parts = dotted.split(".")
    if parts[0] != "triage" or len(parts) < 2:
        return None
    head = parts[1]
    if head in BASE:
        return "base"
    if head in EDGES:
        return None
    return head


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_inward(package):
    wrong = {}
    for path in (ROOT / package).rglob("*.py"):
        bad = (_imports(path) & OURS) - ALLOWED[package] - {package}
        if package != "api":
            bad |= _imports(path) & WEB
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}


def test_inside_triage_each_group_imports_only_the_base_and_the_groups_below_it():
    wrong = {}
    for path in (ROOT / "triage").rglob("*.py"):
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        source = _group(dotted)
        if source is None or "migrations" in path.parts:
            continue
        may = {"base", source} | GROUPS.get(source, set())
        bad = {
            name
            for name in _modules(path)
            if name.startswith("triage.") and _group(name) is not None and _group(name) not in may
        } | {name for name in _modules(path) if _group(name) is None and name != "triage"}
        bad = {name for name in bad if name.startswith("triage.")}
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}


def test_every_folder_under_triage_is_a_known_group_or_edge():
    folders = {
        p.name for p in (ROOT / "triage").iterdir() if p.is_dir() and p.name != "__pycache__"
    }

    assert folders <= set(GROUPS) | EDGES | BASE


def test_at_most_ten_modules_stay_loose_in_triage():
    loose = sorted(p.name for p in (ROOT / "triage").glob("*.py"))

    assert len(loose) <= LOOSE_AT_MOST, loose


def test_the_web_framework_stays_out_of_the_domain():
    leaks = {
        str(path.relative_to(ROOT))
        for package in ("triage", "classifiers", "canned_replies", "routines")
        for path in (ROOT / package).rglob("*.py")
        if _imports(path) & WEB
    }

    assert leaks == set()
