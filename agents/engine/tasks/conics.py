"""Parabolas, ellipses and hyperbolas with axes parallel to the coordinate
axes: focus, directrix, vertices, foci, asymptotes and axis lengths, read by
completing the square and checked by the focal property at points of the curve."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, Detection, Outcome, Step, TaskType
from .plane import X, Y, second_degree, show_line, show_point

ASKS = {
    "vertices": cues.cue(r"꼭짓점|꼭지점|vertex|vertices"),
    "foci": cues.cue(r"초점|focus|foci"),
    "directrix": cues.cue(r"준선|directrix"),
    "asymptotes": cues.cue(r"점근선|asymptote"),
    "major": cues.cue(r"장축|major\s+axis|주축|transverse\s+axis"),
    "minor": cues.cue(r"단축|minor\s+axis|conjugate\s+axis"),
}


@dataclass
class Conic:
    """The shape read from the equation and its named parts."""

    kind: str  # parabola, ellipse, hyperbola
    zero: Any
    centre: tuple[Any, Any]
    standard: Any  # the equation in standard form
    horizontal: bool  # focal axis parallel to the x-axis
    a: Any = None  # semi-axis along the focal axis (parabola: p)
    b: Any = None
    c: Any = None
    parts: dict[str, Any] = field(default_factory=dict)


def read_conic(zero: Any) -> Conic | None:
    try:
        poly = sp.Poly(sp.expand(zero), X, Y)
    except sp.PolynomialError:
        return None
    if poly.total_degree() != 2 or poly.coeff_monomial(X * Y) != 0:
        return None
    A, C = poly.coeff_monomial(X**2), poly.coeff_monomial(Y**2)
    D, E, F = poly.coeff_monomial(X), poly.coeff_monomial(Y), poly.coeff_monomial(1)
    if A == 0 and C != 0 and D != 0:
        k = -E / (2 * C)
        h = (E**2 / (4 * C) - F) / D
        p = -D / (4 * C)
        standard = sp.Eq((Y - k) ** 2, 4 * p * (X - h))
        return Conic("parabola", zero, (h, k), standard, True, a=p)
    if C == 0 and A != 0 and E != 0:
        h = -D / (2 * A)
        k = (D**2 / (4 * A) - F) / E
        p = -E / (4 * A)
        standard = sp.Eq((X - h) ** 2, 4 * p * (Y - k))
        return Conic("parabola", zero, (h, k), standard, False, a=p)
    if A == 0 or C == 0 or A == C:
        return None
    h, k = -D / (2 * A), -E / (2 * C)
    R = A * h**2 + C * k**2 - F
    if R == 0:
        return None
    P, Q = R / A, R / C  # (x-h)^2/P + (y-k)^2/Q = 1
    lhs = (X - h) ** 2 / P + (Y - k) ** 2 / Q
    standard = sp.Eq(lhs, 1)
    if P > 0 and Q > 0:
        horizontal = P > Q
        a2, b2 = (P, Q) if horizontal else (Q, P)
        a, b = sp.sqrt(a2), sp.sqrt(b2)
        return Conic("ellipse", zero, (h, k), standard, horizontal, a, b, sp.sqrt(a2 - b2))
    if P * Q < 0:
        horizontal = P > 0
        a2, b2 = (P, -Q) if horizontal else (Q, -P)
        a, b = sp.sqrt(a2), sp.sqrt(b2)
        return Conic("hyperbola", zero, (h, k), standard, horizontal, a, b, sp.sqrt(a2 + b2))
    return None


def _along(conic: Conic, distance: Any) -> sp.Tuple:
    h, k = conic.centre
    return sp.Tuple(h + distance, k) if conic.horizontal else sp.Tuple(h, k + distance)


def _across(conic: Conic, distance: Any) -> sp.Tuple:
    h, k = conic.centre
    return sp.Tuple(h, k + distance) if conic.horizontal else sp.Tuple(h + distance, k)


def _parts(conic: Conic, lang: str) -> dict[str, Any]:
    h, k = conic.centre
    if conic.kind == "parabola":
        p = conic.a
        directrix = sp.Eq(X, h - p) if conic.horizontal else sp.Eq(Y, k - p)
        return {"vertices": [sp.Tuple(h, k)], "foci": [_along(conic, p)], "directrix": [directrix]}
    a, b, c = conic.a, conic.b, conic.c
    parts: dict[str, Any] = {
        "vertices": [_along(conic, -a), _along(conic, a)],
        "foci": [_along(conic, -c), _along(conic, c)],
        "major": [2 * a],
        "minor": [2 * b],
    }
    if conic.kind == "ellipse" and lang == "ko":  # 타원의 꼭짓점: the four ends of both axes
        parts["vertices"] += [_across(conic, -b), _across(conic, b)]
    if conic.kind == "hyperbola":
        slope = b / a if conic.horizontal else a / b
        parts["asymptotes"] = [
            sp.Eq(Y, sp.expand(k + slope * (X - h))),
            sp.Eq(Y, sp.expand(k - slope * (X - h))),
        ]
    return parts


class ConicParts(TaskType):
    name = "conic"
    area = "geometry"
    requires = ("the equation of a parabola, an ellipse or a hyperbola",)
    check_name = "focal_property"
    shadows = (
        "solve_equation",
        "system",
        "evaluate",
        "vertex",
        "function_value",
        "expand",
        "factor",
        "simplify",
    )

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        asked = [name for name, cue in ASKS.items() if cue.search(text)]
        if not asked:
            return None
        curves = second_degree(problem)
        if len(curves) != 1:
            return None  # without its equation this is a question about the concept
        zero, _ = curves[0]
        conic = read_conic(zero)
        if conic is None:
            return None
        if (
            conic.kind == "parabola"
            and problem.curves
            and not re.search(r"초점|준선|focus|directrix", text)
        ):
            return None  # the vertex of y = ax² + bx + c: the Vertex task's
        available = _parts(conic, problem.lang)
        missing = [name for name in asked if name not in available]
        if missing:
            return self.found(CERTAIN, f"conic.no_{missing[0]}_{conic.kind}")
        return self.found(CERTAIN, conic=conic, asked=asked)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        conic: Conic = detection.data["conic"]
        asked: list[str] = detection.data["asked"]
        lang = problem.lang
        parts = _parts(conic, lang)
        conic.parts = parts
        standard = conic.standard
        steps = [
            Step(
                f"conic.standard_{conic.kind}",
                {"expr": f"${tex(standard.lhs)} = {tex(standard.rhs)}$"},
            )
        ]
        if conic.kind == "parabola":
            p = conic.a
            steps.append(
                Step(f"conic.parabola_rule_{'x' if conic.horizontal else 'y'}", {"p": tex(p)})
            )
        else:
            a2, b2 = conic.a**2, conic.b**2
            rule = "conic.ellipse_rule" if conic.kind == "ellipse" else "conic.hyperbola_rule"
            sign = "-" if conic.kind == "ellipse" else "+"
            steps.append(
                Step(
                    rule,
                    {
                        "a": tex(conic.a),
                        "b": tex(conic.b),
                        "c": f"$c = \\sqrt{{{tex(a2)} {sign} {tex(b2)}}} = {tex(conic.c)}$",
                    },
                )
            )
            if conic.kind == "ellipse" and lang != "ko" and "vertices" in asked:
                ends = ", ".join(
                    f"${show_point(tuple(p))}$"
                    for p in (_across(conic, -conic.b), _across(conic, conic.b))
                )
                steps.append(Step("conic.co_vertices", {"points": ends}))
        values: list[Any] = []
        shown: list[str] = []
        for name in [n for n in ASKS if n in asked]:
            items = parts[name]
            values.extend(items)
            text = ", ".join(_show(item) for item in items)
            shown.append(f"{_label(name, len(items), lang)} {text}")
        result = values[0] if len(values) == 1 else sp.Tuple(*values)
        return Outcome(
            result,
            steps,
            Step("conic.answer", {"value": "; ".join(shown)}),
            values=tuple(values),
            data={"kind": "objects", "parts": parts},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        conic: Conic = detection.data["conic"]
        parts = outcome.data["parts"]
        zero = conic.zero
        h, k = conic.centre
        if any(not close(zero.subs({X: v[0], Y: v[1]}), 0) for v in parts["vertices"]):
            return False
        for t in (sp.Rational(3, 10), sp.Rational(17, 10), sp.Rational(-4, 5), sp.Integer(3)):
            point = _point_at(conic, t)
            if not close(zero.subs({X: point[0], Y: point[1]}), 0):
                return False
            focus_distances = [
                sp.sqrt((point[0] - f[0]) ** 2 + (point[1] - f[1]) ** 2) for f in parts["foci"]
            ]
            if conic.kind == "parabola":
                (directrix,) = parts["directrix"]
                to_line = (
                    abs(point[0] - directrix.rhs)
                    if directrix.lhs == X
                    else abs(point[1] - directrix.rhs)
                )
                if not close(focus_distances[0], to_line):
                    return False
            elif conic.kind == "ellipse":
                if not close(sum(focus_distances), 2 * conic.a):
                    return False
            elif not close(abs(focus_distances[0] - focus_distances[1]), 2 * conic.a):
                return False
        if conic.kind == "hyperbola":
            far = _point_at(conic, sp.Integer(30))
            ratio = (far[1] - k) / (far[0] - h)
            slopes = [sp.diff(line.rhs, X) for line in parts["asymptotes"]]
            if not any(close(ratio, s, 1e-8) for s in slopes):
                return False
        return True


def _point_at(conic: Conic, t: Any) -> tuple[Any, Any]:
    """A point of the curve for parameter ``t``, from its own parametrisation."""
    h, k = conic.centre
    if conic.kind == "parabola":
        p = conic.a
        along, across = p * t**2, 2 * p * t
    elif conic.kind == "ellipse":
        along, across = conic.a * sp.cos(t), conic.b * sp.sin(t)
    else:
        along, across = conic.a * sp.cosh(t), conic.b * sp.sinh(t)
    return (h + along, k + across) if conic.horizontal else (h + across, k + along)


def _show(item: Any) -> str:
    if isinstance(item, sp.Tuple):
        return f"${show_point(tuple(item))}$"
    if isinstance(item, sp.Eq):
        return show_line(item)
    return m(item)


_LABELS = {
    "ko": {
        "vertices": "꼭짓점", "foci": "초점", "directrix": "준선", "asymptotes": "점근선",
        "major": "장축(주축)의 길이", "minor": "단축의 길이",
    },
    "en": {
        "vertices": "vertices", "foci": "foci", "directrix": "directrix",
        "asymptotes": "asymptotes", "major": "length of the major (transverse) axis",
        "minor": "length of the minor (conjugate) axis",
    },
}  # fmt: skip


def _label(name: str, count: int, lang: str) -> str:
    if lang == "en" and count == 1:
        return {"vertices": "vertex", "foci": "focus"}.get(name, _LABELS["en"][name])
    return _LABELS["ko" if lang == "ko" else "en"][name]
