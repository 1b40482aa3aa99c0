"""Dependencies are declared where they are used: what the runtime packages import is a runtime
dependency, and every runtime dependency is imported by them or named below with its reason."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ("triage", "classifiers", "canned_replies", "routines", "api")
OURS = set(RUNTIME)
# Used without an import statement of ours: loaded by another library or by a URL scheme.
INDIRECT = {
    "python-multipart": "FastAPI reads form posts with it",
    "itsdangerous": "Starlette's SessionMiddleware signs the session cookie with it",
    "psycopg": "SQLAlchemy loads it for postgresql:// database URLs",
}


def _name(requirement: str) -> str:
    found = re.match(r"[A-Za-z0-9_.-]+", requirement)
    assert found is not None
    return found.group(0).lower().replace("_", "-")


def _declared() -> dict[str, set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {
        "runtime": {_name(r) for r in project["dependencies"]},
        "test": {_name(r) for r in project["optional-dependencies"]["test"]},
    }


def _imported_distributions() -> dict[str, str]:
    """Distribution name -> one module of ours that imports it."""
    owners = packages_distributions()
    found: dict[str, str] = {}
    for package in RUNTIME:
        for path in (ROOT / package).rglob("*.py"):
            for top in _top_level_imports(path) - OURS - set(sys.stdlib_module_names):
                for dist in owners.get(top, [top]):
                    found.setdefault(dist.lower().replace("_", "-"), str(path.relative_to(ROOT)))
    return found


def _top_level_imports(path: Path) -> set[str]:
    tops: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            tops |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            tops.add(node.module.split(".")[0])
    return tops


def test_everything_the_runtime_imports_is_a_runtime_dependency():
    declared = _declared()["runtime"]
    # pydantic-settings' and pwdlib's extras bring these in; they are declared through them.
    through = {"argon2-cffi": "pwdlib", "pydantic-core": "pydantic", "starlette": "fastapi"}

    missing = {
        dist: module
        for dist, module in _imported_distributions().items()
        if dist not in declared and through.get(dist) not in declared
    }

    assert missing == {}


def test_every_runtime_dependency_is_used_by_the_runtime():
    imported = set(_imported_distributions())

    unused = _declared()["runtime"] - imported - set(INDIRECT)

    assert unused == set()


def test_what_only_the_tests_use_is_a_test_dependency():
    runtime = _declared()["runtime"]

    only_tests = {"httpx", "httpx2", "hypothesis", "aiosmtpd", "playwright"}

    assert only_tests <= _declared()["test"]
    assert not only_tests & runtime
