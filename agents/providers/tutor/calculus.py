"""Derivatives, integrals and limits, worked step by step with SymPy."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .task import Task
from .texts import say
from .worked import CannotCompute, Worked, eq, inline, is_presentable, is_zero, pick_var, tex


def _var(task: Task) -> Any:
    expr = task.main.lhs
    preferred = task.var if task.var in expr.free_symbols else None
    if not expr.free_symbols and task.var is not None:
        preferred = task.var
    return pick_var(expr.free_symbols, preferred)


def _tidy(expr: Any) -> Any:
    """Polynomials expanded, everything else simplified if that is shorter."""
    if expr.is_polynomial():
        return sp.expand(expr)
    simpler = sp.simplify(expr)
    return simpler if sp.count_ops(simpler) < sp.count_ops(expr) else expr


def derivative(task: Task, lang: str) -> Worked:
    expr = task.main.lhs
    var = _var(task)
    name = sp.Function("f")(var)
    result = _tidy(sp.diff(expr, var))
    if not is_presentable(result):
        raise CannotCompute()
    work = Worked(steps=[say(lang, "given", expr=eq(name, expr))])
    if expr.is_Add:
        d = f"\\frac{{d}}{{d{tex(var)}}}"
        terms = ", ".join(
            f"${d}\\left({tex(term)}\\right) = {tex(_tidy(sp.diff(term, var)))}$"
            for term in sp.Add.make_args(expr)
        )
        work.steps.append(say(lang, "term_rule", expr=terms))
    else:
        work.steps.append(say(lang, "derivative_rules"))
    work.answer = f"$f'({tex(var)}) = {tex(result)}$"
    return work


def _antiderivative(expr: Any, var: Any, *, absolute: bool = False) -> Any:
    """A checked antiderivative; ``absolute`` writes ``ln|u|`` as taught in class."""
    result = sp.integrate(expr, var)
    if not is_presentable(result):
        raise CannotCompute("nonelementary")
    if not is_zero(sp.diff(result, var) - expr):
        raise CannotCompute()
    result = _tidy(result)
    if absolute:
        # SymPy's log(x) is right for x > 0; ln|x| covers both sides of 0.
        result = result.replace(
            lambda e: isinstance(e, sp.log) and not e.args[0].is_positive,
            lambda e: sp.log(sp.Abs(e.args[0])),
        )
    return result


def _integrand(expr: Any) -> str:
    """Brackets around a sum, so ``\\int (2x + 1)\\,dx`` is not misread."""
    return f"\\left({tex(expr)}\\right)" if expr.is_Add else tex(expr)


def integral(task: Task, lang: str) -> Worked:
    expr = task.main.lhs
    var = _var(task)
    dvar = f"\\,d{tex(var)}"
    if task.lower is None:
        return _indefinite(lang, expr, var, dvar)
    return _definite(lang, expr, var, dvar, task.lower, task.upper)


def _indefinite(lang: str, expr: Any, var: Any, dvar: str) -> Worked:
    result = _antiderivative(expr, var, absolute=True)
    work = Worked(steps=[say(lang, "given", expr=f"$\\int {_integrand(expr)}{dvar}$")])
    if expr.is_Add:
        terms = ", ".join(
            f"$\\int {tex(term)}{dvar} = {tex(_antiderivative(term, var, absolute=True))} + C$"
            for term in sp.Add.make_args(expr)
        )
        work.steps.append(say(lang, "term_integral", expr=terms))
    else:
        work.steps.append(say(lang, "integral_rules"))
    work.steps.append(say(lang, "check", detail=say(lang, "diff_back")))
    work.answer = f"$\\int {_integrand(expr)}{dvar} = {tex(result)} + C$"
    return work


def _definite(lang: str, expr: Any, var: Any, dvar: str, lower: Any, upper: Any) -> Worked:
    shown = f"\\int_{{{tex(lower)}}}^{{{tex(upper)}}} {_integrand(expr)}{dvar}"
    work = Worked(steps=[say(lang, "given", expr=f"${shown}$")])
    value = sp.integrate(expr, (var, lower, upper))
    if value.is_infinite:
        work.answer = say(lang, "diverges", expr=f"${shown} = {tex(value)}$")
        return work
    if not is_presentable(value) or not value.is_number:
        raise CannotCompute()
    interval = sp.Interval(min(lower, upper), max(lower, upper))
    continuous = sp.calculus.util.continuous_domain(expr, var, interval) == interval
    if continuous:
        anti = _antiderivative(expr, var)
        work.steps.append(say(lang, "antiderivative", expr=eq(sp.Function("F")(var), anti)))
        bracket = f"$\\left[{tex(anti)}\\right]_{{{tex(lower)}}}^{{{tex(upper)}}} = {tex(value)}$"
        work.steps.append(say(lang, "ftc", expr=bracket))
    work.answer = f"${shown} = {tex(value)}$"
    if not value.is_Rational:
        work.answer += " (" + say(lang, "approx", expr=f"${sp.N(value, 6)}$") + ")"
    return work


def limit(task: Task, lang: str) -> Worked:
    expr = task.main.lhs
    var = _var(task)
    point = task.point
    shown = f"\\lim_{{{tex(var)} \\to {tex(point)}}} {tex(expr)}"
    work = Worked(steps=[say(lang, "given", expr=f"${shown}$")])
    direct = _substitute(expr, var, point)
    if direct is not None:
        work.steps.append(
            say(
                lang,
                "limit_substitute",
                var=inline(var),
                point=inline(point),
                value=inline(direct),
            )
        )
    else:
        work.steps.append(say(lang, "limit_indeterminate"))
    if point.is_infinite:
        value = sp.limit(expr, var, point)
        sides = (value, value)
    else:
        sides = (sp.limit(expr, var, point, "+"), sp.limit(expr, var, point, "-"))
    if any(isinstance(side, sp.AccumBounds) for side in sides):
        work.answer = say(lang, "limit_oscillates")
        return work
    if any(side.has(sp.Limit, sp.nan) for side in sides):
        raise CannotCompute()
    right, left = sides
    if right != left:
        detail = say(lang, "one_sided", right=inline(right), left=inline(left))
        work.answer = say(lang, "limit_dne", detail=detail)
        return work
    if direct is not None and direct != right:
        raise CannotCompute()  # the two methods disagree: say nothing rather than guess
    work.answer = f"${shown} = {tex(right)}$"
    return work


def _substitute(expr: Any, var: Any, point: Any) -> Any:
    """The value by plain substitution, or None when that is indeterminate."""
    if point.is_infinite:
        return None
    try:
        value = sp.simplify(expr.subs(var, point))
    except Exception:
        return None
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not value.is_number:
        return None
    return value
