"""Trigonometric equations and inequalities on an interval, or their general
solution when that is what is asked.

The equation is brought to basic equations ``sin u = t``, ``cos u = t``,
``tan u = t`` (u linear in x) by the textbook moves: a substitution ``t = sin x``,
``cos²x = 1 − sin²x``, dividing a homogeneous equation by ``cos x``, the
double-angle formulas, ``a sin u + b cos u = R sin(u + φ)``, or factoring.
Each basic equation is solved from its reference solution and the period.
SymPy's own ``solveset`` is not trusted here (it loses roots of
``2sin²x − sin x − 1 = 0``); the check substitutes every root back and scans
the interval numerically for a root that was not stated.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .. import cues
from ..checks import is_zero, same_function
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .common import pick_var
from .numeric import holds, scan_roots
from .trig_common import PROVE, angle_tex, in_sin_cos, trig_atoms, uses_degrees

_GENERAL = re.compile(
    r"일반해|모든\s*해|general\s+solution|all\s+(?:the\s+)?solutions|all\s+real\s+solutions"
)
_OTHER = (cues.DERIVATIVE, cues.INTEGRAL, cues.LIMIT, cues.AREA, cues.TANGENT, cues.MAXMIN)
S, C, TN = sp.symbols("S C TN")


@dataclass(frozen=True)
class Basic:
    """``func(u) = value`` with ``u = slope·x + shift``."""

    func: Any
    argument: Any
    value: Any


def _linear(argument: Any, var: Any) -> bool:
    return bool(argument.is_polynomial(var) and sp.degree(argument, var) == 1)


def _single_argument(expr: Any, var: Any) -> tuple[Any, Any] | None:
    """``expr`` with one trigonometric argument u (expanding double angles if needed)."""
    for candidate in (expr, sp.expand_trig(expr)):
        arguments = {a.args[0] for a in trig_atoms(candidate)}
        if len(arguments) == 1:
            (argument,) = arguments
            if _linear(argument, var) and not candidate.subs(
                {a: 0 for a in trig_atoms(candidate)}
            ).has(var):
                return candidate, argument
    return None


class _Reduction:
    def __init__(self, var: Any, argument: Any) -> None:
        self.var = var
        self.u = argument
        self.steps: list[Step] = []
        self.basics: list[Basic] = []
        self.rejected: list[str] = []

    def add(self, key: str, **fields: str) -> None:
        self.steps.append(Step(f"trig_equation.{key}", fields))


def _in_symbols(expr: Any, u: Any) -> Any:
    return sp.expand(
        sp.fraction(sp.together(in_sin_cos(expr).subs({sp.sin(u): S, sp.cos(u): C})))[0]
    )


def reduce_to_basic(expr: Any, var: Any) -> _Reduction:
    """Basic equations equivalent to ``expr = 0`` (up to points where expr is undefined).

    When the textbook moves do not apply as written, the expression is first
    rewritten by SymPy's ``trigsimp`` (``sin x cos x`` is ``sin 2x / 2``), and
    that rewriting is shown as a step.
    """
    try:
        return _reduce(expr, var)
    except CannotCompute as error:
        if error.reason == "trig_equation.identity":
            raise
        simpler = sp.trigsimp(expr)
        if simpler == expr:
            raise
        work = _reduce(simpler, var)
        work.steps.insert(0, Step("trig_equation.rewrite", {"expr": f"${tex(simpler)} = 0$"}))
        return work


def _reduce(expr: Any, var: Any) -> _Reduction:
    found = _single_argument(expr, var)
    if found is None:
        raise CannotCompute()
    rewritten, u = found
    work = _Reduction(var, u)
    if rewritten != expr:
        work.add("double_angle", expr=f"${tex(rewritten)} = 0$")
    only_tan = all(a.func in (sp.tan, sp.cot) for a in trig_atoms(rewritten))
    if only_tan:
        poly = sp.expand(
            sp.fraction(sp.together(rewritten.subs({sp.tan(u): TN, sp.cot(u): 1 / TN})))[0]
        )
        _polynomial(work, poly, TN, sp.tan)
        return work
    poly = _in_symbols(rewritten, u)
    if poly == 0:
        raise CannotCompute("trig_equation.identity")
    _solve_poly(work, poly)
    return work


def _solve_poly(work: _Reduction, poly: Any) -> None:
    u = work.u
    has_s, has_c = poly.has(S), poly.has(C)
    if has_s and not has_c:
        return _polynomial(work, poly, S, sp.sin)
    if has_c and not has_s:
        return _polynomial(work, poly, C, sp.cos)
    if not (has_s or has_c):
        raise CannotCompute()
    p = sp.Poly(poly, S, C)
    if all(e % 2 == 0 for _, e in p.monoms()):
        work.add("pythagorean", expr=f"$\\cos^2 {tex(u)} = 1 - \\sin^2 {tex(u)}$")
        return _polynomial(work, sp.expand(poly.subs(C**2, 1 - S**2)), S, sp.sin)
    if all(e % 2 == 0 for e, _ in p.monoms()):
        work.add("pythagorean", expr=f"$\\sin^2 {tex(u)} = 1 - \\cos^2 {tex(u)}$")
        return _polynomial(work, sp.expand(poly.subs(S**2, 1 - C**2)), C, sp.cos)
    degrees = {a + b for a, b in p.monoms()}
    if len(degrees) == 1:
        (d,) = degrees
        if sp.expand(poly.subs({S: 1, C: 0})) == 0:
            return _factored(work, poly)  # cos u = 0 is a solution too: factor instead
        work.add("homogeneous", cos=f"$\\cos^{{{d}}} {tex(u)}$" if d > 1 else f"$\\cos {tex(u)}$")
        return _polynomial(work, sp.expand(sp.expand(poly / C**d).subs(S, TN * C)), TN, sp.tan)
    if p.total_degree() == 1:
        return _harmonic(work, p)
    return _factored(work, poly)


def _factored(work: _Reduction, poly: Any) -> None:
    factors = [f for f, _ in sp.factor_list(poly)[1]]
    if len(factors) < 2:
        raise CannotCompute()
    shown = sp.Mul(*[f.subs({S: sp.sin(work.u), C: sp.cos(work.u)}) for f in factors])
    work.add("factor", expr=f"${tex(shown)} = 0$")
    for factor in factors:
        _solve_poly(work, factor)


def _harmonic(work: _Reduction, p: sp.Poly) -> None:
    """``a sin u + b cos u + c = 0`` as ``R sin(u + φ) = -c``."""
    a, b, c = p.coeff_monomial(S), p.coeff_monomial(C), p.coeff_monomial(1)
    radius = sp.sqrt(a**2 + b**2)
    phase = sp.atan2(b, a)
    u = work.u
    work.add(
        "harmonic",
        expr=f"${tex(a * sp.sin(u) + b * sp.cos(u))} = {tex(radius)}"
        f"\\sin\\left({tex(u)} + {tex(phase)}\\right)$",
    )
    work.u = u + phase
    _polynomial(work, sp.expand(radius * S + c), S, sp.sin)
    work.u = u


def _polynomial(work: _Reduction, poly: Any, t: Any, func: Any) -> None:
    if poly.free_symbols - {t} or not poly.is_polynomial(t):
        raise CannotCompute()
    p = sp.Poly(poly, t)
    if p.degree() < 1:
        raise CannotCompute()
    found = sp.roots(p)
    if sum(found.values()) != p.degree():
        raise CannotCompute()
    name = func.__name__
    roots = sorted((r for r in found if r.is_real), key=lambda r: float(sp.N(r)))
    if p.degree() >= 2:
        shown = sp.factor(poly).subs(t, sp.Symbol("t"))
        work.add(
            "substitute",
            t=f"$t = \\{name} {tex(work.u)}$",
            expr=f"${tex(shown)} = 0$",
            roots=", ".join(f"$t = {tex(r)}$" for r in roots) or "-",
        )
    for root in roots:
        if func in (sp.sin, sp.cos) and abs(root) > 1:
            work.rejected.append(f"$\\{name} {tex(work.u)} = {tex(root)}$")
            continue
        work.basics.append(Basic(func, work.u, root))
    if work.rejected:
        work.add("reject_range", values=", ".join(work.rejected))
        work.rejected = []


def _reference(basic: Basic) -> tuple[list[Any], Any]:
    """Solutions of ``func(u) = value`` for u in one period, and the period."""
    value = basic.value
    if basic.func == sp.tan:
        return [sp.atan(value)], sp.pi
    if basic.func == sp.sin:
        base = sp.asin(value)
        return list(dict.fromkeys([base, sp.pi - base])), 2 * sp.pi
    base = sp.acos(value)
    return list(dict.fromkeys([base, 2 * sp.pi - base])), 2 * sp.pi


def solve_basic(basic: Basic, var: Any, interval: Any) -> list[Any]:
    """Every x in ``interval`` with ``func(slope·x + shift) = value``."""
    slope, shift = sp.Poly(basic.argument, var).all_coeffs()
    references, period = _reference(basic)
    low, high = float(sp.N(interval.inf)), float(sp.N(interval.sup))
    found = []
    for u0 in references:
        # x = (u0 + n·period - shift) / slope: the n that land in [low, high].
        ends = sorted(
            ((low * slope + shift - u0) / period, (high * slope + shift - u0) / period),
            key=lambda v: float(sp.N(v)),
        )
        first, last = int(sp.floor(sp.N(ends[0]))) - 1, int(sp.ceiling(sp.N(ends[1]))) + 2
        if last - first > 400:
            raise CannotCompute(
                "trig_equation.too_many"
            )  # hundreds of periods: not a list to state
        for n in range(first, last):
            x = sp.simplify((u0 + n * period - shift) / slope)
            if interval.contains(x) is sp.true:
                found.append(x)
    return sorted(set(found), key=lambda r: float(sp.N(r)))


def _interval(problem: Problem, var: Any) -> Any | None:
    bounds = problem.bounds
    if (
        bounds is None
        or bounds.var not in (None, var)
        or not (bounds.lower.is_finite and bounds.upper.is_finite)
    ):
        return None
    left_open, right_open = not bounds.closed[0], not bounds.closed[1]
    return sp.Interval(bounds.lower, bounds.upper, left_open, right_open)


def _conditions(problem: Problem, var: Any) -> list[Any]:
    """The one equation or inequality to solve; the interval's own chain is not one."""
    found = []
    for formula in problem.formulas:
        relation = formula.relation
        if relation.is_expression:
            continue
        if relation.is_inequality and len(relation.parts) == 3 and relation.parts[1] == var:
            continue
        found.append(relation)
    return found


