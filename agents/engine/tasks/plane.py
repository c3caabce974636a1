"""What the coordinate-geometry task types share: points, lines and
second-degree curves read from a problem, and how they are shown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..explain import tex
from ..parse import ParseError, parse_expression
from ..problem import Problem

X, Y = sp.Symbol("x"), sp.Symbol("y")
ORIGIN_WORD = re.compile(r"원점|\borigin\b")
_NUM = r"-?\s*\d+(?:\.\d+)?(?:\s*/\s*\d+)?"


@dataclass(frozen=True)
class Line:
    """``a x + b y + c = 0`` with (a, b) not both zero."""

    a: Any
    b: Any
    c: Any
    source: str = ""

    @property
    def expr(self) -> Any:
        return self.a * X + self.b * Y + self.c

    @property
    def slope(self) -> Any:
        return None if self.b == 0 else -self.a / self.b

    def equation(self) -> Any:
        """``y = m x + k`` (or ``x = k`` for a vertical line)."""
        return line_equation(self.a, self.b, self.c)


def line_equation(a: Any, b: Any, c: Any) -> Any:
    if b == 0:
        return sp.Eq(X, sp.nsimplify(-c / a))
    return sp.Eq(Y, sp.expand(-(a * X + c) / b))


def line_through(p: tuple[Any, Any], q: tuple[Any, Any]) -> Line:
    (x1, y1), (x2, y2) = p, q
    return Line(y2 - y1, x1 - x2, (x2 - x1) * y1 - (y2 - y1) * x1)


def line_with_slope(p: tuple[Any, Any], slope: Any) -> Line:
    return Line(slope, sp.Integer(-1), p[1] - slope * p[0])


def as_line(zero: Any, source: str = "") -> Line | None:
    """``zero = 0`` as a line, if it is one in x and y."""
    if not zero.free_symbols or not zero.free_symbols <= {X, Y}:
        return None
    poly = sp.Poly(sp.expand(zero), X, Y)
    if poly.total_degree() != 1:
        return None
    a, b = poly.coeff_monomial(X), poly.coeff_monomial(Y)
    return Line(a, b, poly.coeff_monomial(1), source)


def lines(problem: Problem) -> list[Line]:
    """Every line of the question: ``3x + 4y - 5 = 0``, ``y = 2x + 1``, ``직선 x = 3``."""
    found: list[Line] = []
    for formula in problem.equations():
        relation = formula.relation
        where = relation.lhs in (X, Y) and not relation.rhs.free_symbols
        if where and not re.search(rf"(?:직선|line)\s*{relation.lhs}\s*=", problem.text):
            continue  # x = 2 is where, not which line, unless called a line
        line = as_line(relation.as_zero(), formula.source)
        if line is not None:
            found.append(line)
    for curve in problem.curves:
        line = as_line(Y - curve.body, curve.source)
        if line is not None:
            found.append(line)
    return found


def second_degree(problem: Problem) -> list[tuple[Any, str]]:
    """Equations of second degree in x and y (circles and conics), as ``expr = 0``."""
    found = []
    for formula in problem.equations():
        zero = sp.expand(formula.relation.as_zero())
        if zero.free_symbols and zero.free_symbols <= {X, Y} and _degree(zero) == 2:
            found.append((zero, formula.source))
    for curve in problem.curves:
        zero = sp.expand(Y - curve.body)
        if zero.free_symbols <= {X, Y} and _degree(zero) == 2:
            found.append((zero, curve.source))
    return found


def _degree(expr: Any) -> int:
    try:
        return int(sp.Poly(expr, X, Y).total_degree())
    except sp.PolynomialError:
        return -1


def numeric_points(problem: Problem, dimension: int | None = None) -> list[tuple[Any, ...]]:
    """Points without unknowns, in the order written (``(±5, 0)`` gives two)."""
    found = [
        t.coords
        for t in problem.tuples
        if all(not c.free_symbols for c in t.coords)
        and (dimension is None or len(t.coords) == dimension)
    ]
    return found


def with_origin(problem: Problem, points: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Add O(0, 0) when the question names the origin as one of its points."""
    if ORIGIN_WORD.search(problem.text) and len(points) == 1:
        return [tuple(sp.Integer(0) for _ in points[0]), *points]
    return points


def ordered_by_segment(problem: Problem) -> list[tuple[Any, ...]] | None:
    """The two endpoints in the order of "선분 BA" / "segment BA" when named so."""
    named = {t.label: t.coords for t in problem.tuples if t.label}
    match = re.search(r"(?:선분|segment|line\s+segment)\s*([a-z])\s*([a-z])\b", problem.text)
    if match and match[1] in named and match[2] in named:
        return [named[match[1]], named[match[2]]]
    return None


FIND = re.compile(r"구해|구하|구할|찾아|계산|\bfind\b|determine|calculate|work\s+out|write\s+down")


def wants_a_result(problem: Problem) -> bool:
    """Something to compute is in sight: objects are given, or a result is asked for.

    Without either, "what is the equation of a circle" is about the concept.
    """
    given = problem.tuples or problem.numbers or problem.formulas or problem.curves
    return bool(given or FIND.search(problem.text))


def number_after(pattern: str, text: str) -> Any | None:
    """The number written right after ``pattern`` ("기울기가 2", "slope of -1/2")."""
    match = re.search(
        rf"(?:{pattern})\s*(?:가|이|은|는|=|:|of|is|equal\s+to)?\s*({_NUM}(?:\s*\*?\s*sqrt\(\d+\))?|sqrt\(\d+\))",
        text,
    )
    if not match:
        return None
    try:
        return parse_expression(match[1].replace(" ", ""))
    except ParseError:
        return None


def show_point(coords: tuple[Any, ...]) -> str:
    return "(" + ", ".join(tex(c) for c in coords) + ")"


def show_line(line: Any) -> str:
    """``y = -\\frac{x}{2} + 3``: descending powers, as in class."""
    return f"${lex(line.lhs)} = {lex(line.rhs)}$"


def lex(expr: Any) -> str:
    return str(sp.latex(expr, order="lex"))


def par(value: Any) -> str:
    """A value to substitute into a formula: negative or compound values in brackets."""
    if value.is_Symbol or (value.is_number and value.is_nonnegative and value.is_Atom):
        return tex(value)
    return f"\\left({tex(value)}\\right)"


def general_form(equation: Any) -> Any:
    """``y = 2x + 1`` as ``2x - y + 1 = 0`` with integer coefficients."""
    zero = (
        sp.expand(equation.rhs - equation.lhs) if equation.lhs == Y else equation.lhs - equation.rhs
    )
    _, zero = sp.factor_terms(zero).as_content_primitive()
    numerator, _ = sp.fraction(sp.together(zero))
    first = sp.Poly(numerator, X, Y).coeffs()[0]
    if first < 0:
        numerator = -numerator
    return sp.Eq(sp.expand(numerator), 0)
