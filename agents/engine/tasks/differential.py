# ruff: noqa: RUF059
"""Derivatives: the derivative function, its value at a point, and tangent
and normal lines."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import sympy as sp

from .. import cues
from ..checks import close, numeric_derivative
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .common import main_function, point_of, rule_names

Y = sp.Symbol("y")


def _rule_steps(expr: Any, var: Any) -> list[Step]:
    return [Step(f"derivative.rule_{rule}", {}) for rule in rule_names(expr, var)]


def _derivative(expr: Any, var: Any) -> Any:
    result = sp.diff(expr, var)
    simpler = sp.simplify(result)
    return simpler if sp.count_ops(simpler) < sp.count_ops(result) else result


def _pretty(expr: Any) -> Any:
    return sp.expand(expr) if expr.is_polynomial() else expr


class Derivative(TaskType):
    name = "derivative"
    area = "calculus"
    requires = ("a function",)
    check_name = "finite_difference"

    def detect(self, problem: Problem) -> Detection | None:
        if not (cues.DERIVATIVE.search(problem.text) or problem.derivative_marks):
            return None
        if problem.equations() and not problem.assignments:
            return None
        if any(not f.relation.free_symbols and "(" in f.source for f in problem.formulas):
            return None  # f'(3): a value, FunctionValue's task
        found = main_function(problem)
        if found is None:
            return None
        expr, var, name = found
        if point_of(problem, var) is not None or cues.DERIVATIVE_VALUE.search(problem.text):
            return None
        numbers = [n for n in problem.numbers]
        if numbers and not problem.formulas:
            offer = {"f": name, "a": m(numbers[0])}
            return self.found(CERTAIN, "derivative.ask_point_or_zero", offer=offer)
        return self.found(CERTAIN, expr=expr, var=var, name=name)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var, name = (detection.data[k] for k in ("expr", "var", "name"))
        result = _pretty(_derivative(expr, var))
        if result.has(sp.Derivative):
            raise CannotCompute()
        steps = [
            Step("derivative.given", {"expr": f"${name}({tex(var)}) = {tex(expr)}$"}),
            *_rule_steps(expr, var),
        ]
        shown = f"${name}'({tex(var)}) = {tex(result)}$"
        return Outcome(
            result,
            steps,
            Step("derivative.answer", {"value": shown}),
            values=(result,),
            data={"kind": "function"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        for point in (
            sp.Rational(3, 7),
            sp.Rational(13, 10),
            sp.Rational(-6, 5),
            sp.Rational(5, 2),
        ):
            numeric = numeric_derivative(expr, var, point)
            claimed = outcome.result.subs(var, point)
            if numeric is None or not claimed.is_finite:
                continue
            if not close(claimed, numeric, 1e-7):
                return False
        return True


class DerivativeAt(TaskType):
    """The derivative's value (differential coefficient) at a given point."""

    name = "derivative_at"
    area = "calculus"
    requires = ("a function", "a point x = a")
    check_name = "finite_difference"
    shadows = ("derivative", "evaluate", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        if not (
            cues.DERIVATIVE.search(problem.text)
            or cues.DERIVATIVE_VALUE.search(problem.text)
            or problem.derivative_marks
        ):
            return None
        if (
            cues.TANGENT.search(problem.text)
            or cues.NORMAL.search(problem.text)
            or cues.VELOCITY.search(problem.text)
        ):
            return None
        found = main_function(problem)
        if found is None:
            return None
        expr, var, name = found
        point = point_of(problem, var)
        if point is None:
            if cues.DERIVATIVE_VALUE.search(problem.text):
                return self.found(CERTAIN, "derivative_at.ask_point", offer={"f": name})
            return None
        return self.found(CERTAIN, expr=expr, var=var, name=name, point=point)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var, name, point = (detection.data[k] for k in ("expr", "var", "name", "point"))
        derivative = _pretty(_derivative(expr, var))
        value = sp.simplify(derivative.subs(var, point))
        if not value.is_finite:
            raise CannotCompute("derivative_at.not_differentiable")
        steps = [
            Step("derivative.given", {"expr": f"${name}({tex(var)}) = {tex(expr)}$"}),
            *_rule_steps(expr, var),
            Step(
                "derivative_at.derivative", {"expr": f"${name}'({tex(var)}) = {tex(derivative)}$"}
            ),
            Step("derivative_at.substitute", {"expr": f"${name}'({tex(point)}) = {tex(value)}$"}),
        ]
        return Outcome(
            value,
            steps,
            Step("derivative_at.answer", {"value": f"${name}'({tex(point)}) = {tex(value)}$"}),
            values=(value,),
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        numeric = numeric_derivative(
            detection.data["expr"], detection.data["var"], detection.data["point"]
        )
        return numeric is not None and close(outcome.result, numeric, 1e-7)


def _tangent_points(problem: Problem, expr: Any, var: Any) -> list[Any] | None:
    point = point_of(problem, var)
    if point is not None:
        return [point]
    if problem.points:
        a, b = problem.points[0]
        if sp.simplify(expr.subs(var, a) - b) != 0:
            return None  # a point off the curve: tangent lines from outside (not yet)
        return [a]
    slope = re.search(
        r"기울기가\s*(-?\d+(?:/\d+)?)|slope\s+(?:is\s+|of\s+)?(-?\d+(?:/\d+)?)", problem.text
    )
    if slope:
        value = sp.Rational(slope[1] or slope[2])
        solutions = sp.solveset(sp.diff(expr, var) - value, var, sp.S.Reals)
        if isinstance(solutions, sp.FiniteSet) and solutions:
            return sorted(solutions, key=lambda s: sp.N(s))
    return None


class TangentLine(TaskType):
    name = "tangent_line"
    area = "calculus"
    requires = ("a curve", "the point of tangency (or the slope)")
    check_name = "tangent_touch"
    shadows: ClassVar[tuple[str, ...]] = (
        "derivative",
        "derivative_at",
        "solve_equation",
        "evaluate",
        "system",
    )
    normal: ClassVar[bool] = False

    def detect(self, problem: Problem) -> Detection | None:
        cue = cues.NORMAL if self.normal else cues.TANGENT
        if not cue.search(problem.text) or (not self.normal and cues.NORMAL.search(problem.text)):
            return None
        found = main_function(problem)
        if found is None:
            return None
        expr, var, name = found
        points = _tangent_points(problem, expr, var)
        if points is None:
            return self.found(CERTAIN, f"{self.name}.ask_point", offer={"f": m(expr)})
        return self.found(CERTAIN, expr=expr, var=var, points=points)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var = detection.data["expr"], detection.data["var"]
        derivative = _pretty(_derivative(expr, var))
        steps = [
            Step("derivative.given", {"expr": f"$y = {tex(expr)}$"}),
            Step("tangent_line.derivative", {"expr": f"$y' = {tex(derivative)}$"}),
        ]
        lines = []
        for a in detection.data["points"]:
            b = sp.simplify(expr.subs(var, a))
            slope = sp.simplify(derivative.subs(var, a))
            if not (b.is_finite and slope.is_finite):
                raise CannotCompute()
            if self.normal:
                if slope == 0:
                    line = sp.Eq(var, a)
                    steps.append(Step("normal_line.vertical", {"point": f"$({tex(a)}, {tex(b)})$"}))
                    lines.append((line, None))
                    continue
                slope = -1 / slope
            line_rhs = sp.expand(slope * (var - a) + b)
            steps.append(
                Step(
                    f"{self.name}.point_slope",
                    {
                        "point": f"$({tex(a)}, {tex(b)})$",
                        "slope": m(slope),
                        "expr": f"$y - {tex(b)} = {tex(slope)}({tex(var - a)})$"
                        if b != 0
                        else f"$y = {tex(slope)}({tex(var - a)})$",
                    },
                )
            )
            lines.append((sp.Eq(Y, line_rhs), line_rhs))
        shown = (" 또는 " if problem.lang == "ko" else " or ").join(m(line) for line, _ in lines)
        values = tuple(rhs for _, rhs in lines if rhs is not None)
        return Outcome(
            sp.FiniteSet(*[line for line, _ in lines]) if len(lines) > 1 else lines[0][0],
            steps,
            Step("tangent_line.answer", {"value": shown}),
            values=values,
            data={"kind": "function", "lines": lines},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        for a, (_, rhs) in zip(detection.data["points"], outcome.data["lines"], strict=True):
            slope = numeric_derivative(expr, var, a)
            if slope is None:
                return False
            if rhs is None:
                if abs(slope) > 1e-9:
                    return False
                continue
            line_slope = sp.diff(rhs, var)
            expected = -1 / slope if self.normal else slope
            if not close(rhs.subs(var, a), expr.subs(var, a)) or not close(
                line_slope, expected, 1e-7
            ):
                return False
        return True


class NormalLine(TangentLine):
    name = "normal_line"
    normal = True
    shadows = (
        "derivative",
        "derivative_at",
        "solve_equation",
        "evaluate",
        "tangent_line",
        "system",
    )
