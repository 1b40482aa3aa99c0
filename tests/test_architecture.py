"""Imports point one way: api -> triage -> the three libraries (shared/STYLE.md §1)."""

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


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


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
