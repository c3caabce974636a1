"""Vectors known only by their lengths, dot products and angles:
``|a| = 3, |b| = 2, a·b = 4`` → ``|a + b|``, ``(a + b)·(a − b)``, the angle.

Everything is reduced to the dot products of the named vectors (their Gram
matrix); the check builds actual vectors with those dot products and
recomputes with components."""

from __future__ import annotations

import itertools
import re
from typing import Any

import sympy as sp

from ..checks import close
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .vectors import ANGLE, COSINE, VECTOR_WORDS, NotVector, evaluate

PERPENDICULAR_MARK = re.compile(r"⊥|수직|직교|perpendicular|orthogonal")
_SHADOWED = (
    "evaluate",
    "solve_equation",
    "system",
    "expand",
    "factor",
    "simplify",
    "function_value",
)


def _names(exprs: list[Any]) -> set[Any]:
    """The vectors: letters written inside |…|, else letters multiplied together (a·b)."""
    inside_bars: set[Any] = set()
    multiplied: set[Any] = set()
    for expr in exprs:
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Abs):
                inside_bars |= {s for s in node.free_symbols if len(str(s)) == 1}
            elif isinstance(node, sp.Mul):
                letters = [f for f in node.args if f.is_Symbol]
                if len(letters) >= 2:
                    multiplied |= set(letters)
    found = inside_bars or multiplied
    return {s for s in found if str(s) not in _UNKNOWN_LETTERS}


_UNKNOWN_LETTERS = ("k", "t", "m", "x", "y", "z", "n")


class Combination(dict[Any, Any]):
    """A vector as a combination of the named vectors: ``{a: 2, b: -1}`` is 2a − b."""


def _gram_symbol(p: Any, q: Any) -> Any:
    first, second = sorted((str(p), str(q)))
    return sp.Symbol(f"g_{first}{second}", real=True)


def _dot(u: Combination, v: Combination) -> Any:
    return sp.expand(
        sum(cu * cv * _gram_symbol(p, q) for p, cu in u.items() for q, cv in v.items())
    )


def gram_evaluate(expr: Any, names: set[Any]) -> Any:
    """Like ``vectors.evaluate`` but over abstract vectors: a Combination or a scalar in g_pq."""
    if expr in names:
        return Combination({expr: sp.Integer(1)})
    if not (expr.free_symbols & names):
        return expr
    if isinstance(expr, sp.Add):
        terms = [gram_evaluate(t, names) for t in expr.args]
        if all(isinstance(t, Combination) for t in terms):
            total = Combination()
            for term in terms:
                for key, value in term.items():
                    total[key] = total.get(key, 0) + value
            return total
        if any(isinstance(t, Combination) for t in terms):
            raise NotVector("a vector plus a number")
        return sp.Add(*terms)
    if isinstance(expr, sp.Mul):
        scalar, found = sp.Integer(1), []
        for factor in expr.args:
            value = gram_evaluate(factor, names)
            if isinstance(value, Combination):
                found.append(value)
            else:
                scalar *= value
        if not found:
            return scalar
        if len(found) == 1:
            return Combination({k: scalar * v for k, v in found[0].items()})
        if len(found) == 2:
            return scalar * _dot(found[0], found[1])
        raise NotVector("three vectors multiplied")
    if isinstance(expr, sp.Pow):
        base = gram_evaluate(expr.base, names)
        if isinstance(base, Combination):
            if expr.exp == 2:
                return _dot(base, base)
            raise NotVector("a power of a vector")
        return base**expr.exp
    if isinstance(expr, sp.Abs):
        inner = gram_evaluate(expr.args[0], names)
        if isinstance(inner, Combination):
            return sp.sqrt(_dot(inner, inner))
        return sp.Abs(inner)
    raise NotVector(f"cannot read {expr}")


def _given_angle(problem: Problem) -> Any | None:
    for formula in problem.expressions():
        value = formula.expr
        if not value.free_symbols and value.has(sp.pi) and 0 < value <= sp.pi:
            return value
    return None