class TrigEquation(TaskType):
    name = "trig_equation"
    area = "trigonometry"
    requires = (
        "one trigonometric equation or inequality",
        "the interval (or: the general solution)",
    )
    check_name = "substitution_and_scan"
    shadows = ("solve_equation", "inequality")

    def detect(self, problem: Problem) -> Detection | None:
        if problem.functions() or PROVE.search(problem.text):
            return None
        relations = _conditions(problem, problem.bounds.var if problem.bounds else None)
        if len(relations) != 1:
            return None
        relation = relations[0]
        if not (relation.is_equation or (relation.is_inequality and len(relation.parts) == 2)):
            return None
        symbols = relation.free_symbols
        if len(symbols) != 1 or not trig_atoms(relation.lhs - relation.rhs):
            return None
        if any(c.search(problem.text) for c in _OTHER):
            return None
        var = pick_var(symbols)
        interval = _interval(problem, var)
        general = bool(_GENERAL.search(problem.text)) and relation.is_equation
        score = (
            CERTAIN
            if cues.SOLVE.search(problem.text) or interval is not None or general
            else DEFAULT
        )
        offer = {"eq": m(relation.as_sympy())}
        if interval is None and not general:
            return self.found(score, "trig_equation.ask_interval", offer=offer)
        return self.found(
            score, relation=relation, var=var, interval=interval, general=general, offer=offer
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        relation, var = data["relation"], data["var"]
        degrees = uses_degrees(problem.raw)
        expr = sp.expand(relation.lhs - relation.rhs)
        work = reduce_to_basic(expr, var)
        interval = data["interval"]
        period = None
        if data["general"]:
            period = sp.periodicity(expr, var)
            if period is None:
                raise CannotCompute()
            interval = sp.Interval.Ropen(0, period)
        steps = [
            Step(
                "trig_equation.given",
                {"eq": m(relation.as_sympy()), "interval": _interval_tex(interval, var, degrees)},
            )
        ]
        steps += work.steps
        roots: list[Any] = []
        for basic in work.basics:
            found = solve_basic(basic, var, interval)
            steps.append(
                Step(
                    "trig_equation.basic",
                    {
                        "eq": f"$\\{basic.func.__name__} {tex(basic.argument)}"
                        f" = {tex(basic.value)}$",
                        "roots": _roots_tex(var, found, degrees),
                    },
                )
            )
            roots += found
        roots = sorted(
            {r for r in roots if _defined_zero(expr, var, r)}, key=lambda r: float(sp.N(r))
        )
        data["roots"] = roots
        data["interval_used"] = interval
        if relation.is_inequality:
            return self._inequality(problem, relation, var, interval, roots, steps, degrees)
        if period is not None:
            return self._general(problem, var, roots, period, steps, degrees)
        if not roots:
            return Outcome(
                sp.EmptySet,
                steps,
                Step("trig_equation.no_solution", {}),
                values=(),
                data={"kind": "set"},
            )
        shown = _roots_tex(var, roots, degrees, problem.lang)
        return Outcome(
            sp.FiniteSet(*roots),
            steps,
            Step("trig_equation.answer", {"value": shown}),
            values=tuple(roots),
            data={"kind": "set"},
        )

    def _general(
        self,
        problem: Problem,
        var: Any,
        roots: list[Any],
        period: Any,
        steps: list[Step],
        degrees: bool,
    ) -> Outcome:
        n = sp.Symbol("n", integer=True)
        spacing = [sp.simplify(b - a) for a, b in itertools.pairwise(roots)]
        if (
            roots
            and len(set(spacing)) <= 1
            and sp.simplify(len(roots) * (spacing[0] if spacing else period) - period) == 0
        ):
            families = [(roots[0], period / len(roots))]
        else:
            families = [(r, period) for r in roots]
        shown = (" 또는 " if problem.lang == "ko" else " or ").join(
            f"${tex(var)} = {angle_tex(r, degrees)} + {_n_times(p, degrees)}$"
            if r != 0
            else f"${tex(var)} = {_n_times(p, degrees)}$"
            for r, p in families
        )
        steps.append(Step("trig_equation.period", {"period": f"${angle_tex(period, degrees)}$"}))
        values = tuple(sp.ImageSet(sp.Lambda(n, r + p * n), sp.S.Integers) for r, p in families)
        return Outcome(
            sp.Union(*values),
            steps,
            Step("trig_equation.general_answer", {"value": shown}),
            values=values,
            data={"kind": "general", "families": families},
        )

    def _inequality(
        self,
        problem: Problem,
        relation: Any,
        var: Any,
        interval: Any,
        roots: list[Any],
        steps: list[Step],
        degrees: bool,
    ) -> Outcome:
        condition = relation.as_sympy()
        edges = sorted(
            {
                interval.inf,
                interval.sup,
                *roots,
                *_poles(relation.lhs - relation.rhs, var, interval),
            },
            key=lambda v: float(sp.N(v)),
        )
        solution: Any = sp.EmptySet
        for low, high in itertools.pairwise(edges):
            if holds(condition, var, (low + high) / 2):
                solution = solution.union(sp.Interval.open(low, high))
        for point in edges:
            if interval.contains(point) is sp.true and holds(condition, var, point):
                solution = solution.union(sp.FiniteSet(point))
        solution = sp.simplify(solution.intersect(interval))
        steps.append(Step("trig_equation.pieces", {}))
        shown = _set_tex(solution, var, degrees, problem.lang)
        return Outcome(
            solution,
            steps,
            Step("trig_equation.answer", {"value": shown}),
            values=(solution,),
            data={"kind": "interval"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        relation, var, interval = data["relation"], data["var"], data["interval_used"]
        expr = sp.expand(relation.lhs - relation.rhs)
        roots = data["roots"]
        if not all(_defined_zero(expr, var, r) and interval.contains(r) is sp.true for r in roots):
            return False
        low, high = float(sp.N(interval.inf)), float(sp.N(interval.sup))
        for approx in scan_roots(expr, var, low, high):
            inside = (
                (low < approx < high)
                or (approx == low and not interval.left_open)
                or (approx == high and not interval.right_open)
            )
            near_end = min(abs(approx - low), abs(approx - high)) < 1e-6
            if (inside or near_end) and not any(abs(approx - float(sp.N(r))) < 1e-4 for r in roots):
                if near_end and not inside:
                    continue
                return False
        if outcome.data.get("kind") == "general":
            return _same_shifted(expr, var, interval.sup)
        if relation.is_inequality:
            return _sample_check(relation.as_sympy(), var, interval, outcome.result)
        return True


def _same_shifted(expr: Any, var: Any, period: Any) -> bool:
    """``expr`` repeats after ``period`` (so the general solution adds its multiples)."""
    return same_function(expr.subs(var, var + period), expr, {var}, points=8)


def _sample_check(condition: Any, var: Any, interval: Any, solution: Any) -> bool:
    low, high = interval.inf, interval.sup
    points = [low + (high - low) * sp.Rational(k, 37) for k in range(1, 37)]
    for b in solution.boundary if solution != sp.EmptySet else ():
        points += [b - sp.Rational(1, 997), b + sp.Rational(1, 997)]
    for point in points:
        if interval.contains(point) is not sp.true:
            continue
        truth = holds(condition, var, point)
        if truth is None:
            if solution.contains(point) is sp.true:
                return False
            continue
        if truth != (solution.contains(point) is sp.true):
            return False
    return True


def _poles(expr: Any, var: Any, interval: Any) -> list[Any]:
    """Where tan, sec, ... are undefined inside the interval (cos u = 0 or sin u = 0)."""
    found: list[Any] = []
    for atom in trig_atoms(expr):
        u = atom.args[0]
        if not _linear(u, var):
            continue
        if atom.func in (sp.tan, sp.sec):
            found += solve_basic(Basic(sp.cos, u, sp.Integer(0)), var, interval)
        elif atom.func in (sp.cot, sp.csc):
            found += solve_basic(Basic(sp.sin, u, sp.Integer(0)), var, interval)
    return found


def _defined_zero(expr: Any, var: Any, root: Any) -> bool:
    value = expr.subs(var, root)
    if value.has(sp.zoo, sp.nan) or not value.is_finite:
        return False
    return is_zero(value)


def _n_times(period: Any, degrees: bool) -> str:
    if degrees:
        return f"{tex(sp.nsimplify(period * 180 / sp.pi))}^\\circ n"
    coefficient = period / sp.pi
    return f"{tex(coefficient * sp.Symbol('n'))}\\pi" if coefficient != 1 else "n\\pi"


def _roots_tex(var: Any, roots: list[Any], degrees: bool, lang: str = "en") -> str:
    joiner = " 또는 " if lang == "ko" else " or "
    return joiner.join(f"${tex(var)} = {angle_tex(r, degrees)}$" for r in roots) or "-"


def _interval_tex(interval: Any, var: Any, degrees: bool) -> str:
    left = "<" if interval.left_open else "\\le"
    right = "<" if interval.right_open else "\\le"
    low, high = angle_tex(interval.inf, degrees), angle_tex(interval.sup, degrees)
    return f"${low} {left} {tex(var)} {right} {high}$"


def _set_tex(solution: Any, var: Any, degrees: bool, lang: str) -> str:
    if solution == sp.EmptySet:
        return "해가 없어요" if lang == "ko" else "no solution"
    parts = solution.args if isinstance(solution, sp.Union) else (solution,)
    shown = []
    for part in parts:
        if isinstance(part, sp.FiniteSet):
            shown += [f"${tex(var)} = {angle_tex(p, degrees)}$" for p in part]
        elif isinstance(part, sp.Interval):
            shown.append(_interval_tex(part, var, degrees))
    return (" 또는 " if lang == "ko" else " or ").join(shown)
