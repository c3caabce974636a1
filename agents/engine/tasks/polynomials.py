# ruff: noqa: SIM223
"""Polynomials: expansion, factoring (cubics by the factor theorem),
simplifying rational expressions, and division with quotient and remainder
(the remainder theorem)."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import same_function
from ..explain import eq, m, tex
from ..problem import Problem
from .base import CERTAIN, POSSIBLE, CannotCompute, Detection, Outcome, Step, TaskType
from .common import pick_var, symbolic_expressions

_SIMPLIFY = re.compile(
    r"간단히|정리|약분|simplif|reduce|계산|compute|calculate|work\s+out|\bsum\b|difference|product",
    re.I,
)


def _one_expression(problem: Problem) -> Any | None:
    exprs = symbolic_expressions(problem)
    if len(exprs) != 1 or problem.equations() or problem.inequalities():
        return None
    return exprs[0]


class Expand(TaskType):
    name = "expand"
    area = "polynomials"
    requires = ("an expression with variables",)
    check_name = "random_points"

    def detect(self, problem: Problem) -> Detection | None:
        expr = _one_expression(problem)
        if expr is None:
            return None
        if cues.EXPAND.search(problem.text):
            return self.found(CERTAIN, expr=expr)
        return self.found(POSSIBLE, expr=expr, offer={"expr": m(expr)})

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr = detection.data["expr"]
        result = sp.expand(expr)
        steps = [Step("expand.given", {"expr": m(expr)}), Step("expand.rule", {})]
        steps.append(Step("expand.result", {"expr": f"${tex(expr)} = {tex(result)}$"}))
        return Outcome(
            result,
            steps,
            Step("expand.answer", {"value": m(result)}),
            values=(result,),
            data={"kind": "function"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr = detection.data["expr"]
        return same_function(expr, outcome.result, expr.free_symbols)


class Factor(TaskType):
    name = "factor"
    area = "polynomials"
    requires = ("a polynomial",)
    check_name = "re_expand"

    def detect(self, problem: Problem) -> Detection | None:
        expr = _one_expression(problem)
        if expr is None or not expr.is_polynomial(*expr.free_symbols):
            return None
        if cues.FACTOR.search(problem.text):
            return self.found(CERTAIN, expr=expr)
        return self.found(POSSIBLE, expr=expr, offer={"expr": m(expr)})

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr = sp.expand(detection.data["expr"])
        result = sp.factor(expr)
        steps = [Step("factor.given", {"expr": m(expr)})]
        symbols = expr.free_symbols
        if sp.expand(result) == expr and not result.is_Mul and not result.is_Pow:
            steps.append(Step("factor.irreducible", {"expr": m(expr)}))
            return Outcome(
                result,
                steps,
                Step("factor.irreducible_answer", {"expr": m(expr)}),
                values=(result,),
                data={"kind": "function"},
            )
        if len(symbols) == 1:
            (var,) = symbols
            poly = sp.Poly(expr, var)
            if poly.degree() >= 3:
                rational = [r for r in sp.roots(poly, filter="Q")]
                if rational:
                    root = sorted(rational)[0]
                    quotient = sp.quo(expr, var - root)
                    steps.append(
                        Step(
                            "factor.factor_theorem",
                            {"value": eq(sp.Function("f")(root), 0), "factor": m(var - root)},
                        )
                    )
                    steps.append(
                        Step(
                            "factor.quotient",
                            {"expr": f"${tex(expr)} = ({tex(var - root)})({tex(quotient)})$"},
                        )
                    )
            elif poly.degree() == 2:
                steps.append(Step("factor.quadratic", {}))
        common = sp.gcd_terms(expr)
        if common != expr and common.is_Mul:
            steps.append(Step("factor.common", {}))
        steps.append(Step("factor.result", {"expr": f"${tex(expr)} = {tex(result)}$"}))
        return Outcome(
            result,
            steps,
            Step("factor.answer", {"value": m(result)}),
            values=(result,),
            data={"kind": "function"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr = sp.expand(detection.data["expr"])
        if sp.expand(outcome.result) != expr:
            return False
        _, factors = sp.factor_list(outcome.result)
        return all(sp.Poly(f, *f.free_symbols).is_irreducible for f, _ in factors if f.free_symbols)


class Simplify(TaskType):
    name = "simplify"
    area = "polynomials"
    requires = ("an expression with variables",)
    check_name = "random_points"
    shadows = ("expand",)

    def detect(self, problem: Problem) -> Detection | None:
        expr = _one_expression(problem)
        if expr is None or problem.assignments or cues.FACTOR.search(problem.text):
            return None
        if cues.EXPAND.search(problem.text) or cues.DERIVATIVE.search(problem.text):
            return None
        if cues.INTEGRAL.search(problem.text) or cues.LIMIT.search(problem.text):
            return None
        if _SIMPLIFY.search(problem.text):
            return self.found(CERTAIN, expr=expr)
        return self.found(POSSIBLE, expr=expr, offer={"expr": m(expr)})

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr = detection.data["expr"]
        symbols = expr.free_symbols
        numerator, denominator = sp.fraction(sp.together(expr))
        steps = [Step("simplify.given", {"expr": m(expr)})]
        if denominator.free_symbols:
            result = sp.factor(sp.cancel(sp.together(expr)))
            result = sp.expand(result) if sp.fraction(result)[1] == 1 else result
            steps.append(
                Step(
                    "simplify.cancel",
                    {"num": m(sp.factor(numerator)), "den": m(sp.factor(denominator))},
                )
            )
            excluded = sp.solve(denominator, *symbols) if len(symbols) == 1 else []
            if excluded:
                steps.append(
                    Step("simplify.excluded", {"values": ", ".join(m(v) for v in excluded)})
                )
        else:
            result = sp.expand(expr)
            steps.append(Step("simplify.collect", {}))
        steps.append(Step("simplify.result", {"expr": f"${tex(expr)} = {tex(result)}$"}))
        return Outcome(
            result,
            steps,
            Step("simplify.answer", {"value": m(result)}),
            values=(result,),
            data={"kind": "function"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr = detection.data["expr"]
        return same_function(expr, outcome.result, expr.free_symbols)


def _division_operands(problem: Problem) -> tuple[Any, Any] | None:
    for formula in problem.formulas:
        if "÷" in formula.source:
            left, _, right = formula.source.partition("÷")
            from ..parse import parse_expression

            return parse_expression(left), parse_expression(right)
    exprs = symbolic_expressions(problem)
    exprs += [
        f.expr
        for f in problem.formulas
        if f.relation.is_equation and f.relation.lhs.is_Symbol and False
    ]
    if len(exprs) >= 2:
        return exprs[0], exprs[1]
    return None


class PolynomialDivision(TaskType):
    """Quotient and/or remainder of A ÷ B; a linear divisor uses the remainder theorem."""

    name = "polynomial_division"
    area = "polynomials"
    requires = ("a dividend polynomial", "a divisor polynomial")
    check_name = "division_identity"
    shadows = ("factor", "expand", "simplify")

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.DIVIDE.search(problem.text) or cues.FACTOR_THEOREM.search(problem.text):
            return None
        operands = _division_operands(problem)
        if operands is None:
            return None
        dividend, divisor = operands
        symbols = dividend.free_symbols | divisor.free_symbols
        if len(symbols) != 1:
            return None
        var = pick_var(symbols)
        if (
            not (dividend.is_polynomial(var) and divisor.is_polynomial(var))
            or sp.degree(divisor, var) < 1
        ):
            return None
        remainder = bool(cues.REMAINDER.search(problem.text))
        quotient = bool(cues.QUOTIENT.search(problem.text))
        if not (remainder or quotient):
            remainder = quotient = True
        return self.found(
            CERTAIN,
            dividend=sp.expand(dividend),
            divisor=sp.expand(divisor),
            var=var,
            remainder=remainder,
            quotient=quotient,
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        a, b, var = data["dividend"], data["divisor"], data["var"]
        q, r = sp.div(a, b, var)
        steps = [Step("polynomial_division.given", {"a": m(a), "b": m(b)})]
        if sp.degree(b, var) == 1:
            root = sp.solve(b, var)[0]
            steps.append(
                Step(
                    "polynomial_division.remainder_theorem",
                    {"b": m(b), "value": f"$f({tex(root)}) = {tex(r)}$"},
                )
            )
        steps.append(
            Step(
                "polynomial_division.identity",
                {
                    "expr": f"${tex(a)} = ({tex(b)})({tex(q)}) + {tex(r)}$"
                    if r != 0
                    else f"${tex(a)} = ({tex(b)})({tex(q)})$"
                },
            )
        )
        values: list[Any] = []
        parts: list[str] = []
        if data["quotient"]:
            values.append(q)
            parts.append(("몫 " if problem.lang == "ko" else "quotient ") + m(q))
        if data["remainder"]:
            values.append(r)
            parts.append(("나머지 " if problem.lang == "ko" else "remainder ") + m(r))
        return Outcome(
            sp.Tuple(*values) if len(values) > 1 else values[0],
            steps,
            Step("polynomial_division.answer", {"value": ", ".join(parts)}),
            values=tuple(values),
            data={"q": q, "r": r},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        a, b, var = data["dividend"], data["divisor"], data["var"]
        q, r = outcome.data["q"], outcome.data["r"]
        if sp.expand(b * q + r - a) != 0 or sp.degree(r, var) >= sp.degree(b, var):
            return False
        if sp.degree(b, var) == 1:
            root = sp.solve(b, var)[0]
            return bool(sp.simplify(a.subs(var, root) - r) == 0)
        return True


class FactorTheorem(TaskType):
    """An unknown coefficient from a divisibility or remainder condition."""

    name = "factor_theorem"
    area = "polynomials"
    requires = ("a polynomial with one unknown coefficient", "a linear divisor")
    check_name = "remainder_theorem"
    shadows = ("polynomial_division", "factor", "solve_equation")

    def detect(self, problem: Problem) -> Detection | None:
        divisible = bool(cues.FACTOR_THEOREM.search(problem.text))
        remainder_given = re.search(
            r"나머지가\s*(-?\d+)|remainder\s+(?:is|of)\s+(-?\d+)", problem.text
        )
        if not (divisible or remainder_given):
            return None
        exprs = symbolic_expressions(problem)
        if len(exprs) < 2:
            return None
        dividend, divisor = exprs[0], exprs[1]
        var = pick_var(divisor.free_symbols)
        params = dividend.free_symbols - {var}
        if len(params) != 1 or not divisor.is_polynomial(var) or sp.degree(divisor, var) != 1:
            return None
        target = sp.Integer(0)
        if remainder_given is not None and not divisible:
            target = sp.Integer(remainder_given[1] or remainder_given[2])
        return self.found(
            CERTAIN, dividend=dividend, divisor=divisor, var=var, param=params.pop(), target=target
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        a, b, var, k, target = (
            data["dividend"],
            data["divisor"],
            data["var"],
            data["param"],
            data["target"],
        )
        root = sp.solve(b, var)[0]
        condition = sp.expand(a.subs(var, root))
        values = sp.solve(sp.Eq(condition, target), k)
        if len(values) != 1:
            raise CannotCompute()
        steps = [
            Step("factor_theorem.rule", {"b": m(b), "root": m(root), "target": m(target)}),
            Step("factor_theorem.equation", {"expr": eq(condition, target)}),
        ]
        value = values[0]
        # The parameter is the solution of its condition: stated as a solution set, like k in
        # the other "find k" tasks.
        return Outcome(
            sp.FiniteSet(value),
            steps,
            Step("factor_theorem.answer", {"value": eq(k, value)}),
            values=(value,),
            data={"kind": "set"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        a = data["dividend"].subs(data["param"], outcome.values[0])
        _, r = sp.div(sp.expand(a), data["divisor"], data["var"])
        return bool(sp.simplify(r - data["target"]) == 0)
