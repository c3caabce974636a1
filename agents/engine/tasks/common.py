"""Helpers the task types share: choosing the variable and the main expression."""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..problem import Problem

X = sp.Symbol("x")


def pick_var(symbols: set[Any], preferred: Any = None) -> Any:
    """The unknown: the one asked for, else x, t, y..., else the first by name."""
    if preferred is not None and preferred in symbols:
        return preferred
    for name in ("x", "t", "y", "z", "n", "k", "theta"):
        if sp.Symbol(name) in symbols:
            return sp.Symbol(name)
    return sorted(symbols, key=str)[0]


def symbolic_expressions(problem: Problem) -> list[Any]:
    """Expressions with variables: defined functions' bodies first, then formulas."""
    found = [d.body for d in problem.functions()]
    found += [f.expr for f in problem.formulas if f.relation.is_expression and f.expr.free_symbols]
    return found


def is_polynomial(expr: Any, var: Any) -> bool:
    return bool(expr.is_polynomial(var))


def degree(expr: Any, var: Any) -> int:
    return int(sp.degree(expr, var)) if expr.is_polynomial(var) else -1


def main_function(problem: Problem) -> tuple[Any, Any, str] | None:
    """The function the question is about: ``(body, variable, name)``.

    A defined function (``f(x) = ...``), else a curve (``y = ...``), else the
    single expression with variables in the question.
    """
    function = problem.function()
    if function is not None:
        return function.body, function.var, function.name
    exprs = [f.expr for f in problem.formulas if f.relation.is_expression and f.expr.free_symbols]
    if len(exprs) != 1:
        return None
    expr = exprs[0]
    var = pick_var(expr.free_symbols, problem.variable)
    return expr, var, "f"


def point_of(problem: Problem, var: Any) -> Any | None:
    """The point named by ``x = a`` (or ``t = a``) in the question."""
    if var in problem.assignments:
        return problem.assignments[var]
    if len(problem.assignments) == 1:
        (value,) = problem.assignments.values()
        return value
    return None


def rule_names(expr: Any, var: Any) -> list[str]:
    """Differentiation rules a worked answer should name for ``expr``."""
    rules: list[str] = []
    numerator, denominator = sp.fraction(sp.together(expr))
    if denominator.has(var) and numerator.has(var) and not expr.is_polynomial(var):
        rules.append("quotient")
    terms = sp.Add.make_args(sp.expand(expr)) if expr.is_polynomial(var) else sp.Add.make_args(expr)
    for term in terms:
        factors = [f for f in sp.Mul.make_args(term) if f.has(var)]
        if len(factors) >= 2 and "quotient" not in rules:
            rules.append("product")
        for factor in factors:
            inner = factor.args[0] if factor.args else None
            if (factor.is_Pow and factor.base.has(var) and factor.base != var) or (
                factor.is_Function and inner is not None and inner != var and inner.has(var)
            ):
                rules.append("chain")
    if expr.is_polynomial(var):
        rules.insert(0, "power")
    if expr.has(sp.exp) or any(p.base == sp.E for p in expr.atoms(sp.Pow)):
        rules.append("exp")
    if expr.has(sp.log):
        rules.append("log")
    if expr.has(sp.sin, sp.cos, sp.tan):
        rules.append("trig")
    return list(dict.fromkeys(rules)) or ["power"]
