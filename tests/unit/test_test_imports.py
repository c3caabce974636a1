"""Test modules take their helpers from tests.support and tests.fakes, never from each other."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SHARED = ("tests.support", "tests.fakes")


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            names.add("." * node.level + (node.module or ""))  # relative: never ours to use
    return names


def test_only_the_shared_packages_are_imported_from_tests() -> None:
    wrong = sorted(
        f"{path.relative_to(TESTS)} imports {name}"
        for path in TESTS.rglob("*.py")
        for name in _imported_modules(path)
        if (name.startswith("tests.") or name.startswith(".")) and not name.startswith(SHARED)
    )
    assert not wrong, wrong
