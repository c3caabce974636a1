"""Exponential and logarithmic equations and inequalities in one unknown.

The method is the textbook one, and every step is exact: the domain of the
logarithms first (진수 조건), then the same base on both sides, a substitution
``t = 2^x`` (``t > 0``) or ``t = log_2 x``, or the logarithms combined into
one. Candidates outside the domain, or with ``t ≤ 0``, are rejected and the
reason is said. The check substitutes every root back and scans the domain
numerically for a sign change that no stated root explains (equations), or
tests the inequality at sample points (inequalities).
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from .. import cues
from ..checks import is_zero
from ..explain import interval_text, m, tex
from ..problem import Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .common import pick_var
from .explog import (
    T,
    WrittenLog,
    back_from_t,
    combine_logs,
    combine_written,
    domain_of,
    exact_log,
    exp_substitution,
    exp_terms,
    involves,
    log_substitution,
    log_terms,
    log_tex,
    plain,
    power_of,
    real_roots,
    root_base,
    variable_base,
    written_sides,
)
from .numeric import holds, same_set, sign_changes

_OTHER = (cues.DERIVATIVE, cues.INTEGRAL, cues.AREA, cues.TANGENT, cues.LIMIT, cues.MAXMIN)


def _unknown(problem: Problem, relation: Any) -> Any | None:
    symbols = relation.free_symbols
    if len(symbols) != 1:
        return None
    var = pick_var(symbols, problem.variable)
    expr = relation.lhs - relation.rhs
    if not involves(expr, var) or variable_base(expr, var):
        return None
    return var


def _conditions(expr: Any, var: Any) -> str:
    arguments = sorted({a.args[0] for a in log_terms(expr, var)}, key=str)
    return ", ".join(f"${tex(a)} > 0$" for a in arguments)


def _single_power(side: Any, var: Any) -> tuple[Any, Any] | None:
    """A side as written, ``c·b^E``, as ``(b, E + log_b c)``; a constant as ``(c, None)``."""
    if not side.has(var):
        value = side.doit()
        return (value, None) if value.is_positive else None
    factors = sp.Mul.make_args(side)
    powers = [f for f in factors if f.has(var)]
    if len(powers) != 1:
        return None
    atom = powers[0]
    if isinstance(atom, sp.exp):
        base, exponent = sp.E, atom.args[0].doit()
    elif atom.is_Pow and not atom.base.has(var) and atom.exp.has(var):
        base, exponent = atom.base.doit(), atom.exp.doit()
    else:
        return None
    constant = sp.Mul(*[f for f in factors if not f.has(var)]).doit()
    if constant != 1:
        shift = exact_log(constant, base) if constant.is_positive else None
        if shift is None or not shift.is_Rational:
            return None
        exponent = exponent + shift
    return base, sp.expand(exponent)


def same_base(lhs: Any, rhs: Any, var: Any) -> tuple[Any, Any, Any] | None:
    """Both sides (as written) as powers of one base: ``(b, E_left, E_right)``."""
    left, right = _single_power(lhs, var), _single_power(rhs, var)
    if left is None or right is None or (left[1] is None and right[1] is None):
        return None
    base = left[0] if left[1] is not None else right[0]
    exponents = []
    for value, exponent in (left, right):
        if exponent is None:
            exponent = exact_log(value, base)
            if not exponent.is_Rational:
                return None
        elif value != base:
            found, wanted = root_base(value), root_base(base)
            if found is None or wanted is None or found[0] != wanted[0]:
                return None
            exponent = sp.expand(exponent * found[1] / wanted[1])
        exponents.append(exponent)
    return base, exponents[0], exponents[1]


class _Work:
    """Steps and candidates of one equation ``expr = 0``, with the reasons for rejections."""

    def __init__(self, var: Any) -> None:
        self.var = var
        self.steps: list[Step] = []
        self.candidates: list[Any] = []
        self.rejected_t: list[Any] = []

    def add(self, key: str, **fields: str) -> None:
        self.steps.append(Step(f"exp_log.{key}", fields))


def _algebraic_roots(expr: Any, var: Any) -> list[Any]:
    numerator = sp.fraction(sp.together(expr))[0]
    if numerator.is_polynomial(var):
        return real_roots(numerator, var)
    found = [r for r in sp.solve(sp.Eq(expr, 0), var) if r.is_real]
    return sorted(found, key=lambda r: float(sp.N(r)))


def _listed(var: Any, values: list[Any]) -> str:
    return ", ".join(f"${tex(var)} = {log_tex(v)}$" for v in values) or "-"


def _t_roots(roots: list[Any]) -> str:
    return ", ".join(f"$t = {tex(r)}$" for r in roots) or "-"


def _exp_method(work: _Work, sides: tuple[Any, Any], lhs: Any, rhs: Any) -> bool:
    var = work.var
    same = same_base(*sides, var)
    if same is not None:
        base, left, right = same
        power = tex(base) if base.is_Integer or base == sp.E else f"\\left({tex(base)}\\right)"
        work.add("same_base", expr=f"${power}^{{{tex(left)}}} = {power}^{{{tex(right)}}}$")
        work.candidates = _algebraic_roots(left - right, var)
        work.add(
            "compare_exponents",
            expr=f"${tex(left)} = {tex(right)}$",
            roots=_listed(var, work.candidates),
        )
        return True
    sub = exp_substitution(lhs - rhs, var)
    if sub is not None:
        work.add("substitute", t=f"$t = {tex(sub.t)}$")
        t_roots = real_roots(sub.poly, T)
        work.add("t_equation", expr=f"${tex(sp.factor(sub.poly))} = 0$", roots=_t_roots(t_roots))
        positive = [r for r in t_roots if r > 0]
        work.rejected_t = [r for r in t_roots if r <= 0]
        if work.rejected_t:
            work.add("reject_t", values=", ".join(f"$t = {tex(r)}$" for r in work.rejected_t))
        work.candidates = [back_from_t(sub, r) for r in positive]
        pairs = [
            f"${tex(sub.t)} = {tex(r)}$ → ${tex(var)} = {log_tex(x)}$"
            for r, x in zip(positive, work.candidates, strict=True)
        ]
        if pairs:
            work.add("back_from_t", values=", ".join(pairs))
        return True
    if _single_power(lhs, var) is not None and _single_power(rhs, var) is not None:
        left = sp.expand_log(sp.log(lhs), force=True)
        right = sp.expand_log(sp.log(rhs), force=True)
        if sp.degree(sp.expand(left - right), var) != 1:
            return False
        work.candidates = [sp.simplify(r) for r in sp.solve(sp.expand(left - right), var)]
        work.add(
            "take_logs", expr=f"${tex(left)} = {tex(right)}$", roots=_listed(var, work.candidates)
        )
        return True
    return False


def _log_method(work: _Work, sides: tuple[Any, Any], expr: Any) -> bool:
    var = work.var
    sub = log_substitution(expr, var)
    if sub is not None:
        poly, base, argument = sub
        work.add("log_substitute", t=f"$t = {_log_of(argument, base)}$")
        t_roots = real_roots(poly, T)
        work.add("t_equation", expr=f"${tex(sp.factor(poly))} = 0$", roots=_t_roots(t_roots))
        candidates: list[Any] = []
        for root in t_roots:
            value = power_of(base, root)
            candidates += _algebraic_roots(argument - value, var)
            work.add(
                "log_back",
                expr=f"${_log_of(argument, base)} = {tex(root)}$",
                value=f"${tex(argument)} = {tex(value)}$",
            )
        work.candidates = candidates
        return True
    combined = combine_written(*sides, var) or combine_logs(expr, var)
    if combined is None:
        return False
    product = combined.product
    shown = sp.factor(product) if product.is_polynomial(var) else product
    if not _single_log(sides, var, product):
        work.add("combine", expr=f"${_log_of(shown, combined.base)} = {log_tex(combined.power)}$")
    value = power_of(combined.base, combined.power)
    work.candidates = _algebraic_roots(product - value, var)
    work.add(
        "definition", expr=f"${tex(shown)} = {tex(value)}$", roots=_listed(var, work.candidates)
    )
    return True


def _single_log(sides: tuple[Any, Any], var: Any, product: Any) -> bool:
    """One log of the unknown, nothing to combine (``log_2 (x-1) = 3``)."""
    logs = [
        e for side in sides for e in sp.preorder_traversal(side)
        if isinstance(e, WrittenLog) and e.has(var)
    ]  # fmt: skip
    return len(logs) == 1 and sp.expand(logs[0].args[0].doit() - product) == 0


def _log_of(argument: Any, base: Any) -> str:
    return tex(WrittenLog(argument, base))


def given_sides(problem: Problem, relation: Any) -> tuple[Any, Any]:
    """The relation's sides as the student wrote them (falls back to the parsed ones)."""
    formulas = problem.equations() or problem.inequalities()
    sides = written_sides(formulas[0].source) if formulas else None
    if sides is None or plain(sides[0] - sides[1]).free_symbols != relation.free_symbols:
        return relation.lhs, relation.rhs
    return sides


