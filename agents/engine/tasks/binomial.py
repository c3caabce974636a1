"""The binomial theorem: the coefficient of a given term (or the constant term)
in the expansion of ``(a + b)^n``, by the general term ``nCr a^(n-r) b^r`` and
checked against the full expansion."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..explain import m, tex
from ..parse import ParseError, parse_expression
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType

COEFFICIENT = cues.cue(
    r"의\s*계수|계수를|계수는|계수가|계수\s*(?:구|$|\?)|coefficient\s+of|상수항|constant\s+term|term\s+independent\s+of"
)
CONSTANT = cues.cue(r"상수항|constant\s+term|term\s+independent\s+of")
VIETA_WORDS = cues.cue(r"근과\s*계수|roots?\s+and\s+coefficients?")


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


def _target_of(problem: Problem, power: Any, symbols: set[Any]) -> Any | None:
    """The term asked for: ``x^3`` in "x^3의 계수", 1 for the constant term (or ``x^0``)."""
    others = [f.expr for f in problem.expressions() if f.expr is not power and f.expr != power]
    symbolic = [e for e in others if e.free_symbols]
    written = re.search(
        r"(?<![a-z])([a-z](?:\^\d+)?(?:\s*[a-z](?:\^\d+)?)+)\s*의\s*계수|coefficient\s+of\s+([a-z](?:\^\d+)?(?:[a-z](?:\^\d+)?)+)\b",
        problem.text,
    )
    if not symbolic and written:  # "xy의 계수": letters side by side are not read as a formula
        try:
            symbolic = [parse_expression(written[1] or written[2])]
        except ParseError:
            return None
    if not symbolic:
        if CONSTANT.search(problem.text) or any(e == 1 for e in others):
            return sp.Integer(1)
        return None
    if len(symbolic) != 1 or not symbolic[0].free_symbols <= symbols:
        return None
    coefficient, target = _split(symbolic[0], symbols)
    return target if coefficient == 1 else None


class BinomialCoefficient(TaskType):
    """The coefficient of a term in the expansion of (a + b)^n by the general term, or of
    any other polynomial by expanding it (checked by derivatives at 0)."""

    name = "binomial_coefficient"
    area = "counting"
    requires = ("a power (a + b)^n or a polynomial", "the term whose coefficient is asked")
    check_name = "full_expansion"
    shadows = ("expand", "evaluate", "factor", "simplify", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not COEFFICIENT.search(text) or VIETA_WORDS.search(text) or problem.equations():
            return None
        exprs = [f.expr for f in problem.expressions() if f.expr.free_symbols]
        if not exprs:
            return None
        # the expression to expand has a sum in it: (x + 2)^5, not the x^3 asked about
        sums = [e for e in exprs if e.has(sp.Add)]
        if len(sums) != 1:
            return self.found(CERTAIN, "binomial_coefficient.ask_term")
        power = sums[0]
        symbols = power.free_symbols
        target = _target_of(problem, power, symbols)
        if target is None:
            return self.found(CERTAIN, "binomial_coefficient.ask_term")
        binomial = _power(power)
        if binomial is not None:
            a, b, n = binomial
            return self.found(
                CERTAIN, mode="binomial", a=a, b=b, n=n, symbols=symbols, target=target, power=power
            )
        if power.is_polynomial(*symbols) and all(sp.degree(power, s) <= 60 for s in symbols):
            return self.found(
                CERTAIN, mode="polynomial", symbols=symbols, target=target, power=power
            )
        return self.found(CERTAIN, "binomial_coefficient.ask_term")

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        if data["mode"] == "polynomial":
            return self._expanded(problem, data)
        return self._general_term(problem, data)

    def _expanded(self, problem: Problem, data: dict[str, Any]) -> Outcome:
        power, symbols, target = data["power"], data["symbols"], data["target"]
        expanded = sp.expand(power)
        value = _read_coefficient(expanded, symbols, target)
        steps = [
            Step("binomial_coefficient.expand", {"expr": f"${tex(power)} = {tex(expanded)}$"}),
            Step(
                "binomial_coefficient.read",
                {"target": _shown_target(target, problem.lang), "value": m(value)},
            ),
        ]
        return Outcome(
            value, steps, Step("binomial_coefficient.answer", {"value": m(value)}), values=(value,)
        )

    def _general_term(self, problem: Problem, data: dict[str, Any]) -> Outcome:

        a, b, n, symbols, target = (data[k] for k in ("a", "b", "n", "symbols", "target"))
        ca, ma = _split(a, symbols)
        cb, mb = _split(b, symbols)
        wanted = _exponents(target, symbols)
        matches = [r for r in range(n + 1) if _exponents(ma ** (n - r) * mb**r, symbols) == wanted]
        general = (
            f"{{}}_{{{n}}}C_{{r}} \\left({tex(a)}\\right)^{{{n} - r}} \\left({tex(b)}\\right)^{{r}}"
        )
        shown_target = _shown_target(target, problem.lang)
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
            raise CannotCompute()  # two terms with equal powers: no single general term
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
                        "expr": f"${{}}_{{{n}}}C_{{{r}}}"
                        f" \\cdot \\left({tex(ca)}\\right)^{{{n - r}}}"
                        f" \\cdot \\left({tex(cb)}\\right)^{{{r}}} = {tex(value)}$"
                    },
                )
            )
        return Outcome(
            value, steps, Step("binomial_coefficient.answer", {"value": m(value)}), values=(value,)
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        symbols, target, power = data["symbols"], data["target"], data["power"]
        if data["mode"] == "binomial":
            expected = _read_coefficient(sp.expand(power), symbols, target)
            return bool(sp.simplify(expected - outcome.result) == 0)
        # Taylor's formula: the coefficient of x^i y^j is ∂^i ∂^j f(0) / (i! j!)
        wanted = _exponents(target, symbols)
        derivative = power
        scale = sp.Integer(1)
        for symbol, k in wanted.items():
            if k < 0:
                return False
            derivative = sp.diff(derivative, symbol, int(k)) if k else derivative
            scale *= sp.factorial(k)
        at_zero = derivative.subs({s: 0 for s in symbols})
        return bool(sp.simplify(at_zero / scale - outcome.result) == 0)


def _read_coefficient(expanded: Any, symbols: set[Any], target: Any) -> Any:
    wanted = _exponents(target, symbols)
    total = sp.Integer(0)
    for term in sp.Add.make_args(expanded):
        coefficient, rest = _split(term, symbols)
        if _exponents(rest, symbols) == wanted:
            total += coefficient
    return total


def _shown_target(target: Any, lang: str) -> str:
    if target == 1:
        return "상수항" if lang == "ko" else "the constant term"
    return m(target)
