"""Lines: the slope and intercepts of a line, and the equation of a line through two
points, through a point with a slope, parallel or perpendicular to a line, or the
perpendicular bisector of a segment (answered as y = mx + b)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .coordinates import _SHADOWED, _two_points, as_nonlinear
from .plane import (
    Line,
    X,
    Y,
    general_form,
    line_through,
    line_with_slope,
    lines,
    number_after,
    numeric_points,
    par,
    second_degree,
    show_line,
    show_point,
    wants_a_result,
)

SLOPE = cues.cue(r"기울기|slope|gradient")
INTERCEPT = cues.cue(r"[xy]\s*절편|[xy]-?\s*intercept")
LINE_EQUATION = cues.cue(
    r"직선의?\s*(?:방정식|식)|직선을\s*구|직선\s*(?:의\s*)?방정식|equation\s+of\s+(?:the|a)\s+(?:straight\s+)?line|"
    r"(?:find|what\s+is)\s+the\s+line|line\s+(?:through|passing|that\s+passes|which\s+passes|joining|with\s+slope)|수직\s*이등분선|perpendicular\s+bisector"
)
SLOPE_WORD = r"기울기|slope|gradient"
EQUATION_WORD = cues.cue(
    r"방정식|equation|직선의\s*식|이등분선|bisector|직선을\s*구|find\s+the\s+line"
)
BISECTOR = cues.cue(r"수직\s*이등분선|perpendicular\s+bisector")
PARALLEL = cues.cue(r"평행|parallel")
PERPENDICULAR = cues.cue(r"수직|직교|perpendicular|orthogonal")


class LineFacts(TaskType):
    """The slope (and intercepts) of a line given by two points or an equation."""

    name = "line_facts"
    area = "geometry"
    requires = ("a line: two points or its equation",)
    check_name = "points_on_line"
    shadows = (*_SHADOWED, "derivative", "solve_equation", "expand", "factor", "simplify")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        slope, intercept = SLOPE.search(text), INTERCEPT.search(text)
        if not (slope or intercept) or EQUATION_WORD.search(text):
            return None
        if cues.DERIVATIVE.search(text) or cues.TANGENT.search(text) or problem.derivative_marks:
            return None
        if any(as_nonlinear(c.body) for c in problem.curves) or second_degree(problem):
            return None
        found = lines(problem)
        if slope and re.search(r"기울기\s*(?:가|는|이)?\s*-?\d|slope\s+(?:of\s+|is\s+)?-?\d", text):
            return None  # the slope is given, not asked
        asks = {
            "slope": bool(slope),
            "x": bool(re.search(r"x\s*절편|x-?\s*intercept", text)),
            "y": bool(re.search(r"y\s*절편|y-?\s*intercept", text)),
        }
        if len(found) == 1 and not problem.tuples:
            return self.found(CERTAIN, line=found[0], asks=asks, through=None)
        pair = _two_points(problem)
        if not found and pair is not None and len(pair[0]) == 2:
            return self.found(CERTAIN, line=line_through(*pair), asks=asks, through=pair)
        return None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        line: Line = detection.data["line"]
        asks, through = detection.data["asks"], detection.data["through"]
        steps: list[Step] = []
        values: list[Any] = []
        shown: list[str] = []
        if through is not None:
            (x1, y1), (x2, y2) = through
            if asks["slope"]:
                if x1 == x2:
                    raise CannotCompute("line_facts.vertical")
                slope = (y2 - y1) / (x2 - x1)
                steps.append(
                    Step(
                        "line_facts.slope_points",
                        {
                            "expr": f"$\\frac{{{tex(y2)} - {par(y1)}}}{{{tex(x2)} - {par(x1)}}}"
                            f" = {tex(slope)}$"
                        },
                    )
                )
        else:
            steps.append(Step("line_facts.given", {"line": f"${tex(line.expr)} = 0$"}))
            if line.b != 0:
                steps.append(Step("line_facts.solve_y", {"line": show_line(line.equation())}))
        if asks["slope"]:
            if line.slope is None:
                raise CannotCompute("line_facts.vertical")
            values.append(line.slope)
            shown.append(say_part(problem.lang, "slope", m(line.slope)))
        if asks["x"]:
            if line.a == 0:
                raise CannotCompute("line_facts.no_intercept")
            values.append(-line.c / line.a)
            shown.append(say_part(problem.lang, "x", m(-line.c / line.a)))
        if asks["y"]:
            if line.b == 0:
                raise CannotCompute("line_facts.no_intercept")
            values.append(-line.c / line.b)
            shown.append(say_part(problem.lang, "y", m(-line.c / line.b)))
        result = values[0] if len(values) == 1 else sp.Tuple(*values)
        return Outcome(
            result,
            steps,
            Step("line_facts.answer", {"value": ", ".join(shown)}),
            values=tuple(values),
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        line: Line = detection.data["line"]
        asks = detection.data["asks"]
        values = list(outcome.values)
        # Two points of the line found without the formulas: the slope between them.
        p, q = _two_points_on(line)
        if asks["slope"]:
            slope = values.pop(0)
            if not close((q[1] - p[1]) / (q[0] - p[0]), slope):
                return False
        if asks["x"] and not close(line.expr.subs({X: values.pop(0), Y: 0}), 0):
            return False
        return not (asks["y"] and not close(line.expr.subs({X: 0, Y: values.pop(0)}), 0))


def _two_points_on(line: Line) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    solved = sp.solve(line.expr, Y) if line.b != 0 else None
    if solved:
        return (sp.Integer(-3), solved[0].subs(X, -3)), (sp.Integer(5), solved[0].subs(X, 5))
    x0 = sp.solve(line.expr, X)[0]
    return (x0, sp.Integer(-3)), (x0, sp.Integer(5))


def say_part(lang: str, what: str, value: str) -> str:
    names = {
        "ko": {"slope": "기울기", "x": "$x$절편", "y": "$y$절편"},
        "en": {"slope": "slope", "x": "$x$-intercept", "y": "$y$-intercept"},
    }
    return f"{names[lang if lang in names else 'en'][what]} {value}"


class LineEquation(TaskType):
    """The line through two points, or through a point with a slope, or parallel
    or perpendicular to a given line; the perpendicular bisector of a segment."""

    name = "line_equation"
    area = "geometry"
    requires = (
        "two points, or a point and a slope (or a line it is parallel or perpendicular to)",
    )
    check_name = "line_conditions"
    shadows = (*_SHADOWED, "line_facts", "derivative", "solve_equation", "system")
    modes: ClassVar[tuple[str, ...]] = (
        "two_points",
        "point_slope",
        "parallel",
        "perpendicular",
        "bisector",
    )

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not LINE_EQUATION.search(text) or cues.TANGENT.search(text):
            return None
        slope_asked = SLOPE.search(text) or INTERCEPT.search(text)
        if not EQUATION_WORD.search(text) and slope_asked and not number_after(SLOPE_WORD, text):
            return None  # "the slope of the line through ...": LineFacts
        if second_degree(problem) or any(as_nonlinear(c.body) for c in problem.curves):
            return None
        points = numeric_points(problem, 2)
        given = lines(problem)
        if BISECTOR.search(text):
            if len(points) == 2:
                return self.found(CERTAIN, mode="bisector", points=points)
            return self.found(CERTAIN, "line_equation.ask_more")
        slope = number_after(r"기울기|slope|gradient", text)
        y_intercept = number_after(r"y\s*절편|y-?\s*intercept", text)
        if len(points) == 1 and len(given) == 1:
            parallel, perpendicular = PARALLEL.search(text), PERPENDICULAR.search(text)
            if bool(parallel) != bool(perpendicular):
                mode = "parallel" if parallel else "perpendicular"
                return self.found(CERTAIN, mode=mode, points=points, line=given[0])
            return self.found(CERTAIN, "line_equation.ask_relation")
        if given:
            return None
        if len(points) == 1 and re.search(
            r"x\s*축에\s*평행|parallel\s+to\s+the\s+x-?\s*axis|horizontal", text
        ):
            return self.found(CERTAIN, mode="point_slope", points=points, slope=sp.Integer(0))
        if len(points) == 1 and re.search(
            r"y\s*축에\s*평행|parallel\s+to\s+the\s+y-?\s*axis|vertical", text
        ):
            return self.found(CERTAIN, mode="vertical", points=points)
        if len(points) == 2 and slope is None:
            return self.found(CERTAIN, mode="two_points", points=points)
        if len(points) == 1 and slope is not None:
            return self.found(CERTAIN, mode="point_slope", points=points, slope=slope)
        if not points and slope is not None and y_intercept is not None:
            point = (sp.Integer(0), y_intercept)
            return self.found(CERTAIN, mode="point_slope", points=[point], slope=slope)
        return self.found(CERTAIN, "line_equation.ask_more") if wants_a_result(problem) else None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        mode, points = data["mode"], data["points"]
        steps: list[Step] = []
        if mode == "two_points":
            p, q = points
            if p == q:
                raise CannotCompute("line_equation.same_point")
            line = line_through(p, q)
            if p[0] != q[0]:
                slope = (q[1] - p[1]) / (q[0] - p[0])
                steps.append(
                    Step(
                        "line_equation.slope",
                        {
                            "expr": f"$m = \\frac{{{tex(q[1])} - {par(p[1])}}}"
                            f"{{{tex(q[0])} - {par(p[0])}}} = {tex(slope)}$"
                        },
                    )
                )
                steps.append(self._point_slope_step(p, slope))
            else:
                steps.append(Step("line_equation.vertical", {"x": tex(p[0])}))
        elif mode == "vertical":
            line = Line(sp.Integer(1), sp.Integer(0), -points[0][0])
            steps.append(Step("line_equation.vertical", {"x": tex(points[0][0])}))
        elif mode == "point_slope":
            line = line_with_slope(points[0], data["slope"])
            steps.append(self._point_slope_step(points[0], data["slope"]))
        elif mode in ("parallel", "perpendicular"):
            given: Line = data["line"]
            steps.append(Step("line_facts.given", {"line": show_line(given.equation())}))
            if mode == "parallel":
                line = Line(given.a, given.b, -(given.a * points[0][0] + given.b * points[0][1]))
                rule = "line_equation.parallel_rule"
            else:
                line = Line(given.b, -given.a, -(given.b * points[0][0] - given.a * points[0][1]))
                rule = "line_equation.perpendicular_rule"
            steps.append(Step(rule, {"slope": m(given.slope) if given.slope is not None else "—"}))
            if line.slope is not None:
                steps.append(self._point_slope_step(points[0], line.slope))
        else:
            p, q = points
            if p == q:
                raise CannotCompute("line_equation.same_point")
            mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            line = Line(
                q[0] - p[0], q[1] - p[1], -((q[0] - p[0]) * mid[0] + (q[1] - p[1]) * mid[1])
            )
            steps.append(Step("line_equation.bisector_rule", {"mid": f"${show_point(mid)}$"}))
            if line.slope is not None:
                steps.append(self._point_slope_step(mid, line.slope))
        equation = line.equation()
        form = (
            "line_equation.answer_slope" if equation.lhs == Y else "line_equation.answer_vertical"
        )
        general = general_form(equation)
        return Outcome(
            equation,
            steps,
            Step(form, {"value": show_line(equation), "general": show_line(general)}),
            values=(equation,),
            data={"kind": "objects", "line": line},
        )

    @staticmethod
    def _point_slope_step(point: tuple[Any, Any], slope: Any) -> Step:
        x0, y0 = point
        return Step(
            "line_equation.point_slope",
            {"expr": f"${tex(Y - y0)} = {tex(slope)}\\left({tex(X - x0)}\\right)$"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        equation = outcome.result
        zero = equation.lhs - equation.rhs
        mode, points = data["mode"], data["points"]
        if mode == "bisector":
            p, q = points
            line = detection.data.get("line") or outcome.data["line"]
            for x0, y0 in _two_points_on(line):
                d1 = (x0 - p[0]) ** 2 + (y0 - p[1]) ** 2
                d2 = (x0 - q[0]) ** 2 + (y0 - q[1]) ** 2
                if not close(d1, d2):
                    return False
            return True
        if not all(close(zero.subs({X: x0, Y: y0}), 0) for x0, y0 in points):
            return False
        gradient = (sp.diff(zero, X), sp.diff(zero, Y))
        if mode == "point_slope":
            return gradient[1] != 0 and close(-gradient[0] / gradient[1], data["slope"])
        if mode in ("parallel", "perpendicular"):
            given: Line = data["line"]
            cross = gradient[0] * given.b - gradient[1] * given.a
            dot = gradient[0] * given.a + gradient[1] * given.b
            return close(cross if mode == "parallel" else dot, 0)
        return True
