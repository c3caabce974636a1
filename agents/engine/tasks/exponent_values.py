"""The value of a numeric expression with logarithms or powers, worked with
the exponent and log laws (``2^3·2^5 = 2^(3+5)``, ``log_2 8 = log_2 2^3 = 3``,
``log_6 2 + log_6 3 = log_6 6``, change of base for products of logs)."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import tex
from ..parse import parse_unevaluated
from ..problem import Formula, Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .explog import WrittenLog, exact_log
from .explog import written as written_form

_POWERS = re.compile(r"\^\s*\(?\s*-|\^\s*\(?\s*\d+\s*/\s*\d+|\^.*\^")


def _needs_laws(source: str) -> bool:
    return bool(re.search(r"log|ln", source) or _POWERS.search(source))


class ExpLogValue(TaskType):
    name = "exp_log_value"
    area = "exponents_logs"
    requires = ("a numeric expression with logarithms or powers",)
    check_name = "numeric_evaluation"
    shadows = ("evaluate",)

    def detect(self, problem: Problem) -> Detection | None:
        numeric = [
            f for f in problem.formulas if f.relation.is_expression and not f.relation.free_symbols
        ]
        if len(numeric) != 1 or len(problem.formulas) > 1 or problem.functions():
            return None
        if problem.sums or problem.limit or problem.bounds or problem.percents:
            return None
        formula = numeric[0]
        if not _needs_laws(formula.source) or re.search(r"sin|cos|tan|\bi\b", formula.source):
            return None
        text = problem.text
        score = CERTAIN if cues.SIMPLIFY.search(text) or cues.VALUE.search(text) else DEFAULT
        return self.found(score, formula=formula)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        formula: Formula = detection.data["formula"]
        written = written_form(formula.source)
        value = sp.simplify(sp.expand_log(formula.expr, force=True))
        if not value.is_number or not value.is_finite or value.has(sp.I):
            undefined = (
                "exp_log_value.undefined" if written.has(WrittenLog) else "evaluate.undefined"
            )
            raise CannotCompute(undefined)
        shown = sp.latex(written, order="none", mul_symbol="dot")
        steps = [Step("exp_log_value.given", {"expr": f"${shown}$"})]
        if written.has(WrittenLog):
            steps += _log_steps(written)
        else:
            steps += _power_steps(written)
        steps.append(Step("exp_log_value.value", {"expr": f"${shown} = {tex(value)}$"}))
        return Outcome(
            value,
            steps,
            Step("exp_log_value.answer", {"value": f"${tex(value)}$"}),
            values=(value,),
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        formula: Formula = detection.data["formula"]
        direct = parse_unevaluated(formula.source).doit()
        return close(sp.N(direct, 40), outcome.result)


def _in_order(written: Any) -> list[Any]:
    return list(
        dict.fromkeys(e for e in sp.preorder_traversal(written) if isinstance(e, WrittenLog))
    )


def _log_steps(written: Any) -> list[Step]:
    logs = _in_order(written)
    steps = [Step("exp_log_value.log_laws", {})]
    values = {log: log.value() for log in logs}
    exact = [log for log in logs if values[log].is_Rational]
    for log in exact:
        _argument, base = (a.doit() for a in log.args)
        power = values[log]
        middle = ""
        if power.is_Integer and base.is_Integer and power not in (0, 1):
            middle = f" = {tex(WrittenLog(sp.Pow(base, power, evaluate=False), base))}"
        steps.append(
            Step("exp_log_value.log_value", {"expr": f"${tex(log)}{middle} = {tex(power)}$"})
        )
    if len(exact) == len(logs):
        return steps
    bases = {log.args[1] for log in logs}
    if len(bases) == 1 and not any(
        f.is_Mul and f.has(WrittenLog) and len(_in_order(f)) > 1 for f in sp.Add.make_args(written)
    ):
        (base,) = bases
        product = sp.Integer(1)
        for term in sp.Add.make_args(written):
            coefficient, log = term.as_independent(WrittenLog, as_Add=False)
            coefficient = coefficient.doit()
            if not isinstance(log, WrittenLog) or not coefficient.is_Rational:
                return steps
            product *= log.args[0].doit() ** coefficient
        combined = WrittenLog(product, base)
        value = tex(exact_log(product, base))
        steps.append(Step("exp_log_value.combined", {"expr": f"${tex(combined)} = {value}$"}))
        return steps
    ratios = written.replace(
        lambda e: isinstance(e, WrittenLog),
        lambda e: sp.Symbol(f"\\frac{{\\log {tex(e.args[0])}}}{{\\log {tex(e.args[1])}}}"),
    )
    steps.append(Step("exp_log_value.change_of_base", {}))
    shown = sp.latex(ratios, order="none", mul_symbol="dot")
    steps.append(Step("exp_log_value.log_value", {"expr": f"$= {shown}$"}))
    return steps


def _power_steps(written: Any) -> list[Step]:
    """``8^(2/3)·4^(-1)`` as powers of primes with the exponents added."""
    exponents: dict[int, list[Any]] = {}
    for factor in sp.Mul.make_args(written):
        base, exponent = factor.as_base_exp()
        while base.is_Pow and base.base.is_Integer:  # (2^3)^2
            exponent = exponent * base.exp
            base = base.base
        base, exponent = base.doit(), exponent.doit()
        if not (base.is_Integer and base > 1 and exponent.is_Rational):
            return [Step("exp_log_value.power_laws", {})]
        for prime, k in sp.factorint(int(base)).items():
            exponents.setdefault(prime, []).append(k * exponent)
    parts = []
    for prime, terms in exponents.items():
        total = sum(terms)
        added = " + ".join(tex(t) if t >= 0 else f"({tex(t)})" for t in terms)
        parts.append((prime, added, total))
    shown = " \\cdot ".join(f"{p}^{{{added}}}" for p, added, _ in parts)
    totals = " \\cdot ".join(f"{p}^{{{tex(total)}}}" for p, _, total in parts)
    return [
        Step("exp_log_value.power_laws", {}),
        Step("exp_log_value.as_powers", {"expr": f"${shown} = {totals}$"}),
    ]
