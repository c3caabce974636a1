# ruff: noqa: E501
"""Counting in words: arranging n things, arranging r of n, choosing r of n."""

from __future__ import annotations

import itertools
import math
import re

import sympy as sp

from .. import cues
from ..problem import Problem
from .base import CERTAIN, Detection, Outcome, Step, TaskType


class Counting(TaskType):
    name = "counting"
    area = "counting"
    requires = ("how many objects (n)", "how many are taken (r), if not all")
    check_name = "enumeration"

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not (cues.WAYS.search(text) and (cues.ARRANGE.search(text) or cues.CHOOSE.search(text))):
            return None
        numbers = [int(n) for n in problem.numbers if n.is_Integer and 0 < n <= 1000]
        if not numbers or len(numbers) > 2 or problem.formulas:
            return None
        n = max(numbers)
        r = min(numbers) if len(numbers) == 2 else n
        choose = bool(cues.CHOOSE.search(text)) and not re.search(
            r"일렬|배열|나열|줄|순서|arrange|line|order|president|회장", text
        )
        if len(numbers) == 1 and choose:
            return None
        return self.found(CERTAIN, n=n, r=r, choose=choose)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        n, r, choose = detection.data["n"], detection.data["r"], detection.data["choose"]
        if choose:
            value = sp.binomial(n, r)
            steps = [
                Step(
                    "counting.combination",
                    {
                        "expr": f"${{}}_{{{n}}}C_{{{r}}} = \\frac{{{n}!}}{{{r}!\\,{n - r}!}} = {value}$"
                    },
                )
            ]
        elif r == n:
            value = sp.factorial(n)
            steps = [Step("counting.factorial", {"expr": f"${n}! = {value}$"})]
        else:
            value = sp.FallingFactorial(n, r)
            steps = [
                Step(
                    "counting.permutation",
                    {"expr": f"${{}}_{{{n}}}P_{{{r}}} = \\frac{{{n}!}}{{{n - r}!}} = {value}$"},
                )
            ]
        return Outcome(
            value, steps, Step("counting.answer", {"value": f"${value}$"}), values=(value,)
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        n, r, choose = detection.data["n"], detection.data["r"], detection.data["choose"]
        if n > 9:
            expected = math.comb(n, r) if choose else math.perm(n, r)
            return int(outcome.result) == expected
        items = range(n)
        counted = sum(
            1
            for _ in (
                itertools.combinations(items, r) if choose else itertools.permutations(items, r)
            )
        )
        return int(outcome.result) == counted
