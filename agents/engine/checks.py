"""Independent checks: numeric routes that do not reuse the symbolic result.

Each helper compares a claimed result with a second computation done another
way (floating-point evaluation at sample points, numeric quadrature, finite
differences, direct substitution), with mpmath at a working precision well
above the tolerance.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from typing import Any

import mpmath
import sympy as sp

mpmath.mp.dps = 30
_TOLERANCE = 1e-9
SAMPLES = (-2.7, -1.3, -0.4, 0.35, 0.9, 1.6, 2.45, 3.3)


def close(a: Any, b: Any, tolerance: float = _TOLERANCE) -> bool:
    """``a`` and ``b`` agree numerically (complex values allowed)."""
    try:
        x, y = complex(sp.N(a, 30)), complex(sp.N(b, 30))
    except (TypeError, ValueError):
        return False
    scale = max(1.0, abs(x), abs(y))
    return abs(x - y) <= tolerance * scale


def is_zero(expr: Any) -> bool:
    """Exactly zero, or zero to 25 digits when SymPy cannot decide."""
    simplified = sp.simplify(expr)
    if simplified == 0:
        return True
    if simplified.free_symbols:
        return False
    value = sp.N(simplified, 40)
    return bool(value.is_number) and abs(complex(value)) < 1e-25


def _value_at(expr: Any, var: Any, point: float) -> complex | None:
    try:
        value = complex(sp.N(expr.subs(var, sp.Float(point, 30)), 30))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if value != value or abs(value) == float("inf"):
        return None
    return value


def same_function(a: Any, b: Any, variables: Iterable[Any], points: int = 6) -> bool:
    """``a`` and ``b`` agree at several random points (where both are defined)."""
    symbols = list(variables)
    rng = random.Random(20240601)
    compared = 0
    for _ in range(points * 3):
        subs = {s: sp.Float(rng.uniform(-3, 3), 30) for s in symbols}
        try:
            x = complex(sp.N(a.subs(subs), 30))
            y = complex(sp.N(b.subs(subs), 30))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if any(v != v or abs(v) == float("inf") for v in (x, y)):
            continue
        if abs(x - y) > 1e-8 * max(1.0, abs(x), abs(y)):
            return False
        compared += 1
        if compared >= points:
            return True
    return compared >= 2


def numeric_derivative(expr: Any, var: Any, point: Any) -> complex | None:
    """f'(point) by mpmath's numerical differentiation of a lambdified f."""
    func = sp.lambdify(var, expr, "mpmath")
    try:
        return complex(mpmath.diff(func, mpmath.mpf(sp.N(point, 30))))
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def numeric_integral(expr: Any, var: Any, lower: Any, upper: Any) -> float | None:
    """∫ expr d var from lower to upper by mpmath quadrature (Gauss–Legendre)."""
    func = sp.lambdify(var, expr, "mpmath")
    low, high = (mpmath.mpf(sp.N(b, 30)) if b.is_finite else b for b in (lower, upper))
    if not (lower.is_finite and upper.is_finite):
        return None
    try:
        value = mpmath.quad(func, [low, high])
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return float(mpmath.re(value))


def holds_at(condition: Callable[[Any], Any], point: Any) -> bool | None:
    try:
        truth = condition(point)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if truth in (sp.true, True):
        return True
    if truth in (sp.false, False):
        return False
    return None


def samples_in(interval: Any, count: int = 5) -> list[Any]:
    """Rational points inside a SymPy interval (ends excluded)."""
    low, high = interval.inf, interval.sup
    if low == -sp.oo and high == sp.oo:
        return [sp.Rational(v).limit_denominator(100) for v in SAMPLES]
    if low == -sp.oo:
        return [high - d for d in (sp.Rational(1, 7), 1, 3, 10, 100)]
    if high == sp.oo:
        return [low + d for d in (sp.Rational(1, 7), 1, 3, 10, 100)]
    width = high - low
    return [low + width * sp.Rational(k, count + 1) for k in range(1, count + 1)]


def numeric_roots(poly: Any) -> list[complex]:
    """The roots of a polynomial by mpmath's numerical root finder (multiple roots too)."""
    coefficients = [complex(c) for c in poly.all_coeffs()]
    with mpmath.workdps(60):
        found = mpmath.polyroots(coefficients, maxsteps=800, extraprec=400)
    return [complex(r) for r in (found if isinstance(found, list) else [found])]
