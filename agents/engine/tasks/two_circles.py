"""Two circles: how many points they share, the distance between their
centres, and the line of their common chord."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import cues
from ..checks import close, is_zero
from ..explain import m
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .circles import Circle, circles
from .plane import X, Y, line_equation, show_point

_COUNT = cues.cue(
    r"몇\s*개|개수|위치\s*관계|how\s+many|number\s+of\s+(?:common|intersection)|position|relationship"
)
_CENTRES = cues.cue(r"중심\s*(?:사이|간)?의?\s*거리|distance\s+between\s+(?:the\s+|their\s+)?cent")
_CHORD = cues.cue(r"공통\s*현|common\s+chord")


def _mode(text: str) -> str | None:
    for mode, cue in (("chord", _CHORD), ("centres", _CENTRES), ("count", _COUNT)):
        if cue.search(text):
            return mode
    return None


def _real_meeting_points(first: Circle, second: Circle) -> list[tuple[Any, Any]]:
    found = sp.solve([first.standard(), second.standard()], [X, Y], dict=True)
    points = {(s[X], s[Y]) for s in found if s[X].is_real and s[Y].is_real}
    return sorted(points, key=str)


class TwoCircles(TaskType):
    name = "two_circles"
    area = "geometry"
    requires = ("two circle equations", "what is asked of them")
    check_name = "two_circles_solved"
    shadows = ("system", "circle_facts", "solve_equation", "distance")

    def detect(self, problem: Problem) -> Detection | None:
        found = [c for c in circles(problem) if not c.r2.free_symbols]
        if len(found) != 2:
            return None
        mode = _mode(problem.text)
        if mode is None:
            return None
        return self.found(CERTAIN, circles=found, mode=mode)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        first, second = detection.data["circles"]
        if first.r2 <= 0 or second.r2 <= 0:
            raise CannotCompute("circle.not_a_circle")
        r1, r2 = sp.sqrt(first.r2), sp.sqrt(second.r2)
        d = sp.sqrt((first.h - second.h) ** 2 + (first.k - second.k) ** 2)
        steps = [
            Step(
                "two_circles.read",
                {
                    "c1": f"${show_point((first.h, first.k))}$",
                    "r1": m(r1),
                    "c2": f"${show_point((second.h, second.k))}$",
                    "r2": m(r2),
                },
            ),
            Step("two_circles.distance", {"d": m(sp.nsimplify(d))}),
        ]
        mode = detection.data["mode"]
        if d == 0 and r1 == r2:
            raise CannotCompute()  # the same circle: every point is shared
        count = 2 if abs(r1 - r2) < d < r1 + r2 else (1 if d in (r1 + r2, abs(r1 - r2)) else 0)
        if mode == "centres":
            value = sp.nsimplify(d)
            return Outcome(value, steps, Step("two_circles.answer", {"value": m(value)}), (value,))
        steps.append(
            Step(f"two_circles.count_{count}", {"sum": m(r1 + r2), "gap": m(abs(r1 - r2))})
        )
        if mode == "count":
            value = sp.Integer(count)
            return Outcome(value, steps, Step("two_circles.answer", {"value": m(value)}), (value,))
        if count != 2:
            raise CannotCompute()  # no chord unless the circles cut in two points
        # Subtracting the equations (both monic) removes x² + y²: the common chord's line.
        difference = sp.expand(first.zero / first.scale - second.zero / second.scale)
        poly = sp.Poly(difference, X, Y)
        line = line_equation(poly.coeff_monomial(X), poly.coeff_monomial(Y), poly.coeff_monomial(1))
        steps.append(Step("two_circles.subtract", {"expr": f"${sp.latex(difference)} = 0$"}))
        return Outcome(
            line,
            steps,
            Step("two_circles.answer", {"value": m(line)}),
            (line,),
            data={"kind": "objects"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        first, second = detection.data["circles"]
        mode = detection.data["mode"]
        if mode == "centres":
            dx, dy = float(first.h - second.h), float(first.k - second.k)
            return close(outcome.result, (dx * dx + dy * dy) ** 0.5)
        points = _real_meeting_points(first, second)  # solve the two equations together
        if mode == "count":
            return int(outcome.result) == len(points)
        line: Any = outcome.result
        return len(points) == 2 and all(
            is_zero((line.lhs - line.rhs).subs({X: px, Y: py})) for px, py in points
        )
