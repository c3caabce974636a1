"""How a line meets a circle (discriminant first, the centre's distance as the check),
and tangent lines to a circle: at a point on it, with a given slope, or from outside."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import interval_text, m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .circles import (
    _SHADOWED,
    FROM_OUTSIDE,
    MEETS,
    TOUCHING_LINE,
    Circle,
    _steps_complete_square,
    circles,
)
from .plane import Line, X, Y, lex, lines, number_after, numeric_points, par, show_line, show_point


def _line_with_parameter(problem: Problem) -> tuple[Line, Any] | None:
    """The one line of the question whose equation has one unknown coefficient (k, a, m...)."""
    candidates = [(f.relation.as_zero(), f.source) for f in problem.equations()]
    candidates += [(Y - c.body, c.source) for c in problem.curves]
    for zero, source in candidates:
        extra = zero.free_symbols - {X, Y}
        if len(extra) != 1 or not (zero.free_symbols & {X, Y}):
            continue
        (param,) = extra
        try:
            poly = sp.Poly(sp.expand(zero), X, Y)
        except sp.PolynomialError:
            continue
        if poly.total_degree() != 1:
            continue
        a, b, c = poly.coeff_monomial(X), poly.coeff_monomial(Y), poly.coeff_monomial(1)
        if (a.free_symbols | b.free_symbols) and c.free_symbols:
            continue
        return Line(a, b, c, source), param
    return None


def _meet_quadratic(circle: Circle, line: Line) -> tuple[Any, Any]:
    """Substitute the line into the circle: a quadratic in x (or in y for a vertical line)."""
    if line.b != 0:
        y_of_x = sp.solve(line.expr, Y)[0]
        return sp.expand(circle.zero.subs(Y, y_of_x) / circle.scale), X
    x_of_y = sp.solve(line.expr, X)[0]
    return sp.expand(circle.zero.subs(X, x_of_y) / circle.scale), Y


def _distance_squared_gap(circle: Circle, line: Line) -> Any:
    """(distance from the centre)² − r², times a² + b²: its sign says how they meet."""
    return sp.expand(
        (line.a * circle.h + line.b * circle.k + line.c) ** 2 - circle.r2 * (line.a**2 + line.b**2)
    )


class CircleLine(TaskType):
    """How a line meets a circle (discriminant, then distance as the check); the
    parameter for which it touches, cuts or misses; the intersection points; the chord."""

    name = "circle_line"
    area = "geometry"
    requires = ("a circle and a line",)
    check_name = "centre_distance"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        found = [c for c in circles(problem) if not c.r2.free_symbols]
        if len(found) != 1 or not MEETS.search(text):
            return None
        circle = found[0]
        if circle.r2 <= 0:
            return None
        given = lines(problem)
        with_param = _line_with_parameter(problem) if not given else None
        if with_param is not None:
            condition = _condition(text)
            if condition is None:
                return self.found(CERTAIN, "circle_line.ask_condition")
            line, param = with_param
            return self.found(
                CERTAIN,
                mode="parameter",
                circle=circle,
                line=line,
                param=param,
                condition=condition,
            )
        if len(given) != 1:
            return None
        line = given[0]
        if re.search(r"현의\s*길이|chord|잘린\s*(?:선분|현)", text):
            return self.found(CERTAIN, mode="chord", circle=circle, line=line)
        if re.search(
            r"교점의\s*좌표|교점을\s*구|points?\s+of\s+intersection|intersection\s+points?|where\s+.*(?:meet|intersect)|coordinates",
            text,
        ):
            return self.found(CERTAIN, mode="points", circle=circle, line=line)
        if cues.TANGENT.search(text) and not re.search(
            r"접하는지|접하는가|tangent\s*\?|is\s+.*tangent", text
        ):
            return None  # tangent lines: CircleTangent's task
        return self.found(CERTAIN, mode="relation", circle=circle, line=line)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        circle, line, mode = data["circle"], data["line"], data["mode"]
        quadratic, var = _meet_quadratic(circle, line)
        steps = [
            Step(
                "circle_line.substitute",
                {"line": _shown_line(line), "expr": f"${lex(quadratic)} = 0$"},
            ),
        ]
        poly = sp.Poly(quadratic, var)
        if poly.degree() != 2:
            raise CannotCompute()
        a, b, c = poly.all_coeffs()
        disc = sp.expand(b**2 - 4 * a * c)
        steps.append(Step("circle_line.discriminant", {"expr": f"$D = {tex(disc)}$"}))
        if mode == "parameter":
            param, condition = data["param"], data["condition"]
            relation = {
                "touch": sp.Eq(disc, 0),
                "two": disc > 0,
                "none": disc < 0,
                "meet": disc >= 0,
            }[condition]
            solution = sp.solveset(relation, param, sp.S.Reals)
            steps.append(Step(f"circle_line.condition_{condition}", {}))
            if isinstance(solution, sp.FiniteSet):
                shown = (
                    " 또는 ".join(f"${tex(param)} = {tex(v)}$" for v in solution)
                    if problem.lang == "ko"
                    else " or ".join(f"${tex(param)} = {tex(v)}$" for v in solution)
                )
                values: tuple[Any, ...] = tuple(solution)
                kind = "set"
                if not solution:
                    raise CannotCompute("circle_line.no_parameter")
            else:
                shown = interval_text(solution, param, problem.lang)
                values, kind = (solution,), "objects"
            return Outcome(
                solution,
                steps,
                Step("circle_line.answer", {"value": shown}),
                values=values,
                data={"kind": kind, "disc": disc},
            )
        count = 2 if disc > 0 else 1 if disc == 0 else 0
        if mode == "relation":
            return Outcome(
                sp.Integer(count),
                steps,
                Step(f"circle_line.relation_{count}", {"d": m(disc)}),
                values=(sp.Integer(count),),
                data={"count": count},
            )
        if mode == "points":
            roots = sp.solve(quadratic, var)
            other = Y if var == X else X
            solved_other = sp.solve(line.expr, other)[0]
            found = []
            for root in sorted(roots, key=lambda r: float(sp.N(r))) if disc >= 0 else []:
                value = sp.radsimp(solved_other.subs(var, root))
                found.append(sp.Tuple(root, value) if var == X else sp.Tuple(value, root))
            if not found:
                return Outcome(
                    sp.Integer(0),
                    steps,
                    Step("circle_line.relation_0", {"d": m(disc)}),
                    values=(),
                    data={"count": 0, "points": []},
                )
            shown = ", ".join(f"${show_point(tuple(p))}$" for p in found)
            return Outcome(
                sp.Tuple(*found),
                steps,
                Step("circle_line.answer", {"value": shown}),
                values=tuple(found),
                data={"kind": "objects", "count": count, "points": found},
            )
        if disc < 0:
            raise CannotCompute("circle_line.no_chord")
        roots = sp.solve(quadratic, var)
        gap = sp.Abs(roots[0] - roots[-1]) if len(roots) == 2 else sp.Integer(0)
        slope_factor = sp.sqrt(1 + (line.a / line.b) ** 2) if line.b != 0 else 1
        length = sp.radsimp(sp.simplify(gap * slope_factor))
        steps.append(Step("circle_line.chord", {"expr": f"${tex(length)}$"}))
        return Outcome(
            length,
            steps,
            Step("circle_line.answer", {"value": m(length)}),
            values=(length,),
            data={"count": count},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        circle, line, mode = data["circle"], data["line"], data["mode"]
        gap = _distance_squared_gap(circle, line)
        if mode == "parameter":
            param, condition = data["param"], data["condition"]
            solution = outcome.result

            def holds(value: Any) -> bool:
                g = gap.subs(param, value)
                return bool(
                    {"touch": g == 0, "two": g < 0, "none": g > 0, "meet": g <= 0}[condition]
                )

            if isinstance(solution, sp.FiniteSet):
                return all(holds(v) for v in solution)
            samples = [sp.Rational(v, 4) for v in range(-60, 61, 7)]
            return all(holds(v) == bool(solution.contains(v)) for v in samples)
        if mode == "relation":
            expected = 2 if gap < 0 else 1 if gap == 0 else 0
            return bool(expected == outcome.data["count"])
        if mode == "points":
            for point in outcome.data["points"]:
                subs = {X: point[0], Y: point[1]}
                if not (close(circle.zero.subs(subs), 0) and close(line.expr.subs(subs), 0)):
                    return False
            expected = 2 if gap < 0 else 1 if gap == 0 else 0
            return len(outcome.data["points"]) == expected
        distance2 = (line.a * circle.h + line.b * circle.k + line.c) ** 2 / (line.a**2 + line.b**2)
        return close(outcome.result, 2 * sp.sqrt(circle.r2 - distance2))


def _shown_line(line: Line) -> str:
    if line.expr.free_symbols - {X, Y}:  # with a parameter: as the student wrote it
        return f"${line.source}$" if line.source else f"${lex(line.expr)} = 0$"
    return show_line(line.equation())


def _condition(text: str) -> str | None:
    if re.search(
        r"만나지\s*않|does\s+not\s+(?:meet|intersect)|no\s+(?:common|intersection)|do\s+not\s+meet",
        text,
    ):
        return "none"
    if re.search(
        r"서로\s*다른\s*두\s*점|두\s*점에서\s*만|two\s+(?:distinct\s+|different\s+)?points", text
    ):
        return "two"
    if re.search(r"접하|접할|접한|tangent", text):
        return "touch"
    if re.search(r"만나|만날|meets?|intersects?", text):
        return "meet"
    return None


class CircleTangent(TaskType):
    """Tangent lines to a circle: at a point on it, with a given slope, or from a point outside."""

    name = "circle_tangent"
    area = "geometry"
    requires = ("a circle, and the point of tangency, a slope, or a point outside",)
    check_name = "centre_distance"
    shadows = (*_SHADOWED, "tangent_line", "derivative")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not (cues.TANGENT.search(text) or TOUCHING_LINE.search(text)):
            return None
        found = [c for c in circles(problem) if not c.r2.free_symbols]
        if len(found) != 1 or lines(problem) or _line_with_parameter(problem):
            return None
        circle = found[0]
        if circle.r2 <= 0:
            return None
        points = numeric_points(problem, 2)
        slope = number_after(r"기울기|slope|gradient", text)
        if len(points) == 1 and slope is None:
            return self.found(CERTAIN, circle=circle, point=points[0], slope=None)
        if not points and slope is not None:
            return self.found(CERTAIN, circle=circle, point=None, slope=slope)
        return self.found(CERTAIN, "circle_tangent.ask_point")

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        circle: Circle = detection.data["circle"]
        point, slope = detection.data["point"], detection.data["slope"]
        h, k, r2 = circle.h, circle.k, circle.r2
        steps = _steps_complete_square(circle)
        result_lines: list[Line] = []
        if point is not None:
            x0, y0 = point
            position = sp.simplify((x0 - h) ** 2 + (y0 - k) ** 2 - r2)
            if position == 0:
                line = Line(x0 - h, y0 - k, -(x0 - h) * h - (y0 - k) * k - r2)
                steps.append(
                    Step(
                        "circle_tangent.at_point",
                        {"expr": f"${lex((x0 - h) * (X - h) + (y0 - k) * (Y - k))} = {tex(r2)}$"},
                    )
                )
                result_lines.append(line)
            elif position < 0:
                raise CannotCompute("circle_tangent.inside")
            elif not FROM_OUTSIDE.search(problem.text):
                raise CannotCompute("circle_tangent.not_on_circle")  # "위의 점" that is not on it
            else:
                steps.append(
                    Step("circle_tangent.from_outside", {"point": f"${show_point(point)}$"})
                )
                m_ = sp.Symbol("m")
                line_m = Line(m_, sp.Integer(-1), y0 - m_ * x0)
                slopes = sp.solve(_distance_squared_gap(circle, line_m), m_)
                for value in slopes:
                    if not value.is_real:
                        raise CannotCompute()
                    result_lines.append(Line(value, sp.Integer(-1), y0 - value * x0))
                if len(slopes) < 2:  # the other tangent is vertical
                    result_lines.append(Line(sp.Integer(1), sp.Integer(0), -x0))
                steps.append(
                    Step(
                        "circle_tangent.slopes",
                        {"expr": ", ".join(f"$m = {tex(s)}$" for s in slopes) or "—"},
                    )
                )
        else:
            root = sp.sqrt(r2 * (slope**2 + 1))
            steps.append(
                Step(
                    "circle_tangent.with_slope",
                    {
                        "expr": f"$\\frac{{|{tex(slope)} \\cdot {par(h)} - {par(k)} + n|}}"
                        f"{{\\sqrt{{{par(slope)}^2 + 1}}}} = {tex(sp.sqrt(r2))}$"
                    },
                )
            )
            for sign in (1, -1):
                n = sp.radsimp(k - slope * h + sign * root)
                result_lines.append(Line(slope, sp.Integer(-1), n))
        equations = [ln.equation() for ln in result_lines]
        equations = [sp.Eq(e.lhs, sp.radsimp(e.rhs)) for e in equations]
        joiner = " 또는 " if problem.lang == "ko" else " or "
        shown = joiner.join(show_line(e) for e in equations)
        result = equations[0] if len(equations) == 1 else sp.Tuple(*equations)
        return Outcome(
            result,
            steps,
            Step("circle_tangent.answer", {"value": shown}),
            values=tuple(equations),
            data={"kind": "objects", "lines": result_lines},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        circle: Circle = detection.data["circle"]
        point, slope = detection.data["point"], detection.data["slope"]
        for equation in outcome.values:
            zero = equation.lhs - equation.rhs
            a, b = sp.diff(zero, X), sp.diff(zero, Y)
            c = zero.subs({X: 0, Y: 0})
            distance = sp.Abs(a * circle.h + b * circle.k + c) / sp.sqrt(a**2 + b**2)
            if not close(distance, sp.sqrt(circle.r2)):
                return False
            if point is not None and not close(zero.subs({X: point[0], Y: point[1]}), 0):
                return False
            if slope is not None and (b == 0 or not close(-a / b, slope)):
                return False
        return True
