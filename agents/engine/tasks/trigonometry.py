"""Trigonometry: exact values at standard angles (with the quadrant and the
reference angle), simplifying with the identities, "show that" identities,
and the other ratios from one ratio and the quadrant."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close, same_function
from ..explain import m, tex
from ..parse import parse_unevaluated
from ..problem import Formula, Problem
from .base import CERTAIN, DEFAULT, CannotCompute, Detection, Outcome, Step, TaskType
from .trig_common import (
    BASIC,
    PROVE,
    angle_tex,
    in_sin_cos,
    trig_atoms,
    trig_of,
    uses_degrees,
)

_QUADRANT_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth"}
# Signs of (sin, cos) in each quadrant.
_SIGNS = {1: (1, 1), 2: (1, -1), 3: (-1, -1), 4: (-1, 1)}


def _standard(angle: Any) -> bool:
    """A rational multiple of π/12 (15°): a value the table or a formula gives exactly."""
    ratio = sp.nsimplify(angle / sp.pi)
    return bool(ratio.is_Rational and (ratio * 12).is_Integer)


class TrigValue(TaskType):
    name = "trig_value"
    area = "trigonometry"
    requires = ("a numeric expression of trigonometric functions at standard angles",)
    check_name = "numeric_evaluation"
    shadows = ("evaluate",)

    def detect(self, problem: Problem) -> Detection | None:
        numeric = [f for f in problem.formulas if f.relation.is_expression]
        if len(numeric) != 1 or len(problem.formulas) > 1 or problem.functions():
            return None
        formula = numeric[0]
        if formula.relation.free_symbols or problem.sums or problem.limit:
            return None
        written = parse_unevaluated(formula.source)
        calls = trig_atoms(written)
        if not calls or not all(_standard(c.args[0].doit()) for c in calls):
            return None
        if re.search(r"log|ln|\bi\b", formula.source):
            return None
        score = (
            CERTAIN
            if cues.VALUE.search(problem.text) or cues.SIMPLIFY.search(problem.text)
            else DEFAULT
        )
        return self.found(score, formula=formula, written=written, calls=calls)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        formula: Formula = detection.data["formula"]
        written, calls = detection.data["written"], detection.data["calls"]
        degrees = uses_degrees(problem.raw)
        shown = _written_tex(written, degrees)
        steps = [Step("trig_value.given", {"expr": f"${shown}$"})]
        for call in calls:
            steps.append(_reduce_step(call, degrees))
        value = sp.radsimp(sp.simplify(formula.expr))
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not value.is_finite:
            raise CannotCompute("trig_value.undefined")
        steps.append(Step("trig_value.value", {"expr": f"${shown} = {tex(value)}$"}))
        return Outcome(
            value, steps, Step("trig_value.answer", {"value": m(value)}), values=(value,)
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        return close(sp.N(detection.data["written"].doit(), 40), outcome.result)


def _call_tex(call: Any, degrees: bool) -> str:
    name = type(call).__name__
    return f"\\{name} {angle_tex(call.args[0].doit(), degrees)}"


def _written_tex(written: Any, degrees: bool) -> str:
    shown = written.replace(
        lambda e: e.func in BASIC and not e.free_symbols,
        lambda e: sp.Symbol(_call_tex(e, degrees)),
    )
    return str(sp.latex(shown, order="none", mul_symbol="dot"))


def _reduce_step(call: Any, degrees: bool) -> Step:
    """``tan 225° = tan(180° + 45°) = tan 45° = 1``, naming the quadrant's sign."""
    func = call.func
    angle = call.args[0].doit()
    turn = 2 * sp.pi
    reduced = angle - turn * sp.floor(angle / turn)
    value = func(angle)
    name = func.__name__
    shown = _call_tex(call, degrees)
    if sp.nsimplify(reduced / (sp.pi / 2)).is_Integer:
        return Step("trig_value.axis", {"expr": f"${shown} = {tex(value)}$"})
    quadrant = int(sp.floor(reduced / (sp.pi / 2))) + 1
    reference = {1: reduced, 2: sp.pi - reduced, 3: reduced - sp.pi, 4: turn - reduced}[quadrant]
    written = {
        1: angle_tex(reduced, degrees),
        2: f"{angle_tex(sp.pi, degrees)} - {angle_tex(reference, degrees)}",
        3: f"{angle_tex(sp.pi, degrees)} + {angle_tex(reference, degrees)}",
        4: f"{angle_tex(turn, degrees)} - {angle_tex(reference, degrees)}",
    }[quadrant]
    sign = sp.sign(sp.N(value)) if value.is_finite else 1
    chain = [shown]
    if reduced != angle:
        chain.append(f"\\{name} {angle_tex(reduced, degrees)}")
    if quadrant != 1:
        chain.append(f"\\{name}\\left({written}\\right)")
    chain.append(f"{'-' if sign < 0 else ''}\\{name} {angle_tex(reference, degrees)}")
    chain.append(tex(value))
    return Step(
        "trig_value.reduce",
        {
            "quadrant": str(quadrant),
            "quadrant_en": _QUADRANT_NAMES[quadrant],
            "reference": f"${angle_tex(reference, degrees)}$",
            "func": f"$\\{name}$",
            "sign": "+" if sign > 0 else "-",
            "expr": f"${' = '.join(chain)}$",
        },
    )


