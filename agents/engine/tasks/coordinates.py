"""Points and lines: distance, midpoint, internal and external division, the
centroid, the slope and intercepts of a line, and the equation of a line."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .plane import (
    ORIGIN_WORD,
    Line,
    X,
    lines,
    numeric_points,
    ordered_by_segment,
    par,
    second_degree,
    show_point,
    with_origin,
)

DISTANCE = cues.cue(
    r"거리|distance|떨어져|떨어진|선분\s*[a-z]{2}의\s*길이|length\s+of\s+(?:the\s+)?(?:line\s+)?segment|길이"
)
MIDPOINT = cues.cue(r"중점|midpoint|mid-point|middle\s+point")
DIVISION = cues.cue(r"내분|외분|internal|external|divides?|in\s+the\s+ratio")
CENTROID = cues.cue(r"무게\s*중심|centroid|center\s+of\s+(?:mass|gravity)")
MOTION = cues.cue(r"움직인\s*거리|이동\s*거리|distance\s+travel|total\s+distance|속도|velocity")
VECTOR_WORDS = cues.cue(r"벡터|vector|vec\b|overrightarrow|내적|dot\s+product|inner\s+product")
_SHADOWED = ("ratio", "evaluate", "solve_equation", "system", "vertex", "function_value")


def _two_points(problem: Problem) -> list[tuple[Any, ...]] | None:
    points = with_origin(problem, numeric_points(problem))
    named = ordered_by_segment(problem)
    if named:
        return named
    if len(points) == 2 and len(points[0]) == len(points[1]):
        return points
    return None


def _result(value: Any, steps: list[Step], key: str, shown: str, **data: Any) -> Outcome:
    """A point is one value (compared as a point); a distance is a number."""
    if isinstance(value, sp.Tuple):
        data = {**data, "kind": "objects"}
    return Outcome(value, steps, Step(key, {"value": shown}), values=(value,), data=data)


class Distance(TaskType):
    name = "distance"
    area = "geometry"
    requires = ("two points, or a point and a line, or two parallel lines",)
    check_name = "perpendicular_foot"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        named_only = not DISTANCE.search(text) and _segment_named(problem)
        if not (DISTANCE.search(text) or named_only) or MOTION.search(text):
            return None
        if VECTOR_WORDS.search(text):
            return None
        if problem.functions() and any(as_nonlinear(c.body) for c in problem.curves):
            return None
        found = lines(problem)
        points = numeric_points(problem)
        if second_degree(problem):
            return None  # a chord or a circle's distance: the circle tasks'
        if len(found) == 1 and len(points) <= 1:
            origin = (sp.Integer(0), sp.Integer(0)) if ORIGIN_WORD.search(text) else None
            point = points[0] if points else origin
            if point is None or len(point) != 2:
                return self.found(CERTAIN, "distance.ask_point")
            return self.found(CERTAIN, mode="point_line", point=point, line=found[0])
        if len(found) == 2 and not points:
            return self.found(CERTAIN, mode="parallel", lines=found)
        if found:
            return None
        pair = _two_points(problem)
        if pair is None:
            return self.found(CERTAIN, "distance.ask_points") if points else None
        # "find AB" reads as the length of AB unless something else is asked about AB
        return self.found(DEFAULT if named_only else CERTAIN, mode="points", pair=pair)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        mode = detection.data["mode"]
        if mode == "points":
            p, q = detection.data["pair"]
            squares = " + ".join(f"({tex(b)} - {par(a)})^2" for a, b in zip(p, q, strict=True))
            value = sp.sqrt(sum((b - a) ** 2 for a, b in zip(p, q, strict=True)))
            value = sp.radsimp(value)
            steps = [
                Step("distance.formula", {}),
                Step("distance.points", {"expr": f"$\\sqrt{{{squares}}} = {tex(value)}$"}),
            ]
            return _result(value, steps, "distance.answer", m(value), **detection.data)
        if mode == "point_line":
            (x0, y0), line = detection.data["point"], detection.data["line"]
            value = sp.radsimp(
                sp.Abs(line.a * x0 + line.b * y0 + line.c) / sp.sqrt(line.a**2 + line.b**2)
            )
            shown = (
                f"$\\frac{{|{par(line.a)} \\cdot {par(x0)} + {par(line.b)} \\cdot {par(y0)}"
                f" + {par(line.c)}|}}"
                f"{{\\sqrt{{{par(line.a)}^2 + {par(line.b)}^2}}}} = {tex(value)}$"
            )
            steps = [
                Step("distance.line_form", {"line": f"${tex(line.expr)} = 0$"}),
                Step("distance.point_line_rule", {}),
                Step("distance.point_line", {"expr": shown}),
            ]
            return _result(value, steps, "distance.answer", m(value), **detection.data)
        first, second = detection.data["lines"]
        ratio = _parallel_ratio(first, second)
        if ratio is None:
            raise CannotCompute("distance.not_parallel")
        c2 = second.c * ratio
        value = sp.radsimp(sp.Abs(first.c - c2) / sp.sqrt(first.a**2 + first.b**2))
        steps = [
            Step("distance.parallel_rule", {}),
            Step(
                "distance.parallel",
                {
                    "expr": f"$\\frac{{|{tex(first.c)} - {par(c2)}|}}"
                    f"{{\\sqrt{{{par(first.a)}^2 + {par(first.b)}^2}}}} = {tex(value)}$"
                },
            ),
        ]
        return _result(value, steps, "distance.answer", m(value), **detection.data)

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        mode = detection.data["mode"]
        if mode == "points":
            p, q = detection.data["pair"]
            direct = sp.Point(*p).distance(sp.Point(*q))
            return close(direct, outcome.result)
        if mode == "point_line":
            point, line = detection.data["point"], detection.data["line"]
        else:
            first, line = detection.data["lines"]
            point = _point_on(first)
        foot = _foot(point, line)
        return close(sp.sqrt((foot[0] - point[0]) ** 2 + (foot[1] - point[1]) ** 2), outcome.result)


def _segment_named(problem: Problem) -> bool:
    """ "find AB" for two named points A and B: the length of the segment AB."""
    labels = [t.label for t in problem.tuples if t.point and len(t.label) == 1]
    if len(labels) != 2:
        return False
    first, second = labels
    return bool(re.search(rf"(?<![a-z])(?:{first}{second}|{second}{first})(?![a-z])", problem.text))


def as_nonlinear(body: Any) -> bool:
    return not (body.is_polynomial(X) and sp.degree(body, X) <= 1)


def _parallel_ratio(first: Line, second: Line) -> Any | None:
    """k with (a1, b1) = k (a2, b2), when the lines are parallel."""
    if sp.simplify(first.a * second.b - first.b * second.a) != 0:
        return None
    return first.a / second.a if second.a != 0 else first.b / second.b


def _point_on(line: Line) -> tuple[Any, Any]:
    if line.b != 0:
        return (sp.Integer(0), -line.c / line.b)
    return (-line.c / line.a, sp.Integer(0))


def _foot(point: tuple[Any, Any], line: Line) -> tuple[Any, Any]:
    """The foot of the perpendicular from ``point``: solve the two lines together."""
    t = sp.Symbol("t")
    along = (point[0] + line.a * t, point[1] + line.b * t)  # the normal through the point
    (value,) = sp.solve(line.a * along[0] + line.b * along[1] + line.c, t)
    return (along[0].subs(t, value), along[1].subs(t, value))


class Midpoint(TaskType):
    name = "midpoint"
    area = "geometry"
    requires = ("two points",)
    check_name = "equal_distances"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        if not MIDPOINT.search(problem.text) or VECTOR_WORDS.search(problem.text):
            return None
        pair = _two_points(problem)
        if pair is None:
            return self.found(CERTAIN, "midpoint.ask_points") if problem.tuples else None
        return self.found(CERTAIN, pair=pair)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        p, q = detection.data["pair"]
        mid = sp.Tuple(*((a + b) / 2 for a, b in zip(p, q, strict=True)))
        shown = ", ".join(f"\\frac{{{tex(a)} + {par(b)}}}{{2}}" for a, b in zip(p, q, strict=True))
        steps = [
            Step("midpoint.formula", {}),
            Step(
                "midpoint.value", {"expr": f"$\\left({shown}\\right) = {show_point(tuple(mid))}$"}
            ),
        ]
        return _result(mid, steps, "midpoint.answer", f"${show_point(tuple(mid))}$")

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        p, q = detection.data["pair"]
        point = sp.Point(*outcome.result)
        a, b = sp.Point(*p), sp.Point(*q)
        return close(point.distance(a), point.distance(b)) and close(
            2 * point.distance(a), a.distance(b)
        )


class DivisionPoint(TaskType):
    """The point dividing AB internally or externally in m:n; the centroid of three points."""

    name = "division_point"
    area = "geometry"
    requires = ("two points and a ratio m:n (or three points for the centroid)",)
    check_name = "ratio_of_distances"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if CENTROID.search(text):
            points = numeric_points(problem)
            if len(points) == 3 and len({len(p) for p in points}) == 1:
                return self.found(CERTAIN, mode="centroid", points=points)
            return self.found(CERTAIN, "division_point.ask_triangle")
        if not re.search(r"내분|외분|internally|externally|divides?\b", text):
            return None
        if VECTOR_WORDS.search(text):
            return None
        pair = _two_points(problem)
        ratios = [r for r in problem.ratios if len(r) == 2 and all(v > 0 for v in r)]
        if pair is None or len(ratios) != 1:
            return self.found(CERTAIN, "division_point.ask_ratio")
        internal = bool(re.search(r"내분|internal", text))
        external = bool(re.search(r"외분|external", text))
        if internal == external and (internal or not re.search(r"divides?\b", text)):
            return self.found(CERTAIN, "division_point.ask_kind")
        m_, n_ = (sp.nsimplify(v) for v in ratios[0])
        if external and m_ == n_:
            return self.found(CERTAIN, "division_point.equal_external")
        return self.found(
            CERTAIN, mode="external" if external else "internal", pair=pair, m=m_, n=n_
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        if data["mode"] == "centroid":
            points = data["points"]
            value = sp.Tuple(*(sum(c) / 3 for c in zip(*points, strict=True)))
            steps = [
                Step("division_point.centroid_rule", {}),
                Step("division_point.value", {"expr": f"${show_point(tuple(value))}$"}),
            ]
            return _result(
                value, steps, "division_point.answer", f"${show_point(tuple(value))}$", **data
            )
        (p, q), m_, n_ = data["pair"], data["m"], data["n"]
        if data["mode"] == "internal":
            value = sp.Tuple(*((m_ * b + n_ * a) / (m_ + n_) for a, b in zip(p, q, strict=True)))
            rule = "division_point.internal_rule"
            shown = ", ".join(
                f"\\frac{{{tex(m_)} \\cdot {par(b)} + {tex(n_)} \\cdot {par(a)}}}{{{tex(m_ + n_)}}}"
                for a, b in zip(p, q, strict=True)
            )
        else:
            value = sp.Tuple(*((m_ * b - n_ * a) / (m_ - n_) for a, b in zip(p, q, strict=True)))
            rule = "division_point.external_rule"
            shown = ", ".join(
                f"\\frac{{{tex(m_)} \\cdot {par(b)} - {tex(n_)} \\cdot {par(a)}}}{{{tex(m_ - n_)}}}"
                for a, b in zip(p, q, strict=True)
            )
        steps = [
            Step(
                rule,
                {"a": f"${show_point(p)}$", "b": f"${show_point(q)}$", "m": tex(m_), "n": tex(n_)},
            ),
            Step(
                "division_point.value",
                {"expr": f"$\\left({shown}\\right) = {show_point(tuple(value))}$"},
            ),
        ]
        return _result(
            value, steps, "division_point.answer", f"${show_point(tuple(value))}$", **data
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        point = sp.Matrix(list(outcome.result))
        if data["mode"] == "centroid":
            a, b, c = (sp.Matrix(list(p)) for p in data["points"])
            # The centroid lies two thirds of the way along the median from a vertex.
            middle = (b + c) / 2
            return all(close(u, v) for u, v in zip(a + (middle - a) * 2 / 3, point, strict=True))
        a, b = (sp.Matrix(list(p)) for p in data["pair"])
        to_a, to_b = a - point, b - point
        collinear = sp.Matrix.hstack(to_a, b - a).rank() <= 1
        ratio_ok = close(to_a.norm() * data["n"], to_b.norm() * data["m"])
        between = to_a.dot(to_b) <= 0
        return bool(collinear and ratio_ok and (between == (data["mode"] == "internal")))
