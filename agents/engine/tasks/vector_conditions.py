"""The unknown (k, t…) that makes two vectors perpendicular or parallel, or that meets
an equation on vectors (|a| = √5, a·b = 3); checked by substituting it back."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from ..checks import close
from ..explain import tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .vectors import (
    _SHADOWED,
    PARALLEL,
    PERPENDICULAR,
    NotVector,
    _condition_asked,
    _show_vector,
    evaluate,
    named_vectors,
)


class VectorCondition(TaskType):
    """The unknown (k, t…) making vectors perpendicular or parallel, or meeting an equation."""

    name = "vector_condition"
    area = "vectors"
    requires = ("vectors with one unknown and the condition on them",)
    check_name = "substitution"
    shadows = (*_SHADOWED, "vector")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        named = named_vectors(problem)
        unnamed = [sp.Matrix(list(t.coords)) for t in problem.tuples if not t.label]
        unknowns = {s for v in [*named.values(), *unnamed] for c in v for s in c.free_symbols}
        exprs = [f.expr for f in problem.expressions() if f.expr.free_symbols & set(named)]
        unknowns |= {s for e in exprs for s in e.free_symbols} - set(named)
        equations = [f for f in problem.equations() if f.relation.free_symbols & set(named)]
        unknowns |= {s for f in equations for s in f.relation.free_symbols} - set(named)
        if len(unknowns) != 1:
            return None
        (unknown,) = unknowns
        if equations and not _condition_asked(text):
            return self.found(
                CERTAIN, mode="equations", vectors=named, equations=equations, unknown=unknown
            )
        perpendicular, parallel = PERPENDICULAR.search(text), PARALLEL.search(text)
        if bool(perpendicular) == bool(parallel):
            return None
        pair: list[Any] = []
        if len(exprs) == 2:
            pair = exprs
        elif len(exprs) == 1:  # a + t b와 a가 수직: the other one is a bare name
            sources = [f.source for f in problem.expressions() if f.expr == exprs[0]]
            others = _bare_names(problem, named, sources[0] if sources else "")
            pair = [exprs[0], others[0]] if len(others) == 1 else []
        elif not exprs and len(named) == 2 and not unnamed:
            pair = list(named)
        elif not named and len(unnamed) == 2:
            named = {sp.Symbol("a"): unnamed[0], sp.Symbol("b"): unnamed[1]}
            pair = list(named)
        if len(pair) != 2:
            return self.found(CERTAIN, "vector.ask_pair")
        mode = "perpendicular" if perpendicular else "parallel"
        return self.found(CERTAIN, mode=mode, vectors=named, pair=pair, unknown=unknown)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        vectors, unknown, mode = data["vectors"], data["unknown"], data["mode"]
        steps = [
            Step(
                "vector.given",
                {
                    "expr": ", ".join(
                        f"$\\vec{{{tex(n)}}} = {_show_vector(v)}$" for n, v in vectors.items()
                    )
                },
            )
        ]
        try:
            if mode == "equations":
                conditions = [
                    sp.Eq(evaluate(f.relation.lhs, vectors), evaluate(f.relation.rhs, vectors))
                    for f in data["equations"]
                ]
            else:
                u, v = (evaluate(e, vectors) for e in data["pair"])
                if not (isinstance(u, sp.MatrixBase) and isinstance(v, sp.MatrixBase)):
                    raise CannotCompute("vector.unreadable")
                steps.append(
                    Step("vector.pair", {"u": f"${_show_vector(u)}$", "v": f"${_show_vector(v)}$"})
                )
                if mode == "perpendicular":
                    conditions = [sp.Eq(sp.expand(u.dot(v)), 0)]
                    steps.append(
                        Step(
                            "vector.perpendicular_rule",
                            {"expr": f"${tex(sp.expand(u.dot(v)))} = 0$"},
                        )
                    )
                else:
                    if u.rows == 2:
                        cross = [sp.expand(u[0] * v[1] - u[1] * v[0])]
                    else:
                        cross = [sp.expand(c) for c in u.cross(v)]
                    conditions = [sp.Eq(c, 0) for c in cross]
                    steps.append(
                        Step(
                            "vector.parallel_rule",
                            {"expr": ", ".join(f"${tex(c)} = 0$" for c in cross)},
                        )
                    )
        except NotVector as error:
            raise CannotCompute("vector.unreadable") from error
        if any(
            isinstance(c, sp.MatrixBase)
            for cond in conditions
            for c in (cond.lhs, cond.rhs)
            if not isinstance(cond, bool)
        ):
            raise CannotCompute("vector.unreadable")
        solutions = sp.solve(conditions, unknown, dict=True)
        roots = sorted(
            {sp.radsimp(s[unknown]) for s in solutions if unknown in s and s[unknown].is_real},
            key=lambda r: float(sp.N(r)),
        )
        if mode != "equations":
            roots = [r for r in roots if not _makes_zero(data, vectors, unknown, r)]
        if not roots:
            raise CannotCompute("vector.no_value")
        joiner = " 또는 " if problem.lang == "ko" else " or "
        shown = joiner.join(f"${tex(unknown)} = {tex(r)}$" for r in roots)
        return Outcome(
            sp.FiniteSet(*roots),
            steps,
            Step("vector.answer", {"value": shown}),
            values=tuple(roots),
            data={"kind": "set"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        vectors, unknown, mode = data["vectors"], data["unknown"], data["mode"]
        for root in outcome.values:
            fixed = {n: v.subs(unknown, root) for n, v in vectors.items()}
            if mode == "equations":
                for f in data["equations"]:
                    lhs = evaluate(f.relation.lhs.subs(unknown, root), fixed)
                    rhs = evaluate(f.relation.rhs.subs(unknown, root), fixed)
                    if not close(lhs, rhs):
                        return False
                continue
            u, v = (evaluate(e.subs(unknown, root), fixed) for e in data["pair"])
            a, b = [complex(c) for c in u], [complex(c) for c in v]
            if (
                mode == "perpendicular"
                and abs(sum(p * q for p, q in zip(a, b, strict=True))) > 1e-9
            ):
                return False
            # parallel: one is a multiple of the other, so the pair has rank one
            if mode == "parallel" and sp.Matrix.hstack(u, v).rank(simplify=True) != 1:
                return False
        return True


def _bare_names(problem: Problem, named: dict[Any, sp.Matrix], source: str) -> list[Any]:
    """Named vectors written alone in the sentence, outside their definitions and ``source``."""
    text = re.sub(r"(?<![a-z])[a-z]\s*=\s*\([^()]*\)", " ", problem.text).replace(source, " ")
    letters = dict.fromkeys(re.findall(r"(?<![a-z])([a-z])(?![a-z(=])", text))
    return [sp.Symbol(s) for s in letters if sp.Symbol(s) in named]


def _makes_zero(
    data: dict[str, Any], vectors: dict[Any, sp.Matrix], unknown: Any, root: Any
) -> bool:
    fixed = {n: v.subs(unknown, root) for n, v in vectors.items()}
    for expr in data["pair"]:
        value = evaluate(expr.subs(unknown, root), fixed)
        if isinstance(value, sp.MatrixBase) and all(sp.simplify(c) == 0 for c in value):
            return True
    return False
