"""Systems of two or three equations, and inequalities in one unknown."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import cues
from ..checks import holds_at, is_zero, samples_in
from ..explain import eq, interval_text, m
from ..problem import Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .common import pick_var


def _system_equations(problem: Problem) -> list[Any]:
    found = [f.relation.as_sympy() for f in problem.equations()]
    found += [sp.Eq(sp.Symbol("y"), c.body) for c in problem.curves]
    return found


# Words that ask for something other than the common solutions (a count, a distance, a chord…):
# with them, solving the equations together is not the task, so it is never the default.
_OTHER_REQUEST = cues.cue(
    r"몇\s*개|개수|거리|distance|how\s+many|\bchord|현의|공통\s*현|넓이|기울기|slope|반지름|radius|"
    r"중심|cent(?:er|re)|위치\s*관계|position|relationship|접선|tangent"
)


class System(TaskType):
    name = "system"
    area = "equations"
    requires = ("two or three equations",)
    check_name = "substitution"

    def detect(self, problem: Problem) -> Detection | None:
        equations = _system_equations(problem)
        if len(equations) < 2 or len(equations) > 4 or problem.inequalities():
            return None
        if any(
            c.search(problem.text)
            for c in (cues.AREA, cues.INTEGRAL, cues.TANGENT, cues.DERIVATIVE)
        ):
            return None
        text = problem.text
        if _OTHER_REQUEST.search(text) and not (
            cues.SYSTEM.search(text) or "교점" in text or "intersect" in text
        ):
            return None
        symbols = set().union(*(e.free_symbols for e in equations))
        if len(symbols) < 2 or len(symbols) > 3:
            return None
        score = (
            CERTAIN
            if cues.SYSTEM.search(problem.text) or cues.SOLVE.search(problem.text)
            else DEFAULT
        )
        if problem.curves and not (
            cues.SOLVE.search(problem.text)
            or cues.SYSTEM.search(problem.text)
            or "교점" in problem.text
            or "intersect" in problem.text
        ):
            score = DEFAULT
        return self.found(score, equations=equations, symbols=sorted(symbols, key=str))

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        equations, symbols = detection.data["equations"], detection.data["symbols"]
        linear = all(sp.Poly(e.lhs - e.rhs, *symbols).total_degree() <= 1 for e in equations)
        steps = [Step("system.given", {"eqs": ", ".join(m(e) for e in equations)})]
        if linear:
            matrix, vector = sp.linear_eq_to_matrix([e.lhs - e.rhs for e in equations], symbols)
            steps.append(Step("system.elimination", {}))
            solution = sp.linsolve((matrix, vector), symbols)
            if solution == sp.EmptySet:
                return Outcome(
                    sp.EmptySet, steps, Step("system.none", {}), values=(), data={"solutions": []}
                )
            (values,) = tuple(solution)
            if any(v.free_symbols for v in values):
                return Outcome(
                    solution,
                    steps,
                    Step("system.infinite", {}),
                    values=(),
                    data={"solutions": [], "infinite": True},
                )
            solutions = [dict(zip(symbols, values, strict=True))]
        else:
            steps.append(Step("system.substitution", {}))
            solutions = sp.solve(equations, symbols, dict=True)
            solutions = [s for s in solutions if all(v.is_real for v in s.values())]
            if not solutions or any(len(s) != len(symbols) for s in solutions):
                raise CannotCompute()
        shown = []
        for solution in solutions:
            shown.append(", ".join(eq(s, solution[s]) for s in symbols))
        joiner = " 또는 " if problem.lang == "ko" else " or "
        answer = Step(
            "system.answer",
            {"value": joiner.join(f"({s})" if len(solutions) > 1 else s for s in shown)},
        )
        flat = tuple(solution[s] for solution in solutions for s in symbols)
        result = sp.FiniteSet(*[sp.Tuple(*(sol[s] for s in symbols)) for sol in solutions])
        return Outcome(result, steps, answer, values=flat, data={"solutions": solutions})

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        equations, symbols = detection.data["equations"], detection.data["symbols"]
        solutions = outcome.data["solutions"]
        for solution in solutions:
            if not all(is_zero((e.lhs - e.rhs).subs(solution)) for e in equations):
                return False
        if outcome.data.get("infinite") or not solutions:
            matrix, vector = sp.linear_eq_to_matrix([e.lhs - e.rhs for e in equations], symbols)
            augmented = matrix.row_join(vector)
            if outcome.data.get("infinite"):
                return bool(matrix.rank() == augmented.rank() < len(symbols))
            return bool(matrix.rank() < augmented.rank())
        return True


def _as_set(relation: Any, var: Any) -> Any:
    if isinstance(relation, sp.And):  # a chain or a system: where every part holds
        found = sp.S.Reals
        for part in relation.args:
            found = found.intersect(sp.solveset(part, var, domain=sp.S.Reals))
        return found
    return sp.solveset(relation, var, domain=sp.S.Reals)


class Inequality(TaskType):
    name = "inequality"
    area = "equations"
    requires = ("one inequality in one unknown",)
    check_name = "sample_points"

    def detect(self, problem: Problem) -> Detection | None:
        inequalities = problem.inequalities()
        if not 1 <= len(inequalities) <= 3 or problem.equations() or problem.functions():
            return None
        if any(
            c.search(problem.text) for c in (cues.MAXMIN, cues.AREA, cues.INTEGRAL, cues.DERIVATIVE)
        ):
            return None
        relation = inequalities[0].relation
        # 연립부등식 (several inequalities in one unknown): where all of them hold.
        condition = sp.And(*(f.relation.as_sympy() for f in inequalities), evaluate=False)
        symbols = set().union(*(f.relation.free_symbols for f in inequalities))
        if len(symbols) != 1:
            return None
        score = (
            CERTAIN
            if cues.SOLVE.search(problem.text) or cues.INEQUALITY.search(problem.text)
            else DEFAULT
        )
        return self.found(
            score,
            relation=relation,
            var=pick_var(symbols),
            condition=condition if len(inequalities) > 1 else relation.as_sympy(),
            several=len(inequalities) > 1,
        )

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        relation, var = detection.data["relation"], detection.data["var"]
        condition = detection.data["condition"]
        steps = [Step("inequality.given", {"expr": m(condition)})]
        single = len(relation.parts) == 2 and not detection.data["several"]
        expr = sp.expand(relation.parts[0] - relation.parts[1]) if single else None
        if expr is not None and expr.is_polynomial(var):
            degree = sp.degree(expr, var)
            if degree == 1:
                steps.append(
                    Step("inequality.linear", {"flip": "" if expr.coeff(var, 1) > 0 else "flip"})
                )
                if expr.coeff(var, 1) < 0:
                    steps.append(Step("inequality.flip", {}))
            elif degree == 2:
                roots = sorted(sp.solve(expr, var), key=lambda r: sp.N(sp.re(r)))
                real = [r for r in roots if r.is_real]
                steps.append(
                    Step(
                        "inequality.quadratic",
                        {"expr": m(sp.factor(expr)), "roots": ", ".join(m(r) for r in real) or "-"},
                    )
                )
        elif relation.lhs.has(sp.Abs) or relation.rhs.has(sp.Abs):
            steps.append(Step("inequality.absolute", {}))
        elif len(relation.parts) == 3 or detection.data["several"]:
            steps.append(Step("inequality.chain", {}))
        solution = _as_set(condition, var)
        if not isinstance(solution, sp.Interval | sp.Union | sp.FiniteSet) and solution not in (
            sp.EmptySet,
            sp.S.Reals,
        ):
            raise CannotCompute()
        if solution == sp.EmptySet:
            shown = "해가 없어요" if problem.lang == "ko" else "no solution"
        elif solution == sp.S.Reals:
            shown = "모든 실수" if problem.lang == "ko" else "all real numbers"
        else:
            shown = interval_text(solution, var, problem.lang)
        steps.append(Step("inequality.result", {"value": shown}))
        return Outcome(
            solution,
            steps,
            Step("inequality.answer", {"value": shown}),
            values=(solution,),
            data={"kind": "interval"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        var = detection.data["var"]
        condition = detection.data["condition"]
        solution = outcome.result

        def test(point: Any) -> bool | None:
            return holds_at(lambda p: condition.subs(var, p), point)

        points: list[Any] = [
            sp.Rational(v).limit_denominator(50)
            for v in (-7.3, -2.6, -1.1, -0.45, 0.2, 0.7, 1.3, 2.2, 3.6, 6.1)
        ]
        boundaries = sorted(
            {b for b in solution.boundary if b.is_finite}
            if solution not in (sp.EmptySet, sp.S.Reals)
            else set(),
            key=lambda v: sp.N(v),
        )
        for b in boundaries:
            points.extend([b, b - sp.Rational(1, 1000), b + sp.Rational(1, 1000)])
        if isinstance(solution, sp.Interval | sp.Union):
            parts = solution.args if isinstance(solution, sp.Union) else (solution,)
            for part in parts:
                if isinstance(part, sp.Interval):
                    points.extend(samples_in(part, 3))
        for point in points:
            truth = test(point)
            if truth is None:
                continue
            if truth != bool(solution.contains(point)):
                return False
        return True
