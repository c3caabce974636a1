# ruff: noqa: E501
"""Equations in one unknown: linear, quadratic (discriminant, Vieta), higher
degree by the rational root theorem, fractional, irrational, with absolute
values or exponentials."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close, is_zero, numeric_roots
from ..explain import eq, m, tex
from ..problem import Formula, Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .common import pick_var
from .rational import fractional_candidates, squared_equation


def _single_equation(problem: Problem) -> Formula | None:
    equations = problem.equations()
    if len(equations) != 1 or problem.inequalities() or problem.curves:
        return None
    return equations[0]


def _roots_text(var: Any, roots: list[Any], lang: str) -> str:
    joiner = " 또는 " if lang == "ko" else " or "
    return joiner.join(eq(var, r) for r in roots)


def _polynomial_roots(poly: sp.Poly) -> list[Any]:
    found = sp.roots(poly)
    if sum(found.values()) != poly.degree():
        raise CannotCompute()
    return sorted(found, key=lambda r: (not r.is_real, sp.re(r), sp.im(r)))


class SolveEquation(TaskType):
    name = "solve_equation"
    area = "equations"
    requires = ("one equation in one unknown",)
    check_name = "substitution_and_count"

    def detect(self, problem: Problem) -> Detection | None:
        formula = _single_equation(problem)
        if formula is None or problem.functions() or problem.sums:
            return None
        symbols = formula.relation.free_symbols
        if not symbols:
            return None
        text = problem.text
        other = any(
            c.search(text)
            for c in (
                cues.DERIVATIVE,
                cues.INTEGRAL,
                cues.AREA,
                cues.TANGENT,
                cues.FACTOR,
                cues.DISCRIMINANT,
                cues.VIETA,
            )
        )
        if len(symbols) > 1 and problem.variable not in symbols:
            return self.found(
                DEFAULT,
                "solve_equation.ask_variable",
                offer={"vars": ", ".join(m(s) for s in sorted(symbols, key=str))},
            )
        var = pick_var(symbols, problem.variable)
        if (
            len(symbols) == 1
            and formula.relation.lhs == var
            and not formula.relation.rhs.free_symbols
        ):
            return None  # ``x = 3`` is a condition, not an equation to solve
        if other and not cues.SOLVE.search(text):
            return None
        score = CERTAIN if cues.SOLVE.search(text) or cues.FACTOR.search(text) else DEFAULT
        return self.found(
            score, formula=formula, var=var, offer={"eq": m(formula.relation.as_sympy())}
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        formula: Formula = detection.data["formula"]
        var = detection.data["var"]
        relation = formula.relation
        expr = sp.expand(relation.lhs - relation.rhs)
        steps = [Step("solve_equation.given", {"eq": m(relation.as_sympy())})]
        numerator, denominator = sp.fraction(sp.together(expr))
        others = expr.free_symbols - {var}
        kind = "set"
        if others:
            roots = sp.solve(relation.as_sympy(), var)
            if not roots:
                raise CannotCompute()
            steps.append(Step("solve_equation.literal", {"var": m(var)}))
        elif numerator.is_polynomial(var) and not denominator.has(var):
            poly = sp.Poly(numerator, var)
            roots = self._polynomial(poly, var, steps, problem.lang)
        else:
            roots = self._general(expr, relation, var, denominator, steps)
        detection.data["roots"] = roots
        if not roots:
            return Outcome(
                sp.EmptySet,
                steps,
                Step("solve_equation.no_solution", {}),
                values=(),
                data={"kind": kind},
            )
        answer = Step("solve_equation.answer", {"value": _roots_text(var, roots, problem.lang)})
        return Outcome(
            sp.FiniteSet(*roots),
            steps,
            answer,
            values=tuple(roots),
            data={"kind": kind, "var": var},
        )

    def _polynomial(self, poly: sp.Poly, var: Any, steps: list[Step], lang: str) -> list[Any]:
        degree = poly.degree()
        if degree < 1:
            raise CannotCompute("solve_equation.identity_or_none")
        coeffs = poly.all_coeffs()
        if degree == 1:
            a, b = coeffs
            steps.append(
                Step("solve_equation.linear", {"expr": eq(a * var, -b), "root": eq(var, -b / a)})
            )
            return [-b / a]
        if degree == 2:
            a, b, c = coeffs
            disc = b**2 - 4 * a * c
            steps.append(Step("solve_equation.standard", {"expr": eq(poly.as_expr(), 0)}))
            steps.append(
                Step("solve_equation.discriminant", {"expr": f"$D = b^2 - 4ac = {tex(disc)}$"})
            )
            factored = sp.factor(poly.as_expr())
            if factored.is_Mul or factored.is_Pow:
                steps.append(Step("solve_equation.factored", {"expr": eq(factored, 0)}))
            else:
                steps.append(Step("solve_equation.formula", {}))
            steps.append(
                Step(
                    "solve_equation.disc_"
                    + ("pos" if disc > 0 else "zero" if disc == 0 else "neg"),
                    {},
                )
            )
            return _polynomial_roots(poly)
        rational = sorted(sp.roots(poly, filter="Q"))
        if rational:
            root = rational[0]
            quotient = sp.quo(poly.as_expr(), var - root)
            steps.append(
                Step(
                    "solve_equation.rational_root",
                    {"value": f"$f({tex(root)}) = 0$", "factor": m(var - root)},
                )
            )
            steps.append(
                Step(
                    "solve_equation.synthetic",
                    {"expr": eq(sp.factor(poly.as_expr()), 0), "q": m(quotient)},
                )
            )
        else:
            steps.append(
                Step("solve_equation.factored", {"expr": eq(sp.factor(poly.as_expr()), 0)})
            )
        return _polynomial_roots(poly)

    def _general(
        self, expr: Any, relation: Any, var: Any, denominator: Any, steps: list[Step]
    ) -> list[Any]:
        original = relation.as_sympy()
        rejected: list[Any] = []
        if denominator.has(var):
            lcd, _, rejected = fractional_candidates(relation.lhs, relation.rhs, var)
            steps.append(Step("solve_equation.fractional", {"den": m(lcd)}))
        if any(
            p.exp.is_Rational and not p.exp.is_Integer
            for p in expr.atoms(sp.Pow)
            if p.base.has(var)
        ):
            steps.append(Step("solve_equation.irrational", {}))
        if expr.has(sp.Abs):
            steps.append(Step("solve_equation.absolute", {}))
        if any(p.exp.has(var) for p in expr.atoms(sp.Pow)) or expr.has(sp.exp) or expr.has(sp.log):
            steps.append(Step("solve_equation.exponential", {}))
        if expr.has(sp.sin, sp.cos, sp.tan):
            raise CannotCompute("solve_equation.trig_needs_interval")
        solutions = sp.solveset(original, var, domain=sp.S.Reals)
        if not isinstance(solutions, sp.FiniteSet) and solutions != sp.EmptySet:
            raise CannotCompute()
        roots = sorted(solutions, key=lambda r: sp.N(r)) if solutions != sp.EmptySet else []
        if rejected:
            shown = ", ".join(m(r) for r in rejected)
            steps.append(Step("solve_equation.zero_denominator", {"values": shown}))
        if steps[-1].key != "solve_equation.irrational":
            return roots
        squared = squared_equation(relation.lhs, relation.rhs, var)
        if squared is None:
            return roots
        if sp.Poly(squared, var).LC() < 0:
            squared = -squared
        candidates = sorted((r for r in sp.solve(squared, var) if r.is_real), key=lambda r: sp.N(r))
        steps.append(
            Step(
                "solve_equation.squared",
                {"expr": eq(squared, 0), "roots": ", ".join(eq(var, r) for r in candidates) or "-"},
            )
        )
        extraneous = [r for r in candidates if r not in roots]
        if extraneous:
            steps.append(
                Step("solve_equation.extraneous", {"values": ", ".join(m(r) for r in extraneous)})
            )
        return roots

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        relation = detection.data["formula"].relation
        var = detection.data["var"]
        roots = list(outcome.values)
        for root in roots:
            if not is_zero(relation.lhs.subs(var, root) - relation.rhs.subs(var, root)):
                return False
        others = (relation.lhs - relation.rhs).free_symbols - {var}
        if others:
            return True
        expr = sp.together(relation.lhs - relation.rhs)
        numerator, denominator = sp.fraction(expr)
        if numerator.is_polynomial(var) and not denominator.has(var):
            # A second route: numeric roots of the polynomial, with multiplicity.
            numeric = numeric_roots(sp.Poly(numerator, var))
            return all(any(close(n, r, 1e-5) for r in roots) for n in numeric)
        real = sp.Symbol(var.name, real=True)
        try:
            second = [r for r in sp.solve(relation.as_sympy().subs(var, real), real) if r.is_real]
        except NotImplementedError:
            return True  # every stated root was substituted back above
        return (
            len({sp.nsimplify(sp.N(r, 20), tolerance=1e-15) for r in second}) == len(roots)
            or not second
        )


def _quadratic(problem: Problem) -> tuple[Any, Any, Formula | None] | None:
    formula = _single_equation(problem)
    if formula is not None:
        expr = sp.expand(formula.relation.as_zero())
    else:
        exprs = [f.expr for f in problem.expressions() if f.expr.free_symbols]
        if len(exprs) != 1:
            return None
        expr = sp.expand(exprs[0])
    symbols = expr.free_symbols
    if len(symbols) != 1:
        return None
    (var,) = symbols
    if not expr.is_polynomial(var) or sp.degree(expr, var) != 2:
        return None
    return expr, var, formula


class Discriminant(TaskType):
    name = "discriminant"
    area = "equations"
    requires = ("a quadratic",)
    check_name = "roots_recomputed"
    shadows = ("solve_equation",)

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.DISCRIMINANT.search(problem.text):
            return None
        found = _quadratic(problem)
        if found is None:
            return None
        return self.found(CERTAIN, expr=found[0], var=found[1])

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var = detection.data["expr"], detection.data["var"]
        a, b, c = sp.Poly(expr, var).all_coeffs()
        disc = b**2 - 4 * a * c
        nature = "pos" if disc > 0 else "zero" if disc == 0 else "neg"
        steps = [
            Step("discriminant.coefficients", {"a": m(a), "b": m(b), "c": m(c)}),
            Step(
                "discriminant.value",
                {
                    "expr": f"$D = ({tex(b)})^2 - 4 \\cdot ({tex(a)}) \\cdot ({tex(c)}) = {tex(disc)}$"
                },
            ),
        ]
        answer = Step(f"discriminant.answer_{nature}", {"value": f"$D = {tex(disc)}$"})
        return Outcome(disc, steps, answer, values=(disc,), data={"nature": nature})

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        roots = numeric_roots(sp.Poly(expr, var))
        a = sp.Poly(expr, var).LC()
        recomputed = (a * (roots[0] - roots[-1])) ** 2 if len(roots) == 2 else 0
        return close(recomputed, outcome.result, 1e-8)


_ALPHA, _BETA = sp.Symbol("alpha"), sp.Symbol("beta")


class Vieta(TaskType):
    """Sum, product or a symmetric expression of the two roots of a quadratic."""

    name = "vieta"
    area = "equations"
    requires = ("a quadratic equation", "what to compute from its roots")
    check_name = "roots_recomputed"
    shadows = ("solve_equation",)

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        symmetric = [f.expr for f in problem.expressions() if f.expr.free_symbols & {_ALPHA, _BETA}]
        if not (cues.VIETA.search(text) or symmetric):
            return None
        found = _quadratic(problem)
        if found is None or found[2] is None:
            return None
        if symmetric:
            target = symmetric[0]
        else:
            wants_sum = bool(re.search(r"합|\bsum\b", text))
            wants_product = bool(re.search(r"곱|product", text))
            if wants_sum == wants_product:
                target = sp.Tuple(_ALPHA + _BETA, _ALPHA * _BETA)
            else:
                target = _ALPHA + _BETA if wants_sum else _ALPHA * _BETA
        return self.found(CERTAIN, expr=found[0], var=found[1], target=target)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var, target = detection.data["expr"], detection.data["var"], detection.data["target"]
        a, b, c = sp.Poly(expr, var).all_coeffs()
        total, product = -b / a, c / a
        steps = [
            Step(
                "vieta.rule",
                {
                    "sum": f"$\\alpha + \\beta = -\\frac{{b}}{{a}} = {tex(total)}$",
                    "product": f"$\\alpha\\beta = \\frac{{c}}{{a}} = {tex(product)}$",
                },
            )
        ]
        targets = list(target) if isinstance(target, sp.Tuple) else [target]
        values = []
        for item in targets:
            in_sums, rest, names = sp.polys.polyfuncs.symmetrize(item, _ALPHA, _BETA, formal=True)
            if rest != 0:
                raise CannotCompute()
            (s1, _), (s2, _) = names
            value = sp.simplify(in_sums.subs({s1: total, s2: product}))
            if item not in (_ALPHA + _BETA, _ALPHA * _BETA):
                shown = in_sums.subs({s1: sp.Symbol("(alpha+beta)"), s2: sp.Symbol("alpha beta")})
                steps.append(
                    Step(
                        "vieta.symmetric", {"expr": f"${tex(item)} = {tex(shown)} = {tex(value)}$"}
                    )
                )
            values.append(value)
        shown = ", ".join(f"${tex(t)} = {tex(v)}$" for t, v in zip(targets, values, strict=True))
        return Outcome(
            values[0] if len(values) == 1 else sp.Tuple(*values),
            steps,
            Step("vieta.answer", {"value": shown}),
            values=tuple(values),
            data={"targets": targets},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        roots = numeric_roots(sp.Poly(expr, var))
        if len(roots) != 2:
            return False
        return all(
            close(t.subs({_ALPHA: roots[0], _BETA: roots[1]}), v, 1e-8)
            for t, v in zip(outcome.data["targets"], outcome.values, strict=True)
        )
