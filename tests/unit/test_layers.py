"""Imports point down only: entry points → api / tasks / agents → bus / models → core.

Siblings on one floor do not import each other either (the API sends tasks by
name through ``bus.tasks``; the agent never touches PostgreSQL). The order is
stated in docs/architecture.md; an import against it fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each package (or top-level module) and the packages of ours it may import.
ALLOWED: dict[str, set[str]] = {
    "maice": {"api", "tasks", "agents", "bus", "models", "core"},
    "api": {"bus", "models", "core"},
    "tasks": {"bus", "models", "core", "celeryconfig"},
    "celeryconfig": {"bus", "core"},
    "agents": {"bus", "core"},
    "bus": {"core"},
    "models": {"core"},
    "core": set(),
}


def _sources(package: str) -> list[Path]:
    single = ROOT / f"{package}.py"
    if single.exists():
        return [single]
    return sorted(
        path for path in (ROOT / package).rglob("*.py") if "migrations/versions" not in str(path)
    )


def _imported_packages(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_down(package: str) -> None:
    wrong = {
        f"{path.relative_to(ROOT)} imports {imported}"
        for path in _sources(package)
        for imported in _imported_packages(path) - ALLOWED[package] - {package}
    }
    assert not wrong, sorted(wrong)


def test_every_package_has_a_floor() -> None:
    """A new top-level package must be placed in the order before it can import ours."""
    ours = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "benchmarks"}
    }
    assert ours <= set(ALLOWED), sorted(ours - set(ALLOWED))
