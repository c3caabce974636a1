"""The value of an expression under given conditions: ``x + 1/x = 3 일 때
x^2 + 1/x^2``, ``x + y = 5, xy = 3 일 때 x^2 + y^2``, and symmetric
expressions of the two roots of a quadratic (``α^2 + β^2``).

The conditions are solved and the expression evaluated at every solution;
a value is stated only when all solutions give the same one (otherwise the
answer would depend on a choice the question did not make)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import cues
from ..checks import close, is_zero
from ..explain import m
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType

_GIVEN = cues.cue(
    r"일\s*때|일때|이면|라\s*할\s*때|라고\s*할\s*때|\bwhen\b|\bif\b|\bgiven\b|\bsuppose"
)
_ROOTS = cues.cue(r"두\s*근|근을|근이|roots?\b")
ALPHA, BETA = sp.Symbol("alpha"), sp.Symbol("beta")


def _targets(problem: Problem, allowed: set[Any]) -> list[Any]:
    """Expressions to evaluate: written formulas in the given unknowns, not a bare letter."""
    found = []
    for formula in problem.expressions():
        expr = formula.relation.lhs
        if expr.is_Symbol or not expr.free_symbols or not expr.free_symbols <= allowed:
            continue
        if expr not in found:
            found.append(expr)
    return found


class ConditionValue(TaskType):
    name = "condition_value"
    area = "polynomials"
    requires = ("conditions (equations)", "an expression to evaluate")
    check_name = "numeric_at_solutions"
    shadows = ("solve_equation", "system", "vieta", "evaluate", "simplify", "expand", "factor")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        if not _GIVEN.search(text) or problem.functions() or problem.inequalities():
            return None
        equations = [f.relation.as_sympy() for f in problem.equations()]
        if not equations or len(equations) > 3:
            return None
        unknowns = set().union(*(e.free_symbols for e in equations))
        if not unknowns:
            return None
        pieces = [side for e in equations for side in (e.lhs, e.rhs)]
        pieces += [f.relation.lhs for f in problem.expressions()]
        if not all(p.is_rational_function(*unknowns, ALPHA, BETA) for p in pieces):
            return None  # trig ratios, |a| of vectors…: their own task types read those
        roots_targets = _targets(problem, {ALPHA, BETA})
        if (
            roots_targets
            and len(equations) == 1
            and len(unknowns) == 1
            and _ROOTS.search(text)
            and any(t.has(ALPHA) and t.has(BETA) for t in roots_targets)
        ):
            return self.found(
                CERTAIN, mode="roots", equation=equations[0], var=next(iter(unknowns)),
                targets=roots_targets,
            )  # fmt: skip
        if all(e.lhs.is_Symbol and not e.rhs.free_symbols for e in equations):
            return None  # ``x = 3 일 때 x^2 + 1``: a plain substitution (function_value)
        targets = _targets(problem, unknowns)
        if len(targets) != 1 or len(unknowns) > len(equations):
            return None
        return self.found(
            CERTAIN, mode="solve", equations=equations, unknowns=sorted(unknowns, key=str),
            targets=targets,
        )  # fmt: skip

    def _solutions(self, detection: Detection) -> list[dict[Any, Any]]:
        data = detection.data
        if data["mode"] == "roots":
            equation, var = data["equation"], data["var"]
            poly = sp.Poly(sp.expand(equation.lhs - equation.rhs), var)
            if poly.degree() != 2:
                raise CannotCompute()
            found = sp.roots(poly)
            first, second = (list(found) * 2)[:2] if sum(found.values()) == 2 else (None, None)
            if first is None:
                raise CannotCompute()
            # α, β are the two roots in either order: a symmetric expression gives one value.
            return [{ALPHA: first, BETA: second}, {ALPHA: second, BETA: first}]
        solutions = sp.solve(data["equations"], data["unknowns"], dict=True)
        if not solutions or any(len(s) != len(data["unknowns"]) for s in solutions):
            raise CannotCompute()
        return list(solutions)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        solutions = self._solutions(detection)
        results = []
        for target in detection.data["targets"]:
            values = [sp.simplify(sp.radsimp(target.subs(s))) for s in solutions]
            if any(v.has(sp.zoo, sp.nan) or v.free_symbols for v in values):
                raise CannotCompute()
            if any(not is_zero(v - values[0]) for v in values[1:]):
                raise CannotCompute()  # the value depends on which solution is meant
            results.append(sp.nsimplify(values[0]) if values[0].is_number else values[0])
        steps = [
            Step(
                f"condition_value.{detection.data['mode']}",
                {
                    "count": str(len(solutions)),
                    "targets": ", ".join(m(t) for t in detection.data["targets"]),
                },
            )
        ]
        shown = ", ".join(
            f"{m(t)} = {m(v)}" for t, v in zip(detection.data["targets"], results, strict=True)
        )
        result = results[0] if len(results) == 1 else sp.Tuple(*results)
        return Outcome(
            result,
            steps,
            Step("condition_value.answer", {"value": shown}),
            values=tuple(results),
            data={"solutions": solutions},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        equations = [data["equation"]] if data["mode"] == "roots" else data["equations"]
        for solution in outcome.data["solutions"]:
            point = {k: sp.N(v, 30) for k, v in solution.items()}
            if data["mode"] == "roots":
                point = {data["var"]: point[ALPHA], **point}
            if not all(close(e.lhs.subs(point), e.rhs.subs(point)) for e in equations):
                return False
            for target, value in zip(data["targets"], outcome.values, strict=True):
                if not close(target.subs(point), value):
                    return False
        return True
