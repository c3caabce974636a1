"""Vectors in the plane and in space: components from two points, sums and
scalar multiples, magnitude, dot product, the angle between two vectors, unit
vectors, and the unknown that makes two vectors perpendicular or parallel.
Also the algebra of vectors known only by their lengths and dot product
(``|a| = 3, |b| = 2, a·b = 4`` → ``|a + b|``)."""

from __future__ import annotations

import math
import re
from typing import Any

import sympy as sp

from .. import cues
from ..checks import close
from ..explain import m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .plane import show_point

VECTOR_WORDS = cues.cue(
    r"벡터|vector|vec\b|overrightarrow|내적|dot\s+product|inner\s+product|scalar\s+product|성분|component|"
    r"단위\s*벡터|unit\s+vector|사잇각|이루는\s*각|angle\s+between"
)
DOT = cues.cue(r"내적|dot\s+product|inner\s+product|scalar\s+product")
ANGLE = cues.cue(r"사잇각|사이의?\s*각|끼인\s*각|이루는\s*각|angle\s+between|각의\s*크기|angle")
COSINE = cues.cue(r"cos\s*\(?\s*theta\)?|코사인|cosine|cos\s*값")
MAGNITUDE = cues.cue(r"크기|magnitude|length|norm|길이|\|")
UNIT = cues.cue(r"단위\s*벡터|unit\s+vector")
PERPENDICULAR = cues.cue(r"수직|직교|perpendicular|orthogonal|⊥")
PARALLEL = cues.cue(r"평행|parallel|∥")
_SHADOWED = (
    "evaluate", "solve_equation", "system", "expand", "factor", "simplify", "distance",
    "midpoint", "division_point", "line_equation", "line_facts", "function_value",
    # ``cos θ`` of the angle between given vectors is the vectors' question, not trig's.
    "trig_simplify", "trig_value",
)  # fmt: skip


class NotVector(ValueError):
    """The expression is not a vector expression the engine reads."""


def _point_labels(problem: Problem) -> dict[str, tuple[Any, ...]]:
    """Points written with capital labels (``A(1, 2)``): not vectors themselves."""
    return {tup.label: tup.coords for tup in problem.tuples if tup.point and len(tup.label) == 1}


def lines_or_curves(problem: Problem) -> bool:
    return bool(problem.curves or problem.equations() or problem.definitions)


def named_vectors(problem: Problem) -> dict[Any, sp.Matrix]:
    """``a = (1, 2)``, ``b⃗ = (3, -1)`` and ``AB`` for points A, B written in the question."""
    points = _point_labels(problem)
    found: dict[Any, sp.Matrix] = {}
    for tup in problem.tuples:
        if tup.label and tup.label not in points:
            found[sp.Symbol(tup.label)] = sp.Matrix(list(tup.coords))
    return found


