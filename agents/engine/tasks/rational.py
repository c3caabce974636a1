"""Rational and irrational functions: domain, range, asymptotes and the centre
of symmetry of ``y = (ax+b)/(cx+d)``, ``y = √(ax+b) + c`` and their kin; and
the candidates of fractional and irrational equations with the extraneous
roots named (used by ``solve_equation``).

The check samples the function over its stated domain (every value must lie
in the stated range), solves ``f(x) = y`` for sample ``y`` inside and outside
the range, and evaluates near each asymptote.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.calculus.util import continuous_domain, function_range

from ..checks import numeric_roots, same_function
from ..explain import interval_text, m, tex
from ..problem import Problem
from .base import CERTAIN, CannotCompute, Detection, Outcome, Step, TaskType
from .common import main_function
from .numeric import real_value

_DOMAIN = re.compile(r"정의역|\bdomain\b")
_RANGE = re.compile(r"치역|\brange\b(?!\s+of\s+values)|값의\s*범위")
_ASYMPTOTE = re.compile(r"점근선|asymptote")
_CENTER = re.compile(
    r"대칭의\s*중심|점대칭|center\s+of\s+symmetry|centre\s+of\s+symmetry"
    r"|점근선의\s*교점|점근선이\s*만나는\s*점|intersection\s+of\s+(?:the\s+)?asymptotes"
)
# Which asymptotes: only these when the question names them.
_KINDS = (
    ("vertical", re.compile(r"수직\s*점근선|세로\s*점근선|vertical\s+asymptote")),
    ("horizontal", re.compile(r"수평\s*점근선|가로\s*점근선|horizontal\s+asymptote")),
    (
        "oblique",
        re.compile(r"기울어진\s*점근선|사선\s*점근선|oblique\s+asymptote|slant\s+asymptote"),
    ),
)
Y = sp.Symbol("y")


def _kind(expr: Any, var: Any) -> str | None:
    numerator, denominator = sp.fraction(sp.together(expr))
    if any(
        p.base.has(var) and p.exp.is_Rational and not p.exp.is_Integer for p in expr.atoms(sp.Pow)
    ):
        return "irrational"
    if denominator.has(var) and numerator.is_polynomial(var) and denominator.is_polynomial(var):
        return "rational"
    if expr.is_polynomial(var):
        return "polynomial"
    return None


def set_text(values: Any, var: Any, lang: str) -> str:
    """``x ≠ 1인 모든 실수`` for ℝ minus points, else the intervals as inequalities."""
    if isinstance(values, sp.Complement) or (
        isinstance(values, sp.Union)
        and all(isinstance(a, sp.Interval) and a.left_open and a.right_open for a in values.args)
    ):
        missing = (
            sorted(sp.S.Reals - values, key=lambda v: float(sp.N(v)))
            if (sp.S.Reals - values).is_FiniteSet
            else None
        )
        if missing:
            shown = ", ".join(tex(v) for v in missing)
            return (
                f"${tex(var)} \\ne {shown}$인 모든 실수"
                if lang == "ko"
                else f"all real ${tex(var)} \\ne {shown}$"
            )
    return interval_text(values, var, lang)


class FunctionFeatures(TaskType):
    name = "function_features"
    area = "functions"
    requires = (
        "a rational or irrational function",
        "the domain, range, asymptotes or centre asked",
    )
    check_name = "graph_samples"
    shadows = ("simplify", "expand", "factor", "evaluate", "inverse", "max_min")

    def detect(self, problem: Problem) -> Detection | None:
        text = problem.text
        asked = [
            name
            for name, cue in (
                ("domain", _DOMAIN),
                ("range", _RANGE),
                ("asymptote", _ASYMPTOTE),
                ("center", _CENTER),
            )
            if cue.search(text)
        ]
        if not asked:
            return None
        meet = re.search(r"교점|만나는\s*점|intersection", text)
        if "center" in asked and "asymptote" in asked and meet:
            asked.remove("asymptote")  # the point where the asymptotes meet is the centre
        kinds = [name for name, cue in _KINDS if cue.search(text)]
        found = main_function(problem)
        if found is None:
            return None
        expr, var, name = found
        if expr.free_symbols != {var}:
            return None
        shift = _translation(text)
        if shift is None:
            return self.found(CERTAIN, "function_features.ask_transform")
        original = expr
        expr = sp.expand(expr.subs(var, var - shift[0])) + shift[1] if shift != (0, 0) else expr
        if shift != (0, 0):
            expr = sp.apart(sp.together(expr), var) if _kind(expr, var) == "rational" else expr
        kind = _kind(expr, var)
        if kind is None or (kind == "polynomial" and ("asymptote" in asked or "center" in asked)):
            return None
        given = _restriction(problem, var)
        data = {"expr": expr, "var": var, "name": name, "kind": kind, "asked": asked}
        data["shift"] = (original, shift) if shift != (0, 0) else None
        return self.found(CERTAIN, **data, given=given, kinds=kinds)

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        data = detection.data
        expr, var, kind, lang = data["expr"], data["var"], data["kind"], problem.lang
        steps = [Step("function_features.given", {"expr": f"$y = {tex(expr)}$"})]
        if data["shift"] is not None:
            original, (p, q) = data["shift"]
            moved = f"$y = {tex(original.subs(var, sp.Symbol('(x - ' + tex(p) + ')')))} + {tex(q)}$"
            steps[0] = Step(
                "function_features.translated",
                {"original": f"$y = {tex(original)}$", "p": m(p), "q": m(q), "expr": moved},
            )
            steps.append(Step("function_features.given", {"expr": f"$y = {tex(expr)}$"}))
        natural = continuous_domain(expr, var, sp.S.Reals)
        domain = natural if data["given"] is None else natural.intersect(data["given"])
        if domain == sp.EmptySet:
            raise CannotCompute()
        standard = _standard_form(expr, var)
        if standard is not None:
            steps.append(Step("function_features.standard", {"expr": f"$y = {tex(standard)}$"}))
        results: dict[str, Any] = {}
        if kind == "rational":
            steps.append(
                Step(
                    "function_features.denominator",
                    {"den": m(sp.factor(sp.fraction(sp.together(expr))[1]))},
                )
            )
        elif kind == "irrational":
            radicands = sorted(
                {
                    p.base
                    for p in expr.atoms(sp.Pow)
                    if p.base.has(var) and p.exp.is_Rational and p.exp.q == 2
                },
                key=str,
            )
            steps.append(
                Step(
                    "function_features.radicand",
                    {"conditions": ", ".join(f"${tex(r)} \\ge 0$" for r in radicands)},
                )
            )
        results["domain"] = domain
        if "domain" in data["asked"]:
            steps.append(Step("function_features.domain", {"value": set_text(domain, var, lang)}))
        if "asymptote" in data["asked"] or "center" in data["asked"]:
            results["asymptote"] = _asymptotes(expr, var, data["kinds"])
            lines = ", ".join(m(line) for line in results["asymptote"]) or "-"
            steps.append(Step("function_features.asymptotes", {"value": lines}))
        if "center" in data["asked"]:
            every = _all_asymptotes(expr, var)
            vertical = [a.rhs for a in every if a.lhs == var]
            horizontal = [a.rhs for a in every if a.lhs == Y and not a.rhs.has(var)]
            if len(vertical) != 1 or len(horizontal) != 1 or kind != "rational":
                raise CannotCompute()
            results["center"] = sp.Tuple(vertical[0], horizontal[0])
            steps.append(
                Step(
                    "function_features.center",
                    {"value": f"$({tex(vertical[0])}, {tex(horizontal[0])})$"},
                )
            )
        if "range" in data["asked"]:
            image = function_range(expr, var, domain)
            if (
                not isinstance(image, sp.Set)
                or image.has(sp.ConditionSet)
                or isinstance(image, sp.ImageSet)
            ):
                raise CannotCompute()
            results["range"] = image
            steps.append(
                Step(
                    f"function_features.range_{kind}"
                    if kind != "polynomial"
                    else "function_features.range_polynomial",
                    {"value": set_text(image, Y, lang)},
                )
            )
        shown: list[str] = []
        values: list[Any] = []
        labels = {
            "domain": "정의역" if lang == "ko" else "domain",
            "range": "치역" if lang == "ko" else "range",
            "asymptote": "점근선" if lang == "ko" else "asymptotes",
            "center": "대칭의 중심(점근선의 교점)"
            if lang == "ko"
            else "centre (where the asymptotes meet)",
        }
        for feature in data["asked"]:
            value = results[feature]
            if feature == "domain":
                text = set_text(value, var, lang)
            elif feature == "range":
                text = set_text(value, Y, lang)
            elif feature == "asymptote":
                text = ", ".join(m(line) for line in value) or ("없음" if lang == "ko" else "none")
                value = sp.Tuple(*value)
            else:
                text = f"$({tex(value[0])}, {tex(value[1])})$"
            shown.append(f"{labels[feature]}: {text}")
            values.append(value)
        detection.data["results"] = results
        return Outcome(
            values[0] if len(values) == 1 else sp.Tuple(*values),
            steps,
            Step("function_features.answer", {"value": "; ".join(shown)}),
            values=tuple(values),
            data={"kind": "features"},
        )

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        data = detection.data
        expr, var, results = data["expr"], data["var"], data["results"]
        domain = results["domain"]
        if not _check_domain(expr, var, domain, data["given"]):
            return False
        if "range" in results and not _check_range(expr, var, domain, results["range"]):
            return False
        if "asymptote" in results and not _check_asymptotes(expr, var, results["asymptote"]):
            return False
        if "asymptote" in data["asked"] and not _none_missing(
            expr, var, results["asymptote"], data["kinds"]
        ):
            return False
        if "center" in results:
            p, q = results["center"]
            for t in (sp.Rational(1, 3), sp.Rational(7, 5), sp.Integer(4)):
                left, right = real_value(expr.subs(var, p + t)), real_value(expr.subs(var, p - t))
                if left is None or right is None or abs(left + right - 2 * q) > 1e-20:
                    return False
        return True


_TRANSFORM = re.compile(r"평행\s*이동|대칭\s*이동|translat|shift|reflect|moved?\b")
_SIGNED = r"([-+]?\s*\d+(?:\.\d+)?(?:\s*/\s*\d+)?)"
_SHIFT_X = re.compile(rf"x\s*축\s*(?:의\s*)?방향으로\s*{_SIGNED}\s*만큼")
_SHIFT_Y = re.compile(rf"y\s*축\s*(?:의\s*)?방향으로\s*{_SIGNED}\s*만큼")
_SHIFT_WORDS = re.compile(rf"{_SIGNED}\s*units?\s*(?:to\s+the\s+)?(right|left|up|down)")


def _translation(text: str) -> tuple[Any, Any] | None:
    """The shift (p, q) of a translated graph, (0, 0) when nothing moves; None when
    the graph is moved in a way this cannot apply (a reflection, unread words)."""
    if not _TRANSFORM.search(text):
        return (0, 0)
    if re.search(r"대칭\s*이동|reflect", text):
        return None
    p = q = sp.Integer(0)
    found = False
    for pattern, axis in ((_SHIFT_X, "x"), (_SHIFT_Y, "y")):
        for match in pattern.finditer(text):
            value = sp.Rational(match[1].replace(" ", ""))
            p, q = (p + value, q) if axis == "x" else (p, q + value)
            found = True
    for match in _SHIFT_WORDS.finditer(text):
        value = sp.Rational(match[1].replace(" ", ""))
        direction = match[2]
        p += value if direction == "right" else -value if direction == "left" else 0
        q += value if direction == "up" else -value if direction == "down" else 0
        found = True
    return (p, q) if found else None


def _restriction(problem: Problem, var: Any) -> Any | None:
    """The domain the question restricts to: an interval, or inequalities in x alone."""
    given: Any = None
    bounds = problem.bounds
    if bounds is not None and bounds.explicit_interval and bounds.var in (None, var):
        given = sp.Interval(bounds.lower, bounds.upper, not bounds.closed[0], not bounds.closed[1])
    for formula in problem.inequalities():
        if formula.relation.free_symbols == {var}:
            allowed = sp.solveset(formula.relation.as_sympy(), var, sp.S.Reals)
            given = allowed if given is None else given.intersect(allowed)
    return given


def _standard_form(expr: Any, var: Any) -> Any | None:
    """``(2x+1)/(x-1) = 3/(x-1) + 2`` for a linear over linear function."""
    numerator, denominator = sp.fraction(sp.cancel(sp.together(expr)))
    if not (numerator.is_polynomial(var) and denominator.is_polynomial(var)):
        return None
    if sp.degree(denominator, var) != 1 or sp.degree(numerator, var) > 1:
        return None
    parted = sp.apart(expr, var)
    return parted if parted != expr else None


def _asymptotes(expr: Any, var: Any, kinds: list[str] | None = None) -> list[Any]:
    """Vertical ``x = p`` (poles after cancelling), horizontal or oblique ``y = ...``;
    only the ``kinds`` asked for when the question names some."""
    lines = _all_asymptotes(expr, var)
    if not kinds:
        return lines

    def kind_of(line: Any) -> str:
        if line.lhs == var:
            return "vertical"
        return "oblique" if line.rhs.has(var) else "horizontal"

    return [line for line in lines if kind_of(line) in kinds]


def _all_asymptotes(expr: Any, var: Any) -> list[Any]:
    lines: list[Any] = []
    numerator, denominator = sp.fraction(sp.cancel(sp.together(expr)))
    if denominator.has(var) and numerator.is_polynomial(var) and denominator.is_polynomial(var):
        for pole in sorted(sp.solve(denominator, var), key=lambda v: float(sp.N(sp.re(v)))):
            if pole.is_real:
                lines.append(sp.Eq(var, pole))
        quotient, _ = sp.div(numerator, denominator, var)
        if sp.degree(quotient, var) <= 1:
            lines.append(sp.Eq(Y, sp.expand(quotient)))
        return lines
    ends = {sp.limit(expr, var, sp.oo), sp.limit(expr, var, -sp.oo)}
    lines += [sp.Eq(Y, v) for v in sorted(e for e in ends if e.is_finite and e.is_real)]
    return lines


def _samples(domain: Any) -> list[Any]:
    points: list[Any] = []
    parts = domain.args if isinstance(domain, sp.Union) else (domain,)
    for part in parts:
        if not isinstance(part, sp.Interval):
            continue
        low = part.inf if part.inf.is_finite else None
        high = part.sup if part.sup.is_finite else None
        if low is not None and high is not None:
            points += [low + (high - low) * sp.Rational(k, 41) for k in range(1, 41)]
        else:
            anchor = low if low is not None else high
            sign = 1 if low is not None else -1
            if anchor is None:
                anchor, sign = sp.Integer(0), 1
                points += [sp.Rational(-v, 7) for v in range(1, 300, 7)]
            points += [
                anchor + sign * sp.Rational(v, 13) for v in (1, 2, 5, 13, 29, 61, 130, 999, 10**5)
            ]
        for end, is_open in ((part.inf, part.left_open), (part.sup, part.right_open)):
            if end.is_finite and not is_open:
                points.append(end)
    return points


def _check_domain(expr: Any, var: Any, domain: Any, given: Any) -> bool:
    """Defined inside; undefined just outside each finite end (within the question's interval)."""
    for point in _samples(domain):
        if real_value(expr.subs(var, point)) is None:
            return False
    universe = given if given is not None else sp.S.Reals
    epsilon = sp.Rational(1, 10**6)
    for end in _boundary_points(domain):
        for nearby in (end, end - epsilon, end + epsilon):
            excluded = (
                universe.contains(nearby) is sp.true and domain.contains(nearby) is not sp.true
            )
            if excluded and real_value(expr.subs(var, nearby)) is not None:
                return False
    return True


def _boundary_points(domain: Any) -> list[Any]:
    return (
        [b for b in domain.boundary if b.is_finite]
        if domain not in (sp.S.Reals, sp.EmptySet)
        else []
    )


def _check_range(expr: Any, var: Any, domain: Any, values: Any) -> bool:
    for point in _samples(domain):
        y = real_value(expr.subs(var, point))
        if y is None or values.contains(sp.Rational(str(sp.N(y, 25)))) is sp.true:
            continue
        if not any(abs(y - float(sp.N(b))) < 1e-12 for b in _boundary_points(values)):
            return False
    probes = [sp.Rational(v, 7) for v in (-70, -20, -9, -3, 0, 2, 5, 11, 23, 70)]
    for b in _boundary_points(values):
        probes += [b, b - sp.Rational(1, 1000), b + sp.Rational(1, 1000)]
    for y in probes:
        reached = _reached(expr, var, domain, y)
        if reached is None:
            continue
        if reached != (values.contains(y) is sp.true):
            return False
    return True


def _reached(expr: Any, var: Any, domain: Any, y: Any) -> bool | None:
    """Does ``f(x) = y`` have a solution in the domain? (None: cannot tell)"""
    try:
        solutions = sp.solve(sp.Eq(expr, y), var)
    except (NotImplementedError, ValueError):
        return None
    for s in solutions:
        if s.is_real and domain.contains(s) is sp.true:
            value = real_value(expr.subs(var, s))
            if value is not None and abs(value - float(y)) < 1e-15 * max(1, abs(float(y))):
                return True
    return False


def _check_asymptotes(expr: Any, var: Any, lines: list[Any]) -> bool:
    for line in lines:
        if line.lhs == var:
            for side in (-1, 1):
                value = real_value(expr.subs(var, line.rhs + side * sp.Rational(1, 10**7)))
                if value is None or abs(value) < 1e4:
                    return False
        else:
            big = sp.Integer(10) ** 9
            for x in (big, -big):
                value = real_value(expr.subs(var, x))
                target = float(sp.N(line.rhs.subs(var, x), 30))
                off = value is not None and abs(value - target) > 1e-6
                if off and (line.rhs.has(var) or x == big):
                    return False
    return True


def _none_missing(expr: Any, var: Any, lines: list[Any], kinds: list[str]) -> bool:
    """Every pole (numeric roots of the denominator where |f| blows up) and a finite
    limit at infinity appear among the stated lines (of the kinds asked)."""
    stated_x = [float(sp.N(line.rhs)) for line in lines if line.lhs == var]
    stated_y = [line.rhs for line in lines if line.lhs == Y]
    denominator = sp.fraction(sp.together(expr))[1]
    if (
        (not kinds or "vertical" in kinds)
        and denominator.is_polynomial(var)
        and denominator.has(var)
    ):
        for root in numeric_roots(sp.Poly(denominator, var)):
            if abs(root.imag) > 1e-9:
                continue
            near = real_value(expr.subs(var, sp.Float(root.real, 30) + sp.Rational(1, 10**8)))
            if (
                near is not None
                and abs(near) > 1e5
                and not any(abs(root.real - x) < 1e-7 for x in stated_x)
            ):
                return False
    if not kinds or "horizontal" in kinds:
        far = real_value(expr.subs(var, sp.Integer(10) ** 12))
        farther = real_value(expr.subs(var, sp.Integer(10) ** 13))
        if far is None or farther is None or abs(far - farther) >= 1e-9:
            return True  # no finite limit at infinity: nothing horizontal can be missing
        if not any(abs(float(sp.N(y.subs(var, 10**12))) - far) < 1e-6 for y in stated_y):
            return False
    return True


def fractional_candidates(lhs: Any, rhs: Any, var: Any) -> tuple[Any, list[Any], list[Any]]:
    """Both sides times the least common denominator: (LCD, its roots, those that zero it)."""
    denominators = [
        sp.fraction(sp.together(t))[1] for side in (lhs, rhs) for t in sp.Add.make_args(side)
    ]
    lcd = sp.factor(sp.lcm_list([d for d in denominators if d.has(var)] or [sp.Integer(1)]))
    cleared = sp.cancel(sp.together((lhs - rhs) * lcd))
    if not cleared.is_polynomial(var):
        return lcd, [], []
    candidates = [r for r in sp.solve(cleared, var) if r.is_real]
    rejected = [r for r in candidates if sp.simplify(lcd.subs(var, r)) == 0]
    return lcd, candidates, rejected


def squared_equation(lhs: Any, rhs: Any, var: Any) -> Any | None:
    """``√A = B`` (one square root, isolated) squared: ``A = B²`` as a polynomial = 0."""
    expr = sp.expand(lhs - rhs)
    roots = [p for p in expr.atoms(sp.Pow) if p.base.has(var) and p.exp == sp.Rational(1, 2)]
    if len(roots) != 1:
        return None
    root = roots[0]
    coefficient = expr.coeff(root)
    rest = sp.expand(expr - coefficient * root)
    if rest.has(root) or coefficient.has(root):
        return None
    squared = sp.expand(coefficient**2 * root.base - rest**2)
    numerator = sp.fraction(sp.together(squared))[0]
    return numerator if numerator.is_polynomial(var) else None


_PARTIAL = re.compile(r"부분\s*분수|partial\s+fraction")


class PartialFractions(TaskType):
    """``1/(x^2 - x) = 1/(x - 1) - 1/x``."""

    name = "partial_fractions"
    area = "functions"
    requires = ("a rational expression in one variable",)
    check_name = "random_points"
    shadows = ("simplify", "expand", "factor")

    def detect(self, problem: Problem) -> Detection | None:
        if not _PARTIAL.search(problem.text):
            return None
        found = main_function(problem)
        if found is None or _kind(found[0], found[1]) != "rational":
            return None
        return self.found(CERTAIN, expr=found[0], var=found[1])

    def solve(self, problem: Problem, detection: Detection) -> Outcome:
        expr, var = detection.data["expr"], detection.data["var"]
        denominator = sp.factor(sp.fraction(sp.together(expr))[1])
        result = sp.apart(expr, var)
        steps = [
            Step("partial_fractions.factor", {"den": m(denominator)}),
            Step("partial_fractions.result", {"expr": f"${tex(expr)} = {tex(result)}$"}),
        ]
        answer = Step("partial_fractions.answer", {"value": m(result)})
        return Outcome(result, steps, answer, values=(result,), data={"kind": "function"})

    def check(self, problem: Problem, detection: Detection, outcome: Outcome) -> bool:
        expr, var = detection.data["expr"], detection.data["var"]
        pieces = sp.Add.make_args(outcome.result)
        simple = all(sp.fraction(sp.together(p))[1].is_polynomial(var) for p in pieces)
        return simple and len(pieces) > 1 and same_function(expr, outcome.result, {var}, points=8)
