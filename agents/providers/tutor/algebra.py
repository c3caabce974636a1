"""Arithmetic and expression work: evaluate, factor, expand, simplify, vertex."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .parse import MathParseError, unevaluated
from .task import Task
from .texts import say
from .worked import CannotCompute, Worked, eq, inline, is_presentable, join_terms, pick_var, tex


def evaluate(task: Task, lang: str) -> Worked:
    value = task.main.lhs
    work = Worked(steps=[say(lang, "precedence")])
    try:
        written = unevaluated(task.sources[0])
    except (MathParseError, IndexError):
        written = value
    if value.has(sp.zoo, sp.nan) or value.is_infinite:
        work.answer = f"`{task.sources[0]}`: " + say(lang, "undefined")
        return work
    if not value.is_Rational:
        # log(8)/log(2) is 3: SymPy leaves such quotients alone unless asked.
        simpler = sp.simplify(value)
        value = simpler if sp.count_ops(simpler) <= sp.count_ops(value) else value
    if not is_presentable(value):
        raise CannotCompute()
    chain = [join_terms(written.args) if written.is_Add else tex(written)]
    if written.is_Add and any(not term.is_Atom for term in written.args):
        # Show each term worked out first: 12·7 + 3 = 84 + 3 = 87.
        chain.append(join_terms(sp.sympify(term).doit() for term in written.args))
    chain.append(tex(value))
    shown = " = ".join(dict.fromkeys(chain))  # drop repeats, keep order
    work.steps.append(f"${shown}$")
    work.answer = inline(value)
    if not value.is_Rational:
        work.answer += " (" + say(lang, "approx", expr=f"${sp.N(value, 6)}$") + ")"
    return work


def factor(task: Task, lang: str) -> Worked:
    expr = task.main.lhs
    result = sp.factor(expr)
    work = Worked(steps=[say(lang, "given", expr=inline(expr)), say(lang, "factor_hint")])
    if sp.expand(result - expr) != 0 or not is_presentable(result):
        raise CannotCompute()
    if not (result.is_Mul or result.is_Pow) or result == expr:
        work.answer = say(lang, "irreducible", expr=inline(expr))
        return work
    work.steps.append(say(lang, "check", detail=say(lang, "expand_back")))
    work.answer = eq(expr, result)
    return work


def expand(task: Task, lang: str) -> Worked:
    expr = task.main.lhs
    result = sp.expand(expr)
    work = Worked(steps=[say(lang, "given", expr=inline(expr)), say(lang, "expand_hint")])
    if not is_presentable(result):
        raise CannotCompute()
    work.answer = eq(_written(task, expr), result)
    return work


def simplify(task: Task, lang: str) -> Worked:
    expr = task.main.lhs
    result = sp.simplify(sp.cancel(expr)) if expr.free_symbols else sp.nsimplify(expr)
    work = Worked(steps=[say(lang, "given", expr=inline(expr)), say(lang, "simplify_hint")])
    if not is_presentable(result) or not _same(expr, result):
        raise CannotCompute()
    if sp.fraction(sp.together(expr))[1].free_symbols:
        work.notes.append(say(lang, "note_denominator"))
    work.answer = eq(_written(task, expr), result)
    return work


def expression(task: Task, lang: str) -> Worked:
    expr = task.main.lhs
    expanded, factored = sp.expand(expr), sp.factor(expr)
    if not (is_presentable(expanded) and is_presentable(factored)):
        raise CannotCompute()
    work = Worked(steps=[say(lang, "expression_only")])
    work.answer = say(lang, "expanded", expr=inline(expanded))
    if factored != expanded:
        work.answer += "; " + say(lang, "factored", expr=inline(factored))
    return work


def vertex(task: Task, lang: str) -> Worked:
    expr = sp.expand(task.main.lhs)
    var = pick_var(expr.free_symbols, task.var)
    if len(expr.free_symbols) != 1 or not expr.is_polynomial(var) or sp.degree(expr, var) != 2:
        raise CannotCompute()
    a, b = expr.coeff(var, 2), expr.coeff(var, 1)
    h = sp.simplify(-b / (2 * a))
    k = sp.simplify(expr.subs(var, h))
    squared = a * sp.UnevaluatedExpr(var - h) ** 2
    square = join_terms([squared, k] if k != 0 else [squared])
    work = Worked(steps=[say(lang, "given", expr=eq(sp.Symbol("y"), expr))])
    work.steps.append(say(lang, "complete_square", expr=f"$y = {square}$"))
    if not _same(expr, a * (var - h) ** 2 + k):
        raise CannotCompute()
    point = f"$({tex(h)}, {tex(k)})$"
    work.answer = say(lang, "vertex_answer", point=point, axis=eq(var, h))
    return work


def _written(task: Task, fallback: Any) -> Any:
    try:
        return unevaluated(task.sources[0])
    except (MathParseError, IndexError):
        return fallback


def _same(before: Any, after: Any) -> bool:
    """Both forms agree: a guard against presenting a wrong rewrite."""
    difference = sp.simplify(before - after)
    return bool(difference == 0)
