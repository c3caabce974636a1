"""Circles: centre and radius from an equation (completing the square), the
equation from its conditions, tangent lines, and how a line meets a circle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import interval_text, m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .plane import (
    FIND,
    X,
    Y,
    lex,
    lines,
    number_after,
    numeric_points,
    par,
    second_degree,
    show_point,
    wants_a_result,
)

CIRCLE_WORD = cues.cue(r"원의|원\s|원$|원을|원이|원과|원은|원에|\bcircle")
CENTRE_RADIUS = cues.cue(r"중심|반지름|(?<!반)지름|cent(?:er|re)|radius|diameter")
CIRCLE_EQUATION = cues.cue(
    r"원의\s*방정식|원을\s*구|equation\s+of\s+(?:the|a|this)\s+circle|circle\s+(?:with|whose|centered|centred|that|which|passing|through)"
)
MEETS = cues.cue(
    r"위치\s*관계|만나|만날|교점|공유점|접하|접할|접한다|intersect|meet|position|relationship|common\s+points?|chord|현의\s*길이|잘린|tangent\s+to"
)
FROM_OUTSIDE = cues.cue(r"그은|그을|긋는|지나는|from|through|passing")
TOUCHING_LINE = cues.cue(r"접하(?:고|는|면서)[^.?]*직선|lines?\s+(?:that\s+(?:is|are)\s+)?tangent")
_SHADOWED = (
    "solve_equation",
    "system",
    "evaluate",
    "vertex",
    "expand",
    "factor",
    "simplify",
    "distance",
    "line_equation",
    "line_facts",
)
_PARAMETERS = tuple(sp.Symbol(n) for n in "kamnbc")


@dataclass(frozen=True)
class Circle:
    """``(x - h)^2 + (y - k)^2 = r2`` read from ``zero = 0``; ``scale`` is the x² coefficient."""

    h: Any
    k: Any
    r2: Any
    scale: Any
    zero: Any

    def standard(self) -> Any:
        return sp.Eq((X - self.h) ** 2 + (Y - self.k) ** 2, self.r2)


def as_circle(zero: Any) -> Circle | None:
    """A circle if ``zero`` is ``A x² + A y² + D x + E y + F`` (A ≠ 0, no xy term)."""
    try:
        poly = sp.Poly(sp.expand(zero), X, Y)
    except sp.PolynomialError:
        return None
    if poly.total_degree() != 2:
        return None
    a, c = poly.coeff_monomial(X**2), poly.coeff_monomial(Y**2)
    if a == 0 or sp.simplify(a - c) != 0 or poly.coeff_monomial(X * Y) != 0:
        return None
    d, e, f = poly.coeff_monomial(X), poly.coeff_monomial(Y), poly.coeff_monomial(1)
    h, k = -d / (2 * a), -e / (2 * a)
    return Circle(h, k, sp.expand(h**2 + k**2 - f / a), a, sp.expand(zero))


def circles(problem: Problem) -> list[Circle]:
    found = []
    for zero, _source in second_degree(problem):
        circle = as_circle(zero)
        if circle is not None:
            found.append(circle)
    for formula in problem.equations():  # with a parameter: x^2 + y^2 - 2x + k = 0
        zero = sp.expand(formula.relation.as_zero())
        extra = zero.free_symbols - {X, Y}
        if len(extra) == 1 and {X, Y} <= zero.free_symbols:
            circle = as_circle(zero)
            if circle is not None and not (circle.h.free_symbols or circle.k.free_symbols):
                found.append(circle)
    return found


def _steps_complete_square(circle: Circle) -> list[Step]:
    monic = sp.expand(circle.zero / circle.scale)
    return [
        Step("circle.given", {"expr": f"${lex(monic)} = 0$"}),
        Step(
            "circle.complete_square",
            {"expr": f"${tex((X - circle.h) ** 2 + (Y - circle.k) ** 2)} = {tex(circle.r2)}$"},
        ),
    ]


class CircleFacts(TaskType):
    """Centre and radius of ``x² + y² + Dx + Ey + F = 0``; the range of a parameter for a circle."""

    name = "circle_facts"
    area = "geometry"
    requires = ("the equation of a circle",)
    check_name = "expand_back"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        found = circles(problem)
        if not found and CENTRE_RADIUS.search(text) and CIRCLE_WORD.search(text):
            given = problem.tuples or problem.numbers or problem.formulas or problem.curves
            if not given and FIND.search(text):  # 원의 중심을 구해줘: which circle?
                return self.found(CERTAIN, "circle_facts.ask_equation")
        if len(found) != 1 or cues.TANGENT.search(text) or lines(problem):
            return None
        circle = found[0]
        if circle.r2.free_symbols:
            if re.search(
                r"원이\s*되|원을\s*나타|represents?\s+a\s+circle|is\s+a\s+circle|범위|range", text
            ):
                return self.found(CERTAIN, mode="range", circle=circle)
            return None
        if not CENTRE_RADIUS.search(text):
            return None
        asks_centre = bool(re.search(r"중심|cent(?:er|re)", text))
        asks_radius = bool(re.search(r"반지름|radius|(?<!반)지름|diameter", text))
        return self.found(
            CERTAIN, mode="facts", circle=circle, centre=asks_centre, radius=asks_radius
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        circle: Circle = detection.data["circle"]
        steps = _steps_complete_square(circle)
        if detection.data["mode"] == "range":
            (param,) = circle.r2.free_symbols
            solution = sp.solveset(circle.r2 > 0, param, sp.S.Reals)
            steps.append(Step("circle.positive_radius", {"expr": f"${tex(circle.r2)} > 0$"}))
            shown = interval_text(solution, param, problem.lang)
            return Outcome(
                solution,
                steps,
                Step("circle.answer", {"value": shown}),
                values=(solution,),
                data={"kind": "objects", "param": param},
            )
        if circle.r2 <= 0:
            raise CannotCompute("circle.not_a_circle")
        radius = sp.sqrt(circle.r2)
        centre = sp.Tuple(circle.h, circle.k)
        steps.append(
            Step("circle.read", {"centre": f"${show_point(tuple(centre))}$", "radius": m(radius)})
        )
        parts, values = [], []
        diameter = bool(re.search(r"(?<!반)지름|diameter", problem.text)) and not re.search(
            r"반지름|radius", problem.text
        )
        if detection.data["centre"] or not detection.data["radius"]:
            parts.append(
                ("중심 " if problem.lang == "ko" else "centre ") + f"${show_point(tuple(centre))}$"
            )
            values.append(centre)
        if detection.data["radius"] or not detection.data["centre"]:
            size = 2 * radius if diameter else radius
            word = (
                ("지름 " if diameter else "반지름 ")
                if problem.lang == "ko"
                else ("diameter " if diameter else "radius ")
            )
            parts.append(word + m(size))
            values.append(size)
        result = values[0] if len(values) == 1 else sp.Tuple(*values)
        return Outcome(
            result,
            steps,
            Step("circle.answer", {"value": ", ".join(parts)}),
            values=tuple(values),
            data={"kind": "objects", "radius": radius, "diameter": diameter},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        circle: Circle = detection.data["circle"]
        if detection.data["mode"] == "range":
            param, solution = outcome.data["param"], outcome.result
            # The equation is a circle exactly when the squared radius is positive: test values.
            samples = [sp.Rational(v, 4) for v in range(-120, 121, 9)]
            return all(
                bool(solution.contains(v)) == bool(circle.r2.subs(param, v) > 0) for v in samples
            )
        radius = outcome.data["radius"]
        # Expand the standard form back and compare with the given equation.
        back = circle.scale * ((X - circle.h) ** 2 + (Y - circle.k) ** 2 - radius**2)
        if sp.expand(back - circle.zero) != 0:
            return False
        for t in (0.3, 1.9, 4.4):
            px = circle.h + radius * sp.cos(t)
            py = circle.k + radius * sp.sin(t)
            if not close(circle.zero.subs({X: px, Y: py}), 0):
                return False
        return True


def _centre_of(problem: Problem) -> tuple[Any, Any] | None:
    text = problem.text
    if re.search(
        r"원점을\s*중심|원점이\s*중심|cent(?:er|re)d?\s+(?:at\s+|is\s+)?(?:the\s+)?origin|중심이\s*원점",
        text,
    ):
        return (sp.Integer(0), sp.Integer(0))
    for tup in problem.tuples:
        before = text[max(0, tup.start - 14) : tup.start]
        after = text[tup.start : tup.start + 30]
        named = re.search(
            r"(?:중심|cent(?:er|re))\s*(?:이|은|는|:|=|at|is|of)?\s*(?:점\s*)?[a-z]?\s*$", before
        ) or re.search(r"^\([^()]*\)\s*(?:을|를|이|가)?\s*중심", after)
        if named and all(not c.free_symbols for c in tup.coords) and len(tup.coords) == 2:
            return tup.coords
    return None


class CircleEquation(TaskType):
    """The equation of a circle from its centre and radius (or a point on it), a diameter,
    or three points on it."""

    name = "circle_equation"
    area = "geometry"
    requires = (
        "the centre and the radius (or a point on the circle), a diameter, or three points",
    )
    check_name = "circle_conditions"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if (
            not CIRCLE_EQUATION.search(text)
            or circles(problem)
            or (cues.TANGENT.search(text) and "에 접" not in text)
        ):
            return None
        points = numeric_points(problem, 2)
        centre = _centre_of(problem)
        radius = number_after(r"반지름(?:의\s*길이)?|radius", text)
        diameter = number_after(r"(?<!반)지름(?:의\s*길이)?|diameter", text)
        if radius is None and diameter is not None:
            radius = diameter / 2
        diameter_ends = re.search(
            r"지름의\s*양\s*끝|지름으로\s*하는|endpoints?\s+of\s+(?:a|the)\s+diameter|as\s+(?:a|its)\s+diameter",
            text,
        )
        if diameter_ends and len(points) == 2:
            return self.found(CERTAIN, mode="diameter", points=points)
        if centre is not None:
            others = [p for p in points if p != centre]
            if radius is not None and radius > 0:
                return self.found(CERTAIN, mode="centre_radius", centre=centre, radius=radius)
            if len(others) == 1:
                return self.found(CERTAIN, mode="centre_point", centre=centre, point=others[0])
            if re.search(r"x\s*축에\s*접|tangent\s+to\s+the\s+x-?\s*axis", text):
                return self.found(
                    CERTAIN, mode="centre_radius", centre=centre, radius=abs(centre[1]), axis="x"
                )
            if re.search(r"y\s*축에\s*접|tangent\s+to\s+the\s+y-?\s*axis", text):
                return self.found(
                    CERTAIN, mode="centre_radius", centre=centre, radius=abs(centre[0]), axis="y"
                )
        elif len(points) == 3:
            return self.found(CERTAIN, mode="three_points", points=points)
        return self.found(CERTAIN, "circle_equation.ask_more") if wants_a_result(problem) else None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        mode = data["mode"]
        steps: list[Step] = []
        if mode == "three_points":
            d, e, f = sp.symbols("D E F")
            general = X**2 + Y**2 + d * X + e * Y + f
            solved = sp.solve(
                [general.subs({X: px, Y: py}) for px, py in data["points"]], [d, e, f], dict=True
            )
            if len(solved) != 1 or len(solved[0]) != 3:
                raise CannotCompute("circle_equation.collinear")
            zero = general.subs(solved[0])
            steps.append(Step("circle_equation.three_points", {"expr": f"${lex(zero)} = 0$"}))
            circle = as_circle(zero)
            assert circle is not None
            centre, r2 = (circle.h, circle.k), circle.r2
            steps.append(
                Step(
                    "circle.complete_square",
                    {"expr": f"${tex((X - centre[0]) ** 2 + (Y - centre[1]) ** 2)} = {tex(r2)}$"},
                )
            )
        elif mode == "diameter":
            p, q = data["points"]
            centre = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            r2 = ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) / 4
            steps.append(
                Step(
                    "circle_equation.diameter",
                    {"centre": f"${show_point(centre)}$", "radius": m(sp.sqrt(r2))},
                )
            )
        elif mode == "centre_point":
            centre, point = data["centre"], data["point"]
            r2 = (point[0] - centre[0]) ** 2 + (point[1] - centre[1]) ** 2
            steps.append(
                Step(
                    "circle_equation.through",
                    {
                        "point": f"${show_point(point)}$",
                        "expr": f"$r = \\sqrt{{({tex(point[0])} - {par(centre[0])})^2"
                        f" + ({tex(point[1])} - {par(centre[1])})^2}} = {tex(sp.sqrt(r2))}$",
                    },
                )
            )
        else:
            centre, radius = data["centre"], data["radius"]
            r2 = radius**2
            if "axis" in data:
                steps.append(
                    Step(f"circle_equation.tangent_{data['axis']}_axis", {"radius": m(radius)})
                )
        if r2 == 0:
            raise CannotCompute("circle.not_a_circle")
        steps.insert(0, Step("circle_equation.standard", {}))
        equation = sp.Eq((X - centre[0]) ** 2 + (Y - centre[1]) ** 2, r2)
        expanded = sp.expand(equation.lhs - equation.rhs)
        return Outcome(
            equation,
            steps,
            Step(
                "circle_equation.answer",
                {
                    "value": f"${tex(equation.lhs)} = {tex(equation.rhs)}$",
                    "general": f"${lex(expanded)} = 0$",
                },
            ),
            values=(equation,),
            data={"kind": "objects", "centre": centre, "r2": r2},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        equation = outcome.result
        zero = equation.lhs - equation.rhs
        circle = as_circle(zero)
        if circle is None or circle.r2 <= 0:
            return False
        mode = data["mode"]
        if mode == "centre_radius":
            ok = (circle.h, circle.k) == tuple(data["centre"]) and close(
                sp.sqrt(circle.r2), data["radius"]
            )
            if "axis" in data:  # touching the axis: exactly one common point
                axis_zero = zero.subs(Y if data["axis"] == "x" else X, 0)
                var = X if data["axis"] == "x" else Y
                ok = ok and sp.discriminant(sp.expand(axis_zero), var) == 0
            return bool(ok)
        points = data["points"] if "points" in data else [data["point"]]
        if not all(close(zero.subs({X: px, Y: py}), 0) for px, py in points):
            return False
        if mode == "diameter":
            p, q = points
            return bool(
                close(2 * sp.sqrt(circle.r2), sp.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2))
            )
        if mode == "centre_point":
            return (circle.h, circle.k) == tuple(data["centre"])
        return True