def segment_vectors(problem: Problem) -> list[tuple[str, sp.Matrix]]:
    """Vectors named by two point labels: ``벡터 AB``, ``\\overrightarrow{AB}``, ``AB 벡터``."""
    points = _point_labels(problem)
    text = problem.text
    found: list[tuple[str, sp.Matrix]] = []
    patterns = (
        r"(?:벡터|vector|overrightarrow\s*\(?)\s*([a-z])([a-z])(?![a-z])",
        r"(?<![a-z])([a-z])([a-z])\s*벡터",
        r"\|\s*([a-z])([a-z])\s*\||abs\(\s*([a-z])\s*\*?\s*([a-z])\s*\)",
        r"(?:벡터|vector)\s+from\s+([a-z])(?:\s*\([^()]*\))?\s+to\s+([a-z])(?![a-z])",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            start, end = [g for g in match.groups() if g][:2]
            if start in points and end in points and len(points[start]) == len(points[end]):
                name = (start + end).upper()
                vector = sp.Matrix(list(points[end])) - sp.Matrix(list(points[start]))
                if name not in [n for n, _ in found]:
                    found.append((name, vector))
    return found


def evaluate(expr: Any, vectors: dict[Any, sp.Matrix]) -> Any:
    """A SymPy expression over named vectors: a Matrix (a vector) or a scalar.

    A product of two vectors is their dot product, ``|v|`` is the magnitude and
    ``v^2`` is ``v · v``; anything else with vectors is refused.
    """
    if expr in vectors:
        return vectors[expr]
    if not (expr.free_symbols & set(vectors)):
        return expr
    if isinstance(expr, sp.Add):
        terms = [evaluate(t, vectors) for t in expr.args]
        kinds = {isinstance(t, sp.MatrixBase) for t in terms}
        if len(kinds) != 1:
            raise NotVector("a vector plus a number")
        return sum(terms[1:], terms[0])
    if isinstance(expr, sp.Mul):
        scalar, found = sp.Integer(1), []
        for factor in expr.args:
            value = evaluate(factor, vectors)
            if isinstance(value, sp.MatrixBase):
                found.append(value)
            else:
                scalar *= value
        if not found:
            return scalar
        if len(found) == 1:
            return scalar * found[0]
        if len(found) == 2:
            return scalar * found[0].dot(found[1])
        raise NotVector("a product of three vectors")
    if isinstance(expr, sp.Pow):
        base = evaluate(expr.base, vectors)
        if isinstance(base, sp.MatrixBase):
            if expr.exp == 2:
                return base.dot(base)
            raise NotVector("a power of a vector")
        return base**expr.exp
    if isinstance(expr, sp.Abs):
        inner = evaluate(expr.args[0], vectors)
        if isinstance(inner, sp.MatrixBase):
            return sp.sqrt(sp.expand(inner.dot(inner)))
        return sp.Abs(inner)
    raise NotVector(f"cannot read {expr}")


def _show_vector(vector: sp.Matrix) -> str:
    return show_point(tuple(sp.simplify(c) for c in vector))


def _angle(cosine: Any) -> Any:
    """The angle with this cosine: exact when it is a standard angle, else ``arccos``."""
    angle = sp.acos(sp.nsimplify(sp.radsimp(cosine)) if not cosine.has(sp.Float) else cosine)
    return sp.simplify(angle)


def _degrees(angle: Any) -> str:
    ratio = sp.nsimplify(angle / sp.pi)
    if ratio.is_Rational and not angle.has(sp.acos):
        return f" $= {tex(ratio * 180)}^\\circ$"
    return ""


class VectorCompute(TaskType):
    """Components, sums, magnitude, dot product, angle or unit vector of given vectors."""

    name = "vector"
    area = "vectors"
    requires = ("vectors given by components (or two points)",)
    check_name = "vector_second_route"
    shadows = _SHADOWED

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        named = named_vectors(problem)
        segments = segment_vectors(problem)
        # <3, 4> is a vector; (2, 5)·(3, -1) is a dot product of two
        angled = bool(MAGNITUDE.search(text) and re.search(r"<|⟨", problem.raw))
        angled = angled or bool(re.search(r"\)\s*\*\s*\(", text))
        asked = any(c.search(text) for c in (MAGNITUDE, DOT, ANGLE, UNIT, COSINE))
        if not (VECTOR_WORDS.search(text) or (named and (problem.formulas or asked))):
            if named and not problem.formulas and not lines_or_curves(problem):
                return self.found(CERTAIN, "vector.ask_what")  # vectors given, nothing asked
            if not (segments or angled):
                return None
        if not (named or segments or problem.tuples or problem.formulas):
            return self._ask_components(problem)
        if any(c.free_symbols for v in named.values() for c in v) or _condition_asked(text):
            return None  # an unknown to find: VectorCondition's
        dims = {v.rows for v in named.values()} | {v.rows for _, v in segments}
        if len(dims) > 1:
            return None
        exprs = [
            f.expr
            for f in problem.expressions()
            if f.expr.free_symbols and f.expr.free_symbols <= set(named)
        ]
        if problem.equations() or problem.inequalities():
            return None
        if segments and not named:
            return self.found(CERTAIN, mode="segment", segments=segments, asks=_asks(text))
        if not named:
            unnamed = [sp.Matrix(list(t.coords)) for t in problem.tuples if not t.label]
            if (
                unnamed
                and all(not c.free_symbols for v in unnamed for c in v)
                and (VECTOR_WORDS.search(text) or angled)
            ):
                named = dict(zip(sp.symbols("a b c"), unnamed, strict=False))
            else:
                return None
        if len(exprs) > 1:
            return self.found(CERTAIN, mode="many", exprs=exprs, vectors=named)
        if exprs:
            return self.found(CERTAIN, mode="expr", expr=exprs[0], vectors=named, asks=_asks(text))
        vectors = list(named.values())
        if UNIT.search(text) and len(vectors) == 1:
            return self.found(CERTAIN, mode="unit", vectors=named)
        if (ANGLE.search(text) or COSINE.search(text)) and len(vectors) == 2:
            return self.found(
                CERTAIN, mode="angle", vectors=named, cosine_only=bool(COSINE.search(text))
            )
        if (DOT.search(text) or re.search(r"\)\s*\*\s*\(", text)) and len(vectors) == 2:
            return self.found(CERTAIN, mode="dot", vectors=named)
        if MAGNITUDE.search(text) and len(vectors) == 1:
            return self.found(CERTAIN, mode="magnitude", vectors=named)
        return self.found(CERTAIN, "vector.ask_what")

    def _ask_components(self, problem: Problem) -> Detection | None:
        """``벡터 a와 b의 내적은?``: named vectors with nothing given about them."""
        names = re.search(
            r"벡터\s*[a-z](?![a-z])|\bvectors?\s+[a-z]\b|(?<![a-z])[a-z]\s*(?:와|과|and)\s*[a-z](?![a-z])",
            problem.text,
        )
        if names and VECTOR_WORDS.search(problem.text):
            return self.found(CERTAIN, "vector.ask_components")
        return None

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        mode = data["mode"]
        if mode == "segment":
            return self._segments(data["segments"], data["asks"], problem.lang)
        vectors: dict[Any, sp.Matrix] = data["vectors"]
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
        (first, *rest) = list(vectors.values())
        if mode in ("expr", "many"):
            exprs = [data["expr"]] if mode == "expr" else data["exprs"]
            values: list[Any] = []
            shown: list[str] = []
            for expr in exprs:
                try:
                    value = evaluate(expr, vectors)
                except NotVector as error:
                    raise CannotCompute("vector.unreadable") from error
                if (
                    mode == "expr"
                    and isinstance(value, sp.MatrixBase)
                    and data["asks"]["magnitude"]
                ):
                    steps.append(
                        Step(
                            "vector.combination",
                            {"expr": f"${_written(expr)} = {_show_vector(value)}$"},
                        )
                    )
                    value = sp.sqrt(value.dot(value))
                    steps.append(Step("vector.magnitude_rule", {}))
                value = (
                    value.applyfunc(sp.radsimp)
                    if isinstance(value, sp.MatrixBase)
                    else sp.radsimp(sp.simplify(value))
                )
                rule = _rule_for(expr, value)
                if rule:
                    steps.append(Step(rule, {}))
                shown_value = (
                    _show_vector(value) if isinstance(value, sp.MatrixBase) else tex(value)
                )
                steps.append(Step("vector.value", {"expr": f"${_written(expr)} = {shown_value}$"}))
                values.append(sp.Tuple(*value) if isinstance(value, sp.MatrixBase) else value)
                shown.append(f"${shown_value}$")
            result = values[0] if len(values) == 1 else sp.Tuple(*values)
            return Outcome(
                result,
                steps,
                Step("vector.answer", {"value": ", ".join(shown)}),
                values=tuple(values),
                data={"kind": "objects"},
            )
        if mode == "unit":
            length = sp.sqrt(first.dot(first))
            if length == 0:
                raise CannotCompute("vector.zero")
            unit = (first / length).applyfunc(sp.radsimp)
            steps.append(Step("vector.unit_rule", {"length": m(length)}))
            return Outcome(
                sp.Tuple(*unit),
                steps,
                Step("vector.answer", {"value": f"${_show_vector(unit)}$"}),
                values=(sp.Tuple(*unit),),
                data={"kind": "objects"},
            )
        if mode == "magnitude":
            length = sp.radsimp(sp.sqrt(first.dot(first)))
            squares = " + ".join(f"{'(' + tex(c) + ')' if c < 0 else tex(c)}^2" for c in first)
            steps.append(Step("vector.magnitude_rule", {}))
            steps.append(Step("vector.value", {"expr": f"$\\sqrt{{{squares}}} = {tex(length)}$"}))
            return Outcome(
                length, steps, Step("vector.answer", {"value": m(length)}), values=(length,)
            )
        (second,) = rest
        dot = first.dot(second)
        products = " + ".join(f"({tex(p)})({tex(q)})" for p, q in zip(first, second, strict=True))
        steps.append(Step("vector.dot_rule", {}))
        steps.append(
            Step(
                "vector.value",
                {"expr": f"$\\vec{{a}} \\cdot \\vec{{b}} = {products} = {tex(dot)}$"},
            )
        )
        if mode == "dot":
            return Outcome(dot, steps, Step("vector.answer", {"value": m(dot)}), values=(dot,))
        la, lb = sp.sqrt(first.dot(first)), sp.sqrt(second.dot(second))
        if la == 0 or lb == 0:
            raise CannotCompute("vector.zero")
        cosine = sp.radsimp(dot / (la * lb))
        steps.append(
            Step(
                "vector.angle_rule",
                {
                    "expr": f"$\\cos\\theta = \\frac{{{tex(dot)}}}{{{tex(la)} \\cdot {tex(lb)}}}"
                    f" = {tex(cosine)}$"
                },
            )
        )
        if data["cosine_only"]:
            return Outcome(
                cosine,
                steps,
                Step("vector.answer", {"value": f"$\\cos\\theta = {tex(cosine)}$"}),
                values=(cosine,),
                data={"cosine": cosine},
            )
        angle = _angle(cosine)
        angle_text = f"$\\theta = {tex(angle)}${_degrees(angle)}"
        return Outcome(
            angle,
            steps,
            Step("vector.answer", {"value": angle_text}),
            values=(angle,),
            data={"cosine": cosine},
        )

    def _segments(
        self, segments: list[tuple[str, sp.Matrix]], asks: dict[str, bool], lang: str
    ) -> Outcome:
        steps = [Step("vector.segment_rule", {})]
        values: list[Any] = []
        shown: list[str] = []
        for name, vector in segments:
            steps.append(
                Step(
                    "vector.value",
                    {"expr": f"$\\overrightarrow{{{name}}} = {_show_vector(vector)}$"},
                )
            )
            if asks["components"]:
                values.append(sp.Tuple(*vector))
                shown.append(f"$\\overrightarrow{{{name}}} = {_show_vector(vector)}$")
            if asks["magnitude"]:
                length = sp.radsimp(sp.sqrt(vector.dot(vector)))
                steps.append(Step("vector.magnitude_rule", {}))
                values.append(length)
                shown.append(f"$|\\overrightarrow{{{name}}}| = {tex(length)}$")
        result = values[0] if len(values) == 1 else sp.Tuple(*values)
        return Outcome(
            result,
            steps,
            Step("vector.answer", {"value": ", ".join(shown)}),
            values=tuple(values),
            data={"kind": "objects"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        mode = data["mode"]
        if mode == "segment":
            points = _point_labels(problem)
            per_segment = data["asks"]["components"] + data["asks"]["magnitude"]
            names = [name for name, _ in data["segments"] for _ in range(per_segment)]
            for name, value in zip(names, outcome.values, strict=True):
                start, end = (sp.Matrix(list(points[c.lower()])) for c in name)
                if isinstance(value, sp.Tuple):
                    if any(not close(s + v, e) for s, v, e in zip(start, value, end, strict=True)):
                        return False  # start + AB must land on the end point
                elif not close(sp.Point(*start).distance(sp.Point(*end)), value):
                    return False
            return True
        vectors: dict[Any, sp.Matrix] = data["vectors"]
        if mode in ("expr", "many"):
            exprs = [data["expr"]] if mode == "expr" else data["exprs"]
            for expr, value in zip(exprs, outcome.values, strict=True):
                numeric = _numeric_evaluate(
                    expr, vectors, magnitude=mode == "expr" and data["asks"]["magnitude"]
                )
                got = list(value) if isinstance(value, sp.Tuple) else [value]
                if (
                    numeric is None
                    or len(numeric) != len(got)
                    or not all(close(a, b) for a, b in zip(numeric, got, strict=True))
                ):
                    return False
            return True
        (first, *rest) = [[float(c) for c in v] for v in vectors.values()]
        if mode == "unit":
            got = [float(c) for c in outcome.result]
            parallel = (
                abs(got[0] * first[-1] - got[-1] * first[0]) < 1e-9
                and sum(g * f for g, f in zip(got, first, strict=True)) > 0
            )
            return parallel and close(sum(g * g for g in got), 1)
        if mode == "magnitude":
            return close(sum(c * c for c in first) ** 0.5, outcome.result)
        (second,) = rest
        # The polarisation identity: a·b = (|a + b|² − |a − b|²) / 4, computed from components.
        plus = sum((p + q) ** 2 for p, q in zip(first, second, strict=True))
        minus = sum((p - q) ** 2 for p, q in zip(first, second, strict=True))
        dot = (plus - minus) / 4
        if mode == "dot":
            return close(dot, outcome.result)
        cross = _cross_norm(first, second)
        angle = math.atan2(cross, dot)
        if data["cosine_only"]:
            return close(math.cos(angle), outcome.result)
        return close(angle, outcome.result)


def _cross_norm(a: list[float], b: list[float]) -> float:
    if len(a) == 2:
        return abs(a[0] * b[1] - a[1] * b[0])
    c = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    return float(sum(v * v for v in c) ** 0.5)


def _numeric_evaluate(
    expr: Any, vectors: dict[Any, sp.Matrix], magnitude: bool
) -> list[Any] | None:
    """The expression once more, component by component in floating point (a second route)."""
    try:
        value = evaluate(expr, {n: v.evalf(30) for n, v in vectors.items()})
    except NotVector:
        return None
    if isinstance(value, sp.MatrixBase):
        if magnitude:
            return [sp.sqrt(sum(c**2 for c in value))]
        return list(value)
    return [value]


def _written(expr: Any) -> str:
    """``2\\vec{a} - 3\\vec{b}`` for the expression over vector names."""
    shown = tex(expr)
    for name in sorted({str(s) for s in expr.free_symbols}, key=len, reverse=True):
        shown = re.sub(rf"(?<![\\a-z]){name}(?![a-z])", rf"\\vec{{{name}}}", shown)
    return shown


def _rule_for(expr: Any, value: Any) -> str:
    if expr.has(sp.Abs):
        return "vector.magnitude_rule"
    if isinstance(value, sp.MatrixBase):
        return "vector.linear_rule"
    return "vector.dot_rule"


def _asks(text: str) -> dict[str, bool]:
    magnitude = bool(re.search(r"크기|magnitude|length|norm|길이|\|", text))
    components = bool(re.search(r"성분|component", text)) or not magnitude
    return {"magnitude": magnitude, "components": components}


def _condition_asked(text: str) -> bool:
    return bool(PERPENDICULAR.search(text) or PARALLEL.search(text))
