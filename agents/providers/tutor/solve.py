"""Equations, systems and inequalities, worked step by step with SymPy.

Every result shown is checked by substitution before it is written; when a
check fails or SymPy cannot decide, ``CannotCompute`` is raised instead.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from .parse import Relation
from .task import Task
from .texts import say
from .worked import CannotCompute, Worked, eq, inline, is_presentable, is_zero, pick_var, tex


def _roots_answer(lang: str, var: Any, roots: list[Any]) -> str:
    return say(lang, "or").join(eq(var, root) for root in roots)


def _check_roots(lang: str, expr: Any, var: Any, roots: list[Any]) -> str:
    for root in roots:
        if not is_zero(expr.subs(var, root)):
            raise CannotCompute()
    shown = ", ".join(eq(var, root) for root in roots)
    return say(lang, "check", detail=say(lang, "substituted", roots=shown))


def solve_equation(task: Task, lang: str) -> Worked:
    relation = task.main
    work = Worked(steps=[say(lang, "given", expr=inline(relation.as_sympy()))])
    symbols = relation.free_symbols
    if not symbols:
        return _judge(relation, lang, work)
    var = pick_var(symbols, task.var if task.var in symbols else None)
    expr = sp.expand(relation.lhs - relation.rhs)
    numerator, denominator = sp.fraction(sp.together(expr))
    if len(symbols) > 1:
        return _solve_for(lang, work, expr, var)
    if numerator.is_polynomial(var) and not denominator.has(var):
        degree = sp.degree(numerator, var)
        if degree == 1:
            return _linear(lang, work, sp.expand(numerator), var)
        if degree == 2:
            return _quadratic(lang, work, sp.expand(numerator), var)
        if degree == 0:
            return _constant(lang, work, numerator, var)
        return _polynomial(lang, work, sp.expand(numerator), var)
    return _real_solutions(lang, work, relation, var, denominator)


def _judge(relation: Relation, lang: str, work: Worked) -> Worked:
    lhs, rhs = sp.nsimplify(relation.lhs), sp.nsimplify(relation.rhs)
    if is_zero(lhs - rhs):
        work.answer = say(lang, "true_statement", expr=eq(lhs, rhs))
    else:
        work.answer = say(lang, "false_statement", lhs=inline(lhs), rhs=inline(rhs))
    return work


def _constant(lang: str, work: Worked, numerator: Any, var: Any) -> Worked:
    key = "all_values" if numerator == 0 else "no_solution"
    work.answer = say(lang, key, var=inline(var))
    return work


def _linear(lang: str, work: Worked, expr: Any, var: Any) -> Worked:
    a, b = expr.coeff(var, 1), expr.subs(var, 0)
    root = sp.simplify(-b / a)
    work.steps.append(say(lang, "linear_move", expr=eq(a * var, -b)))
    if a != 1:
        work.steps.append(say(lang, "linear_divide", coef=inline(a), expr=eq(var, root)))
    work.steps.append(_check_roots(lang, expr, var, [root]))
    work.answer = eq(var, root)
    return work


def _quadratic(lang: str, work: Worked, expr: Any, var: Any) -> Worked:
    a, b, c = (expr.coeff(var, n) for n in (2, 1, 0))
    disc = sp.expand(b**2 - 4 * a * c)
    work.steps.append(say(lang, "standard_form", expr=eq(expr, 0)))
    shown = f"$D = b^2 - 4ac = ({tex(b)})^2 - 4 \\cdot ({tex(a)}) \\cdot ({tex(c)}) = {tex(disc)}$"
    work.steps.append(say(lang, "discriminant", expr=shown))
    roots = sorted(sp.solve(expr, var), key=sp.default_sort_key)
    if disc.is_number and disc > 0:
        work.steps.append(say(lang, "disc_positive"))
    elif disc == 0:
        work.steps.append(say(lang, "disc_zero"))
    elif disc.is_number and disc < 0:
        work.steps.append(say(lang, "disc_negative"))
    factored = sp.factor(expr)
    if factored.is_Mul or factored.is_Pow:
        work.steps.append(say(lang, "factored_form", expr=eq(factored, 0)))
    else:
        general = "\\frac{-b \\pm \\sqrt{D}}{2a}"
        filled = f"\\frac{{{tex(-b)} \\pm \\sqrt{{{tex(disc)}}}}}{{{tex(2 * a)}}}"
        formula = f"${tex(var)} = {general} = {filled}$"
        work.steps.append(say(lang, "quadratic_formula", expr=formula))
    work.steps.append(_check_roots(lang, expr, var, roots))
    if len(roots) == 1:
        work.answer = say(lang, "double_root", value=eq(var, roots[0]))
    elif disc.is_number and disc < 0:
        work.answer = say(lang, "no_real_roots", value=_roots_answer(lang, var, roots))
    else:
        work.answer = _roots_answer(lang, var, roots)
    return work


def _polynomial(lang: str, work: Worked, expr: Any, var: Any) -> Worked:
    if sp.degree(expr, var) > 6:
        raise CannotCompute()
    roots = sp.roots(sp.Poly(expr, var))
    factored = sp.factor(expr)
    if factored != expr:
        work.steps.append(say(lang, "factored_form", expr=eq(factored, 0)))
    if sum(roots.values()) == sp.degree(expr, var) and all(is_presentable(r) for r in roots):
        ordered = sorted(roots, key=sp.default_sort_key)
        work.steps.append(_check_roots(lang, expr, var, ordered))
        work.answer = _roots_answer(lang, var, ordered)
        return work
    real = [r for r in sp.Poly(expr, var).nroots(n=8) if r.is_real]
    if not real:
        raise CannotCompute()
    shown = ", ".join(f"${tex(var)} \\approx {float(r):.4f}$" for r in real)
    work.answer = say(lang, "numeric_roots", value=shown)
    return work


def _solve_for(lang: str, work: Worked, expr: Any, var: Any) -> Worked:
    roots = [r for r in sp.solve(expr, var) if is_presentable(r)]
    if not roots:
        raise CannotCompute()
    work.steps.append(say(lang, "note_other_letters", var=inline(var)))
    work.steps.append(_check_roots(lang, expr, var, roots))
    work.answer = _roots_answer(lang, var, roots)
    return work


def _real_solutions(lang: str, work: Worked, relation: Relation, var: Any, den: Any) -> Worked:
    solutions = sp.solveset(sp.Eq(relation.lhs, relation.rhs), var, sp.S.Reals)
    work.steps.append(say(lang, "real_domain"))
    if den.has(var):
        work.steps.append(say(lang, "note_denominator"))
    if solutions is sp.S.EmptySet:
        work.answer = say(lang, "no_solution")
    elif isinstance(solutions, sp.FiniteSet):
        roots = sorted(solutions, key=sp.default_sort_key)
        if not all(is_presentable(r) for r in roots):
            raise CannotCompute()
        work.steps.append(_check_roots(lang, relation.lhs - relation.rhs, var, roots))
        work.answer = _roots_answer(lang, var, roots)
    elif isinstance(solutions, (sp.ConditionSet, sp.Complement)) or solutions.has(sp.CRootOf):
        raise CannotCompute()
    else:
        work.answer = f"${tex(var)} \\in {tex(solutions)}$"
    return work


def solve_system(task: Task, lang: str) -> Worked:
    equations = task.relations[:3]
    symbols: set[Any] = set().union(*(r.free_symbols for r in equations))
    ordered = sorted(symbols, key=lambda s: ("xyzabc".find(str(s)) % 10, str(s)))
    cases = " \\\\ ".join(f"{tex(r.lhs)} = {tex(r.rhs)}" for r in equations)
    work = Worked(
        steps=[say(lang, "system_given", expr=f"$\\begin{{cases}} {cases} \\end{{cases}}$")]
    )
    zeros = [sp.expand(r.lhs - r.rhs) for r in equations]
    linear = all(
        z.is_polynomial(*ordered) and sp.Poly(z, *ordered).total_degree() <= 1 for z in zeros
    )
    if linear:
        solution = sp.linsolve(zeros, ordered)
        if solution is sp.S.EmptySet:
            work.steps.append(say(lang, "system_method"))
            work.answer = say(lang, "no_solution")
            return work
        (values,) = tuple(solution)
        if any(v.free_symbols & symbols for v in values):
            shown = ", ".join(eq(s, v) for s, v in zip(ordered, values, strict=True))
            work.answer = say(lang, "infinite_solutions", value=shown)
            return work
        answers = [dict(zip(ordered, values, strict=True))]
        if len(ordered) == 2 and len(zeros) == 2:
            work.steps.extend(_eliminate(lang, zeros, ordered, answers[0]))
        else:
            work.steps.append(say(lang, "system_method"))
    else:
        if len(ordered) > 3 or any(sp.total_degree(z) > 2 for z in zeros):
            raise CannotCompute()
        answers = sp.solve(zeros, ordered, dict=True)
        work.steps.append(say(lang, "system_method"))
    if not answers or not all(is_presentable(v) for a in answers for v in a.values()):
        raise CannotCompute()
    for answer in answers:
        if not all(is_zero(z.subs(answer)) for z in zeros):
            raise CannotCompute()
    lines = [", ".join(eq(s, a[s]) for s in ordered if s in a) for a in answers]
    work.steps.append(say(lang, "check", detail=say(lang, "or").join(lines)))
    work.answer = say(lang, "or").join(lines)
    return work


def _eliminate(
    lang: str, zeros: list[Any], ordered: list[Any], answer: dict[Any, Any]
) -> list[str]:
    """Show the elimination of the second unknown for a 2x2 linear system."""
    first, second = ordered
    a1, b1 = zeros[0].coeff(first), zeros[0].coeff(second)
    a2, b2 = zeros[1].coeff(first), zeros[1].coeff(second)
    if b1 == 0 or b2 == 0:
        return [say(lang, "system_method")]
    combined = sp.expand(b2 * zeros[0] - b1 * zeros[1])
    coef, const = combined.coeff(first), combined.subs(first, 0)
    steps = [
        say(lang, "system_method"),
        say(lang, "eliminate", var=inline(second), expr=eq(coef * first, -const)),
    ]
    if a1 != 0 or a2 != 0:
        steps.append(say(lang, "substitute", expr=eq(second, answer[second])))
    return steps


def solve_inequality(task: Task, lang: str) -> Worked:
    relation = task.main
    work = Worked(steps=[say(lang, "given", expr=inline(relation.as_sympy()))])
    symbols = relation.free_symbols
    if len(symbols) != 1:
        raise CannotCompute()
    (var,) = symbols
    solutions = sp.solveset(relation.as_sympy(), var, sp.S.Reals)
    if isinstance(solutions, sp.ConditionSet) or solutions.has(sp.CRootOf):
        raise CannotCompute()
    work.steps.append(say(lang, "real_domain"))
    work.steps.append(say(lang, "inequality_solved", expr=f"${tex(var)} \\in {tex(solutions)}$"))
    if solutions is sp.S.EmptySet:
        work.answer = say(lang, "no_solution")
    else:
        work.answer = _interval_text(solutions, var)
    return work


def _interval_text(solutions: Any, var: Any) -> str:
    """``-2 < x < 2`` for one interval, set notation for anything else."""
    if not isinstance(solutions, sp.Interval):
        return f"${tex(var)} \\in {tex(solutions)}$"
    left = "<" if solutions.left_open else "\\le"
    right = "<" if solutions.right_open else "\\le"
    parts = []
    if solutions.start != -sp.oo:
        parts.append(f"{tex(solutions.start)} {left} ")
    parts.append(tex(var))
    if solutions.end != sp.oo:
        parts.append(f" {right} {tex(solutions.end)}")
    return "$" + "".join(parts) + "$"
