"""Limits: two-sided, one-sided and at infinity."""

from __future__ import annotations

import itertools
from typing import Any

import mpmath
import sympy as sp

from .. import cues
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .common import pick_var, symbolic_expressions


def _approach(expr: Any, var: Any, point: Any, direction: str) -> list[complex]:
    func = sp.lambdify(var, expr, "mpmath")
    values = []
    with mpmath.workdps(60):
        for k in (6, 9, 12, 15):
            if point in (sp.oo, -sp.oo):
                x = mpmath.mpf(10) ** k * (1 if point == sp.oo else -1)
            else:
                sign = 1 if direction == "+" else -1
                x = mpmath.mpf(sp.N(point, 60)) + sign * mpmath.mpf(10) ** (-k)
            try:
                values.append(complex(func(x)))
            except (TypeError, ValueError, ZeroDivisionError):
                return []
    return values


def _sweep(expr: Any, var: Any, point: Any, direction: str) -> list[complex]:
    """Values at many points ever closer to ``point`` (or ever larger), for an oscillation."""
    func = sp.lambdify(var, expr, "mpmath")
    values = []
    with mpmath.workdps(40):
        for step in range(1, 200):
            distance = mpmath.mpf(10) ** (-3 - mpmath.mpf(step) / 50)
            if point in (sp.oo, -sp.oo):
                x = (1 if point == sp.oo else -1) / distance
            else:
                x = mpmath.mpf(sp.N(point, 40)) + (1 if direction != "-" else -1) * distance
            try:
                values.append(complex(func(x)))
            except (TypeError, ValueError, ZeroDivisionError):
                return []
    return values


def _agrees(values: list[complex], limit: Any) -> bool:
    if not values:
        return False
    if limit in (sp.oo, -sp.oo):
        sign = 1 if limit == sp.oo else -1
        if not all(v.real * sign > 0 for v in values[-2:]):
            return False
        if abs(values[-1]) > abs(values[0]) * 10:
            return True
        # Slow growth (ln x as x -> 0+): the size keeps rising by a steady step, never levels off.
        sizes = [abs(v) for v in values]
        steps = [b - a for a, b in itertools.pairwise(sizes)]
        return all(step > 1 for step in steps) and sizes[-1] > 20
    target = complex(sp.N(limit, 30))
    return abs(values[-1] - target) < 1e-4 * max(1.0, abs(target))


class Limit(TaskType):
    name = "limit"
    area = "calculus"
    requires = ("an expression", "the point it approaches")
    check_name = "approach"
    shadows = ("evaluate", "simplify", "expand", "factor")

    def detect(self, problem: Problem) -> Detection | None:
        if problem.limit is None:
            if (
                cues.LIMIT.search(problem.text)
                and "->" not in problem.text
                and symbolic_expressions(problem)
            ):
                return self.found(CERTAIN, "limit.ask_point")
            return None
        exprs = symbolic_expressions(problem) or [f.expr for f in problem.expressions()]
        if len(exprs) != 1:
            return None
        expr = exprs[0]
        var = (
            problem.limit.var
            if problem.limit.var in expr.free_symbols
            else pick_var(expr.free_symbols or {problem.limit.var})
        )
        return self.found(
            CERTAIN,
            expr=expr,
            var=var,
            point=problem.limit.point,
            direction=problem.limit.direction,
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var, point, direction = (
            detection.data[k] for k in ("expr", "var", "point", "direction")
        )
        arrow = f"{tex(var)} \\to {tex(point)}" + (
            "^{+}" if direction == "+" else "^{-}" if direction == "-" else ""
        )
        steps = [Step("limit.given", {"expr": f"$\\lim_{{{arrow}}} {tex(expr)}$"})]
        direct = expr.subs(var, point) if point.is_finite else sp.nan
        if point.is_finite and direct.is_finite and direct.is_real:
            steps.append(Step("limit.continuous", {"expr": m(direct)}))
        elif point.is_finite:
            steps.append(Step("limit.indeterminate", {}))
        else:
            steps.append(Step("limit.infinity", {}))
        if direction == "+-" and point.is_finite:
            right = sp.limit(expr, var, point, "+")
            left = sp.limit(expr, var, point, "-")
            if right != left:
                steps.append(Step("limit.sides", {"left": m(left), "right": m(right)}))
                return Outcome(
                    sp.nan,
                    steps,
                    Step("limit.dne", {}),
                    values=(),
                    data={"left": left, "right": right},
                )
            value = right
        else:
            value = sp.limit(expr, var, point, direction if point.is_finite else "+")
        if isinstance(value, sp.AccumBounds) and value.min.is_finite and value.max.is_finite:
            # sin(1/x) near 0: the values keep sweeping a whole interval, so there is no limit.
            steps.append(Step("limit.oscillates", {"low": m(value.min), "high": m(value.max)}))
            return Outcome(
                sp.nan, steps, Step("limit.dne_oscillates", {}), values=(), data={"bounds": value}
            )
        if value.has(sp.Limit) or value.has(sp.AccumBounds) or value is sp.nan:
            raise CannotCompute()
        shown = f"$\\lim_{{{arrow}}} {tex(expr)} = {tex(value)}$"
        steps.append(Step("limit.value", {"expr": shown}))
        return Outcome(
            value, steps, Step("limit.answer", {"value": shown}), values=(value,), data={}
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var, point, direction = (
            detection.data[k] for k in ("expr", "var", "point", "direction")
        )
        if "bounds" in outcome.data:
            bounds = outcome.data["bounds"]
            sides = ("+", "-") if direction == "+-" and point.is_finite else (direction,)
            spread = [v.real for side in sides for v in _sweep(expr, var, point, side)]
            width = float(bounds.max - bounds.min)
            return len(spread) > 10 and max(spread) - min(spread) > width / 2
        if "left" in outcome.data:
            left = _approach(expr, var, point, "-")
            right = _approach(expr, var, point, "+")
            return _agrees(left, outcome.data["left"]) and _agrees(right, outcome.data["right"])
        sides = (
            ("+", "-")
            if direction == "+-" and point.is_finite
            else (direction if direction != "+-" else "+",)
        )
        return all(_agrees(_approach(expr, var, point, side), outcome.result) for side in sides)
