"""Sums: Σ of a polynomial in k (Σk, Σk², Σk³ and combinations), with a
number or n as the upper limit; Σ a_k of a sequence the question defines;
Σ to infinity (a geometric series, or any series SymPy sums, checked by
partial sums)."""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from ..explain import m, tex
from ..problem import Problem, SumSpec
from ..sequence_notation import A, has_terms
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .progressions import nth
from .sequence_data import N, read


class SigmaSum(TaskType):
    name = "sigma_sum"
    area = "sequences"
    requires = ("a Σ with its index, bounds and term",)
    check_name = "brute_sum"
    shadows = ("evaluate", "simplify", "expand", "factor", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        if not problem.sums:
            return None
        spec = problem.sums[0]
        if has_terms(spec.body):
            body = _sequence_body(problem, spec)
            if body is None:
                return self.found(CERTAIN, "sigma_sum.ask_sequence")
            spec = SumSpec(spec.index, spec.lower, spec.upper, body)
        if spec.upper == sp.oo:
            return self.found(CERTAIN, spec=spec, infinite=True)
        if not (spec.lower.is_Integer and (spec.upper.is_Integer or spec.upper.is_Symbol)):
            return None
        return self.found(CERTAIN, spec=spec)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        spec = detection.data["spec"]
        if detection.data.get("infinite"):
            return _infinite(spec)
        k, low, high, body = spec.index, spec.lower, spec.upper, spec.body
        if high.is_number and high - low > 10**6:
            raise CannotCompute()
        value = (
            sp.factor(sp.summation(body, (k, low, high)))
            if high.free_symbols
            else sp.summation(body, (k, low, high))
        )
        if value.has(sp.Sum):
            raise CannotCompute()
        steps = [Step("sigma_sum.formulas", {})]
        shown = f"$\\sum_{{{tex(k)}={tex(low)}}}^{{{tex(high)}}} {tex(body)} = {tex(value)}$"
        steps.append(Step("sigma_sum.value", {"expr": shown}))
        kind = "function" if value.free_symbols else "value"
        return Outcome(
            value,
            steps,
            Step("sigma_sum.answer", {"value": shown}),
            values=(value,),
            data={"kind": kind},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        spec = detection.data["spec"]
        if detection.data.get("infinite"):
            return _check_infinite(spec, outcome)
        k, low, high, body = spec.index, spec.lower, spec.upper, spec.body
        if high.free_symbols:
            (n,) = high.free_symbols
            for top in range(int(low), int(low) + 6):
                brute = sum(body.subs(k, j) for j in range(int(low), top + 1))
                if sp.simplify(outcome.result.subs(n, top) - brute) != 0:
                    return False
            return True
        if high - low > 5000:
            # Too many terms to add one by one: the sum as a formula in m, confirmed term by
            # term for the first few m, then evaluated at the upper limit.
            if not body.is_polynomial(k):
                return False
            m = sp.Symbol("m", integer=True)
            formula = sp.summation(body, (k, low, m))
            for top in range(int(low), int(low) + 6):
                brute = sum(body.subs(k, j) for j in range(int(low), top + 1))
                if sp.simplify(formula.subs(m, top) - brute) != 0:
                    return False
            return bool(sp.simplify(formula.subs(m, high) - outcome.result) == 0)
        brute = sum(body.subs(k, j) for j in range(int(low), int(high) + 1))
        return bool(sp.simplify(brute - outcome.result) == 0)


def _sequence_body(problem: Problem, spec: SumSpec) -> Any | None:
    """Σ a_k: the term a_k from the question's a_n, or its arithmetic/geometric data."""
    data = read(problem)
    if data.general is not None:
        general = data.general
        return spec.body.replace(
            lambda e: getattr(e, "func", None) == A, lambda e: general.subs(N, e.args[0])
        )
    if data.kind and data.first is not None and data.step is not None:
        kind, first, step = data.kind, data.first, data.step
        return spec.body.replace(
            lambda e: getattr(e, "func", None) == A, lambda e: nth(kind, first, step, e.args[0])
        )
    return None


def _ratio(body: Any, k: Any) -> Any | None:
    ratio = sp.simplify(body.subs(k, k + 1) / body)
    return None if ratio.has(k) else ratio


def _infinite(spec: SumSpec) -> Outcome:
    k, low, body = spec.index, spec.lower, spec.body
    shown = f"\\sum_{{{tex(k)}={tex(low)}}}^{{\\infty}} {tex(body)}"
    ratio = _ratio(body, k)
    first = body.subs(k, low)
    steps: list[Step] = []
    if ratio is not None and first != 0:
        steps.append(Step("sigma_sum.geometric", {"first": m(first), "ratio": m(ratio)}))
        if abs(ratio) >= 1:
            steps.append(Step("series.diverges_ratio", {"step": f"$r = {tex(ratio)}$"}))
            return Outcome(
                sp.oo, steps, Step("series.diverges", {}), values=(), data={"kind": "diverges"}
            )
        value = sp.simplify(first / (1 - ratio))
        steps.append(
            Step("series.infinite_sum", {"expr": f"$\\frac{{a}}{{1 - r}} = {tex(value)}$"})
        )
    else:
        if sp.limit(body, k, sp.oo) != 0:
            steps.append(Step("sigma_sum.term_test", {}))
            return Outcome(
                sp.oo, steps, Step("series.diverges", {}), values=(), data={"kind": "diverges"}
            )
        value = sp.summation(body, (k, low, sp.oo))
        if value.has(sp.Sum) or not value.is_finite:
            raise CannotCompute()
        steps.append(Step("sigma_sum.value", {"expr": f"${shown} = {tex(value)}$"}))
    answer = Step("sigma_sum.answer", {"value": f"${shown} = {tex(value)}$"})
    return Outcome(value, steps, answer, values=(value,), data={"kind": "value"})


def _check_infinite(spec: SumSpec, outcome: Outcome) -> bool:
    k, low, body = spec.index, spec.lower, spec.body
    if not outcome.values:
        far = [abs(complex(sp.N(body.subs(k, j)))) for j in (10**3, 10**4, 10**5)]
        return min(far) > 1e-6  # the terms do not tend to 0
    func = sp.lambdify(k, body, "mpmath")
    total = mpmath.nsum(func, [int(low), mpmath.inf])
    return abs(complex(total) - complex(sp.N(outcome.result, 30))) < 1e-9 * max(
        1.0, abs(complex(total))
    )
