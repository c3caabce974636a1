"""The binomial theorem: the coefficient of a given term (or the constant term)
in the expansion of ``(a + b)^n``, by the general term ``nCr a^(n-r) b^r`` and
checked against the full expansion."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import cues
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType

COEFFICIENT = cues.cue(r"계수|coefficient|상수항|constant\s+term|term\s+independent\s+of")
CONSTANT = cues.cue(r"상수항|constant\s+term|term\s+independent\s+of")


def _power(expr: Any) -> tuple[Any, Any, int] | None:
    """``(a + b)^n`` with n a whole number from 2 to 60: ``(a, b, n)``."""
    if not (isinstance(expr, sp.Pow) and expr.exp.is_Integer and 2 <= expr.exp <= 60):
        return None
    terms = expr.base.as_ordered_terms() if isinstance(expr.base, sp.Add) else [expr.base]
    if len(terms) != 2:
        return None
    return terms[0], terms[1], int(expr.exp)


def _exponents(monomial: Any, symbols: set[Any]) -> dict[Any, Any]:
    powers = sp.powsimp(monomial).as_powers_dict()
    return {s: powers.get(s, 0) for s in symbols}


def _split(term: Any, symbols: set[Any]) -> tuple[Any, Any]:
    """``-3x^2`` → ``(-3, x^2)``: the number in front and the powers of the letters."""
    coefficient, rest = sp.Integer(1), sp.Integer(1)
    for factor in sp.Mul.make_args(term):
        if factor.free_symbols & symbols:
            rest *= factor
        else:
            coefficient *= factor
    return coefficient, rest


class BinomialCoefficient(TaskType):
    name = "binomial_coefficient"
    area = "counting"
    requires = ("a power (a + b)^n", "the term whose coefficient is asked (or the constant term)")
    check_name = "full_expansion"
    shadows = ("expand", "evaluate", "factor", "simplify", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not COEFFICIENT.search(text):
            return None
        exprs = [f.expr for f in problem.expressions()]
        powers = [(e, p) for e in exprs if (p := _power(e)) is not None]
        if len(powers) != 1:
            return None
        power, (a, b, n) = powers[0]
        symbols = power.free_symbols
        others = [e for e in exprs if e is not power]
        if CONSTANT.search(text) and not others:
            return self.found(
                CERTAIN, a=a, b=b, n=n, symbols=symbols, target=sp.Integer(1), power=power
            )
        if len(others) != 1 or not others[0].free_symbols <= symbols:
            return self.found(CERTAIN, "binomial_coefficient.ask_term")
        coefficient, target = _split(others[0], symbols)
        if coefficient != 1 or not target.free_symbols:
            return self.found(CERTAIN, "binomial_coefficient.ask_term")
        return self.found(CERTAIN, a=a, b=b, n=n, symbols=symbols, target=target, power=power)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        a, b, n, symbols, target = (data[k] for k in ("a", "b", "n", "symbols", "target"))
        ca, ma = _split(a, symbols)
        cb, mb = _split(b, symbols)
        wanted = _exponents(target, symbols)
        matches = [r for r in range(n + 1) if _exponents(ma ** (n - r) * mb**r, symbols) == wanted]
        general = (
            f"{{}}_{{{n}}}C_{{r}} \\left({tex(a)}\\right)^{{{n} - r}} \\left({tex(b)}\\right)^{{r}}"
        )
        shown_target = (
            "상수항"
            if target == 1 and problem.lang == "ko"
            else "the constant term"
            if target == 1
            else m(target)
        )
        steps = [Step("binomial_coefficient.general", {"expr": f"${general}$"})]
        if (
            len(
                {
                    tuple(sorted(_exponents(ma ** (n - r) * mb**r, symbols).items(), key=str))
                    for r in range(n + 1)
                }
            )
            != n + 1
        ):
            raise CannotCompute()  # equal powers in two terms: the general term does not single one out
        if not matches:
            steps.append(Step("binomial_coefficient.no_term", {"target": shown_target}))
            value = sp.Integer(0)
        else:
            (r,) = matches
            value = sp.binomial(n, r) * ca ** (n - r) * cb**r
            steps.append(
                Step("binomial_coefficient.which_r", {"target": shown_target, "r": tex(r)})
            )
            steps.append(
                Step(
                    "binomial_coefficient.value",
                    {
                        "expr": f"${{}}_{{{n}}}C_{{{r}}} \\cdot \\left({tex(ca)}\\right)^{{{n - r}}} \\cdot \\left({tex(cb)}\\right)^{{{r}}} = {tex(value)}$"
                    },
                )
            )
        return Outcome(
            value, steps, Step("binomial_coefficient.answer", {"value": m(value)}), values=(value,)
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        symbols, target = data["symbols"], data["target"]
        wanted = _exponents(target, symbols)
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(data["power"])):
            coefficient, rest = _split(term, symbols)
            if _exponents(rest, symbols) == wanted:
                total += coefficient
        return bool(sp.simplify(total - outcome.result) == 0)