def _given(sides: tuple[Any, Any], op: str) -> Step:
    left, right = (sp.latex(s, order="none") for s in sides)
    return Step("exp_log.given", {"eq": f"${left} {_op_tex(op)} {right}$"})


def solve_exp_log(
    relation: Any, var: Any, sides: tuple[Any, Any], lang: str
) -> tuple[list[Any], _Work, Any]:
    """Roots of an exponential or logarithmic equation, with the worked steps."""
    lhs, rhs = relation.lhs, relation.rhs
    expr = lhs - rhs
    work = _Work(var)
    domain = domain_of(expr, var)
    logs, exps = log_terms(expr, var), exp_terms(expr, var)
    if logs:
        conditions = _conditions(expr, var)
        key = "log_domain_one" if conditions == f"${tex(var)} > 0$" else "log_domain"
        work.add(key, conditions=conditions, domain=interval_text(domain, var, lang))
    if logs and not exps:
        solved = _log_method(work, sides, expr)
    elif exps and not logs:
        solved = _exp_method(work, sides, lhs, rhs)
    else:
        solved = False
    if not solved:
        raise CannotCompute()
    roots: list[Any] = []
    outside: list[Any] = []
    for candidate in dict.fromkeys(work.candidates):
        if not candidate.is_real:
            continue
        if domain.contains(candidate) is not sp.true:
            outside.append(candidate)
        elif is_zero(expr.subs(var, candidate)):
            roots.append(candidate)
        else:
            raise CannotCompute()
    if outside:
        work.add("reject_domain", values=", ".join(f"${tex(var)} = {tex(c)}$" for c in outside))
    return sorted(roots, key=lambda r: float(sp.N(r))), work, domain


