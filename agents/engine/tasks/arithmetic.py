# ruff: noqa: E501
"""Arithmetic: evaluating numbers (fractions, decimals, powers, roots, logs,
complex numbers), GCD and LCM, percentages and ratios."""

from __future__ import annotations

import math
import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import m, tex
from ..parse import ParseError, parse_unevaluated
from ..problem import Formula, Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType


def _numeric_formulas(problem: Problem) -> list[Formula]:
    return [f for f in problem.formulas if f.relation.is_expression and not f.relation.free_symbols]


def _show(value: Any) -> str:
    """A number in LaTeX; a terminating fraction also as a decimal."""
    value = sp.nsimplify(value) if value.is_Float else value
    if value.is_Rational and not value.is_Integer:
        q = int(value.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q == 1:
            decimal = sp.Float(value, 30)
            return f"${tex(value)} = {format(float(decimal), 'g')}$"
    return m(value)


class Evaluate(TaskType):
    """The value of an expression with numbers only (including ``i``)."""

    name = "evaluate"
    area = "arithmetic"
    requires = ("expression without variables",)
    check_name = "numeric_evaluation"

    def detect(self, problem: Problem) -> Detection | None:
        numeric = _numeric_formulas(problem)
        if len(numeric) != 1 or problem.functions() or len(problem.formulas) > 1:
            return None
        if problem.sums or problem.limit or problem.bounds or problem.percents:
            return None
        formula = numeric[0]
        if cues.CONJUGATE.search(problem.text):
            return self.found(CERTAIN, formula=formula, conjugate=True)
        score = (
            CERTAIN
            if cues.SIMPLIFY.search(problem.text) or cues.VALUE.search(problem.text)
            else DEFAULT
        )
        return self.found(score, formula=formula, conjugate=False)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        formula: Formula = detection.data["formula"]
        written = parse_unevaluated(formula.source)
        value = formula.expr
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.has(sp.AccumBounds):
            raise CannotCompute("evaluate.undefined")
        shown = sp.latex(written, order="none")
        steps = [Step("evaluate.given", {"expr": f"${shown}$"})]
        if value.has(sp.I) or detection.data["conjugate"]:
            value = sp.expand(sp.radsimp(sp.expand_complex(value)))
            steps.append(Step("evaluate.complex", {}))
            if detection.data["conjugate"]:
                steps.append(Step("evaluate.conjugate_rule", {"expr": m(value)}))
                value = sp.conjugate(value)
        else:
            value = sp.nsimplify(sp.radsimp(sp.simplify(value))) if value.has(sp.Float) else value
            value = sp.radsimp(sp.simplify(value))
            rule = _rule(formula.source)
            if rule:
                steps.append(Step(f"evaluate.{rule}", {}))
        if not value.is_number or not value.is_finite:
            raise CannotCompute()
        steps.append(Step("evaluate.value", {"expr": f"${shown} = {tex(value)}$"}))
        return Outcome(
            value,
            steps,
            Step("evaluate.answer", {"value": _show(value)}),
            values=(value,),
            data={"written": written},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        written = outcome.data["written"]
        direct = written.doit() if not detection.data["conjugate"] else sp.conjugate(written)
        try:
            return close(direct.evalf(40), outcome.result)
        except (TypeError, ValueError, ParseError):
            return False


def _rule(source: str) -> str:
    if "log" in source or "ln" in source:
        return "log_rules"
    if "sqrt" in source or "root" in source:
        return "root_rules"
    if "!" in source or "perm" in source or "binomial" in source:
        return "counting"
    if re.search(r"\d\s*/\s*\d", source) and re.search(r"[+\-]", source):
        return "fractions"
    if re.search(r"[+\-].*[*/^]|[*/^].*[+\-]", source) or "(" in source:
        return "order"
    return ""


_CALL = re.compile(r"(?:gcd|lcm)\s*\(\s*(\d+(?:\s*,\s*\d+)+)\s*\)")


def _integers(problem: Problem) -> list[int]:
    called = _CALL.search(problem.text)
    if called:  # lcm(6, 8, 10) written as a call: its arguments, not its evaluated value
        return [int(n) for n in re.split(r"\s*,\s*", called[1])]
    found = [n for n in problem.numbers if n.is_Integer and n > 0]
    for formula in problem.formulas:
        if formula.relation.is_expression and formula.expr.is_Integer and formula.expr > 0:
            found.append(formula.expr)
    return [int(n) for n in found]


class GcdLcm(TaskType):
    """Greatest common divisor and/or least common multiple of given integers."""

    name = "gcd_lcm"
    area = "arithmetic"
    requires = ("two or more positive integers",)
    check_name = "divisibility"

    def detect(self, problem: Problem) -> Detection | None:
        gcd, lcm = bool(cues.GCD.search(problem.text)), bool(cues.LCM.search(problem.text))
        if not (gcd or lcm):
            return None
        numbers = _integers(problem)
        if len(numbers) < 2:
            return self.found(CERTAIN, "gcd_lcm.ask_numbers")
        if max(numbers) > 10**12:
            raise_large = True
            if raise_large:
                return None
        return self.found(CERTAIN, numbers=numbers, gcd=gcd, lcm=lcm)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        numbers: list[int] = detection.data["numbers"]
        steps = []
        factored = {n: sp.factorint(n) for n in numbers}
        shown = ", ".join(f"${n} = {_factor_tex(factored[n])}$" for n in numbers)
        steps.append(Step("gcd_lcm.factor", {"list": shown}))
        primes = sorted({p for f in factored.values() for p in f})
        values: list[Any] = []
        parts: list[str] = []
        if detection.data["gcd"]:
            exps = {p: min(f.get(p, 0) for f in factored.values()) for p in primes}
            gcd = math.prod(p**e for p, e in exps.items())
            steps.append(
                Step("gcd_lcm.gcd_rule", {"expr": f"${_factor_tex(exps) or '1'} = {gcd}$"})
            )
            values.append(sp.Integer(gcd))
            parts.append(f"GCD $= {gcd}$" if problem.lang == "en" else f"최대공약수 $= {gcd}$")
        if detection.data["lcm"]:
            exps = {p: max(f.get(p, 0) for f in factored.values()) for p in primes}
            lcm = math.prod(p**e for p, e in exps.items())
            steps.append(Step("gcd_lcm.lcm_rule", {"expr": f"${_factor_tex(exps)} = {lcm}$"}))
            values.append(sp.Integer(lcm))
            parts.append(f"LCM $= {lcm}$" if problem.lang == "en" else f"최소공배수 $= {lcm}$")
        return Outcome(
            values[0] if len(values) == 1 else sp.Tuple(*values),
            steps,
            Step("gcd_lcm.answer", {"value": ", ".join(parts)}),
            values=tuple(values),
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        numbers: list[int] = detection.data["numbers"]
        expected = []
        if detection.data["gcd"]:
            expected.append(math.gcd(*numbers))
        if detection.data["lcm"]:
            expected.append(math.lcm(*numbers))
        return [int(v) for v in outcome.values] == expected


def _factor_tex(factors: dict[int, int]) -> str:
    return " \\cdot ".join(f"{p}^{{{e}}}" if e > 1 else f"{p}" for p, e in factors.items() if e)


# Asked for the bill with the tip, not the tip itself.
_TOTAL_ONLY = cues.cue(
    r"\btotal\b|합계|총\s*(?:금액|액|얼마)|모두\s*얼마|전부\s*얼마|how\s+much\s+(?:do|will|should)\s+(?:i|we)\s+pay"
)


class Percent(TaskType):
    """Percentages: a discount, an increase (tax, interest), a tip, p% of N,
    and what percent one number is of another."""

    name = "percent"
    area = "arithmetic"
    requires = ("a percentage", "an amount")
    check_name = "reverse_percent"

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        amounts = [n for n in problem.numbers if n > 0]
        amounts += [f.expr for f in _numeric_formulas(problem) if f.expr.is_Rational]
        if cues.WHAT_PERCENT.search(text) and len(amounts) == 2 and not problem.percents:
            return self.found(CERTAIN, mode="what_percent", part=amounts[0], whole=amounts[1])
        if not problem.percents:
            return None
        if len(amounts) != 1:
            if not amounts:
                return self.found(CERTAIN, "percent.ask_amount")
            return None
        mode = "of"
        if cues.TIP.search(text):
            mode = "tip"
        elif cues.DISCOUNT.search(text):
            mode = "discount"
        elif cues.INCREASE.search(text):
            mode = "increase"
        if len(problem.percents) > 1 and mode not in ("discount", "increase"):
            return None
        return self.found(CERTAIN, mode=mode, amount=amounts[0], rates=list(problem.percents))

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        mode = data["mode"]
        if mode == "what_percent":
            value = sp.nsimplify(data["part"] / data["whole"] * 100)
            step = Step("percent.what_rule", {"part": m(data["part"]), "whole": m(data["whole"])})
            answer = Step("percent.what_answer", {"value": _show(value)})
            return Outcome(value, [step], answer, values=(value,), data=dict(data))
        amount, rates = data["amount"], data["rates"]
        steps: list[Step] = []
        value = amount
        if mode == "of":
            value = amount * rates[0] / 100
            steps.append(
                Step(
                    "percent.of_rule",
                    {
                        "expr": f"${tex(amount)} \\times \\frac{{{tex(rates[0])}}}{{100}} = {tex(value)}$"
                    },
                )
            )
            return Outcome(
                value,
                steps,
                Step("percent.of_answer", {"value": _show(value)}),
                values=(value,),
                data=dict(data),
            )
        if mode == "tip":
            tip = amount * rates[0] / 100
            total = amount + tip
            steps.append(
                Step(
                    "percent.tip_rule",
                    {
                        "tip": f"${tex(amount)} \\times \\frac{{{tex(rates[0])}}}{{100}} = {tex(tip)}$",
                        "total": f"${tex(amount)} + {tex(tip)} = {tex(total)}$",
                    },
                )
            )
            if _TOTAL_ONLY.search(problem.text):  # "what's the total": state the total only
                return Outcome(
                    total,
                    steps,
                    Step("percent.tip_total", {"total": _show(total)}),
                    values=(total,),
                    data=dict(data),
                )
            return Outcome(
                total,
                steps,
                Step("percent.tip_answer", {"tip": _show(tip), "total": _show(total)}),
                values=(tip, total),
                data=dict(data),
            )
        sign = -1 if mode == "discount" else 1
        for rate in rates:
            factor = 1 + sign * rate / 100
            new = value * factor
            steps.append(
                Step(
                    f"percent.{mode}_rule",
                    {"expr": f"${tex(value)} \\times {tex(factor)} = {tex(new)}$", "rate": m(rate)},
                )
            )
            value = new
        change = abs(amount - value)
        answer = Step(f"percent.{mode}_answer", {"value": _show(value), "change": _show(change)})
        return Outcome(value, steps, answer, values=(value,), data=dict(data))

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        mode = data["mode"]
        if mode == "what_percent":
            return close(outcome.result * data["whole"] / 100, data["part"])
        if mode == "of":
            return close(outcome.result * 100 / data["rates"][0], data["amount"])
        if mode == "tip":
            total = outcome.result  # back from the total: amount + amount·rate/100
            tip = total - data["amount"]
            return close(
                total / (1 + sp.Float(data["rates"][0], 30) / 100), data["amount"]
            ) and close(tip * 100 / data["rates"][0], data["amount"])
        back = outcome.result
        sign = -1 if mode == "discount" else 1
        for rate in reversed(data["rates"]):
            back = back / (1 + sign * sp.Float(rate, 30) / 100)
        return close(back, data["amount"])


class Ratio(TaskType):
    """Sharing an amount in a given ratio, or simplifying a ratio."""

    name = "ratio"
    area = "arithmetic"
    requires = ("a ratio a:b(:c)",)
    check_name = "second_route"

    def detect(self, problem: Problem) -> Detection | None:
        if not problem.ratios:
            return None
        ratio = problem.ratios[0]
        amounts = [n for n in problem.numbers if n > 0]
        if amounts and re.search(r"나누|나눠|배분|share|split|divide", problem.text):
            return self.found(CERTAIN, ratio=ratio, total=amounts[0])
        if re.search(r"간단히|가장\s*간단한|simplif|simplest|lowest\s+terms", problem.text):
            return self.found(CERTAIN, ratio=ratio, total=None)
        return None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        ratio = [sp.nsimplify(r) for r in detection.data["ratio"]]
        total = detection.data["total"]
        # Scale to integers first (1.5 : 2 → 3 : 4), then divide by the GCD.
        scale = sp.ilcm(*[r.q for r in ratio])
        whole = [r * scale for r in ratio]
        divisor = sp.igcd(*[int(w) for w in whole])
        simple = [w / divisor for w in whole]
        shown = " : ".join(tex(s) for s in simple)
        steps = [
            Step("ratio.simplify", {"expr": f"${' : '.join(tex(r) for r in ratio)} = {shown}$"})
        ]
        if total is None:
            return Outcome(
                sp.Tuple(*simple),
                steps,
                Step("ratio.simple_answer", {"value": f"${shown}$"}),
                values=tuple(simple),
                data={"simple": simple},
            )
        parts = [total * s / sum(simple) for s in simple]
        steps.append(
            Step(
                "ratio.share",
                {"total": m(total), "sum": m(sum(simple)), "parts": ", ".join(m(p) for p in parts)},
            )
        )
        return Outcome(
            sp.Tuple(*parts),
            steps,
            Step("ratio.share_answer", {"value": ", ".join(_show(p) for p in parts)}),
            values=tuple(parts),
            data={"simple": simple},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        ratio = detection.data["ratio"]
        values = outcome.values
        first = values[0] / ratio[0]
        proportional = all(close(v / r, first) for v, r in zip(values, ratio, strict=True))
        total = detection.data["total"]
        return proportional and (total is None or close(sum(values), total))
