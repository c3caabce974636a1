# ruff: noqa: E501
"""Grading one row of a question table against the engine and the tutor's verdict.

Shared by the table tests (tests/unit/engine/test_table.py) and ``benchmarks/tutor.py``.
The expected result is read from the table (trusted data written by people, so it may
go through ``parse_expr``) and recomputed from the row's ``verify`` expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy as sp
import yaml
from sympy.parsing.sympy_parser import parse_expr

from agents.engine.checks import close
from agents.engine.solution import Solution
from agents.providers.tutor.analysis import analyse

# The tables stay beside the test that checks them (questions*.yaml, heldout.yaml).
TABLES = Path(__file__).parents[1] / "unit" / "engine"
_NAMES: dict[str, Any] = {
    name: getattr(sp, name)
    for name in (
        "Rational", "Interval", "Union", "FiniteSet", "Reals", "Complexes", "oo", "pi", "E", "I",
        "sqrt", "log", "exp", "sin", "cos", "Abs", "factorial", "binomial", "ff", "solveset",
        "linsolve", "diff", "integrate", "limit", "summation", "expand", "factor", "cancel",
        "rem", "quo", "igcd", "ilcm", "conjugate", "discriminant", "maximum", "minimum", "solve", "Eq",
    )
}  # fmt: skip
_NAMES.update(
    {name: getattr(sp, name) for name in ("tan", "asin", "acos", "atan", "Ne", "true", "false")}
)
_NAMES["function_range"] = sp.calculus.util.function_range
_NAMES["continuous_domain"] = sp.calculus.util.continuous_domain
_NAMES["tuple"] = tuple
for _letter in "xyztkna":
    _NAMES[_letter] = sp.Symbol(_letter)


def load(name: str) -> list[dict[str, Any]]:
    """The rows of the table ``name`` in TABLES."""
    rows: list[dict[str, Any]] = yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))
    return rows


def value_of(text: str) -> Any:
    value = parse_expr(str(text).replace("^", "**"), local_dict=dict(_NAMES))
    if isinstance(value, set):
        return sp.FiniteSet(*value)
    if isinstance(value, tuple):
        return sp.Tuple(*value)
    return value


def equal(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if isinstance(a, sp.Eq) and isinstance(b, sp.Eq):  # the same equation, as written
        return equal(a.lhs - a.rhs, b.lhs - b.rhs)
    if isinstance(a, sp.Set) or isinstance(b, sp.Set):
        return (
            bool(sp.simplify(a) == sp.simplify(b))
            if isinstance(a, sp.Set) and isinstance(b, sp.Set)
            else False
        )
    if isinstance(a, sp.Tuple) or isinstance(b, sp.Tuple):
        a_items = tuple(a) if isinstance(a, sp.Tuple) else (a,)
        b_items = tuple(b) if isinstance(b, sp.Tuple) else (b,)
        return len(a_items) == len(b_items) and all(
            equal(x, y) for x, y in zip(a_items, b_items, strict=True)
        )
    try:
        difference = sp.simplify(a - b)
    except (TypeError, ValueError):
        return False
    if difference == 0:
        return True
    if difference.free_symbols:
        return False
    return close(a, b, 1e-12)


def stated(solution: Solution) -> Any:
    """The engine's stated result in the table's shape."""
    values = solution.values
    if solution.kind == "set" or solution.task in ("solve_equation",):
        return sp.FiniteSet(*values)
    if len(values) == 1:
        return values[0]
    return sp.Tuple(*values)


def matches(solution: Solution, expected: Any) -> bool:
    got = stated(solution)
    if solution.kind == "antiderivative":
        return bool(sp.simplify(sp.diff(got - expected, sp.Symbol("x"))) == 0)
    if isinstance(expected, sp.Tuple) and not isinstance(got, sp.Tuple) and len(expected) == 1:
        expected = expected[0]
    return equal(got, expected)


@dataclass
class Graded:
    row: dict[str, Any]
    outcome: str  # right | declined | wrong | verdict
    detail: str
    solution: Solution


def grade(row: dict[str, Any]) -> Graded:
    analysis = analyse(row["q"])
    solution = analysis.solution
    verdict = analysis.verdict
    verdict_ok = (verdict.knowledge_type, verdict.gate) == (row.get("kind"), row.get("gate"))
    expect = row["expect"]
    if expect == "none":
        if not verdict_ok:
            return Graded(row, "verdict", f"{verdict.knowledge_type}/{verdict.gate}", solution)
        return Graded(row, "right", "", solution)
    if expect == "decline":
        if solution.status == "solved":
            return Graded(
                row, "wrong", f"stated {solution.result} for a question to decline", solution
            )
        return Graded(
            row,
            "right" if verdict_ok else "verdict",
            f"{verdict.knowledge_type}/{verdict.gate}",
            solution,
        )
    if expect == "dne":  # a limit that does not exist: stated as such, with no value
        right = solution.status == "solved" and solution.task == "limit" and not solution.values
        return Graded(row, "right" if right else "wrong", solution.markdown[-80:], solution)
    if expect == "diverges":  # a series with no sum: stated as divergent, with no value
        if solution.status != "solved":
            return Graded(row, "declined", f"{solution.status}: {solution.markdown[:80]}", solution)
        right = solution.kind == "diverges" and not solution.values
        return Graded(row, "right" if right else "wrong", solution.markdown[-80:], solution)
    expected = value_of(expect)
    if solution.status != "solved":
        return Graded(row, "declined", f"{solution.status}: {solution.markdown[:80]}", solution)
    if not matches(solution, expected):
        return Graded(row, "wrong", f"stated {stated(solution)}, expected {expected}", solution)
    if not verdict_ok:
        return Graded(row, "verdict", f"{verdict.knowledge_type}/{verdict.gate}", solution)
    return Graded(row, "right", "", solution)
