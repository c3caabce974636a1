# ruff: noqa: E501, RUF007
"""Integrals: indefinite and definite, the area under a curve and between
two curves, and motion (velocity, acceleration, distance travelled)."""

from __future__ import annotations

import re
from typing import Any

import mpmath
import sympy as sp

from .. import cues
from ..checks import close, numeric_derivative, numeric_integral, same_function
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .common import main_function, pick_var, point_of

_ELEMENTARY = (sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.asin, sp.acos, sp.atan, sp.Abs)
C = sp.Symbol("C")


def _elementary(expr: Any) -> bool:
    functions = {type(f) for f in expr.atoms(sp.Function)}
    return not expr.has(sp.Integral) and all(issubclass(f, _ELEMENTARY) for f in functions)


def _integrand(problem: Problem) -> tuple[Any, Any] | None:
    found = main_function(problem)
    if found is None:
        return None
    expr, var, _ = found
    if problem.variable is not None and problem.variable in expr.free_symbols:
        var = problem.variable
    return expr, var


class Integral(TaskType):
    name = "integral"
    area = "calculus"
    requires = ("an integrand", "bounds (for a definite integral)")
    check_name = "quadrature"

    def detect(self, problem: Problem) -> Detection | None:
        if not (cues.INTEGRAL.search(problem.text) or problem.integral_sign):
            return None
        if cues.AREA.search(problem.text) or problem.equations():
            return None
        found = _integrand(problem)
        if found is None:
            return None
        expr, var = found
        return self.found(CERTAIN, expr=expr, var=var, bounds=problem.bounds)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var, bounds = detection.data["expr"], detection.data["var"], detection.data["bounds"]
        antiderivative = sp.integrate(expr, var)
        if not _elementary(antiderivative):
            raise CannotCompute("integral.not_elementary")
        antiderivative = (
            sp.simplify(antiderivative) if sp.count_ops(antiderivative) > 12 else antiderivative
        )
        steps = [Step("integral.rule", {"rule": _rule(expr, var, problem.lang)})]
        if bounds is None:
            steps.append(
                Step(
                    "integral.antiderivative",
                    {"expr": f"$\\int {tex(expr)}\\,d{tex(var)} = {tex(antiderivative)} + C$"},
                )
            )
            shown = f"${tex(antiderivative)} + C$"
            return Outcome(
                antiderivative + C,
                steps,
                Step("integral.answer", {"value": shown}),
                values=(antiderivative,),
                data={"kind": "antiderivative", "F": antiderivative},
            )
        low, high = bounds.lower, bounds.upper
        value = sp.simplify(antiderivative.subs(var, high) - antiderivative.subs(var, low))
        if not value.is_finite:
            raise CannotCompute()
        steps.append(
            Step(
                "integral.ftc",
                {
                    "expr": f"$\\int_{{{tex(low)}}}^{{{tex(high)}}} {tex(expr)}\\,d{tex(var)} = \\left[{tex(antiderivative)}\\right]_{{{tex(low)}}}^{{{tex(high)}}} = {tex(value)}$"
                },
            )
        )
        return Outcome(
            value,
            steps,
            Step("integral.answer", {"value": m(value)}),
            values=(value,),
            data={"F": antiderivative},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var, bounds = detection.data["expr"], detection.data["var"], detection.data["bounds"]
        antiderivative = outcome.data["F"]
        if bounds is None:
            return same_function(sp.diff(antiderivative, var), expr, expr.free_symbols | {var})
        numeric = numeric_integral(expr, var, bounds.lower, bounds.upper)
        return numeric is not None and close(outcome.result, numeric, 1e-8)


def _rule(expr: Any, var: Any, lang: str) -> str:
    if expr.is_polynomial(var):
        return "$\\int x^n\\,dx = \\frac{x^{n+1}}{n+1} + C$ $(n \\ne -1)$"
    if expr.has(sp.exp):
        return "$\\int e^x\\,dx = e^x + C$"
    if expr.has(sp.sin, sp.cos):
        return "$\\int \\sin x\\,dx = -\\cos x + C$, $\\int \\cos x\\,dx = \\sin x + C$"
    return (
        "$\\int \\frac{1}{x}\\,dx = \\ln|x| + C$"
        if expr.has(sp.Pow)
        else ("적분 공식" if lang == "ko" else "the integration rules")
    )


def _abs_integral(expr: Any, var: Any, low: Any, high: Any) -> tuple[Any, list[Any]]:
    """∫|expr| from low to high, split where expr changes sign."""
    zeros = sp.solveset(expr, var, sp.Interval.open(low, high))
    if not isinstance(zeros, sp.FiniteSet) and zeros != sp.EmptySet:
        raise CannotCompute()
    cuts = [low, *sorted(zeros, key=lambda z: sp.N(z)), high]
    total = sp.Integer(0)
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = sp.integrate(expr, (var, a, b))
        if not _elementary(piece):
            raise CannotCompute()
        total += sp.Abs(piece)
    return sp.simplify(total), cuts


def _numeric_abs_area(expr: Any, var: Any, low: Any, high: Any) -> float:
    func = sp.lambdify(var, expr, "mpmath")
    a, b = float(sp.N(low)), float(sp.N(high))
    grid = [a + (b - a) * k / 40 for k in range(41)]
    return float(mpmath.quad(lambda t: abs(func(t)), grid))


class Area(TaskType):
    """The area between a curve and the x-axis, or between two curves."""

    name = "area"
    area = "calculus"
    requires = ("one or two curves", "bounds (or curves that meet)")
    check_name = "quadrature"
    shadows = ("integral", "system", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.AREA.search(problem.text) or not (problem.functions() or problem.formulas):
            return None
        curves = [d.body for d in problem.functions()]
        curves += [f.expr for f in problem.expressions() if f.expr.free_symbols]
        curves += [f.relation.rhs for f in problem.equations() if f.relation.lhs == sp.Symbol("y")]
        if not curves or len(curves) > 2:
            return None
        symbols = set().union(*(c.free_symbols for c in curves))
        if len(symbols) != 1:
            return None
        var = pick_var(symbols)
        between = len(curves) == 2
        if not between and re.search(
            r"두\s*곡선|between\s+(?:the\s+)?(?:two\s+)?curves", problem.text
        ):
            return self.found(CERTAIN, "area.ask_curves")
        difference = sp.expand(curves[0] - curves[1]) if between else curves[0]
        bounds = problem.bounds
        if bounds is None:
            zeros = sp.solveset(difference, var, sp.S.Reals)
            if not isinstance(zeros, sp.FiniteSet) or len(zeros) < 2:
                return self.found(CERTAIN, "area.ask_bounds")
            ordered = sorted(zeros, key=lambda z: sp.N(z))
            low, high = ordered[0], ordered[-1]
        else:
            low, high = bounds.lower, bounds.upper
        return self.found(
            CERTAIN,
            curves=curves,
            var=var,
            difference=difference,
            low=low,
            high=high,
            given=bounds is not None,
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        difference, var, low, high = data["difference"], data["var"], data["low"], data["high"]
        value, cuts = _abs_integral(difference, var, low, high)
        steps = []
        if len(data["curves"]) == 2:
            f, g = data["curves"]
            if not data["given"]:
                steps.append(
                    Step(
                        "area.intersections",
                        {"eq": f"${tex(f)} = {tex(g)}$", "points": ", ".join(m(c) for c in cuts)},
                    )
                )
            steps.append(
                Step(
                    "area.between_rule",
                    {
                        "expr": f"$\\int_{{{tex(low)}}}^{{{tex(high)}}} \\left|{tex(difference)}\\right|\\,d{tex(var)}$"
                    },
                )
            )
        else:
            if not data["given"]:
                steps.append(Step("area.axis_points", {"points": ", ".join(m(c) for c in cuts)}))
            steps.append(
                Step(
                    "area.axis_rule",
                    {
                        "expr": f"$\\int_{{{tex(low)}}}^{{{tex(high)}}} \\left|{tex(difference)}\\right|\\,d{tex(var)}$"
                    },
                )
            )
        if len(cuts) > 2:
            steps.append(Step("area.split", {"points": ", ".join(m(c) for c in cuts[1:-1])}))
        steps.append(Step("area.value", {"value": m(value)}))
        return Outcome(value, steps, Step("area.answer", {"value": m(value)}), values=(value,))

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        numeric = _numeric_abs_area(data["difference"], data["var"], data["low"], data["high"])
        return close(outcome.result, numeric, 1e-7)


T = sp.Symbol("t")


class Motion(TaskType):
    """Velocity or acceleration at a time from a position, distance travelled
    or displacement from a velocity."""

    name = "motion"
    area = "calculus"
    requires = ("a position or velocity function of t", "a time or a time interval")
    check_name = "quadrature"
    shadows = ("derivative_at", "integral", "derivative", "evaluate", "area")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not (
            cues.VELOCITY.search(text)
            or cues.ACCELERATION.search(text)
            or cues.DISTANCE_TRAVELLED.search(text)
        ):
            return None
        found = main_function(problem)
        if found is None:
            return None
        expr, var, name = found
        given_velocity = (
            bool(
                re.search(
                    r"속도가|속도는|velocity\s+(?:is|of)|v\s*\(\s*t\s*\)\s*=|^v\(|\bv\(t\)", text
                )
            )
            or name == "v"
        )
        given_velocity = given_velocity and not cues.POSITION.search(text)
        if problem.bounds is not None and (
            cues.DISTANCE_TRAVELLED.search(text)
            or re.search(r"거리|distance|변위|displacement", text)
        ):
            mode = "displacement" if re.search(r"변위|displacement", text) else "distance"
            return self.found(
                CERTAIN, expr=expr, var=var, mode=mode, bounds=problem.bounds, velocity=True
            )
        point = point_of(problem, var)
        if point is None:
            return None
        mode = "acceleration" if cues.ACCELERATION.search(text) else "velocity"
        return self.found(
            CERTAIN, expr=expr, var=var, mode=mode, point=point, velocity=given_velocity
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        expr, var, mode = data["expr"], data["var"], data["mode"]
        if mode in ("distance", "displacement"):
            low, high = data["bounds"].lower, data["bounds"].upper
            if mode == "distance":
                value, cuts = _abs_integral(expr, var, low, high)
                steps = [
                    Step(
                        "motion.distance_rule",
                        {
                            "expr": f"$\\int_{{{tex(low)}}}^{{{tex(high)}}} |{tex(expr)}|\\,d{tex(var)}$"
                        },
                    )
                ]
                if len(cuts) > 2:
                    steps.append(
                        Step("motion.turns", {"points": ", ".join(m(c) for c in cuts[1:-1])})
                    )
            else:
                value = sp.integrate(expr, (var, low, high))
                steps = [
                    Step(
                        "motion.displacement_rule",
                        {
                            "expr": f"$\\int_{{{tex(low)}}}^{{{tex(high)}}} {tex(expr)}\\,d{tex(var)}$"
                        },
                    )
                ]
            return Outcome(
                value, steps, Step("motion.answer", {"value": m(value)}), values=(value,)
            )
        order = (1 if mode == "velocity" else 2) - (1 if data["velocity"] else 0)
        if order < 1:
            raise CannotCompute()
        rate = sp.diff(expr, var, order)
        value = sp.simplify(rate.subs(var, data["point"]))
        steps = [
            Step(f"motion.{mode}_rule", {"expr": f"${tex(rate)}$"}),
            Step(
                "motion.substitute",
                {"expr": f"${tex(var)} = {tex(data['point'])}$: ${tex(value)}$"},
            ),
        ]
        return Outcome(
            value,
            steps,
            Step("motion.answer", {"value": m(value)}),
            values=(value,),
            data={"order": order},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        expr, var, mode = data["expr"], data["var"], data["mode"]
        if mode == "distance":
            return close(
                outcome.result,
                _numeric_abs_area(expr, var, data["bounds"].lower, data["bounds"].upper),
                1e-7,
            )
        if mode == "displacement":
            integral = numeric_integral(expr, var, data["bounds"].lower, data["bounds"].upper)
            return integral is not None and close(outcome.result, integral, 1e-7)
        if outcome.data["order"] == 1:
            numeric = numeric_derivative(expr, var, data["point"])
        else:
            first = sp.diff(expr, var)
            numeric = numeric_derivative(first, var, data["point"])
        return numeric is not None and close(outcome.result, numeric, 1e-6)
