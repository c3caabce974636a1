"""Sums: Σ of a polynomial in k (Σk, Σk², Σk³ and combinations), with a
number or n as the upper limit."""

from __future__ import annotations

import sympy as sp

from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType


class SigmaSum(TaskType):
    name = "sigma_sum"
    area = "sequences"
    requires = ("a Σ with its index, bounds and term",)
    check_name = "brute_sum"
    shadows = ("evaluate", "simplify", "expand", "factor", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        if not problem.sums:
            return None
        return self.found(CERTAIN, spec=problem.sums[0])

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        spec = detection.data["spec"]
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
        k, low, high, body = spec.index, spec.lower, spec.upper, spec.body
        if high.free_symbols:
            (n,) = high.free_symbols
            for top in range(int(low), int(low) + 6):
                brute = sum(body.subs(k, j) for j in range(int(low), top + 1))
                if sp.simplify(outcome.result.subs(n, top) - brute) != 0:
                    return False
            return True
        if high - low > 5000:
            return True
        brute = sum(body.subs(k, j) for j in range(int(low), int(high) + 1))
        return bool(sp.simplify(brute - outcome.result) == 0)


del m
