"""Numeric second routes for equations and inequalities with exponents,
logarithms, roots and trigonometric functions.

``holds`` decides a relation at one point, exactly when the two sides are
close and numerically otherwise; a point where a side is undefined or not
real gives ``None``. ``sign_changes`` scans a domain for the brackets where
an expression changes sign, which a list of roots must explain.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from ..checks import is_zero

_EPSILON = 1e-25


def real_value(value: Any) -> Any | None:
    """The real number ``value`` (40 digits), or None when undefined or not real."""
    try:
        number = sp.N(value, 40)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not number.is_number or number.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    real, imaginary = number.as_real_imag()
    if abs(imaginary) > 1e-30:
        return None
    return real


def _defined(expr: Any, var: Any, point: Any) -> bool:
    """Every logarithm's argument is positive and every even root's radicand ≥ 0."""
    for atom in expr.atoms(sp.log):
        value = real_value(atom.args[0].subs(var, point))
        if value is None or value <= 0:
            return False
    for power in expr.atoms(sp.Pow):
        if power.exp.is_Rational and not power.exp.is_Integer and power.exp.q % 2 == 0:
            value = real_value(power.base.subs(var, point))
            if value is None or value < 0:
                return False
    return True


def holds(condition: Any, var: Any, point: Any) -> bool | None:
    """Does ``condition`` (Eq, <, <=, >, >=) hold at ``point``? None where undefined."""
    lhs, rhs = condition.lhs, condition.rhs
    if not (_defined(lhs, var, point) and _defined(rhs, var, point)):
        return None
    left, right = lhs.subs(var, point), rhs.subs(var, point)
    a, b = real_value(left), real_value(right)
    if a is None or b is None:
        return None
    difference = a - b
    equal = abs(difference) < _EPSILON * max(1, abs(a), abs(b)) and is_zero(left - right)
    if isinstance(condition, sp.Eq):
        return equal
    if equal:
        return isinstance(condition, sp.GreaterThan | sp.LessThan)
    if isinstance(condition, sp.StrictLessThan | sp.LessThan):
        return bool(difference < 0)
    return bool(difference > 0)


def _grid(part: Any, count: int) -> list[float]:
    low = float(part.inf) if part.inf.is_finite else -60.0
    high = float(part.sup) if part.sup.is_finite else 60.0
    low, high = max(low, -60.0), min(high, 60.0)
    if low >= high:
        return []
    points = [low + (high - low) * k / count for k in range(1, count)]
    for k in range(2, 12):  # close to finite ends, where log and root equations put roots
        if part.inf.is_finite:
            points.append(float(part.inf) + 10.0**-k)
        if part.sup.is_finite:
            points.append(float(part.sup) - 10.0**-k)
    return sorted(p for p in points if low < p < high or (p == low and not part.left_open))


def sign_changes(expr: Any, var: Any, domain: Any, count: int = 1200) -> list[tuple[float, float]]:
    """Brackets ``(a, b)`` inside ``domain`` where ``expr`` changes sign."""
    func = sp.lambdify(var, expr, "mpmath")
    parts = domain.args if isinstance(domain, sp.Union) else (domain,)
    found: list[tuple[float, float]] = []
    with mpmath.workdps(30):
        for part in parts:
            if not isinstance(part, sp.Interval):
                continue
            previous: tuple[float, float] | None = None
            for point in _grid(part, count):
                try:
                    value = complex(func(mpmath.mpf(point)))
                except (ValueError, ZeroDivisionError, TypeError, OverflowError):
                    previous = None
                    continue
                if abs(value.imag) > 1e-12 or value.real != value.real:
                    previous = None
                    continue
                if previous is not None and (previous[1] < 0) != (value.real < 0):
                    found.append((previous[0], point))
                previous = (point, value.real)
    return found


def scan_roots(expr: Any, var: Any, low: float, high: float, count: int = 3000) -> list[float]:
    """Approximate roots of ``expr`` on ``[low, high]``: sign changes refined by
    bisection (poles rejected: the value there is not small) and touching
    roots, where ``|expr|`` has a local minimum close to zero."""
    func = sp.lambdify(var, expr, "mpmath")

    def value(point: float) -> float | None:
        try:
            result = complex(func(mpmath.mpf(point)))
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            return None
        if abs(result.imag) > 1e-12 or result.real != result.real:
            return None
        return result.real

    step = (high - low) / count
    points = [low + step * k for k in range(count + 1)]
    values = [value(p) for p in points]
    roots: list[float] = []
    with mpmath.workdps(30):
        for index in range(count):
            a, b = values[index], values[index + 1]
            if a is None or b is None:
                continue
            if a == 0:
                roots.append(points[index])
            elif (a < 0) != (b < 0) and b != 0:
                left, right = points[index], points[index + 1]
                for _ in range(80):
                    middle = (left + right) / 2
                    v = value(middle)
                    if v is None:
                        break
                    if (v < 0) == (a < 0):
                        left = middle
                    else:
                        right = middle
                v = value((left + right) / 2)
                if v is not None and abs(v) < 1e-7:
                    roots.append((left + right) / 2)
        if values[-1] == 0:
            roots.append(points[-1])
        for index in range(1, count):
            a, b, c = values[index - 1], values[index], values[index + 1]
            if a is None or b is None or c is None:
                continue
            if (
                abs(b) < 1e-5
                and abs(b) <= abs(a)
                and abs(b) <= abs(c)
                and (b < 0) == (a < 0) == (c < 0)
            ):
                roots.append(points[index])  # a touching (double) root
    return sorted(roots)


def same_set(a: Any, b: Any) -> bool:
    """Two solution sets are equal (endpoints like ``-log(9)/log(3)`` simplified first).

    When SymPy cannot decide, the answer is False: a check that cannot
    confirm a result does not pass it.
    """

    def tidy(s: Any) -> Any:
        return s.replace(
            lambda e: getattr(e, "is_number", False) and not e.is_Rational and e.has(sp.log),
            lambda e: sp.simplify(sp.expand_log(e, force=True)),
        )

    try:
        return bool(sp.simplify(tidy(a).symmetric_difference(tidy(b))) == sp.EmptySet)
    except (TypeError, ValueError):
        return False