class ExpLogEquation(TaskType):
    name = "exp_log_equation"
    area = "exponents_logs"
    requires = ("one equation with the unknown in an exponent or a logarithm",)
    check_name = "substitution_and_scan"
    shadows = ("solve_equation",)

    def detect(self, problem: Problem) -> Detection | None:
        equations = problem.equations()
        if len(equations) != 1 or problem.inequalities() or problem.functions():
            return None
        relation = equations[0].relation
        var = _unknown(problem, relation)
        if var is None:
            return None
        solve = bool(cues.SOLVE.search(problem.text))
        if any(c.search(problem.text) for c in _OTHER) and not solve:
            return None
        return self.found(CERTAIN if solve else DEFAULT, relation=relation, var=var)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        relation, var = detection.data["relation"], detection.data["var"]
        sides = given_sides(problem, relation)
        roots, work, domain = solve_exp_log(relation, var, sides, problem.lang)
        steps = [_given(sides, "="), *work.steps]
        detection.data["domain"] = domain
        if not roots:
            return Outcome(
                sp.EmptySet, steps, Step("exp_log.no_solution", {}), values=(), data={"kind": "set"}
            )
        joiner = " 또는 " if problem.lang == "ko" else " or "
        shown = joiner.join(f"${tex(var)} = {log_tex(r)}$" for r in roots)
        return Outcome(
            sp.FiniteSet(*roots),
            steps,
            Step("exp_log.answer", {"value": shown}),
            values=tuple(roots),
            data={"kind": "set"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        relation, var = detection.data["relation"], detection.data["var"]
        expr = relation.lhs - relation.rhs
        roots = list(outcome.values)
        for root in roots:
            if not holds(sp.Eq(relation.lhs, relation.rhs), var, root):
                return False
        second = sp.solveset(sp.Eq(relation.lhs, relation.rhs), var, sp.S.Reals)
        if isinstance(second, sp.FiniteSet) or second == sp.EmptySet:
            # solveset can combine logs without their domain (ln x + ln(x+1) = ln 6
            # gives -3 too): its roots count only where the equation really holds.
            real = [
                r for r in second if r.is_real and holds(sp.Eq(relation.lhs, relation.rhs), var, r)
            ]
            return len(real) == len(roots) and all(any(is_zero(r - s) for s in roots) for r in real)
        # A sign change of expr that no stated root explains means a missed root.
        for low, high in sign_changes(expr, var, detection.data["domain"]):
            if not any(low <= float(sp.N(r)) <= high for r in roots):
                return False
        return True


_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


class ExpLogInequality(TaskType):
    name = "exp_log_inequality"
    area = "exponents_logs"
    requires = ("one inequality with the unknown in an exponent or a logarithm",)
    check_name = "sample_points"
    shadows = ("inequality",)

    def detect(self, problem: Problem) -> Detection | None:
        inequalities = problem.inequalities()
        if len(inequalities) != 1 or problem.equations() or problem.functions():
            return None
        relation = inequalities[0].relation
        if len(relation.parts) != 2:
            return None
        var = _unknown(problem, relation)
        if var is None or any(c.search(problem.text) for c in _OTHER):
            return None
        score = (
            CERTAIN
            if cues.SOLVE.search(problem.text) or cues.INEQUALITY.search(problem.text)
            else DEFAULT
        )
        return self.found(score, relation=relation, var=var)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        relation, var = detection.data["relation"], detection.data["var"]
        op = relation.ops[0]
        lhs, rhs = relation.lhs, relation.rhs
        expr = lhs - rhs
        domain = domain_of(expr, var)
        sides = given_sides(problem, relation)
        steps = [_given(sides, op)]
        roots, work, _ = solve_exp_log(sp.Eq(lhs, rhs), var, sides, problem.lang)
        steps += [s for s in work.steps if s.key.startswith("exp_log.log_domain")]
        solution = _by_pieces(relation.as_sympy(), var, domain, roots, strict=op in ("<", ">"))
        steps += _reduction(sides, op, var, domain, solution)
        shown = interval_text(solution, var, problem.lang)
        steps.append(Step("exp_log.inequality_result", {"value": shown}))
        detection.data["domain"] = domain
        return Outcome(
            solution,
            steps,
            Step("exp_log.answer", {"value": shown}),
            values=(solution,),
            data={"kind": "interval"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        relation, var = detection.data["relation"], detection.data["var"]
        condition = relation.as_sympy()
        solution = outcome.result
        points: list[Any] = [
            sp.Rational(v).limit_denominator(60)
            for v in (
                -9.7,
                -3.3,
                -1.45,
                -0.6,
                0.05,
                0.3,
                0.8,
                1.2,
                1.9,
                2.6,
                3.4,
                5.5,
                8.8,
                17.5,
                40.2,
            )
        ]
        for b in (
            (b for b in solution.boundary if b.is_finite)
            if solution not in (sp.EmptySet, sp.S.Reals)
            else ()
        ):
            points += [b, b - sp.Rational(1, 997), b + sp.Rational(1, 997)]
        for point in points:
            truth = holds(condition, var, point)
            if truth is None:
                continue
            if truth != bool(solution.contains(point) is sp.true):
                return False
        second = sp.solveset(condition, var, sp.S.Reals)
        if isinstance(second, sp.Interval | sp.Union) or second in (sp.EmptySet, sp.S.Reals):
            return same_set(second, solution)
        return True


def _by_pieces(condition: Any, var: Any, domain: Any, roots: list[Any], *, strict: bool) -> Any:
    """The solution set: the domain cut at the roots, each piece tested at one point."""
    parts = domain.args if isinstance(domain, sp.Union) else (domain,)
    solution: Any = sp.EmptySet
    for part in parts:
        if not isinstance(part, sp.Interval):
            raise CannotCompute()
        inside = [r for r in roots if part.contains(r) is sp.true]
        edges = [part.inf, *inside, part.sup]
        for low, high in itertools.pairwise(edges):
            piece = sp.Interval.open(low, high)
            point = _inner_point(low, high)
            if holds(condition, var, point):
                solution = solution.union(piece)
        if not strict:
            solution = solution.union(sp.FiniteSet(*inside))
        for end, is_open in ((part.inf, part.left_open), (part.sup, part.right_open)):
            if end.is_finite and not is_open and holds(condition, var, end):
                solution = solution.union(sp.FiniteSet(end))
    return sp.simplify(solution)


def _inner_point(low: Any, high: Any) -> Any:
    if low == -sp.oo and high == sp.oo:
        return sp.Integer(0)
    if low == -sp.oo:
        return high - 1
    if high == sp.oo:
        return low + 1
    return (low + high) / 2


def _reduction(sides: tuple[Any, Any], op: str, var: Any, domain: Any, solution: Any) -> list[Step]:
    """The textbook step: compare exponents or arguments, flipping for a base below 1."""
    same = same_base(*sides, var)
    if same is not None:
        base, left, right = same
        new_op = op if base > 1 else _FLIP[op]
        reduced = sp.Rel(left, right, new_op)
        if sp.solveset(reduced, var, sp.S.Reals) != solution:
            return [Step("exp_log.by_pieces", {})]
        key = "base_above_one" if base > 1 else "base_below_one"
        return [Step(f"exp_log.{key}", {"base": m(base), "expr": m(reduced)})]
    combined = combine_written(*sides, var)
    if combined is None or combined.base == sp.E:
        return [Step("exp_log.by_pieces", {})]
    value = power_of(combined.base, combined.power)
    new_op = op if combined.base > 1 else _FLIP[op]
    solved = sp.solveset(sp.Rel(combined.product, value, new_op), var, sp.S.Reals)
    if not same_set(solved.intersect(domain), solution):
        return [Step("exp_log.by_pieces", {})]
    key = "base_above_one" if combined.base > 1 else "base_below_one"
    product = sp.factor(combined.product)
    logged = f"${_log_of(product, combined.base)} {_op_tex(op)} {log_tex(combined.power)}$"
    steps = (
        []
        if _single_log(sides, var, combined.product)
        else [Step("exp_log.combine", {"expr": logged})]
    )
    reduced = m(sp.Rel(product, value, new_op))
    steps.append(Step(f"exp_log.{key}", {"base": m(combined.base), "expr": reduced}))
    return [*steps, Step("exp_log.with_domain", {})]


def _op_tex(op: str) -> str:
    return {"=": "=", "<": "<", ">": ">", "<=": "\\le", ">=": "\\ge"}[op]
