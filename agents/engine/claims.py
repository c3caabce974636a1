"""Comparing a stated answer with a result made of points, equations and numbers
(a centre and a radius, the foci of an ellipse, a line ``y = 2x + 1``, a vector).

Points are compared coordinate by coordinate; equations as curves (``y = 2x + 1``
and ``2x - y + 1 = 0`` are the same line); numbers numerically. Every expected
part must be stated and nothing else of the same kind; with nothing comparable
stated the answer is "no claim" (None).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from .checks import close
from .extract import extract
from .guards import TooLarge
from .parse import ParseError


def same_curve(a: Any, b: Any) -> bool:
    """``a = 0`` and ``b = 0`` are the same curve: ``a`` is a nonzero constant times ``b``."""
    try:
        ratio = sp.simplify(sp.expand(a) / sp.expand(b))
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    return bool(ratio.is_number and ratio.is_finite and ratio != 0)


def _claimed(answer: str) -> tuple[list[tuple[Any, ...]], list[Any], list[Any]]:
    try:
        problem = extract(answer)
    except (TooLarge, ParseError, ValueError):
        return [], [], []
    points = [t.coords for t in problem.tuples if all(not c.free_symbols for c in t.coords)]
    curves = [
        sp.expand(f.relation.as_zero()) for f in problem.equations() if f.relation.free_symbols
    ]
    curves += [sp.expand(sp.Symbol("y") - c.body) for c in problem.curves]
    numbers = list(problem.numbers)
    numbers += [f.expr for f in problem.expressions() if not f.expr.free_symbols]
    return points, curves, numbers


def compare_objects(expected: tuple[Any, ...], answer: str) -> bool | None:
    """Does ``answer`` (an answer line) state exactly the ``expected`` parts?"""
    if any(
        isinstance(v, sp.Set | sp.logic.boolalg.Boolean) and not isinstance(v, sp.Eq)
        for v in expected
    ):
        return None
    points, curves, numbers = _claimed(answer)
    if not (points or curves or numbers):
        return None
    want_points = [tuple(v) for v in expected if isinstance(v, sp.Tuple)]
    want_curves = [sp.expand(v.lhs - v.rhs) for v in expected if isinstance(v, sp.Eq)]
    want_numbers = [v for v in expected if not isinstance(v, sp.Tuple | sp.Eq)]

    def same_point(p: tuple[Any, ...], q: tuple[Any, ...]) -> bool:
        return len(p) == len(q) and all(close(a, b) for a, b in zip(p, q, strict=True))

    found = (
        all(any(same_point(w, p) for p in points) for w in want_points)
        and all(any(same_curve(w, c) for c in curves) for w in want_curves)
        and all(any(close(w, n) for n in numbers) for w in want_numbers)
    )
    extra = (
        any(not any(same_point(w, p) for w in want_points) for p in points)
        or any(not any(same_curve(w, c) for w in want_curves) for c in curves)
        or (bool(want_numbers) and any(not any(close(w, n) for w in want_numbers) for n in numbers))
    )
    return found and not extra
