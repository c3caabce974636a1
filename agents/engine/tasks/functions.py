# ruff: noqa: E501, RUF059
"""Functions: the vertex and axis of a quadratic, values f(a), f'(a) and
expressions at x = a, composite and inverse functions."""

from __future__ import annotations

import re

import sympy as sp

from .. import cues
from ..checks import close, numeric_derivative, same_function
from ..explain import eq, m, tex
from ..parse import parse_unevaluated
from ..problem import Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .common import main_function, pick_var

_CALL = re.compile(r"\b([a-hk-z])('{0,2})\s*\(")


class Vertex(TaskType):
    name = "vertex"
    area = "functions"
    requires = ("a quadratic function",)
    check_name = "vertex_derivative"

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.VERTEX.search(problem.text):
            return None
        found = main_function(problem)
        if found is None:
            return None
        expr, var, _ = found
        if not expr.is_polynomial(var) or sp.degree(expr, var) != 2 or len(expr.free_symbols) != 1:
            return None
        axis_only = bool(re.search(r"축의\s*방정식|대칭축|axis", problem.text)) and not re.search(
            r"꼭짓|꼭지|vertex", problem.text
        )
        return self.found(CERTAIN, expr=sp.expand(expr), var=var, axis_only=axis_only)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var = detection.data["expr"], detection.data["var"]
        a, b, _ = sp.Poly(expr, var).all_coeffs()
        h = -b / (2 * a)
        k = sp.simplify(expr.subs(var, h))
        square = f"$y = {tex(a) if a != 1 else ''}{'(' if a != 1 else ''}{tex((var - h) ** 2)}{')' if a != 1 else ''} + {tex(k)}$".replace(
            "+ -", "- "
        )
        steps = [
            Step("vertex.complete_square", {"expr": square}),
            Step("vertex.read", {"h": m(h), "k": m(k)}),
        ]
        if detection.data["axis_only"]:
            axis = sp.Eq(var, h)  # the axis is a line: stated as its equation
            return Outcome(
                axis,
                steps,
                Step("vertex.axis_answer", {"value": eq(var, h)}),
                values=(axis,),
                data={"h": h, "k": k, "kind": "objects"},
            )
        answer = Step("vertex.answer", {"point": f"$({tex(h)}, {tex(k)})$", "axis": eq(var, h)})
        return Outcome(sp.Tuple(h, k), steps, answer, values=(h, k), data={"h": h, "k": k})

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        h, k = outcome.data["h"], outcome.data["k"]
        slope = numeric_derivative(expr, var, h)
        return slope is not None and abs(slope) < 1e-9 and close(expr.subs(var, h), k)


