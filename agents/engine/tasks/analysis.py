"""Shapes of functions: increasing/decreasing intervals, local extrema, and
the maximum and minimum on an interval (or of a quadratic)."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close, numeric_derivative, samples_in
from ..explain import interval_text, m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .common import main_function


def _critical_points(expr: Any, var: Any, domain: Any = sp.S.Reals) -> list[Any]:
    derivative = sp.diff(expr, var)
    found = sp.solveset(sp.together(derivative), var, domain)
    if not isinstance(found, sp.FiniteSet) and found != sp.EmptySet:
        raise CannotCompute()
    return sorted(found, key=lambda p: sp.N(p))


def _set_text(solution: Any, var: Any, lang: str) -> str:
    if solution == sp.EmptySet:
        return "없음" if lang == "ko" else "none"
    return interval_text(solution, var, lang)


def _asked_side(text: str, first: str, second: str) -> str:
    """``"first"`` or ``"second"`` when the question names only one of two paired requests."""
    has_first, has_second = bool(re.search(first, text)), bool(re.search(second, text))
    if has_first == has_second:
        return ""
    return "first" if has_first else "second"


class Monotonic(TaskType):
    name = "monotonic"
    area = "calculus"
    requires = ("a function",)
    check_name = "sign_samples"
    shadows = ("derivative",)

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.MONOTONIC.search(problem.text) or cues.EXTREMA.search(problem.text):
            return None
        found = main_function(problem)
        if found is None or problem.equations():
            return None
        return self.found(CERTAIN, expr=found[0], var=found[1])

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var = detection.data["expr"], detection.data["var"]
        derivative = sp.factor(sp.diff(expr, var))
        domain = sp.calculus.util.continuous_domain(expr, var, sp.S.Reals)
        up = sp.solveset(derivative > 0, var, sp.S.Reals).intersect(domain)
        down = sp.solveset(derivative < 0, var, sp.S.Reals).intersect(domain)
        steps = [
            Step("monotonic.derivative", {"expr": f"$f'({tex(var)}) = {tex(derivative)}$"}),
            Step("monotonic.sign", {}),
        ]
        lang = problem.lang
        up_text, down_text = _set_text(up, var, lang), _set_text(down, var, lang)
        asked = _asked_side(problem.text, r"증가|increas", r"감소|decreas")
        data = {"kind": "interval", "derivative": derivative, "up": up, "down": down}
        if asked == "first":  # only the increasing part was asked: state only that
            return Outcome(up, steps, Step("monotonic.answer_up", {"up": up_text}), (up,), data)
        if asked == "second":
            return Outcome(
                down, steps, Step("monotonic.answer_down", {"down": down_text}), (down,), data
            )
        answer = Step("monotonic.answer", {"up": up_text, "down": down_text})
        return Outcome(sp.Tuple(up, down), steps, answer, values=(up, down), data=data)

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        up, down = outcome.data["up"], outcome.data["down"]
        for region, positive in ((up, True), (down, False)):
            parts = region.args if isinstance(region, sp.Union) else (region,)
            for part in parts:
                if not isinstance(part, sp.Interval):
                    continue
                for point in samples_in(part, 4):
                    slope = numeric_derivative(expr, var, point)
                    if slope is None or (slope.real > 0) != positive:
                        return False
        return True


class Extrema(TaskType):
    """Local maxima and minima (극댓값, 극솟값) by the derivative's sign change."""

    name = "extrema"
    area = "calculus"
    requires = ("a function",)
    check_name = "sign_samples"
    shadows = ("derivative", "monotonic", "max_min")

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.EXTREMA.search(problem.text):
            return None
        found = main_function(problem)
        if found is None or problem.equations():
            return None
        return self.found(CERTAIN, expr=found[0], var=found[1])

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var = detection.data["expr"], detection.data["var"]
        derivative = sp.diff(expr, var)
        second = sp.diff(expr, var, 2)
        points = _critical_points(expr, var)
        steps = [
            Step(
                "extrema.derivative",
                {
                    "expr": f"$f'({tex(var)}) = {tex(sp.factor(derivative))}$",
                    "points": ", ".join(m(p) for p in points) or "-",
                },
            )
        ]
        found: list[tuple[str, Any, Any]] = []
        for point in points:
            curvature = sp.simplify(second.subs(var, point))
            value = sp.simplify(expr.subs(var, point))
            if curvature.is_negative:
                found.append(("max", point, value))
            elif curvature.is_positive:
                found.append(("min", point, value))
            else:
                kind = _sign_change(derivative, var, point)
                if kind:
                    found.append((kind, point, value))
        steps.append(Step("extrema.test", {}))
        asked = _asked_side(
            problem.text,
            r"극대|극댓|local\s+max|relative\s+max",
            r"극소|극솟|local\s+min|relative\s+min",
        )
        if asked:  # only the maxima (or only the minima) were asked: state only those
            keep = "max" if asked == "first" else "min"
            found = [entry for entry in found if entry[0] == keep]
            if not found:
                raise CannotCompute()
        lang = problem.lang
        parts = []
        for kind, point, value in found:
            parts.append(
                (
                    ("극댓값 " if kind == "max" else "극솟값 ")
                    if lang == "ko"
                    else ("local maximum " if kind == "max" else "local minimum ")
                )
                + f"${tex(value)}$ ($x = {tex(point)}$)"
            )
        shown = ", ".join(parts) or ("극값이 없어요" if lang == "ko" else "no local extrema")
        values = tuple(v for _, _, v in found)
        return Outcome(
            sp.Tuple(*[sp.Tuple(p, v) for _, p, v in found]),
            steps,
            Step("extrema.answer", {"value": shown}),
            values=values,
            data={"found": found},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        derivative = sp.diff(expr, var)
        for kind, point, value in outcome.data["found"]:
            if _sign_change(derivative, var, point, numeric=True) != kind:
                return False
            if not close(expr.subs(var, sp.N(point, 30)), value):
                return False
        return True


def _sign_change(derivative: Any, var: Any, point: Any, numeric: bool = False) -> str:
    """ "max" when f' goes + to −, "min" when − to +, "" otherwise."""
    step = sp.Rational(1, 10**4)
    try:
        left = complex(sp.N(derivative.subs(var, point - step), 30)).real
        right = complex(sp.N(derivative.subs(var, point + step), 30)).real
    except (TypeError, ValueError):
        return ""
    if left > 0 > right:
        return "max"
    if left < 0 < right:
        return "min"
    return ""


class MaxMin(TaskType):
    """Absolute maximum/minimum on a closed interval, or of a quadratic on ℝ."""

    name = "max_min"
    area = "functions"
    requires = ("a function", "a closed interval (or a quadratic)")
    check_name = "dense_samples"
    shadows = ("derivative", "vertex", "inequality", "evaluate")

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.MAXMIN.search(problem.text) or cues.EXTREMA.search(problem.text):
            return None
        found = main_function(problem)
        if found is None:
            return None
        expr, var, _ = found
        text = problem.text
        wants_max = bool(re.search(r"최대|최댓|maxim|greatest|largest|\bmax\b", text))
        wants_min = bool(re.search(r"최소|최솟|minim|least|smallest|\bmin\b", text))
        bounds = problem.bounds
        if bounds is None:
            if expr.is_polynomial(var) and sp.degree(expr, var) == 2:
                return self.found(
                    CERTAIN, expr=expr, var=var, bounds=None, max=wants_max, min=wants_min
                )
            return self.found(CERTAIN, "max_min.ask_interval", offer={"f": m(expr)})
        if not (bounds.lower.is_finite and bounds.upper.is_finite) or bounds.closed != (True, True):
            return None
        return self.found(CERTAIN, expr=expr, var=var, bounds=bounds, max=wants_max, min=wants_min)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var, bounds = detection.data["expr"], detection.data["var"], detection.data["bounds"]
        lang = problem.lang
        results: list[tuple[str, Any, Any]] = []
        if bounds is None:
            a = sp.Poly(expr, var).LC()
            vertex = -sp.Poly(expr, var).all_coeffs()[1] / (2 * a)
            value = sp.simplify(expr.subs(var, vertex))
            steps = [
                Step(
                    "max_min.vertex",
                    {
                        "expr": f"$f({tex(var)}) = {tex(a)}({tex(var - vertex)})^2 + {tex(value)}$"
                        if True
                        else ""
                    },
                )
            ]
            kind = "min" if a > 0 else "max"
            results.append((kind, vertex, value))
            other = "max" if kind == "min" else "min"
            if detection.data[other] and not detection.data[kind]:
                raise CannotCompute(f"max_min.no_{other}")
            steps.append(Step(f"max_min.parabola_{kind}", {}))
        else:
            low, high = bounds.lower, bounds.upper
            interior = [
                p for p in _critical_points(expr, var, sp.Interval(low, high)) if low < p < high
            ]
            candidates = [low, *interior, high]
            values = [sp.simplify(expr.subs(var, c)) for c in candidates]
            if any(not v.is_finite or not v.is_real for v in values):
                raise CannotCompute()
            steps = [
                Step(
                    "max_min.candidates",
                    {
                        "points": ", ".join(
                            f"$f({tex(c)}) = {tex(v)}$"
                            for c, v in zip(candidates, values, strict=True)
                        )
                    },
                ),
            ]
            best = max(range(len(values)), key=lambda i: sp.N(values[i]))
            worst = min(range(len(values)), key=lambda i: sp.N(values[i]))
            if detection.data["max"] or not detection.data["min"]:
                results.append(("max", candidates[best], values[best]))
            if detection.data["min"] or not detection.data["max"]:
                results.append(("min", candidates[worst], values[worst]))
        parts = []
        for kind, point, value in results:
            label = (
                ("최댓값 " if kind == "max" else "최솟값 ")
                if lang == "ko"
                else ("maximum " if kind == "max" else "minimum ")
            )
            parts.append(f"{label}${tex(value)}$ ($x = {tex(point)}$)")
        return Outcome(
            sp.Tuple(*[v for _, _, v in results]),
            steps,
            Step("max_min.answer", {"value": ", ".join(parts)}),
            values=tuple(v for _, _, v in results),
            data={"results": results},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var, bounds = detection.data["expr"], detection.data["var"], detection.data["bounds"]
        low, high = (bounds.lower, bounds.upper) if bounds else (-sp.Integer(50), sp.Integer(50))
        func = sp.lambdify(var, expr, "mpmath")
        samples = [low + (high - low) * sp.Rational(k, 400) for k in range(401)]
        values = [complex(func(sp.N(s, 30))).real for s in samples]
        for kind, point, value in outcome.data["results"]:
            if not close(expr.subs(var, point), value):
                return False
            claimed = float(sp.N(value))
            if kind == "max" and max(values) > claimed + 1e-9 * max(1, abs(claimed)):
                return False
            if kind == "min" and min(values) < claimed - 1e-9 * max(1, abs(claimed)):
                return False
        return True
