"""Counting in words: arranging n things (in a row or in a circle), arranging
or choosing r of n, with repetition (nΠr, nHr), arrangements of letters with
repeats (MISSISSIPPI), numbers formed from digits, and two groups that must
(not) stand together. Any other condition is declined, never ignored."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from typing import Any

import sympy as sp
from sympy.utilities.iterables import multiset_permutations

from .. import cues
from ..problem import Problem
from .base import CERTAIN, Detection, Outcome, Step, TaskType
from .counting_words import (
    ARRANGED,
    CIRCULAR,
    DISTINCT,
    NUMBER_FORMING,
    PLACING,
    REPEAT,
    adjacency,
    boxes_and_objects,
    counted_numbers,
    digit_count,
    digits_listed,
    has_condition,
    letters_to_arrange,
    roles,
    source_and_taken,
)

_ORDERED = re.compile(r"일렬|배열|나열|줄|순서|arrange|line|order|row|president|회장|자리")
_ENUMERATION_LIMIT = 200_000
COUNT_NAMED = cues.cue(
    r"조합의\s*수|순열의\s*수|number\s+of\s+(?:combinations|permutations|arrangements)"
)


class Counting(TaskType):
    name = "counting"
    area = "counting"
    requires = ("how many objects (n)", "how many are taken (r), if not all")
    check_name = "enumeration"

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        forming = NUMBER_FORMING.search(text)
        # "조합의 수" asks for the count as plainly as "경우의 수"
        counted = cues.WAYS.search(text) or COUNT_NAMED.search(text)
        placing = bool(counted and PLACING.search(text))
        if (
            not (
                counted
                and (ARRANGED.search(text) or cues.CHOOSE.search(text) or CIRCULAR.search(text))
            )
            and not forming
            and not placing
        ):
            return None
        if problem.formulas or problem.chances or problem.distribution:
            return None
        if placing and not forming:
            found = boxes_and_objects(problem)
            if found is None or has_condition(text):
                return self.found(CERTAIN, "counting.ask_condition")
            boxes, objects, identical = found
            mode = "repeat_choose" if identical else "repeat_arrange"
            return self.found(CERTAIN, mode=mode, n=boxes, r=objects)
        letters = letters_to_arrange(problem)
        if letters is not None and not forming:
            if has_condition(text):
                return self.found(CERTAIN, "counting.ask_condition")
            return self.found(CERTAIN, mode="multiset", items=letters)
        if forming:
            return self._numbers(problem)
        groups = adjacency(problem)
        if groups is not None:
            return self.found(CERTAIN, mode="adjacent", **groups)
        if has_condition(text):
            return self.found(CERTAIN, "counting.ask_condition")
        numbers = counted_numbers(problem)
        offices = roles(text)
        if offices >= 2 and numbers and all(n == 1 for n in numbers[1:]):
            # 5명 중 회장 1명, 부회장 1명: an ordered choice of one person per office
            return self.found(CERTAIN, mode="arrange", n=numbers[0], r=offices)
        if not numbers or len(numbers) > 2 or any(n > 1000 for n in numbers):
            return None
        repeat = bool(REPEAT.search(text))
        choose = bool(cues.CHOOSE.search(text)) and not _ORDERED.search(text)
        if CIRCULAR.search(text):
            n, r = (max(numbers), min(numbers)) if len(numbers) == 2 else (numbers[0], numbers[0])
            return self.found(CERTAIN, mode="circle", n=n, r=r)
        if repeat:
            pair = source_and_taken(problem, numbers)
            if pair is None:
                return self.found(CERTAIN, "counting.ask_n_r")
            n, r = pair
            return self.found(
                CERTAIN, mode="repeat_choose" if choose else "repeat_arrange", n=n, r=r
            )
        n = max(numbers)
        r = min(numbers) if len(numbers) == 2 else n
        if len(numbers) == 1 and choose:
            return None
        return self.found(CERTAIN, mode="choose" if choose else "arrange", n=n, r=r)

    def _numbers(self, problem: Problem) -> Detection | None:
        text = problem.text
        digits = digits_listed(problem)
        length = digit_count(text)
        if digits is None or length is None:
            return self.found(CERTAIN, "counting.ask_digits")
        if has_condition(text) or re.search(
            r"짝수|홀수|배수|even|odd|multiple|divisible|보다\s*큰|보다\s*작은|greater|less|이상|이하",
            text,
        ):
            return self.found(CERTAIN, "counting.ask_condition")
        repeat, distinct = bool(REPEAT.search(text)), bool(DISTINCT.search(text))
        if repeat == distinct:
            return self.found(CERTAIN, "counting.ask_repeat")
        if not repeat and length > len(digits):
            return self.found(CERTAIN, "counting.too_few_digits")
        return self.found(CERTAIN, mode="numbers", digits=digits, length=length, repeat=repeat)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        mode = data["mode"]
        steps: list[Step]
        if mode == "multiset":
            counts = Counter(data["items"])
            n = len(data["items"])
            value = sp.factorial(n)
            for c in counts.values():
                value /= sp.factorial(c)
            repeated = [f"{k}: {c}" for k, c in counts.items() if c > 1]
            denominator = " ".join(f"{c}!" for c in counts.values() if c > 1) or "1"
            steps = [
                Step(
                    "counting.multiset_rule",
                    {"items": f"`{''.join(data['items'])}`", "repeats": ", ".join(repeated) or "—"},
                ),
                Step("counting.value", {"expr": f"$\\frac{{{n}!}}{{{denominator}}} = {value}$"}),
            ]
        elif mode == "numbers":
            digits, length, repeat = data["digits"], data["length"], data["repeat"]
            k = len(digits)
            zero = 0 in digits
            if repeat:
                value = (k - 1) * k ** (length - 1) if zero else k**length
                expr = f"{k - 1} \\times {k}^{{{length - 1}}}" if zero else f"{k}^{{{length}}}"
            else:
                value = (k - 1) * math.perm(k - 1, length - 1) if zero else math.perm(k, length)
                expr = (
                    f"{k - 1} \\times {{}}_{{{k - 1}}}P_{{{length - 1}}}"
                    if zero
                    else f"{{}}_{{{k}}}P_{{{length}}}"
                )
            key = "counting.numbers_zero" if zero else "counting.numbers_rule"
            steps = [
                Step(
                    key, {"k": str(k), "length": str(length), "kind": _kind(problem.lang, repeat)}
                ),
                Step("counting.value", {"expr": f"${expr} = {value}$"}),
            ]
            value = sp.Integer(value)
        elif mode == "adjacent":
            value, steps = _adjacent(data)
        elif mode == "circle":
            n, r = data["n"], data["r"]
            if r == n:
                value = sp.factorial(n - 1)
                steps = [
                    Step("counting.circle_rule", {}),
                    Step("counting.value", {"expr": f"$({n} - 1)! = {value}$"}),
                ]
            else:
                value = sp.binomial(n, r) * sp.factorial(r - 1)
                steps = [
                    Step("counting.circle_some_rule", {}),
                    Step(
                        "counting.value",
                        {"expr": f"${{}}_{{{n}}}C_{{{r}}} \\times ({r} - 1)! = {value}$"},
                    ),
                ]
        elif mode == "repeat_arrange":
            n, r = data["n"], data["r"]
            value = sp.Integer(n) ** r
            steps = [
                Step("counting.repeat_arrange_rule", {}),
                Step(
                    "counting.value",
                    {"expr": f"${{}}_{{{n}}}\\Pi_{{{r}}} = {n}^{{{r}}} = {value}$"},
                ),
            ]
        elif mode == "repeat_choose":
            n, r = data["n"], data["r"]
            value = sp.binomial(n + r - 1, r)
            steps = [
                Step("counting.repeat_choose_rule", {}),
                Step(
                    "counting.value",
                    {"expr": f"${{}}_{{{n}}}H_{{{r}}} = {{}}_{{{n + r - 1}}}C_{{{r}}} = {value}$"},
                ),
            ]
        elif mode == "choose":
            n, r = data["n"], data["r"]
            value = sp.binomial(n, r)
            steps = [
                Step(
                    "counting.combination",
                    {
                        "expr": f"${{}}_{{{n}}}C_{{{r}}} = \\frac{{{n}!}}{{{r}!\\,{n - r}!}}"
                        f" = {value}$"
                    },
                )
            ]
        elif data["r"] == data["n"]:
            n = data["n"]
            value = sp.factorial(n)
            steps = [Step("counting.factorial", {"expr": f"${n}! = {value}$"})]
        else:
            n, r = data["n"], data["r"]
            value = sp.FallingFactorial(n, r)
            steps = [
                Step(
                    "counting.permutation",
                    {"expr": f"${{}}_{{{n}}}P_{{{r}}} = \\frac{{{n}!}}{{{n - r}!}} = {value}$"},
                )
            ]
        value = sp.Integer(value)
        return Outcome(
            value, steps, Step("counting.answer", {"value": f"${value}$"}), values=(value,)
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        counted = _count(detection.data)
        if counted is None:
            return False
        return int(outcome.result) == counted


def _kind(lang: str, repeat: bool) -> str:
    if lang == "ko":
        return "중복을 허락하여" if repeat else "서로 다른 숫자로"
    return "with repetition" if repeat else "with distinct digits"


def _adjacent(data: dict[str, Any]) -> tuple[Any, list[Step]]:
    others, group, together = data["others"], data["group"], data["together"]
    if together:
        value = sp.factorial(others + 1) * sp.factorial(group)
        expr = f"({others} + 1)! \\times {group}! = {value}"
        key = "counting.together_rule"
    else:
        if group > others + 1:
            return sp.Integer(0), [Step("counting.apart_impossible", {})]
        value = sp.factorial(others) * sp.FallingFactorial(others + 1, group)
        expr = f"{others}! \\times {{}}_{{{others + 1}}}P_{{{group}}} = {value}"
        key = "counting.apart_rule"
    return value, [
        Step(key, {"group": str(group), "others": str(others)}),
        Step("counting.value", {"expr": f"${expr}$"}),
    ]


def _count(data: dict[str, Any]) -> int | None:
    """The same count by listing the cases (or, when too many, by a formula of another kind)."""
    mode = data["mode"]
    if mode == "multiset":
        items = data["items"]
        counts = Counter(items).values()
        expected = math.factorial(len(items)) // math.prod(math.factorial(c) for c in counts)
        if expected <= _ENUMERATION_LIMIT:
            return sum(1 for _ in multiset_permutations(items))
        total, left = 1, len(items)
        for c in counts:  # choose the places of each kind in turn
            total *= math.comb(left, c)
            left -= c
        return total
    if mode == "numbers":
        digits, length, repeat = data["digits"], data["length"], data["repeat"]
        source = (
            itertools.product(digits, repeat=length)
            if repeat
            else itertools.permutations(digits, length)
        )
        if len(digits) ** length > _ENUMERATION_LIMIT:
            return None
        return sum(1 for number in source if number[0] != 0)
    if mode == "adjacent":
        others, group, together = data["others"], data["group"], data["together"]
        if others + group > 8:  # too many to list: count the places the group can take
            places = others + 1 if together else math.comb(others + 1, group)
            return places * math.factorial(others) * math.factorial(group)
        people = ["o"] * others + ["g"] * group
        labelled = list(range(others + group))
        count = 0
        for order in itertools.permutations(labelled):
            kinds = [people[i] for i in order]
            places = [i for i, k in enumerate(kinds) if k == "g"]
            block = places[-1] - places[0] == group - 1
            apart = all(b - a > 1 for a, b in itertools.pairwise(places))
            count += block if together else apart
        return count
    n, r = int(data["n"]), int(data["r"])
    if mode == "circle":
        if n > 8:  # arrangements in a row, each circle counted once per rotation
            return math.perm(n, r) // r
        seen = set()
        for chosen in itertools.permutations(range(n), r):
            turns = [chosen[i:] + chosen[:i] for i in range(r)]
            seen.add(min(turns))  # one representative per rotation class
        return len(seen)
    if mode == "repeat_arrange":
        if n**r > _ENUMERATION_LIMIT:
            return int(math.prod([n] * r))
        return sum(1 for _ in itertools.product(range(n), repeat=r))
    if mode == "repeat_choose":
        if math.comb(n + r - 1, r) > _ENUMERATION_LIMIT:
            return math.comb(n + r - 1, n - 1)
        return sum(1 for _ in itertools.combinations_with_replacement(range(n), r))
    choose = mode == "choose"
    if n > 9:
        return math.comb(n, r) if choose else math.perm(n, r)
    if choose:
        return sum(1 for _ in itertools.combinations(range(n), r))
    return sum(1 for _ in itertools.permutations(range(n), r))