class FunctionValue(TaskType):
    """``f(2)``, ``f'(3)``, ``f(g(1))``, or an expression's value at ``x = a``."""

    name = "function_value"
    area = "functions"
    requires = ("a function or expression", "the point (f(a) or x = a)")
    check_name = "second_route"
    shadows = ("evaluate", "solve_equation", "simplify", "expand", "factor")

    def detect(self, problem: Problem) -> Detection | None:
        calls = [
            f
            for f in problem.formulas
            if f.relation.is_expression
            and not f.relation.free_symbols
            and _CALL.search(f.source)
            and problem.definitions
        ]
        if calls:
            return self.found(CERTAIN, formula=calls[0], mode="call")
        if (
            not problem.assignments
            or cues.DERIVATIVE.search(problem.text)
            or cues.TANGENT.search(problem.text)
        ):
            return None
        if (
            cues.MAXMIN.search(problem.text)
            or cues.VELOCITY.search(problem.text)
            or cues.ACCELERATION.search(problem.text)
        ):
            return None
        found = main_function(problem)
        others = [
            f
            for f in problem.formulas
            if not (f.relation.is_equation and f.relation.lhs in problem.assignments)
        ]
        if found is None or len(others) > (0 if problem.functions() else 1):
            return None
        expr, var, name = found
        subs = {s: v for s, v in problem.assignments.items() if s in expr.free_symbols}
        if set(subs) != expr.free_symbols:
            return None
        score = CERTAIN if cues.VALUE.search(problem.text) else DEFAULT
        return self.found(score, expr=expr, subs=subs, mode="subs", name=name)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        if detection.data["mode"] == "call":
            formula = detection.data["formula"]
            value = sp.simplify(formula.expr)
            steps = []
            for name, definition in problem.definitions.items():
                steps.append(
                    Step(
                        "function_value.definition",
                        {"expr": f"${name}({tex(definition.var)}) = {tex(definition.body)}$"},
                    )
                )
                if f"{name}'" in formula.source:
                    steps.append(
                        Step(
                            "function_value.derivative",
                            {
                                "expr": f"${name}'({tex(definition.var)}) = {tex(sp.expand(sp.diff(definition.body, definition.var)))}$"
                            },
                        )
                    )
            shown = _written(formula.source)
            steps.append(Step("function_value.substitute", {"expr": f"${shown} = {tex(value)}$"}))
            return Outcome(
                value,
                steps,
                Step("function_value.answer", {"value": f"${shown} = {tex(value)}$"}),
                values=(value,),
                data={},
            )
        expr, subs = detection.data["expr"], detection.data["subs"]
        value = sp.simplify(expr.subs(subs))
        if not value.is_finite:
            raise CannotCompute("evaluate.undefined")
        point = ", ".join(eq(s, v) for s, v in subs.items())
        steps = [
            Step("function_value.at_point", {"expr": m(expr), "point": point}),
            Step("function_value.result", {"expr": m(value)}),
        ]
        return Outcome(
            value,
            steps,
            Step("function_value.answer", {"value": m(value)}),
            values=(value,),
            data={},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        if detection.data["mode"] == "subs":
            expr, subs = detection.data["expr"], detection.data["subs"]
            func = sp.lambdify(list(subs), expr, "mpmath")
            return close(func(*[sp.N(v, 30) for v in subs.values()]), outcome.result)
        source = detection.data["formula"].source
        match = re.fullmatch(r"\s*([a-hk-z])('?)\s*\(\s*([-+]?[\d./]+)\s*\)\s*", source)
        if match and match[1] in problem.definitions:
            definition = problem.definitions[match[1]]
            point = sp.Rational(match[3])
            if match[2]:
                numeric = numeric_derivative(definition.body, definition.var, point)
                return numeric is not None and close(numeric, outcome.result, 1e-7)
            func = sp.lambdify(definition.var, definition.body, "mpmath")
            return close(func(sp.N(point, 30)), outcome.result)
        return close(sp.N(detection.data["formula"].expr, 30), outcome.result)


def _written(source: str) -> str:
    return source.replace(" ", "")


class Composite(TaskType):
    name = "composite"
    area = "functions"
    requires = ("two functions f and g",)
    check_name = "composition_points"

    def detect(self, problem: Problem) -> Detection | None:
        if len(problem.definitions) < 2:
            return None
        for formula in problem.formulas:
            inner = re.fullmatch(
                r"\s*([a-hk-z])\s*\(\s*([a-hk-z])\s*\(\s*([a-z])\s*\)\s*\)\s*", formula.source
            )
            if inner and formula.relation.free_symbols:
                return self.found(CERTAIN, outer=inner[1], inner=inner[2], formula=formula)
        circle = re.search(r"\(\s*([a-hk-z])\s*∘\s*([a-hk-z])\s*\)", problem.text)
        if circle:
            return self.found(CERTAIN, outer=circle[1], inner=circle[2], formula=None)
        return None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        outer = problem.definitions[detection.data["outer"]]
        inner = problem.definitions[detection.data["inner"]]
        var = inner.var
        result = sp.expand(outer.body.subs(outer.var, inner.body))
        name = f"{outer.name}({inner.name}({tex(var)}))"
        steps = [
            Step(
                "composite.rule",
                {
                    "expr": f"${name} = {tex(outer.body.subs(outer.var, sp.Symbol('(' + sp.latex(inner.body) + ')')))}$"
                },
            )
        ]
        return Outcome(
            result,
            steps,
            Step(
                "composite.answer",
                {"value": f"$({outer.name} \\circ {inner.name})({tex(var)}) = {tex(result)}$"},
            ),
            values=(result,),
            data={"kind": "function"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        outer = problem.definitions[detection.data["outer"]]
        inner = problem.definitions[detection.data["inner"]]
        f = sp.lambdify(outer.var, outer.body, "mpmath")
        g = sp.lambdify(inner.var, inner.body, "mpmath")
        for point in (0.3, 1.7, -2.2):
            try:
                direct = f(g(point))
            except (ValueError, ZeroDivisionError, TypeError):
                continue
            if not close(outcome.result.subs(inner.var, point), direct):
                return False
        return True


class Inverse(TaskType):
    name = "inverse"
    area = "functions"
    requires = ("a one-to-one function",)
    check_name = "inverse_points"

    def detect(self, problem: Problem) -> Detection | None:
        if not cues.INVERSE.search(problem.text):
            return None
        found = main_function(problem)
        if found is None:
            return None
        return self.found(CERTAIN, expr=found[0], var=found[1], name=found[2])

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var = detection.data["expr"], detection.data["var"]
        y = sp.Symbol("y")
        solutions = sp.solve(sp.Eq(y, expr), var)
        if len(solutions) != 1:
            raise CannotCompute("inverse.not_one_to_one")
        inverse = sp.simplify(solutions[0].subs(y, var))
        steps = [
            Step("inverse.swap", {"expr": f"$y = {tex(expr)}$"}),
            Step("inverse.solve", {"expr": f"${tex(var)} = {tex(solutions[0])}$"}),
        ]
        name = detection.data["name"]
        shown = f"${name}^{{-1}}({tex(var)}) = {tex(inverse)}$"
        return Outcome(
            inverse,
            steps,
            Step("inverse.answer", {"value": shown}),
            values=(inverse,),
            data={"kind": "function"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        composed = expr.subs(var, outcome.result)
        return same_function(composed, var, {var})


del pick_var, parse_unevaluated