class VectorLengths(TaskType):
    name = "vector_lengths"
    area = "vectors"
    requires = ("the lengths of the vectors and their dot product (or the angle between them)",)
    check_name = "realised_vectors"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        if problem.tuples:
            return None
        equations = problem.equations()
        exprs = [f.expr for f in problem.expressions() if f.expr.free_symbols]
        names = _names([f.relation.as_zero() for f in equations] + exprs)
        if not names or not equations or len(names) > 3:
            return None
        bare = {
            f.relation.lhs.args[0]
            for f in equations
            if isinstance(f.relation.lhs, sp.Abs) and f.relation.lhs.args[0].is_Symbol
        }
        if not (VECTOR_WORDS.search(problem.text) or len(bare & names) >= 2):
            return None
        extra = {s for f in equations for s in f.relation.free_symbols} | {
            s for e in exprs for s in e.free_symbols
        }
        angle = _given_angle(problem)
        perpendicular = bool(PERPENDICULAR_MARK.search(problem.text))
        if len(extra - names) == 1 and len(exprs) == 2 and perpendicular:
            (unknown,) = extra - names
            return self.found(
                CERTAIN,
                names=names,
                equations=equations,
                target=exprs,
                angle=angle,
                ask="unknown",
                unknown=unknown,
                perpendicular=False,
            )
        if extra - names:
            return None
        perpendicular = perpendicular and len(names) == 2 and len(exprs) <= 1
        if len(exprs) == 1:
            return self.found(
                CERTAIN,
                names=names,
                equations=equations,
                target=exprs[0],
                angle=angle,
                ask="value",
                perpendicular=perpendicular,
            )
        if not exprs and ANGLE.search(problem.text) and angle is None and len(names) == 2:
            ask = "cosine" if COSINE.search(problem.text) else "angle"
            return self.found(
                CERTAIN,
                names=names,
                equations=equations,
                target=None,
                angle=None,
                ask=ask,
                perpendicular=False,
            )
        return self.found(CERTAIN, "vector.ask_what")

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        names: set[Any] = data["names"]
        try:
            conditions = [
                sp.Eq(gram_evaluate(f.relation.lhs, names), gram_evaluate(f.relation.rhs, names))
                for f in data["equations"]
            ]
        except NotVector as error:
            raise CannotCompute("vector.unreadable") from error
        ordered = sorted(names, key=str)
        if data["angle"] is not None:
            if len(ordered) != 2:
                raise CannotCompute()
            p, q = ordered
            lengths = sp.sqrt(_gram_symbol(p, p) * _gram_symbol(q, q))
            conditions.append(sp.Eq(_gram_symbol(p, q), lengths * sp.cos(data["angle"])))
        if data["perpendicular"]:
            p, q = ordered
            conditions.append(sp.Eq(_gram_symbol(p, q), 0))
        unknowns = sorted(
            {_gram_symbol(p, q) for p, q in itertools.combinations_with_replacement(ordered, 2)},
            key=str,
        )
        solutions = sp.solve(conditions, unknowns, dict=True)
        valid = [s for s in solutions if _possible(s, ordered)]
        if not valid:
            raise CannotCompute("vector_lengths.inconsistent")
        steps = [Step("vector_lengths.expand_rule", {})]
        if data["ask"] == "unknown":
            return self._unknown(problem, data, valid, steps)
        if data["ask"] == "value":
            target = data["target"]
            try:
                symbolic = gram_evaluate(target, names)
            except NotVector as error:
                raise CannotCompute("vector.unreadable") from error
            if isinstance(symbolic, Combination):
                raise CannotCompute("vector_lengths.vector_result")
            steps.append(
                Step(
                    "vector_lengths.expanded",
                    {"expr": f"${_shown(target)} = {_gram_tex(symbolic)}$"},
                )
            )
        else:
            p, q = ordered
            symbolic = _gram_symbol(p, q) / sp.sqrt(_gram_symbol(p, p) * _gram_symbol(q, q))
            steps.append(
                Step("vector.angle_rule", {"expr": f"$\\cos\\theta = {_gram_tex(symbolic)}$"})
            )
        results = {sp.radsimp(sp.simplify(symbolic.subs(s))) for s in valid}
        if len(results) != 1:
            raise CannotCompute("vector_lengths.not_determined")
        (value,) = results
        if value.free_symbols:
            raise CannotCompute("vector_lengths.not_determined")
        known = ", ".join(
            f"${_gram_tex(k)} = {tex(v)}$" for k, v in sorted(valid[0].items(), key=str)
        )
        steps.insert(1, Step("vector_lengths.known", {"expr": known}))
        with_values = _with_values(symbolic, valid[0]) if data["ask"] == "value" else None
        if with_values is not None:
            steps.append(
                Step("vector_lengths.expanded", {"expr": f"$= {with_values} = {tex(value)}$"})
            )
        if data["ask"] == "angle":
            value = sp.simplify(sp.acos(value))
            shown = f"$\\theta = {tex(value)}$"
        elif data["ask"] == "cosine":
            shown = f"$\\cos\\theta = {tex(value)}$"
        else:
            shown = m(value)
        return Outcome(
            value,
            steps,
            Step("vector.answer", {"value": shown}),
            values=(value,),
            data={"gram": valid[0], "order": ordered},
        )

    def _unknown(
        self, problem: Problem, data: dict[str, Any], valid: list[dict[Any, Any]], steps: list[Step]
    ) -> Outcome:
        if len(valid) != 1:
            raise CannotCompute("vector_lengths.not_determined")
        unknown, (first, second) = data["unknown"], data["target"]
        try:
            dot = gram_evaluate(first * second, data["names"])
        except NotVector as error:
            raise CannotCompute("vector.unreadable") from error
        if isinstance(dot, Combination):
            raise CannotCompute("vector.unreadable")
        steps.append(
            Step(
                "vector.perpendicular_rule",
                {"expr": rf"$({_shown(first)}) \cdot ({_shown(second)}) = {_gram_tex(dot)} = 0$"},
            )
        )
        equation = sp.expand(dot.subs(valid[0]))
        roots = sorted(
            (r for r in sp.solve(equation, unknown) if r.is_real), key=lambda r: float(sp.N(r))
        )
        if not roots or equation == 0:
            raise CannotCompute("vector.no_value")
        known = ", ".join(
            f"${_gram_tex(k)} = {tex(v)}$" for k, v in sorted(valid[0].items(), key=str)
        )
        steps.insert(1, Step("vector_lengths.known", {"expr": known}))
        joiner = " 또는 " if problem.lang == "ko" else " or "
        shown = joiner.join(f"${tex(unknown)} = {tex(r)}$" for r in roots)
        return Outcome(
            sp.FiniteSet(*roots),
            steps,
            Step("vector.answer", {"value": shown}),
            values=tuple(roots),
            data={"gram": valid[0], "order": sorted(data["names"], key=str), "kind": "set"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        ordered, gram = outcome.data["order"], outcome.data["gram"]
        matrix = sp.Matrix(
            len(ordered), len(ordered), lambda i, j: gram.get(_gram_symbol(ordered[i], ordered[j]))
        )
        if any(v is None for v in matrix):
            return False
        try:
            lower = sp.Matrix(matrix.evalf(30)).cholesky(hermitian=False)
        except ValueError:
            return False  # parallel vectors: no honest second route here
        vectors = {name: lower.row(i).T for i, name in enumerate(ordered)}
        for f in data["equations"]:
            if not close(evaluate(f.relation.lhs, vectors), evaluate(f.relation.rhs, vectors)):
                return False
        if data["perpendicular"]:
            a, b = (vectors[n] for n in ordered)
            if not close(a.dot(b), 0):
                return False
        if data["ask"] == "unknown":
            first, second = data["target"]
            for root in outcome.values:
                u, v = (evaluate(e.subs(data["unknown"], root), vectors) for e in (first, second))
                if not close(u.dot(v), 0):
                    return False
            return True
        if data["ask"] == "value":
            return bool(close(evaluate(data["target"], vectors), outcome.result))
        a, b = (vectors[n] for n in ordered)
        cosine = a.dot(b) / (a.norm() * b.norm())
        expected = sp.acos(cosine) if data["ask"] == "angle" else cosine
        return bool(close(expected, outcome.result))


def _with_values(expr: Any, gram: dict[Any, Any]) -> str | None:
    """``\\sqrt{9 + 2 \\cdot 4 + 4}``: the expanded form with the known dot products put in."""
    root = isinstance(expr, sp.Pow) and expr.exp == sp.Rational(1, 2)
    inner = expr.base if root else expr
    parts = []
    for term in sp.Add.make_args(sp.expand(inner)):
        coefficient, rest = term.as_coeff_Mul()
        if rest in gram:
            value = gram[rest]
            shown = tex(value) if value >= 0 else f"({tex(value)})"
            if coefficient in (1, -1):
                parts.append(shown if coefficient == 1 else f"-{shown}")
            else:
                parts.append(f"{tex(coefficient)} \\cdot {shown}")
        elif rest == 1:
            parts.append(tex(coefficient))
        else:
            return None
    joined = " + ".join(parts).replace("+ -", "- ")
    return f"\\sqrt{{{joined}}}" if root else joined


def _possible(solution: dict[Any, Any], ordered: list[Any]) -> bool:
    """Real lengths and |a·b| ≤ |a||b| (Cauchy–Schwarz), with every dot product known."""
    for p, q in itertools.combinations_with_replacement(ordered, 2):
        value = solution.get(_gram_symbol(p, q))
        if value is None or value.free_symbols or not value.is_real:
            return False
        if p == q and value < 0:
            return False
    for p, q in itertools.combinations(ordered, 2):
        if (
            solution[_gram_symbol(p, q)] ** 2
            > solution[_gram_symbol(p, p)] * solution[_gram_symbol(q, q)]
        ):
            return False
    return True


def _gram_tex(expr: Any) -> str:
    shown = tex(expr)
    return re.sub(
        r"g_\{(\w)(\w)\}",
        lambda g: (
            f"|\\vec{{{g[1]}}}|^{{2}}"
            if g[1] == g[2]
            else f"\\vec{{{g[1]}}} \\cdot \\vec{{{g[2]}}}"
        ),
        shown,
    )


def _shown(expr: Any) -> str:
    shown = tex(expr)
    for name in sorted({str(s) for s in expr.free_symbols}, key=len, reverse=True):
        shown = re.sub(rf"(?<![\\a-z]){name}(?![a-z])", rf"\\vec{{{name}}}", shown)
    return shown.replace("\\right) \\left(", "\\right) \\cdot \\left(")  # a dot product