def _simplest(expr: Any) -> Any:
    """The simplest equal form, without new (double) angles the question did not have."""
    arguments = {a.args[0] for a in trig_atoms(expr)}
    found = [sp.trigsimp(expr), sp.simplify(expr)]
    found += [sp.factor(sp.expand_trig(f)) for f in found]
    allowed = [f for f in found if {a.args[0] for a in trig_atoms(f)} <= arguments]
    return min(allowed or found, key=sp.count_ops)


class TrigSimplify(TaskType):
    name = "trig_simplify"
    area = "trigonometry"
    requires = ("an expression of trigonometric functions of one variable",)
    check_name = "random_points"
    shadows = ("simplify", "expand", "factor")

    def detect(self, problem: Problem) -> Detection | None:
        exprs = [
            f.expr for f in problem.expressions() if f.expr.free_symbols and not f.expr.is_Symbol
        ]
        if len(exprs) != 1 or problem.equations() or problem.inequalities() or problem.functions():
            return None
        expr = exprs[0]
        if not trig_atoms(expr) or len(expr.free_symbols) != 1:
            return None
        if any(c.search(problem.text) for c in (cues.DERIVATIVE, cues.INTEGRAL, cues.LIMIT)):
            return None
        if not (
            cues.SIMPLIFY.search(problem.text) or re.search(r"간단|정리|simplif", problem.text)
        ):
            return None
        return self.found(CERTAIN, expr=expr)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr = detection.data["expr"]
        steps = [Step("trig_simplify.given", {"expr": m(expr)})]
        steps += _rewrite_steps(expr)
        result = _simplest(expr)
        steps.append(Step("trig_simplify.result", {"expr": f"${tex(expr)} = {tex(result)}$"}))
        return Outcome(
            result,
            steps,
            Step("trig_simplify.answer", {"value": m(result)}),
            values=(result,),
            data={"kind": "function"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr = detection.data["expr"]
        return same_function(expr, outcome.result, expr.free_symbols, points=8)


def _rewrite_steps(expr: Any) -> list[Step]:
    steps: list[Step] = []
    rewritten = in_sin_cos(expr)
    if rewritten != expr:
        steps.append(
            Step("trig_simplify.to_sin_cos", {"expr": f"${tex(expr)} = {tex(rewritten)}$"})
        )
    combined = sp.factor(sp.together(rewritten))
    if combined != rewritten and sp.count_ops(combined) <= sp.count_ops(rewritten) + 4:
        steps.append(Step("trig_simplify.together", {"expr": f"$= {tex(combined)}$"}))
    steps.append(Step("trig_simplify.pythagorean", {}))
    return steps


class TrigIdentity(TaskType):
    """``Show that ... = ...``: decide an identity and show the steps."""

    name = "trig_identity"
    area = "trigonometry"
    requires = ("an equation of trigonometric functions to prove",)
    check_name = "random_points"
    shadows = ("solve_equation", "trig_equation", "trig_ratios")

    def detect(self, problem: Problem) -> Detection | None:
        if not PROVE.search(problem.text):
            return None
        equations = problem.equations()
        if len(equations) != 1 or problem.inequalities():
            return None
        relation = equations[0].relation
        if not trig_atoms(relation.lhs - relation.rhs) or len(relation.free_symbols) != 1:
            return None
        return self.found(CERTAIN, relation=relation)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        relation = detection.data["relation"]
        (var,) = relation.free_symbols
        lhs, rhs = relation.lhs, relation.rhs
        steps = [Step("trig_identity.given", {"expr": m(relation.as_sympy())})]
        difference = sp.simplify(sp.trigsimp(lhs - rhs))
        if difference == 0:
            left = _simplest(in_sin_cos(lhs))
            right = _simplest(in_sin_cos(rhs))
            steps += _rewrite_steps(lhs)
            steps.append(Step("trig_identity.left", {"expr": f"${tex(lhs)} = {tex(left)}$"}))
            if right != rhs:
                steps.append(Step("trig_identity.right", {"expr": f"${tex(rhs)} = {tex(right)}$"}))
            return Outcome(
                sp.true,
                steps,
                Step("trig_identity.holds", {"expr": m(relation.as_sympy())}),
                values=(sp.true,),
                data={"var": var},
            )
        point = _counterexample(lhs, rhs, var)
        if point is None:
            raise CannotCompute()
        left, right = (sp.N(side.subs(var, point), 6) for side in (lhs, rhs))
        steps.append(
            Step(
                "trig_identity.counter",
                {"point": f"${tex(var)} = {tex(point)}$", "left": m(left), "right": m(right)},
            )
        )
        return Outcome(
            sp.false,
            steps,
            Step("trig_identity.fails", {"expr": m(relation.as_sympy())}),
            values=(sp.false,),
            data={"var": var, "point": point},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        relation = detection.data["relation"]
        var = outcome.data["var"]
        if outcome.result == sp.true:
            return same_function(relation.lhs, relation.rhs, {var}, points=10)
        point = outcome.data["point"]
        return not close(relation.lhs.subs(var, point), relation.rhs.subs(var, point), 1e-6)


def _counterexample(lhs: Any, rhs: Any, var: Any) -> Any | None:
    for point in (sp.pi / 7, sp.pi / 5, sp.Rational(1, 3), sp.pi * 3 / 7, sp.Integer(2)):
        try:
            a, b = complex(sp.N(lhs.subs(var, point))), complex(sp.N(rhs.subs(var, point)))
        except (TypeError, ValueError):
            continue
        if abs(a - b) > 1e-6 * max(1, abs(a), abs(b)):
            return point
    return None


_ACUTE = re.compile(r"예각|acute")
_OBTUSE = re.compile(r"둔각|obtuse")
_OTHERS = re.compile(
    r"나머지|다른|other|remaining|all\s+(?:the\s+)?(?:trig|six|other)|삼각비|삼각함수의\s*값"
)


def _given_ratio(problem: Problem) -> tuple[Any, Any, Any] | None:
    """``f(θ) = c`` with f a basic function of a bare letter and c a number."""
    found = []
    for formula in problem.equations():
        lhs, rhs = formula.relation.lhs, formula.relation.rhs
        if rhs.free_symbols and not lhs.free_symbols:
            lhs, rhs = rhs, lhs
        if lhs.func in BASIC and lhs.args[0].is_Symbol and not rhs.free_symbols:
            found.append((lhs.func, lhs.args[0], rhs))
    return found[0] if len(found) == 1 else None


def _signs(problem: Problem, var: Any) -> tuple[int | None, int | None]:
    """What is known of the signs of sin and cos: from the quadrant, an interval, words."""
    if problem.quadrant:
        return _SIGNS[problem.quadrant]
    bounds = problem.bounds
    if bounds is not None and bounds.var in (None, var):
        for quadrant in range(1, 5):
            low, high = (quadrant - 1) * sp.pi / 2, quadrant * sp.pi / 2
            for shift in (0, -2 * sp.pi, 2 * sp.pi):
                if bool(bounds.lower >= low + shift) and bool(bounds.upper <= high + shift):
                    return _SIGNS[quadrant]
    if _ACUTE.search(problem.text):
        return _SIGNS[1]
    if _OBTUSE.search(problem.text):
        return _SIGNS[2]
    sin_sign = cos_sign = None
    product = None
    for formula in problem.inequalities():
        relation = formula.relation
        if len(relation.parts) != 2 or relation.rhs != 0:
            continue
        sign = 1 if relation.ops[0] in (">", ">=") else -1
        func = relation.lhs.func if relation.lhs.args == (var,) else None
        if func in (sp.sin, sp.csc):
            sin_sign = sign
        elif func in (sp.cos, sp.sec):
            cos_sign = sign
        elif func in (sp.tan, sp.cot):
            product = sign
    if product is not None:
        if sin_sign is not None and cos_sign is None:
            cos_sign = sin_sign * product
        elif cos_sign is not None and sin_sign is None:
            sin_sign = cos_sign * product
    return sin_sign, cos_sign


class TrigRatios(TaskType):
    """The other ratios from one ratio and the quadrant (sin θ = 3/5 in quadrant II)."""

    name = "trig_ratios"
    area = "trigonometry"
    requires = ("one trigonometric ratio", "the quadrant or the sign of another ratio")
    check_name = "numeric_angle"
    shadows = (
        "evaluate",
        "function_value",
        "simplify",
        "expand",
        "factor",
        "solve_equation",
        "trig_equation",
    )

    def detect(self, problem: Problem) -> Detection | None:
        given = _given_ratio(problem)
        if given is None or PROVE.search(problem.text):
            return None
        func, var, value = given
        targets = [
            f.expr for f in problem.expressions()
            if trig_atoms(f.expr) and f.expr.free_symbols == {var}
        ]  # fmt: skip
        if not targets:
            if not (
                _OTHERS.search(problem.text)
                or problem.quadrant
                or _signs(problem, var) != (None, None)
            ):
                return None
            targets = [f(var) for f in (sp.sin, sp.cos, sp.tan) if f != func]
        data: dict[str, Any] = {"func": func, "var": var, "value": value, "targets": targets}
        data["signs"] = _signs(problem, var)
        data["options"], data["results"] = _options(data)
        if len({tuple(r) for r in data["results"]}) > 1:
            return self.found(
                CERTAIN,
                "trig_ratios.ask_quadrant",
                **data,
                offer={"given": m(sp.Eq(func(var), value))},
            )
        return self.found(CERTAIN, **data)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        func, var, value = data["func"], data["var"], data["value"]
        sin2, cos2, steps = _squares(func, var, value)
        if sin2 < 0 or cos2 < 0:
            raise CannotCompute("trig_ratios.impossible")
        if not data["options"]:
            raise CannotCompute("trig_ratios.inconsistent")
        results = data["results"][0]
        if any(r is None for r in results):
            raise CannotCompute("trig_value.undefined")
        s, c = data["options"][0]
        if data["signs"] != (None, None):
            steps.append(
                Step(
                    "trig_ratios.sign",
                    {"sin": m(sp.sin(var)), "cos": m(sp.cos(var)), "s": m(s), "c": m(c)},
                )
            )
        shown = []
        for target, result in zip(data["targets"], results, strict=True):
            shown.append(f"${tex(target)} = {tex(result)}$")
            if target not in (sp.sin(var), sp.cos(var)):
                steps.append(
                    Step("trig_ratios.target", {"expr": f"${tex(target)} = {tex(result)}$"})
                )
        return Outcome(
            sp.Tuple(*results),
            steps,
            Step("trig_ratios.answer", {"value": ", ".join(shown)}),
            values=tuple(results),
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        func, var, value = data["func"], data["var"], data["value"]
        for s, c in data["options"]:
            angle = _numeric_angle(
                func, value, float(sp.sign(s)) or None, float(sp.sign(c)) or None
            )
            if angle is None or not close(func(angle), value, 1e-9):
                return False
            for target, result in zip(data["targets"], outcome.values, strict=True):
                if not close(target.subs(var, angle), result, 1e-9):
                    return False
        return True


def _options(data: dict[str, Any]) -> tuple[list[tuple[Any, Any]], list[list[Any]]]:
    """Every (sin θ, cos θ) the data allow, and the targets' values for each."""
    func, var, value = data["func"], data["var"], data["value"]
    sin_sign, cos_sign = data["signs"]
    sin2, cos2, _ = _squares(func, var, value)
    if sin2 < 0 or cos2 < 0:
        return [], []
    options = []
    for s_sign in (1, -1):
        for c_sign in (1, -1):
            s, c = s_sign * sp.sqrt(sin2), c_sign * sp.sqrt(cos2)
            if not _consistent(func, value, s, c):
                continue
            if sin_sign is not None and s != 0 and s_sign != sin_sign:
                continue
            if cos_sign is not None and c != 0 and c_sign != cos_sign:
                continue
            options.append((sp.radsimp(s), sp.radsimp(c)))
    options = list(dict.fromkeys(options))
    return options, [[_evaluate(t, var, s, c) for t in data["targets"]] for s, c in options]


def _squares(func: Any, var: Any, value: Any) -> tuple[Any, Any, list[Step]]:
    """sin²θ and cos²θ from the given ratio, with the identity used."""
    given = m(sp.Eq(func(var), value))
    if func in (sp.sin, sp.csc):
        s = value if func == sp.sin else 1 / value
        cos2 = 1 - s**2
        step = Step(
            "trig_ratios.from_sin",
            {
                "given": given,
                "expr": f"$\\cos^2 {tex(var)} = 1 - \\left({tex(s)}\\right)^2 = {tex(cos2)}$",
            },
        )
        return s**2, cos2, [step]
    if func in (sp.cos, sp.sec):
        c = value if func == sp.cos else 1 / value
        sin2 = 1 - c**2
        step = Step(
            "trig_ratios.from_cos",
            {
                "given": given,
                "expr": f"$\\sin^2 {tex(var)} = 1 - \\left({tex(c)}\\right)^2 = {tex(sin2)}$",
            },
        )
        return sin2, c**2, [step]
    t = value if func == sp.tan else 1 / value
    cos2 = 1 / (1 + t**2)
    step = Step(
        "trig_ratios.from_tan",
        {
            "given": given,
            "expr": f"$\\cos^2 {tex(var)} = \\frac{{1}}{{1 + {tex(t**2)}}} = {tex(cos2)}$",
        },
    )
    return 1 - cos2, cos2, [step]


def _consistent(func: Any, value: Any, s: Any, c: Any) -> bool:
    try:
        actual = {sp.sin: s, sp.cos: c, sp.tan: s / c, sp.csc: 1 / s, sp.sec: 1 / c, sp.cot: c / s}[
            func
        ]
    except ZeroDivisionError:
        return False
    return bool(actual.is_finite) and sp.simplify(actual - value) == 0


def _evaluate(target: Any, var: Any, s: Any, c: Any) -> Any | None:
    expanded = in_sin_cos(sp.expand_trig(target))
    value = sp.radsimp(sp.simplify(expanded.subs({sp.sin(var): s, sp.cos(var): c})))
    return value if value.is_finite else None


def _numeric_angle(
    func: Any, value: Any, sin_sign: float | None, cos_sign: float | None
) -> Any | None:
    """An angle with ``func(angle) = value`` and the given signs, from the inverse functions."""
    v = sp.N(value, 40)
    inverse = {
        sp.sin: (sp.asin, v),
        sp.csc: (sp.asin, 1 / v),
        sp.cos: (sp.acos, v),
        sp.sec: (sp.acos, 1 / v),
        sp.tan: (sp.atan, v),
        sp.cot: (sp.atan, 1 / v),
    }
    f, argument = inverse[func]
    base = f(argument)
    candidates = {
        sp.asin: (base, sp.pi - base),
        sp.acos: (base, -base),
        sp.atan: (base, base + sp.pi),
    }[f]
    for angle in candidates:
        s, c = sp.N(sp.sin(angle), 40), sp.N(sp.cos(angle), 40)
        if sin_sign is not None and abs(s) > 1e-20 and (s > 0) != (sin_sign > 0):
            continue
        if cos_sign is not None and abs(c) > 1e-20 and (c > 0) != (cos_sign > 0):
            continue
        return angle
    return None


del trig_of
